"""Plain text: one article per `.txt` file, exactly as its bytes decode.

The text is UTF-8; a byte-order mark at the very start is dropped (and only there), and CRLF line
ends are kept as they are (article text is never normalised; the report says how many articles
have them). Control characters other than tab, CR and LF are refused, naming line and character.

Metadata comes from JSON beside the texts, either

- one `metadata.json` shaped like seeds/metadata.json: `{"language": "de", "articles": [{"file",
  "title", "outlet", "published", "url"?, "external_id"?, ...}]}`, any other key of an entry
  going to the article's metadata; or
- a `<name>.json` beside `<name>.txt`: an object with the same keys but `file`.

Without metadata the title is the first non-empty line; the external id is the file's stem unless
the metadata gives one. A `.zip` of such files is read as if they had been given one by one.
Articles only: there are no claims in a text file.
"""

import io
import posixpath
import zipfile

from claims.imports.base import (
    Item,
    Reading,
    control_character,
    decode,
    first_line,
    load_json,
    plural,
    refused,
    split_fields,
)

LISTING = "metadata.json"


def read(reading: Reading, files: list[tuple[str, bytes]]) -> None:
    texts, sidecars = _sort(_unpack(files))
    listing = _listing(sidecars.pop(LISTING)) if LISTING in sidecars else {}
    for name in sidecars:
        if posixpath.splitext(name)[0] + ".txt" not in texts:
            raise refused(name, None, f"no {posixpath.splitext(name)[0]}.txt beside it.")
    reading.total = len(texts)
    rows = [_article_row(name, raw, listing, sidecars) for name, raw in texts.items()]
    reading.reserve_external_ids([row.get("external_id", "") for _, row in rows])
    for done, (item, row) in enumerate(rows, start=1):
        reading.add_article(item, row)
        reading.tick(done)
    _notes(reading, texts, listing, sidecars)


def _unpack(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The files given, with the members of a .zip in its place (folders and hidden files,
    such as macOS's __MACOSX/ and .DS_Store, left out)."""
    unpacked = []
    for name, raw in files:
        if not name.lower().endswith(".zip"):
            unpacked.append((name, raw))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile:
            raise refused(name, None, "not a zip file.") from None
        for member in archive.infolist():
            parts = member.filename.split("/")
            if member.is_dir() or any(part.startswith((".", "__MACOSX")) for part in parts):
                continue
            unpacked.append((member.filename, archive.read(member)))
    if not unpacked:
        raise refused("the upload", None, "there are no files in it.")
    return unpacked


def _sort(files: list[tuple[str, bytes]]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Texts and JSON files by their base name (folders in a zip do not matter)."""
    texts: dict[str, bytes] = {}
    sidecars: dict[str, bytes] = {}
    for path, raw in files:
        name = posixpath.basename(path.replace("\\", "/"))
        kind = posixpath.splitext(name)[1].lower()
        if kind not in (".txt", ".json"):
            raise refused(path, None, "only .txt files, JSON metadata and .zip files are read.")
        table = texts if kind == ".txt" else sidecars
        if name in table:
            raise refused(path, None, f"two files are named {name}.")
        table[name] = raw
    if not texts:
        raise refused("the upload", None, "there is no .txt file in it.")
    return texts, sidecars


def _listing(raw: bytes) -> dict[str, tuple[Item, dict]]:
    """metadata.json's entries by file name, each with its place in the listing."""
    top = Item(load_json(LISTING, decode(LISTING, raw)), LISTING, "", "metadata file")
    articles = top.required("articles", list)
    language = top.optional("language", "de", str)
    entries: dict[str, tuple[Item, dict]] = {}
    for number, entry in enumerate(articles, start=1):
        item = Item(entry, LISTING, f"article {number}", "entry")
        name = posixpath.basename(item.required("file", str))
        if name in entries:
            raise item.refuse(f"{name} is listed twice.")
        entries[name] = (item, {"language": language, **entry})
    return entries


def _article_row(name: str, raw: bytes, listing: dict, sidecars: dict) -> tuple[Item, dict]:
    text = _text(name, raw)
    stem = posixpath.splitext(name)[0]
    item, entry = Item({}, name, "", "file"), {}
    if name in listing:
        item, entry = listing[name]
    elif f"{stem}.json" in sidecars:
        sidecar = f"{stem}.json"
        item = Item(load_json(sidecar, decode(sidecar, sidecars[sidecar])), sidecar, "", "file")
        if not isinstance(item.data, dict):
            raise item.refuse(f"expected a JSON object, found {item.type_name(item.data)}.")
        entry = item.data
    fields, metadata = split_fields({k: v for k, v in entry.items() if k != "file"})
    row = {"title": first_line(text), "external_id": stem, **fields}
    return item, {**row, "text": text, "metadata": metadata}


def _text(name: str, raw: bytes) -> str:
    text = decode(name, raw)
    if not text.strip():
        raise refused(name, None, "the file holds no text.")
    problem = control_character(text)
    if problem is not None:
        position, reason = problem
        raise refused(name, f"line {text.count(chr(10), 0, position) + 1}", reason)
    return text


def _notes(reading: Reading, texts: dict, listing: dict, sidecars: dict) -> None:
    crlf = sum("\r\n" in article.text for article in reading.batch.articles)
    if crlf:
        reading.notes.append(f"kept CRLF line ends in {plural(crlf, 'article')}")
    bare = [
        name
        for name in texts
        if name not in listing and posixpath.splitext(name)[0] + ".json" not in sidecars
    ]
    if bare and (listing or sidecars):
        reading.notes.append(
            f"{plural(len(bare), 'file')} without metadata ({', '.join(bare)}): "
            "titled by their first line"
        )
    missing = [name for name in listing if name not in texts]
    if missing:
        reading.notes.append(f"{LISTING} lists files not given: {', '.join(missing)}")
