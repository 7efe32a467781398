"""What every format's reader shares: refusals that name the place, decoding, checks of a record's
fields and of article text, and the state of one import while it is read.

A reader checks everything and builds unsaved objects into `Reading.batch`; nothing is written
until the whole input has been read (see claims/imports/__init__.py).
"""

import codecs
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError

from claims.models import Article, Claim, Project
from claims.services.base import User, shorten
from claims.services.bulk import (
    Batch,
    Schema,
    article_build,
    claim_build,
    describe,
    external_ids_taken,
)

BOM = codecs.BOM_UTF8
# C0 controls other than tab, line feed and carriage return: invisible, and they break exports
# (XML-based tools refuse them outright).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TITLE_LENGTH = Article._meta.get_field("title").max_length
ARTICLE_KEYS = ("title", "outlet", "url", "published", "language", "external_id")


class ImportRefused(ValidationError):
    """A file that cannot be imported. The message names the file, the line or item, and why;
    nothing has been written."""


def refused(filename: str, where: str | None, reason: str) -> ImportRefused:
    return ImportRefused(f"{filename}, {where}: {reason}" if where else f"{filename}: {reason}")


@dataclass
class ImportReport:
    """What an import wrote. `entities` and `labels` count those it created (entities it matched
    to the project's are in the notes); `notes` say what it decided for the importer."""

    articles: int
    claims: int
    attributions: int
    links: int
    entities: int
    labels: int
    notes: list[str]


def plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word if count == 1 else words or word + 's'}"


