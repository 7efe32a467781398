"""Every write. The admin, the pages, the API, imports and the seed loader all come through here.

Each function is keyword-only, checks who may do it, validates, and writes in one transaction.
Refusals are ValidationError with a message a person understands; nothing is written then.
`actor=None` means the system itself (a management command), never a request.
"""

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims import offsets
from claims.models import (
    Article,
    Assignment,
    AssignmentStatus,
    Attribution,
    Claim,
    Decision,
    Entity,
    Label,
    LabelKind,
    Link,
    Membership,
    Project,
    Review,
    Role,
    Status,
    WhenSource,
)
from claims.schema import default_labels
from claims.timex import timex_error

User = AbstractBaseUser
EDITORS = {Role.REVIEWER, Role.MANAGER}


class StaleVersion(ValidationError):
    """Someone else changed the object since the caller read it."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- who may ---------------------------------------------------------------------------------


def role_in(project: Project, user: User | None) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.MANAGER
    return (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )


def _require_role(project: Project, actor: User | None, roles: Iterable[str]) -> None:
    if actor is None:
        return
    if role_in(project, actor) not in set(roles):
        raise PermissionDenied(f"You may not do this in the project “{project}”.")


def _require_member(project: Project, actor: User | None) -> None:
    _require_role(project, actor, Role.values)


def _require_editor_of(project: Project, owner_id: int, actor: User | None) -> None:
    """The author of an annotation may change it; so may the project's reviewers and managers."""
    if actor is not None and actor.pk == owner_id:
        _require_member(project, actor)
        return
    _require_role(project, actor, EDITORS)


def _save(instance: Any, actor: User | None) -> None:
    instance.full_clean()
    instance._history_user = actor
    instance.save()


def _delete(instance: Any, actor: User | None) -> None:
    instance._history_user = actor
    instance.delete()


# --- projects and schema ---------------------------------------------------------------------


@transaction.atomic
def project_create(
    *, name: str, slug: str, description: str = "", guidelines: str = "", actor: User | None
) -> Project:
    project = Project(name=name, slug=slug, description=description, guidelines=guidelines)
    _save(project, actor)
    for position, label in enumerate(default_labels()):
        _save(Label(project=project, position=position, **label._asdict()), actor)
    if actor is not None:
        membership_set(project=project, user=actor, role=Role.MANAGER, actor=None)
    return project


@transaction.atomic
def membership_set(*, project: Project, user: User, role: str, actor: User | None) -> Membership:
    _require_role(project, actor, {Role.MANAGER})
    membership, _ = Membership.objects.get_or_create(
        project=project, user=user, defaults={"role": role}
    )
    if membership.role != role:
        membership.role = role
        _save(membership, actor)
    else:
        membership.full_clean()
    return membership


def label_get(*, project: Project, kind: str, value: str | Label) -> Label:
    """The project's label of this kind, given as a Label or by its value."""
    if isinstance(value, Label):
        if value.project_id != project.pk or value.kind != kind:
            raise ValidationError(
                f"“{value}” is not a {LabelKind(kind).label.lower()} of {project}."
            )
        return value
    label = Label.objects.filter(project=project, kind=kind, value=value).first()
    if label is None:
        known = ", ".join(
            Label.objects.filter(project=project, kind=kind).values_list("value", flat=True)
        )
        raise ValidationError(
            f"“{value}” is not a {LabelKind(kind).label.lower()} of {project}; known: {known}."
        )
    return label


def label_usage(label: Label) -> int:
    return label.claims.count() + label.attributions.count() + label.links.count()


@transaction.atomic
def label_create(
    *, project: Project, kind: str, value: str, name: str, actor: User | None, **fields: Any
) -> Label:
    _require_role(project, actor, {Role.MANAGER})
    position = Label.objects.filter(project=project, kind=kind).count()
    label = Label(project=project, kind=kind, value=value, name=name, position=position, **fields)
    _save(label, actor)
    return label


@transaction.atomic
def label_update(*, label: Label, actor: User | None, **changes: Any) -> Label:
    _require_role(label.project, actor, {Role.MANAGER})
    if "kind" in changes and changes["kind"] != label.kind and label_usage(label):
        raise ValidationError(
            f"The label “{label.value}” is in use, so its kind cannot change; create a new label."
        )
    for field, value in changes.items():
        setattr(label, field, value)
    _save(label, actor)
    return label


