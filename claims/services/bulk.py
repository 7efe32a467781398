"""Bulk writes for imports: rows checked as the one-row services check them, written a table at a
time with their history.

Two halves, so that an import can check a whole file before it writes anything:

- the `*_build` functions check one row and return an unsaved object. They make no query: what
  they need (the project's labels in a `Schema`, its entities, its members) is loaded once by the
  caller. Objects may refer to other unsaved objects (a claim to a new article); Django fills in
  the ids when the referred object has been written first.
- `dataset_bulk_write` writes a `Batch` of built objects in dependency order, in one transaction,
  in a fixed number of queries per table however many rows there are.

`article_bulk_import`, `entity_bulk_create`, `claim_bulk_import` and `link_bulk_create` join the
two halves for one kind of object; a refusal names the row's number ("Claim 3: ...").
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from claims.models import (
    Article,
    Attribution,
    Claim,
    Entity,
    Label,
    LabelKind,
    Link,
    Membership,
    Project,
    Role,
    Status,
)
from claims.services.articles import ARTICLE_FIELDS, _check_text, _clean_aliases
from claims.services.base import (
    User,
    check_span,
    check_when,
    project_entities,
    refuse_unknown,
    require_member,
    require_role,
    text_sha256,
)
from claims.services.claims import _anchored
from claims.services.projects import LABEL_FIELDS

# PostgreSQL takes at most 65535 parameters in one statement; a claim's history row has 25.
BATCH_SIZE = 1000
CLAIM_IMPORT_FIELDS = {
    "article",
    "created_by",
    "start",
    "end",
    "quote",
    "claim_type",
    "status",
    "when",
    "when_source",
    "place",
    "polarity",
    "modality",
    "note",
}
ATTRIBUTION_IMPORT_FIELDS = {
    "source",
    "source_kind",
    "form",
    "stance",
    "cue_start",
    "cue_end",
    "cue_quote",
}
LINK_IMPORT_FIELDS = {"from_claim", "to_claim", "relation", "note", "status", "created_by"}


def describe(error: ValidationError) -> str:
    """A refusal's messages in one line, each field's prefixed with the field's name."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


def _clean(instance: Any, related: Iterable[str]) -> None:
    """Validate the row's own fields. Related objects are checked by the builders, because
    Django's check of a foreign key is one query per row; constraints are left to the database."""
    for column in instance._meta.concrete_fields:
        if column.name in related or column.null or column.primary_key:
            continue
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
            continue
        if getattr(instance, column.attname) is None:
            raise ValidationError(f"“{column.name}” cannot be null: leave it out or give a value.")
    try:
        instance.clean_fields(exclude=set(related))
    except ValidationError as error:
        raise ValidationError(describe(error)) from None


class Schema:
    """A project's labels by kind and value, loaded in one query; new labels join it unsaved."""

    def __init__(self, project: Project):
        self.project = project
        self.labels: dict[str, dict[str, Label]] = {kind: {} for kind in LabelKind.values}
        for label in Label.objects.filter(project=project):
            self.labels[label.kind][label.value] = label

    def get(self, kind: str, value: Any) -> Label:
        """The label of this kind given by its value (or as a Label of the project)."""
        if isinstance(value, Label):
            value = value.value if value.project_id == self.project.pk else value
        label = self.labels[kind].get(value) if isinstance(value, str) else None
        if label is None:
            known = ", ".join(self.labels[kind])
            raise ValidationError(
                f"“{value}” is not a {LabelKind(kind).label.lower()} of {self.project}; "
                f"known: {known}."
            )
        return label

    def hotkey_owner(self, kind: str, hotkey: str) -> Label | None:
        return next((x for x in self.labels[kind].values() if hotkey and x.hotkey == hotkey), None)


@dataclass
class Batch:
    """Built, unsaved objects to write together; an attribution's parent comes before it."""

    labels: list[Label] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    participants: list[tuple[Claim, Entity]] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def label_build(*, schema: Schema, row: dict) -> Label:
    refuse_unknown(row, LABEL_FIELDS, "label")
    kind, value = row.get("kind"), row.get("value")
    if kind not in LabelKind.values:
        raise ValidationError(f"“{kind}” is not a kind of label; use one of {LabelKind.values}.")
    if value in schema.labels[kind]:
        raise ValidationError(f"The project already has the {kind} “{value}”.")
    label = Label(project=schema.project, **{"name": value, **row})
    _clean(label, ["project"])
    owner = schema.hotkey_owner(kind, label.hotkey)
    if owner is not None:
        raise ValidationError(f"The hotkey {label.hotkey} is taken by “{owner.value}”.")
    schema.labels[kind][value] = label
    return label


