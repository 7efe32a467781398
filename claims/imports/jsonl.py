"""Canonical JSONL (docs/formats.md), read back into an existing project.

Offsets are Unicode code points, 0-based, half-open, as the `dataset` line's `offset_unit` says;
every claim and cue `quote` is checked against the article text. Ids are the file's own: they only
tie lines together (a reference must name an id defined on an earlier line) and the import
assigns new ones.

- Labels listed in the `dataset` line that the project lacks are created; a label whose hotkey
  the project already uses is created without it. Claim types, source kinds and relations must
  be labels of the project or of the `dataset` line.
- Entities are matched to the project's by kind and name or alias (ignoring case), else created.
  An entity whose name the project gives to an entity of another kind is refused.
- A claim's or link's `annotator` who is a member of the project keeps it; any other name (or
  none) is recorded as the importer, and the report says how many.
- `status`, `when` and `when_source` are kept as in the file (a line without `status` gets the
  import's `status`); `created_at`/`updated_at`, `prefix`/`suffix` are recomputed.
- Line ends between records may be CRLF; text inside JSON strings is taken exactly.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from claims.imports.base import (
    Item,
    Reading,
    check_quote,
    jsonl_records,
    plural,
    single_file,
)
from claims.models import Attribution, Claim, Entity, LabelKind, Membership, Project
from claims.services.base import User, text_sha256
from claims.services.bulk import (
    attribution_build,
    describe,
    entity_build,
    label_build,
    link_build,
)
from claims.services.projects import LABEL_FIELDS

FORMAT, VERSION, OFFSET_UNIT = "claimlens-jsonl", 1, "unicode_code_point"
NoneType = type(None)


class Entities:
    """The project's entities by kind and name or alias, ignoring case; new ones join as read."""

    def __init__(self, project: Project):
        self.names: dict[str, Entity] = {}
        self.by_name: dict[tuple[str, str], Entity] = {}
        self.by_alias: dict[tuple[str, str], Entity] = {}
        for entity in Entity.objects.filter(project=project):
            self.add(entity)

    def add(self, entity: Entity) -> None:
        self.names[entity.name] = entity
        self.by_name[(entity.kind, entity.name.casefold())] = entity
        for alias in entity.aliases:
            self.by_alias.setdefault((entity.kind, alias.casefold()), entity)

    def find(self, kind: str, names: list[str]) -> Entity | None:
        # A name beats an alias: "Kim" may be an alias of several people, a name of one.
        for table in (self.by_name, self.by_alias):
            for name in names:
                if isinstance(name, str) and (kind, name.casefold()) in table:
                    return table[(kind, name.casefold())]
        return None


@dataclass
class File:
    """What the lines read so far define: the file's ids mapped to built or matched objects."""

    reading: Reading
    entities: Entities
    members: dict[str, User]
    ids: dict[str, dict[Any, Any]] = field(
        default_factory=lambda: {"entity": {}, "article": {}, "claim": {}, "link": {}}
    )
    strangers: Counter = field(default_factory=Counter)
    matched: int = 0
    links: set = field(default_factory=set)

    def define(self, item: Item, what: str, value: Any) -> None:
        """Record the line's `id`; an id given twice would make references ambiguous."""
        identifier = item.required("id", int, str)
        if identifier in self.ids[what]:
            raise item.refuse(f"the {what} id {identifier!r} was defined on an earlier line.")
        self.ids[what][identifier] = value

    def ref(self, item: Item, key: str, what: str, value: Any = ...) -> Any:
        value = item.required(key, int, str) if value is ... else value
        if not isinstance(value, int | str) or value not in self.ids[what]:
            raise item.refuse(
                f"“{key}” names {what} {value!r}, which no earlier line of the file defines."
            )
        return self.ids[what][value]

    def annotator(self, item: Item, what: str) -> User:
        name = item.optional("annotator", None, str, NoneType)
        if name in self.members:
            return self.members[name]
        self.strangers[(what, name)] += 1
        return self.reading.owner(item)

    def notes(self) -> list[str]:
        notes = [
            f"{plural(count, what)} by '{name}' (not a member) recorded as yours"
            if name
            else f"{plural(count, what)} without an annotator recorded as yours"
            for (what, name), count in self.strangers.items()
        ]
        if self.matched:
            notes.append(
                f"{plural(self.matched, 'entity', 'entities')} matched to the project's by kind "
                "and name or alias"
            )
        return notes