@transaction.atomic
def label_delete(*, label: Label, actor: User | None) -> None:
    _require_role(label.project, actor, {Role.MANAGER})
    used = label_usage(label)
    if used:
        raise ValidationError(
            f"The {label.get_kind_display().lower()} “{label.value}” is used by {used} "
            f"annotation{'s' if used != 1 else ''} and cannot be deleted; hide it instead."
        )
    _delete(label, actor)


# --- articles and entities --------------------------------------------------------------------


def _check_text(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({"text": "The article has no text."})
    if "\x00" in text:
        raise ValidationError(
            {"text": f"The text contains a NUL character at position {text.index(chr(0))}."}
        )


@transaction.atomic
def article_import(
    *,
    project: Project,
    title: str,
    text: str,
    outlet: str = "",
    url: str = "",
    published: date | None = None,
    language: str = "de",
    metadata: dict | None = None,
    external_id: str = "",
    actor: User | None,
) -> Article:
    """Store an article exactly as given: the text is never normalised."""
    _require_role(project, actor, {Role.MANAGER})
    _check_text(text)
    article = Article(
        project=project,
        title=title,
        text=text,
        text_sha256=text_sha256(text),
        outlet=outlet,
        url=url,
        published=published,
        language=language,
        metadata=metadata or {},
        external_id=external_id,
        created_by=actor,
    )
    _save(article, actor)
    return article


ARTICLE_FIELDS = {
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "metadata",
    "text",
    "external_id",
}


@transaction.atomic
def article_update(*, article: Article, actor: User | None, **changes: Any) -> Article:
    _require_role(article.project, actor, {Role.MANAGER})
    _refuse_unknown(changes, ARTICLE_FIELDS, "article")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if "text" in changes and changes["text"] != article.text:
        anchored = article.claims.count()
        if anchored:
            raise ValidationError(
                {
                    "text": (
                        f"The text of “{article.title}” cannot change: {anchored} claim"
                        f"{'s are' if anchored != 1 else ' is'} anchored in it. "
                        "Import the new text as a new article instead."
                    )
                }
            )
        _check_text(changes["text"])
        article.text_sha256 = text_sha256(changes["text"])
    for field, value in changes.items():
        setattr(article, field, value)
    _save(article, actor)
    return article


def _refuse_unknown(changes: dict, allowed: set[str], what: str) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(f"These fields of a {what} cannot be changed here: {unknown}.")


def _clean_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    seen, cleaned = {name.casefold()}, []
    for alias in aliases:
        if not isinstance(alias, str):
            raise ValidationError({"aliases": "Aliases are names (text)."})
        alias = alias.strip()
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            cleaned.append(alias)
    return cleaned


@transaction.atomic
def entity_create(
    *,
    project: Project,
    kind: str,
    name: str,
    aliases: Iterable[str] = (),
    description: str = "",
    actor: User | None,
) -> Entity:
    _require_member(project, actor)
    name = name.strip()
    entity = Entity(
        project=project,
        kind=kind,
        name=name,
        description=description,
        aliases=_clean_aliases(name, aliases),
    )
    _save(entity, actor)
    return entity


@transaction.atomic
def entity_update(*, entity: Entity, actor: User | None, **changes: Any) -> Entity:
    _require_member(entity.project, actor)
    _refuse_unknown(changes, {"kind", "name", "aliases", "description"}, "entity")
    for field, value in changes.items():
        setattr(entity, field, value.strip() if field == "name" else value)
    entity.aliases = _clean_aliases(entity.name, entity.aliases)
    _save(entity, actor)
    return entity


def _entities(project: Project, entities: Iterable[Entity]) -> list[Entity]:
    entities = list(entities)
    for entity in entities:
        if entity.project_id != project.pk:
            raise ValidationError(f"The entity “{entity}” belongs to another project.")
    return entities


# --- spans ------------------------------------------------------------------------------------


def _check_span(text: str, start: Any, end: Any, quote: Any, what: str) -> offsets.Anchor:
    """Refuse a span that is not a non-empty slice of the text saying exactly `quote`."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise ValidationError(f"The {what}'s start and end must be whole numbers.")
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"The {what}'s span [{start}, {end}) is not inside the article, which has "
            f"{len(text)} characters (Unicode code points), or it is empty."
        )
    found = text[start:end]
    if quote != found:
        raise ValidationError(
            f"The {what}'s quote does not match the article at [{start}, {end}): the article has "
            f"“{_shorten(found)}” there, the request sent “{_shorten(str(quote))}”. "
            "Offsets are counted in Unicode code points."
        )
    return offsets.anchor(text, start, end)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_when(when: str, when_source: str) -> None:
    if not when:
        if when_source:
            raise ValidationError({"when_source": "There is no date to have a source."})
        return
    problem = timex_error(when)
    if problem:
        raise ValidationError({"when": problem})
    if when_source not in {WhenSource.TYPED, WhenSource.SUGGESTED}:
        raise ValidationError({"when_source": "Say whether the date was typed or suggested."})


def _lock(model: type, instance: Any, version: int | None) -> Any:
    """The row as it is now, locked until the transaction ends; refuse if `version` is stale."""
    name = model._meta.verbose_name
    try:
        current = model.objects.select_for_update().get(pk=instance.pk)
    except model.DoesNotExist:
        raise ValidationError(f"This {name} no longer exists: someone deleted it.") from None
    if version is not None and current.version != version:
        last = current.history.select_related("history_user").first()
        who = f" by {last.history_user}" if last and last.history_user else ""
        raise StaleVersion(
            f"This {name} was changed{who} since you opened it (you have version {version}, "
            f"it is now at version {current.version}). Reload it to see the change, then make "
            "yours again."
        )
    return current


def _project_of(claim: Claim) -> Project:
    return Project.objects.get(articles__claims=claim)


# --- claims -----------------------------------------------------------------------------------


CLAIM_FIELDS = {
    "start",
    "end",
    "quote",
    "claim_type",
    "when",
    "when_source",
    "participants",
    "place",
    "polarity",
    "modality",
    "note",
}


@transaction.atomic
def claim_create(
    *,
    article: Article,
    actor: User,
    start: int,
    end: int,
    quote: str,
    claim_type: Label | str,
    status: str = Status.DRAFT,
    participants: Iterable[Entity] = (),
    **fields: Any,
) -> Claim:
    """Anchor a claim; the article row stays locked so its text cannot change underneath."""
    _refuse_unknown(fields, CLAIM_FIELDS, "claim")
    project = article.project
    _require_member(project, actor)
    if status not in {Status.DRAFT, Status.SUBMITTED}:
        _require_role(project, actor, EDITORS)
    article = Article.objects.select_for_update().get(pk=article.pk)
    span = _check_span(article.text, start, end, quote, "claim")
    claim = Claim(
        article=article,
        start=span.start,
        end=span.end,
        quote=span.quote,
        prefix=span.prefix,
        suffix=span.suffix,
        text_sha256=article.text_sha256,
        created_by=actor,
        status=status,
        claim_type=label_get(project=project, kind=LabelKind.CLAIM_TYPE, value=claim_type),
        **fields,
    )
    _check_claim_fields(claim, project)
    _save(claim, actor)
    if participants:
        claim.participants.set(_entities(project, participants))
    return claim


def _check_claim_fields(claim: Claim, project: Project) -> None:
    _check_when(claim.when, claim.when_source)
    if claim.place is not None:
        _entities(project, [claim.place])


@transaction.atomic
def claim_update(*, claim: Claim, actor: User | None, version: int, **changes: Any) -> Claim:
    _refuse_unknown(changes, CLAIM_FIELDS, "claim")
    claim = _lock(Claim, claim, version)
    project = _project_of(claim)
    _require_editor_of(project, claim.created_by_id, actor)
    participants = changes.pop("participants", None)
    if {"start", "end", "quote"} & changes.keys():
        span = _check_span(
            claim.article.text,
            changes.pop("start", claim.start),
            changes.pop("end", claim.end),
            changes.pop("quote", None),
            "claim",
        )
        claim.start, claim.end, claim.quote = span.start, span.end, span.quote
        claim.prefix, claim.suffix = span.prefix, span.suffix
    if "claim_type" in changes:
        changes["claim_type"] = label_get(
            project=project, kind=LabelKind.CLAIM_TYPE, value=changes["claim_type"]
        )
    for field, value in changes.items():
        setattr(claim, field, value)
    _check_claim_fields(claim, project)
    claim.version += 1
    _save(claim, actor)
    if participants is not None:
        claim.participants.set(_entities(project, participants))
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, actor: User | None, version: int | None = None) -> None:
    """Delete a claim with its sources and links; history keeps each of them, and who did it."""
    claim = _lock(Claim, claim, version)
    _require_editor_of(_project_of(claim), claim.created_by_id, actor)
    for link in Link.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)):
        _delete(link, actor)
    attributions = list(claim.attributions.all())
    while attributions:
        cited = {a.parent_id for a in attributions}
        for attribution in [a for a in attributions if a.pk not in cited]:
            _delete(attribution, actor)
        attributions = [a for a in attributions if a.pk in cited]
    _delete(claim, actor)


def _bump(claim: Claim, actor: User | None) -> None:
    claim.version += 1
    claim._history_user = actor
    claim.save(update_fields=["version", "updated_at"])


# --- attributions -----------------------------------------------------------------------------


ATTRIBUTION_FIELDS = {
    "source",
    "source_kind",
    "form",
    "stance",
    "cue_start",
    "cue_end",
    "cue_quote",
    "parent",
}


def _apply_attribution(
    attribution: Attribution, claim: Claim, project: Project, changes: dict[str, Any]
) -> None:
    _refuse_unknown(changes, ATTRIBUTION_FIELDS, "source")
    cue_fields = ("cue_start", "cue_end", "cue_quote")
    if any(field in changes for field in cue_fields):
        start, end, quote = (changes.pop(f, None) for f in cue_fields)
        _set_cue(attribution, claim.article.text, start, end, quote or "")
    if "source_kind" in changes:
        changes["source_kind"] = label_get(
            project=project, kind=LabelKind.SOURCE_KIND, value=changes["source_kind"]
        )
    if changes.get("source") is not None:
        _entities(project, [changes["source"]])
    if changes.get("parent") is not None:
        _check_parent(attribution, claim, changes["parent"])
    for field, value in changes.items():
        setattr(attribution, field, value)


def _set_cue(attribution: Attribution, text: str, start: Any, end: Any, quote: str) -> None:
    if start is None and end is None and not quote:
        attribution.cue_start = attribution.cue_end = None
        attribution.cue_quote = attribution.cue_prefix = attribution.cue_suffix = ""
        return
    span = _check_span(text, start, end, quote, "cue")
    attribution.cue_start, attribution.cue_end, attribution.cue_quote = span.start, span.end, quote
    attribution.cue_prefix, attribution.cue_suffix = span.prefix, span.suffix


def _check_parent(attribution: Attribution, claim: Claim, parent: Attribution) -> None:
    if parent.claim_id != claim.pk:
        raise ValidationError({"parent": "A cited source must belong to the same claim."})
    seen, step = set(), parent
    while step is not None:
        if attribution.pk is not None and step.pk == attribution.pk:
            raise ValidationError({"parent": "A source cannot cite itself, even through others."})
        seen.add(step.pk)
        step = step.parent if step.parent_id not in seen else None


@transaction.atomic
def attribution_create(
    *, claim: Claim, actor: User | None, version: int | None = None, **fields: Any
) -> Attribution:
    claim = _lock(Claim, claim, version)
    project = _project_of(claim)
    _require_editor_of(project, claim.created_by_id, actor)
    if "source_kind" not in fields:
        raise ValidationError({"source_kind": "Say what kind of source this is."})
    attribution = Attribution(claim=claim, created_by=claim.created_by)
    _apply_attribution(attribution, claim, project, fields)
    _save(attribution, actor)
    _bump(claim, actor)
    return attribution


@transaction.atomic
def attribution_update(
    *, attribution: Attribution, actor: User | None, version: int, **changes: Any
) -> Attribution:
    """`version` is the claim's: a claim and its sources change together."""
    claim = _lock(Claim, attribution.claim, version)
    project = _project_of(claim)
    _require_editor_of(project, claim.created_by_id, actor)
    attribution = Attribution.objects.get(pk=attribution.pk)
    _apply_attribution(attribution, claim, project, changes)
    _save(attribution, actor)
    _bump(claim, actor)
    return attribution


@transaction.atomic
def attribution_delete(*, attribution: Attribution, actor: User | None, version: int) -> None:
    claim = _lock(Claim, attribution.claim, version)
    _require_editor_of(_project_of(claim), claim.created_by_id, actor)
    citing = attribution.citing.count()
    if citing:
        raise ValidationError(
            f"{citing} other source{'s cite' if citing != 1 else ' cites'} this one; "
            "remove or change them first."
        )
    _delete(attribution, actor)
    _bump(claim, actor)


# --- links ------------------------------------------------------------------------------------


def _check_link(link: Link, project: Project) -> None:
    if link.from_claim_id == link.to_claim_id:
        raise ValidationError("A claim cannot be linked to itself.")
    reverse = link.relation.symmetric
    duplicates = Link.objects.filter(
        from_claim=link.from_claim,
        to_claim=link.to_claim,
        relation=link.relation,
        created_by=link.created_by,
    )
    if reverse:
        duplicates = duplicates | Link.objects.filter(
            from_claim=link.to_claim,
            to_claim=link.from_claim,
            relation=link.relation,
            created_by=link.created_by,
        )
    if duplicates.exclude(pk=link.pk).exists():
        raise ValidationError(
            f"These two claims are already linked as “{link.relation.value}”"
            f"{' (in either direction)' if reverse else ''}."
        )


def _link_project(from_claim: Claim, to_claim: Claim) -> Project:
    projects = {
        claim.pk: claim.article.project
        for claim in Claim.objects.filter(pk__in=[from_claim.pk, to_claim.pk]).select_related(
            "article__project"
        )
    }
    if len(projects) == 2 and len({p.pk for p in projects.values()}) == 2:
        raise ValidationError(
            f"These claims belong to different projects (“{projects[from_claim.pk]}” and "
            f"“{projects[to_claim.pk]}”); links stay inside one project."
        )
    return projects[from_claim.pk]


@transaction.atomic
def link_create(
    *, from_claim: Claim, to_claim: Claim, relation: Label | str, actor: User, note: str = ""
) -> Link:
    project = _link_project(from_claim, to_claim)
    _require_member(project, actor)
    relation = label_get(project=project, kind=LabelKind.LINK_RELATION, value=relation)
    link = Link(
        from_claim=from_claim, to_claim=to_claim, relation=relation, note=note, created_by=actor
    )
    _check_link(link, project)
    try:
        with transaction.atomic():
            _save(link, actor)
    except IntegrityError:
        raise ValidationError(f"These two claims are already linked as “{relation}”.") from None
    return link


@transaction.atomic
def link_update(
    *,
    link: Link,
    actor: User | None,
    version: int,
    relation: Label | str | None = None,
    note: str | None = None,
    reverse: bool = False,
) -> Link:
    link = _lock(Link, link, version)
    project = _project_of(link.from_claim)
    _require_editor_of(project, link.created_by_id, actor)
    if relation is not None:
        link.relation = label_get(project=project, kind=LabelKind.LINK_RELATION, value=relation)
    if note is not None:
        link.note = note
    if reverse:
        link.from_claim, link.to_claim = link.to_claim, link.from_claim
    _check_link(link, project)
    link.version += 1
    _save(link, actor)
    return link


@transaction.atomic
def link_delete(*, link: Link, actor: User | None, version: int | None = None) -> None:
    link = _lock(Link, link, version)
    _require_editor_of(_project_of(link.from_claim), link.created_by_id, actor)
    _delete(link, actor)


# --- assignments and reviews ------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, article: Article, annotator: User, actor: User | None) -> Assignment:
    project = article.project
    _require_role(project, actor, {Role.MANAGER})
    if role_in(project, annotator) is None:
        raise ValidationError(f"{annotator} is not a member of “{project}”; add them first.")
    assignment, _ = Assignment.objects.get_or_create(
        article=article, annotator=annotator, defaults={"assigned_by": actor}
    )
    return assignment


@transaction.atomic
def assignment_submit(*, assignment: Assignment, actor: User) -> Assignment:
    """The annotator hands in an article: their draft claims and links become submitted."""
    if actor.pk != assignment.annotator_id:
        raise PermissionDenied("Only the assigned annotator can submit their work.")
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.submitted_at = timezone.now()
    _save(assignment, actor)
    for claim in assignment.article.claims.filter(created_by=actor, status=Status.DRAFT):
        claim.status, claim.version = Status.SUBMITTED, claim.version + 1
        _save(claim, actor)
    drafts = Link.objects.filter(
        from_claim__article=assignment.article, created_by=actor, status=Status.DRAFT
    )
    for link in drafts:
        link.status, link.version = Status.SUBMITTED, link.version + 1
        _save(link, actor)
    return assignment


@transaction.atomic
def review_decide(
    *, target: Claim | Link, decision: str, actor: User, version: int, comment: str = ""
) -> Review:
    """Accept (the target becomes gold) or reject a claim or a link."""
    model = type(target)
    target = _lock(model, target, version)
    claim = target if isinstance(target, Claim) else target.from_claim
    _require_role(_project_of(claim), actor, EDITORS)
    if decision not in Decision.values:
        raise ValidationError({"decision": f"“{decision}” is neither accept nor reject."})
    target.status = Status.ACCEPTED if decision == Decision.ACCEPT else Status.REJECTED
    target.version += 1
    _save(target, actor)
    review = Review(
        reviewer=actor, decision=decision, comment=comment, **{model._meta.model_name: target}
    )
    _save(review, actor)
    return review