def decode(filename: str, raw: bytes) -> str:
    """UTF-8, strictly. A byte-order mark is dropped at the start of the file and nowhere else:
    inside the text U+FEFF is a character like any other."""
    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    if not body:
        raise refused(filename, None, "the file is empty.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(raw) - len(body)
        line = raw[:offset].count(b"\n") + 1
        hint = ""
        if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            hint = " It starts with a UTF-16 byte-order mark: save it as UTF-8."
        raise refused(
            filename,
            f"line {line}",
            f"not UTF-8: the byte 0x{raw[offset]:02x} at byte offset {offset} ({error.reason})."
            f"{hint}",
        ) from None


def load_json(filename: str, text: str, where: str | None = None) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        place = where or f"line {error.lineno}"
        raise refused(
            filename, place, f"invalid JSON at column {error.colno}: {error.msg}."
        ) from None


def _no_constant(name: str) -> None:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def jsonl_records(filename: str, raw: bytes) -> list[tuple[int, Any]]:
    """(line number, value) of every non-blank line. Lines end at \\n only: a JSON line may end
    in \\r (CRLF files), and U+2028 and friends are text inside strings, not line ends."""
    records = []
    for number, line in enumerate(decode(filename, raw).split("\n"), start=1):
        if line.startswith("\ufeff"):
            raise refused(
                filename,
                f"line {number}",
                "a byte-order mark (U+FEFF) starts the line; one is dropped at the start of the "
                "file only.",
            )
        if line.strip(" \t\r"):
            records.append((number, load_json(filename, line, f"line {number}")))
    if not records:
        raise refused(filename, None, "the file is empty: it holds no JSON lines.")
    return records


TYPE_NAMES = {
    str: "text (a string)",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    type(None): "null",
}


def _is(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # JSON's true is not the number 1
        return bool in kinds
    return isinstance(value, kinds)


@dataclass
class Item:
    """One record of a file (a line, a task, a list entry) and where it is, for messages."""

    data: Any
    filename: str
    where: str
    what: str = "record"

    def refuse(self, reason: str) -> ImportRefused:
        return refused(self.filename, self.where, reason)

    def required(self, key: str, *kinds: type) -> Any:
        if not isinstance(self.data, dict):
            raise self.refuse(f"expected a JSON object, found {self.type_name(self.data)}.")
        if key not in self.data:
            raise self.refuse(f"the {self.what} has no “{key}”.")
        return self.typed(key, self.data[key], kinds)

    def optional(self, key: str, default: Any, *kinds: type) -> Any:
        if key not in self.data:
            return default
        return self.typed(key, self.data[key], kinds)

    def typed(self, key: str, value: Any, kinds: tuple[type, ...]) -> Any:
        if kinds and not _is(value, kinds):
            wanted = " or ".join(TYPE_NAMES[kind] for kind in kinds)
            raise self.refuse(f"“{key}” must be {wanted}, not {self.type_name(value)}.")
        return value

    def part(self, where: str, data: Any, what: str) -> "Item":
        """A piece of this record (a claim's attribution, a task's span) for messages."""
        return Item(data, self.filename, f"{self.where}, {where}", what)

    @staticmethod
    def type_name(value: Any) -> str:
        return TYPE_NAMES.get(type(value), type(value).__name__)


def check_quote(item: Item, text: str, start: Any, end: Any, quote: Any, what: str) -> None:
    """Refuse a quote that is not the text at its span, saying what the text has there.

    Spans out of range or of the wrong type are left to check_span, which says so itself.
    """
    if not (_is(start, (int,)) and _is(end, (int,)) and 0 <= start < end <= len(text)):
        return
    found = text[start:end]
    if quote != found:
        raise item.refuse(
            f"the {what}'s quote is not text[{start}:{end}]: the article has “{shorten(found)}” "
            f"there, the file has “{shorten(str(quote))}”. Offsets count Unicode code points."
        )


def control_character(text: str) -> tuple[int, str] | None:
    """The position of the first character article text may not hold, and what it is."""
    match = CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    name = "a NUL character" if char == "\x00" else "a control character"
    return match.start(), (
        f"the text contains {name}, U+{ord(char):04X}, at character {match.start()} "
        "(counted in Unicode code points from 0); article text may hold tabs and line ends "
        "but no other control characters."
    )


def first_line(text: str) -> str:
    """The first non-empty line, as a title when the input gives none."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


def split_fields(*sources: dict) -> tuple[dict, dict]:
    """Article fields found in these dicts, and everything else as the article's metadata."""
    fields, metadata = {}, {}
    for source in sources:
        for key, value in source.items():
            (fields if key in ARTICLE_KEYS else metadata)[key] = value
    if isinstance(fields.get("external_id"), int):  # tools number their items
        fields["external_id"] = str(fields["external_id"])
    return fields, metadata


def _text_fields(item: Item, row: dict) -> dict:
    """The article's fields, each text; a null one is left out (the model's default)."""
    checked = {}
    for key, value in row.items():
        if value is None and key != "text":
            continue
        if key != "metadata" and not isinstance(value, str):
            raise item.refuse(f"“{key}” must be text, not {type(value).__name__}: {value!r:.40}.")
        checked[key] = value
    return checked


@dataclass
class Reading:
    """One import while it is read: who and where, what has been built, what to report."""

    project: Project
    actor: User | None
    status: str
    progress: Callable[[int, int], None] | None = None
    batch: Batch = field(default_factory=Batch)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    external_ids: set[str] = field(default_factory=set)

    @cached_property
    def schema(self) -> Schema:
        return Schema(self.project)

    def tick(self, done: int) -> None:
        """Reading counts for the first half of the bar, writing for the second."""
        if self.progress is not None:
            self.progress(done, 2 * self.total)

    def written(self, written: int, total: int) -> None:
        if self.progress is not None:
            self.progress(self.total + self.total * written // max(total, 1), 2 * self.total)

    def reserve_external_ids(self, external_ids: list[str]) -> None:
        """Load once which of the file's external ids the project has, before reading on.
        An id that is not text is refused when its article is read (add_article)."""
        texts = [external_id for external_id in external_ids if isinstance(external_id, str)]
        self.external_ids |= external_ids_taken(self.project, texts)

    def owner(self, item: Item) -> User:
        """Whom claims without an annotator of their own are recorded as: the importer."""
        if self.actor is None:
            raise item.refuse(
                "these claims need a user to be recorded as, and an import run by the system "
                "has none; run it as a manager of the project (import_dataset --as USERNAME)."
            )
        return self.actor

    def add_article(self, item: Item, row: dict) -> Article:
        """Check article text and fields, refusing with the item's place; then keep it."""
        row = _text_fields(item, row)
        text = row.get("text")
        problem = control_character(text) if isinstance(text, str) else None
        if problem is not None:
            raise item.refuse(problem[1])
        external_id = row.get("external_id", "")
        if external_id and external_id in self.external_ids:
            raise item.refuse(
                f"the project already has an article with the external id “{external_id}” "
                "(or it comes twice in this import)."
            )
        try:
            article = article_build(project=self.project, actor=self.actor, row=row)
        except ValidationError as error:
            raise item.refuse(describe(error)) from None
        self.external_ids.add(article.external_id)
        self.batch.articles.append(article)
        return article

    def add_claim(self, item: Item, row: dict) -> Claim:
        try:
            claim = claim_build(schema=self.schema, row=row)
        except ValidationError as error:
            raise item.refuse(describe(error)) from None
        self.batch.claims.append(claim)
        return claim

    def report(self) -> ImportReport:
        batch = self.batch
        return ImportReport(
            articles=len(batch.articles),
            claims=len(batch.claims),
            attributions=len(batch.attributions),
            links=len(batch.links),
            entities=len(batch.entities),
            labels=len(batch.labels),
            notes=self.notes,
        )


def single_file(files: list[tuple[str, bytes]], format_name: str) -> tuple[str, bytes]:
    if len(files) != 1:
        raise ImportRefused(f"{format_name} is read from one file; {len(files)} were given.")
    return files[0]