def entity_build(*, project: Project, row: dict) -> Entity:
    refuse_unknown(row, {"kind", "name", "aliases", "description"}, "entity")
    name, aliases = row.get("name"), row.get("aliases", [])
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("An entity needs a name.")
    if not isinstance(aliases, list):
        raise ValidationError("aliases: a list of names, please.")
    entity = Entity(
        project=project,
        kind=row.get("kind"),
        name=name.strip(),
        description=row.get("description", ""),
        aliases=_clean_aliases(name.strip(), aliases),
    )
    _clean(entity, ["project"])
    return entity


def article_build(*, project: Project, actor: User | None, row: dict) -> Article:
    """An article as article_import stores it: the text exactly as given."""
    refuse_unknown(row, ARTICLE_FIELDS, "article")
    try:
        _check_text(row.get("text"))
    except ValidationError as error:
        raise ValidationError(describe(error)) from None
    article = Article(
        project=project, created_by=actor, text_sha256=text_sha256(row["text"]), **row
    )
    _clean(article, ["project", "created_by"])
    return article


def external_ids_taken(project: Project, external_ids: Iterable[str]) -> set[str]:
    """Which of these external ids the project's articles already have (one query)."""
    wanted = {external_id for external_id in external_ids if external_id}
    return set(
        Article.objects.filter(project=project, external_id__in=wanted).values_list(
            "external_id", flat=True
        )
    )


def claim_build(*, schema: Schema, row: dict) -> Claim:
    """A claim as claim_create makes it; `created_by` is whoever annotated it."""
    refuse_unknown(row, CLAIM_IMPORT_FIELDS, "claim")
    row = dict(row)
    article, created_by = row.pop("article"), row.pop("created_by", None)
    if article.project_id != schema.project.pk:
        raise ValidationError("The article belongs to another project.")
    if created_by is None:
        raise ValidationError("A claim needs the user who annotated it.")
    span = check_span(article.text, row.pop("start"), row.pop("end"), row.pop("quote"), "claim")
    claim_type = schema.get(LabelKind.CLAIM_TYPE, row.pop("claim_type"))
    claim = _anchored(article, span, created_by, claim_type, **row)
    check_when(claim.when, claim.when_source)
    if claim.place is not None:
        project_entities(schema.project, [claim.place])
    _clean(claim, ["article", "claim_type", "created_by", "place"])
    return claim


def attribution_build(
    *, schema: Schema, claim: Claim, row: dict, parent: Attribution | None = None
) -> Attribution:
    """A source of `claim`; `parent` (the source it cites) must be one of the same claim's."""
    refuse_unknown(row, ATTRIBUTION_IMPORT_FIELDS, "source")
    row = dict(row)
    if parent is not None and parent.claim is not claim:
        raise ValidationError("A cited source must belong to the same claim.")
    if row.get("source") is not None:
        project_entities(schema.project, [row["source"]])
    cue = [row.pop(name, None) for name in ("cue_start", "cue_end", "cue_quote")]
    attribution = Attribution(
        claim=claim,
        parent=parent,
        created_by=claim.created_by,
        source_kind=schema.get(LabelKind.SOURCE_KIND, row.pop("source_kind", None)),
        **row,
    )
    if cue != [None, None, None] and cue != [None, None, ""]:
        span = check_span(claim.article.text, cue[0], cue[1], cue[2], "cue")
        attribution.cue_start, attribution.cue_end, attribution.cue_quote = cue
        attribution.cue_prefix, attribution.cue_suffix = span.prefix, span.suffix
    _clean(attribution, ["claim", "parent", "source", "source_kind", "created_by"])
    return attribution


def _end(instance: Any, name: str) -> Any:
    """What tells one related object from another: its id, or for an unsaved one (which has no
    id, and which Django refuses to hash) the object's identity."""
    pk = getattr(instance, f"{name}_id")
    return pk if pk is not None else ("unsaved", id(getattr(instance, name)))