def read(reading: Reading, files: list[tuple[str, bytes]]) -> None:
    filename, raw = single_file(files, "Canonical JSONL")
    records = jsonl_records(filename, raw)
    items = [Item(data, filename, f"line {number}") for number, data in records]
    reading.total = len(items)
    names = {_field(item, "annotator") for item in items} - {None}
    file = File(reading, Entities(reading.project), _members(reading.project, names))
    reading.reserve_external_ids(
        [_field(item, "external_id") for item in items if _field(item, "type") == "article"]
    )
    for done, item in enumerate(items, start=1):
        kind = item.required("type", str)
        if done == 1 and kind != "dataset":
            raise item.refuse(f"the file must start with its “dataset” line, not a “{kind}” line.")
        if done > 1 and kind == "dataset":
            raise item.refuse("a second “dataset” line; a file has one, at its start.")
        if kind not in READERS:
            raise item.refuse(f"unknown type “{kind}”; known: {', '.join(READERS)}.")
        item.what = kind
        READERS[kind](file, item)
        reading.tick(done)
    reading.notes += file.notes()


def _field(item: Item, key: str) -> Any:
    value = item.data.get(key) if isinstance(item.data, dict) else None
    return value if isinstance(value, str) else None


def _members(project: Project, names: set[str]) -> dict[str, User]:
    """The project's members among the file's annotators, by username (one query)."""
    memberships = Membership.objects.filter(project=project, user__username__in=names)
    return {m.user.username: m.user for m in memberships.select_related("user")}


def _dataset(file: File, item: Item) -> None:
    for key, wanted in (("format", FORMAT), ("format_version", VERSION)):
        value = item.required(key, type(wanted))
        if value != wanted:
            raise item.refuse(f"“{key}” is {value!r}; this import reads {wanted!r}.")
    unit = item.required("offset_unit", str)
    if unit != OFFSET_UNIT:
        raise item.refuse(f"offsets in “{unit}” cannot be read; they must be in {OFFSET_UNIT}.")
    for number, data in enumerate(item.optional("labels", [], list), start=1):
        _label(file.reading, item.part(f"label {number}", data, "label"))


def _label(reading: Reading, item: Item) -> None:
    """A label of the file's schema: the project's own when it has it, else a new one."""
    kind, value = item.required("kind", str), item.required("value", str)
    if kind not in LabelKind.values:
        raise item.refuse(f"“{kind}” is not a kind of label; known: {', '.join(LabelKind.values)}.")
    if value in reading.schema.labels[kind]:
        return
    row = {key: item.data[key] for key in LABEL_FIELDS if key in item.data}
    owner = reading.schema.hotkey_owner(kind, row.get("hotkey", ""))
    if owner is not None:
        reading.notes.append(
            f"the {kind} “{value}” was created without its hotkey {row.pop('hotkey')}, "
            f"which “{owner.value}” has"
        )
    try:
        reading.batch.labels.append(label_build(schema=reading.schema, row=row))
    except ValidationError as error:
        raise item.refuse(describe(error)) from None


def _entity(file: File, item: Item) -> None:
    kind, name = item.required("kind", str), item.required("name", str)
    aliases = item.optional("aliases", [], list)
    match = file.entities.find(kind, [name, *aliases])
    if match is None and name.strip() in file.entities.names:
        other = file.entities.names[name.strip()]
        raise item.refuse(
            f"the project has an entity named “{other.name}” of the kind {other.kind}, "
            f"not {kind}; entity names are unique in a project."
        )
    if match is None:
        row = {"kind": kind, "name": name, "aliases": aliases}
        row["description"] = item.optional("description", "", str)
        try:
            match = entity_build(project=file.reading.project, row=row)
        except ValidationError as error:
            raise item.refuse(describe(error)) from None
        file.entities.add(match)
        file.reading.batch.entities.append(match)
    elif match.pk is not None:
        file.matched += 1
    file.define(item, "entity", match)


