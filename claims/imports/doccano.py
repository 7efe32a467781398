"""doccano JSONL: one article per line with its spans, as doccano's sequence labelling exports it.

Shapes read, one per line:

- `{"text": ..., "label": [[start, end, "type"], ...]}` (doccano's export; `"labels"` also read);
- `{"id": ..., "text": ..., "entities": [{"start_offset", "end_offset", "label"}, ...]}` (span
  extraction with relations; the relations are left out, and the report says how many).

Offsets are Unicode code points, as Python indexes a str: doccano's server counts them so (its
browser side converts since doccano#99). doccano stores no quote, so a span is checked against
the length of the text only. A span's type must be a claim type of the project; an unknown one
is refused with the known ones listed.

`meta` and any other keys: `title`, `outlet`, `url`, `published`, `language` and `external_id`
become the article's fields, everything else its metadata. Without a title the first non-empty
line of the text is the title. Claims get the import's `status` and are recorded as the importer's.
"""

from typing import Any

from claims.imports.base import (
    Item,
    Reading,
    first_line,
    jsonl_records,
    plural,
    single_file,
    split_fields,
)

SPAN_KEYS = ("label", "labels", "entities")


def read(reading: Reading, files: list[tuple[str, bytes]]) -> None:
    filename, raw = single_file(files, "doccano JSONL")
    records = jsonl_records(filename, raw)
    items = [Item(data, filename, f"line {number}", "line") for number, data in records]
    reading.total = len(items)
    rows = [_article_row(item) for item in items]
    reading.reserve_external_ids([row.get("external_id", "") for row in rows])
    relations = 0
    for done, (item, row) in enumerate(zip(items, rows, strict=True), start=1):
        article = reading.add_article(item, row)
        for part, start, end, label in _spans(item):
            row = {"article": article, "start": start, "end": end, "claim_type": label}
            row |= {"quote": article.text[start:end], "status": reading.status}
            reading.add_claim(part, {**row, "created_by": reading.owner(part)})
        relations += len(item.optional("relations", [], list))
        reading.tick(done)
    if relations:
        reading.notes.append(f"{plural(relations, 'relation')} between spans left out")


def _article_row(item: Item) -> dict[str, Any]:
    text = item.required("text", str)
    meta = item.optional("meta", {}, dict)
    rest = {
        key: value
        for key, value in item.data.items()
        if key not in ("text", "meta", "relations", *SPAN_KEYS)
    }
    fields, metadata = split_fields(rest, meta)
    return {"title": first_line(text), **fields, "text": text, "metadata": metadata}


def _spans(item: Item) -> list[tuple[Item, int, int, str]]:
    """(place, start, end, type) of each span of the line, whichever shape it comes in."""
    keys = [key for key in SPAN_KEYS if key in item.data]
    if len(keys) > 1:
        raise item.refuse(f"spans come under one key, this line has {' and '.join(keys)}.")
    if not keys:
        return []
    spans = []
    for number, value in enumerate(item.required(keys[0], list), start=1):
        part = item.part(f"span {number}", value, "span")
        if keys[0] == "entities":
            start, end = part.required("start_offset", int), part.required("end_offset", int)
            spans.append((part, start, end, part.required("label", str)))
            continue
        if not (isinstance(value, list) and len(value) == 3):
            raise part.refuse(f'a span is [start, end, "type"], not {value!r}.')
        for key, kind, element in zip(
            ("start", "end", "type"), (int, int, str), value, strict=True
        ):
            part.typed(key, element, (kind,))
        spans.append((part, *value))
    return spans