def link_build(*, schema: Schema, row: dict, seen: set) -> Link:
    """A link as link_create makes it. `seen` holds the links made so far (as link_key gives
    them), so a duplicate in the batch is refused as the database would refuse it."""
    refuse_unknown(row, LINK_IMPORT_FIELDS, "link")
    link = Link(**{**row, "relation": schema.get(LabelKind.LINK_RELATION, row.get("relation"))})
    if _end(link, "from_claim") == _end(link, "to_claim"):
        raise ValidationError("A claim cannot be linked to itself.")
    if link.created_by is None:
        raise ValidationError("A link needs the user who made it.")
    keys = {link_key(link)}
    if link.relation.symmetric:
        keys.add(link_key(link, reverse=True))
    if keys & seen:
        raise ValidationError(
            f"These two claims are already linked as “{link.relation.value}”"
            f"{' (in either direction)' if link.relation.symmetric else ''}."
        )
    _clean(link, ["from_claim", "to_claim", "relation", "created_by"])
    seen.add(link_key(link))
    return link


def link_key(link: Link, *, reverse: bool = False) -> tuple:
    ends = (_end(link, "from_claim"), _end(link, "to_claim"))
    if reverse:
        ends = ends[::-1]
    return (*ends, link.relation.value, link.created_by_id)


@transaction.atomic
def dataset_bulk_write(
    *, batch: Batch, actor: User | None, progress: Callable[[int, int], None] | None = None
) -> None:
    """Write a checked batch, table by table, each with its history (`actor` did it).

    `progress(written, total)` is called after each table.
    """
    steps = [
        (batch.labels, lambda: _create(Label, batch.labels, actor)),
        (batch.entities, lambda: _create(Entity, batch.entities, actor)),
        (batch.articles, lambda: _create(Article, batch.articles, actor)),
        (batch.claims, lambda: _create_claims(batch.claims, batch.participants, actor)),
        (batch.attributions, lambda: _create_attributions(batch.attributions, actor)),
        (batch.links, lambda: _create(Link, batch.links, actor)),
    ]
    total, written = sum(len(rows) for rows, _ in steps), 0
    for rows, write in steps:
        if rows:
            write()
        written += len(rows)
        if progress is not None:
            progress(written, total)


def _create(model: type, objects: list, actor: User | None) -> None:
    bulk_create_with_history(objects, model, batch_size=BATCH_SIZE, default_user=actor)


def _create_claims(claims: list[Claim], participants: list, actor: User | None) -> None:
    """Claims, their participants, and history for both.

    Not bulk_create_with_history: it does not hand back the history rows, and the participants'
    history belongs to them (claim_restore reads the participants from there).
    """
    Claim.objects.bulk_create(claims, batch_size=BATCH_SIZE)
    records = Claim.history.bulk_history_create(claims, batch_size=BATCH_SIZE, default_user=actor)
    through = Claim.participants.through
    rows = through.objects.bulk_create(
        [through(claim=claim, entity=entity) for claim, entity in participants],
        batch_size=BATCH_SIZE,
    )
    if not (rows and records):  # no records when history is switched off
        return
    record_of = {claim.pk: record for claim, record in zip(claims, records, strict=True)}
    history = Claim.history.model.participants.model
    history.objects.bulk_create(
        [
            history(
                id=row.pk,
                claim_id=row.claim_id,
                entity_id=row.entity_id,
                history=record_of[row.claim_id],
            )
            for row in rows
        ],
        batch_size=BATCH_SIZE,
    )


def _create_attributions(attributions: list[Attribution], actor: User | None) -> None:
    """One insert per level of citing: a parent must have its id before its citers are written."""
    depth: dict[int, int] = {}
    levels: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in attributions:
        # The parent is the object the builder was given: reading it makes no query.
        parent = attribution.parent
        level = depth[id(parent)] + 1 if parent is not None and id(parent) in depth else 0
        depth[id(attribution)] = level
        levels[level].append(attribution)
    for level in sorted(levels):
        _create(Attribution, levels[level], actor)


def _numbered(what: str, number: int, build: Callable[[], Any]) -> Any:
    try:
        return build()
    except (ValidationError, KeyError, TypeError) as error:
        reason = describe(error) if isinstance(error, ValidationError) else f"bad row ({error})."
        raise ValidationError(f"{what} {number}: {reason}") from None