def _article(file: File, item: Item) -> None:
    text = item.required("text", str)
    row = {"title": item.required("title", str), "text": text}
    for key, default in (("external_id", ""), ("outlet", ""), ("url", ""), ("language", "de")):
        row[key] = item.optional(key, default, str, NoneType) or default
    row["published"] = item.optional("published", None, str, NoneType)
    row["metadata"] = item.optional("metadata", {}, dict)
    digest = item.optional("text_sha256", None, str, NoneType)
    if digest and digest != text_sha256(text):
        raise item.refuse("“text_sha256” does not match the text: the text changed after export.")
    file.define(item, "article", file.reading.add_article(item, row))


def _claim(file: File, item: Item) -> None:
    reading, article = file.reading, file.ref(item, "article", "article")
    row = {"article": article, "created_by": file.annotator(item, "claim")}
    row |= {key: item.required(key, int) for key in ("start", "end")}
    row |= {key: item.required(key, str) for key in ("quote", "claim_type")}
    for key, default in (("when", ""), ("when_source", ""), ("note", "")):
        row[key] = item.optional(key, default, str, NoneType) or default
    for key, default in (("polarity", "positive"), ("modality", "actual")):
        row[key] = item.optional(key, default, str)
    row["status"] = item.optional("status", reading.status, str)
    place = item.optional("place", None, int, str, NoneType)
    row["place"] = None if place is None else file.ref(item, "place", "entity", place)
    participants = [
        file.ref(item, "participants", "entity", value)
        for value in item.optional("participants", [], list)
    ]
    check_quote(item, article.text, row["start"], row["end"], row["quote"], "claim")
    claim = reading.add_claim(item, row)
    # A participant named twice is one participant (the table holds a pair once).
    unique = list({id(entity): entity for entity in participants}.values())
    reading.batch.participants += [(claim, entity) for entity in unique]
    _attributions(file, item, claim)
    file.define(item, "claim", claim)


def _attributions(file: File, item: Item, claim: Claim) -> None:
    """The claim's sources in order; `parent` names an earlier source of the same claim."""
    made: dict[Any, Attribution] = {}
    for number, data in enumerate(item.optional("attributions", [], list), start=1):
        part = item.part(f"attribution {number}", data, "attribution")
        identifier = part.required("id", int, str)
        if identifier in made:
            raise part.refuse(f"the attribution id {identifier!r} comes twice in this claim.")
        parent = part.optional("parent", None, int, str, NoneType)
        if parent is not None and parent not in made:
            raise part.refuse(
                f"“parent” {parent!r} is not an attribution listed before it in this claim."
            )
        row = _attribution_row(file, part)
        check_quote(
            part, claim.article.text, row["cue_start"], row["cue_end"], row["cue_quote"], "cue"
        )
        try:
            made[identifier] = attribution_build(
                schema=file.reading.schema, claim=claim, row=row, parent=made.get(parent)
            )
        except ValidationError as error:
            raise part.refuse(describe(error)) from None
        file.reading.batch.attributions.append(made[identifier])


def _attribution_row(file: File, part: Item) -> dict[str, Any]:
    source = part.optional("source", None, int, str, NoneType)
    return {
        "source": None if source is None else file.ref(part, "source", "entity", source),
        "source_kind": part.required("source_kind", str),
        "form": part.optional("form", "reported", str),
        "stance": part.optional("stance", "neutral", str),
        "cue_start": part.optional("cue_start", None, int, NoneType),
        "cue_end": part.optional("cue_end", None, int, NoneType),
        "cue_quote": part.optional("cue_quote", "", str, NoneType) or "",
    }


def _link(file: File, item: Item) -> None:
    row = {
        "from_claim": file.ref(item, "from_claim", "claim"),
        "to_claim": file.ref(item, "to_claim", "claim"),
        "relation": item.required("relation", str),
        "note": item.optional("note", "", str, NoneType) or "",
        "status": item.optional("status", file.reading.status, str),
        "created_by": file.annotator(item, "link"),
    }
    try:
        link = link_build(schema=file.reading.schema, row=row, seen=file.links)
    except ValidationError as error:
        raise item.refuse(describe(error)) from None
    file.reading.batch.links.append(link)
    file.define(item, "link", link)


READERS = {
    "dataset": _dataset,
    "entity": _entity,
    "article": _article,
    "claim": _claim,
    "link": _link,
}
