"""Label Studio JSON: the export's list of tasks, one article per task.

The text is `data.text`; its title `data.title` or `data.meta.title`, else the first non-empty
line; `outlet`, `url`, `published`, `language`, `external_id` are read from `data` or
`data.meta` too, and the other keys of both go to the article's metadata.

Spans are the `labels` results of every annotation (`annotations`, or `completions` in exports
before Label Studio 1.0): `value.start`/`value.end` with one claim per entry of `value.labels`,
each a claim type of the project. Offsets are Unicode code points, as Python indexes a str (Label
Studio stores them so since label-studio-frontend#308; earlier versions counted UTF-16 code units
after an emoji). Where `value.text` is given it must equal `text[start:end]`; when it matches
only as UTF-16 code units the refusal says so. Cancelled annotations, `predictions` and results
of other types (choices, relations, text areas) are left out, and the report says how many.
Claims get the import's `status` and are recorded as the importer's.

Items are counted from 1 in messages: "task 3" is the third task of the list.
"""

from collections import Counter
from typing import Any

from claims.imports.base import (
    Item,
    Reading,
    check_quote,
    decode,
    first_line,
    load_json,
    plural,
    refused,
    single_file,
    split_fields,
)
from claims.models import Article
from claims.offsets import OffsetError, utf16_span_to_codepoints


def read(reading: Reading, files: list[tuple[str, bytes]]) -> None:
    filename, raw = single_file(files, "Label Studio JSON")
    tasks = load_json(filename, decode(filename, raw))
    if not isinstance(tasks, list):
        kind = Item.type_name(tasks)
        raise refused(filename, None, f"a Label Studio export is a JSON list of tasks, not {kind}.")
    if not tasks:
        raise refused(filename, None, "the file is empty: its list holds no tasks.")
    items = [
        Item(task, filename, _place(number, task), "task") for number, task in enumerate(tasks, 1)
    ]
    reading.total = len(items)
    rows = [_article_row(item) for item in items]
    reading.reserve_external_ids([row.get("external_id", "") for row in rows])
    left_out: Counter = Counter()
    for done, (item, row) in enumerate(zip(items, rows, strict=True), start=1):
        article = reading.add_article(item, row)
        for number, annotation in enumerate(_annotations(item), start=1):
            part = item.part(f"annotation {number}", annotation, "annotation")
            _annotation(reading, part, article, left_out)
        left_out["prediction"] += len(item.optional("predictions", [], list))
        reading.tick(done)
    reading.notes += [
        f"{plural(count, what)} left out" for what, count in left_out.items() if count
    ]


def _place(number: int, task: Any) -> str:
    identifier = task.get("id") if isinstance(task, dict) else None
    return f"task {number}" + (f" (id {identifier})" if identifier is not None else "")


def _article_row(item: Item) -> dict[str, Any]:
    data = item.required("data", dict)
    inner = Item(data, item.filename, item.where, "task's data")
    text, meta = inner.required("text", str), inner.optional("meta", {}, dict)
    fields, metadata = split_fields(
        {k: v for k, v in data.items() if k not in ("text", "meta")}, meta
    )
    return {"title": first_line(text), **fields, "text": text, "metadata": metadata}


def _annotations(item: Item) -> list:
    return item.optional("annotations", None, list) or item.optional("completions", [], list)


def _annotation(reading: Reading, item: Item, article: Article, left_out: Counter) -> None:
    results = item.required("result", list)
    if item.optional("was_cancelled", False, bool):
        left_out["cancelled annotation"] += 1
        return
    for number, result in enumerate(results, start=1):
        part = item.part(f"result {number}", result, "result")
        kind = part.required("type", str)
        if kind != "labels":
            left_out[f"“{kind}” result"] += 1
            continue
        value = Item(part.required("value", dict), part.filename, part.where, "span")
        start, end = value.required("start", int), value.required("end", int)
        labels = value.required("labels", list)
        if not labels:
            raise value.refuse("the span has no label.")
        quote = value.optional("text", None, str)
        if quote is not None:
            _check_text(value, article.text, start, end, quote)
        for label in labels:
            row = {"article": article, "start": start, "end": end, "claim_type": label}
            row |= {"quote": article.text[start:end], "status": reading.status}
            reading.add_claim(value, {**row, "created_by": reading.owner(value)})


def _check_text(item: Item, text: str, start: int, end: int, quote: str) -> None:
    """`value.text` must be the text at the span; say so when the span counts UTF-16 units."""
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return
    try:
        at = utf16_span_to_codepoints(text, start, end)
    except OffsetError:
        at = None
    if at is not None and text[at[0] : at[1]] == quote:
        raise item.refuse(
            f"the span's text is not text[{start}:{end}] but text[{at[0]}:{at[1]}]: these "
            "offsets count UTF-16 code units (as Label Studio's browser did before it counted "
            "code points); convert them to Unicode code points and import again."
        )
    check_quote(item, text, start, end, quote, "span")