@transaction.atomic
def article_bulk_import(*, project: Project, actor: User | None, rows: Iterable[dict]) -> list:
    """Many articles, each checked as article_import checks it; only managers import."""
    require_role(project, actor, {Role.MANAGER})
    articles = [
        _numbered(
            "Article", number, lambda row=row: article_build(project=project, actor=actor, row=row)
        )
        for number, row in enumerate(rows, start=1)
    ]
    taken = external_ids_taken(project, (article.external_id for article in articles))
    for number, article in enumerate(articles, start=1):
        if article.external_id in taken:
            raise ValidationError(
                f"Article {number}: the project already has an article with the external id "
                f"“{article.external_id}”."
            )
        if article.external_id:
            taken.add(article.external_id)
    dataset_bulk_write(batch=Batch(articles=articles), actor=actor)
    return articles


@transaction.atomic
def entity_bulk_create(*, project: Project, actor: User | None, rows: Iterable[dict]) -> list:
    require_member(project, actor)
    entities = [
        _numbered("Entity", number, lambda row=row: entity_build(project=project, row=row))
        for number, row in enumerate(rows, start=1)
    ]
    taken = set(
        Entity.objects.filter(project=project, name__in=[e.name for e in entities]).values_list(
            "name", flat=True
        )
    )
    for number, entity in enumerate(entities, start=1):
        if entity.name in taken:
            raise ValidationError(f"Entity {number}: the project already has “{entity.name}”.")
        taken.add(entity.name)
    dataset_bulk_write(batch=Batch(entities=entities), actor=actor)
    return entities


@transaction.atomic
def claim_bulk_import(*, project: Project, actor: User | None, rows: Iterable[dict]) -> list:
    """Claims with their participants and sources; only managers import.

    A row holds claim_create's fields plus "article", "status", "created_by" (a member; the
    actor when left out), "participants" (entities) and "attributions": a list of attribution
    fields where "parent" is the index of an earlier attribution in the same list.
    """
    require_role(project, actor, {Role.MANAGER})
    schema, batch = Schema(project), Batch()
    members = set(Membership.objects.filter(project=project).values_list("user_id", flat=True))
    for number, row in enumerate(rows, start=1):
        _numbered("Claim", number, lambda row=row: _claim_row(schema, batch, members, actor, row))
    dataset_bulk_write(batch=batch, actor=actor)
    return batch.claims


def _claim_row(schema: Schema, batch: Batch, members: set, actor: User | None, row: dict) -> None:
    row = {"created_by": actor, "status": Status.SUBMITTED, **row}
    participants, sources = row.pop("participants", []), row.pop("attributions", [])
    if row["created_by"] is not None and row["created_by"].pk not in members:
        raise ValidationError(f"{row['created_by']} is not a member of “{schema.project}”.")
    claim = claim_build(schema=schema, row=row)
    participants = project_entities(schema.project, participants)
    made: list[Attribution] = []
    for source in sources:
        source = dict(source)
        parent = source.pop("parent", None)
        if parent is not None and not (isinstance(parent, int) and 0 <= parent < len(made)):
            raise ValidationError(f"A source's parent {parent} is not an earlier source.")
        parent = made[parent] if parent is not None else None
        made.append(attribution_build(schema=schema, claim=claim, row=source, parent=parent))
    batch.claims.append(claim)
    batch.participants += [(claim, entity) for entity in participants]
    batch.attributions += made


@transaction.atomic
def link_bulk_create(*, project: Project, actor: User | None, rows: Iterable[dict]) -> list:
    """Links between claims of the project; only managers import. "created_by" defaults to the
    actor; a duplicate of a link in the database or in the batch is refused."""
    require_role(project, actor, {Role.MANAGER})
    rows = [{"created_by": actor, "status": Status.SUBMITTED, **row} for row in rows]
    members = set(Membership.objects.filter(project=project).values_list("user_id", flat=True))
    for number, row in enumerate(rows, start=1):
        if row["created_by"] is not None and row["created_by"].pk not in members:
            raise ValidationError(f"Link {number}: {row['created_by']} is not a member.")
    claims = {row[end].pk for row in rows for end in ("from_claim", "to_claim") if end in row}
    outside = Claim.objects.filter(pk__in=claims).exclude(article__project=project)
    if outside.exists():
        raise ValidationError(
            "Some of these claims belong to another project; links stay inside one project."
        )
    schema = Schema(project)
    seen = {
        link_key(link)
        for link in Link.objects.filter(
            Q(from_claim__in=claims) | Q(to_claim__in=claims)
        ).select_related("relation")
    }
    links = [
        _numbered("Link", number, lambda row=row: link_build(schema=schema, row=row, seen=seen))
        for number, row in enumerate(rows, start=1)
    ]
    dataset_bulk_write(batch=Batch(links=links), actor=actor)
    return links
