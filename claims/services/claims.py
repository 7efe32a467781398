"""Claims: spans of an article that assert something checkable."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from claims.models import (
    Article,
    Assignment,
    AssignmentStatus,
    Attribution,
    Claim,
    Entity,
    Label,
    LabelKind,
    Link,
    Project,
    Status,
)
from claims.services.base import (
    EDITORS,
    User,
    check_span,
    check_when,
    delete,
    idempotent,
    label_get,
    lock,
    project_entities,
    project_of,
    refuse_unknown,
    require_editor_of,
    require_member,
    require_role,
    save,
)

# Loaded and checked here; see base.save.
CHECKED = ("article", "claim_type", "created_by", "place")

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
    idempotency_key: str | None = None,
    **fields: Any,
) -> Claim:
    """Anchor a claim; the article row stays locked so its text cannot change underneath.

    With an `idempotency_key`, a retried request returns the claim the first one made.
    """
    refuse_unknown(fields, CLAIM_FIELDS, "claim")
    project = article.project
    require_member(project, actor)
    if status not in {Status.DRAFT, Status.SUBMITTED}:
        require_role(project, actor, EDITORS)

    def create() -> Claim:
        return _claim_create(
            article, actor, start, end, quote, claim_type, status, participants, fields
        )

    return idempotent(actor, idempotency_key, Claim, create)


def _start_assignment(article: Article, actor: User) -> None:
    """The first claim an annotator makes on an assigned article puts it in progress."""
    assignment = Assignment.objects.filter(
        article=article, annotator=actor, status=AssignmentStatus.ASSIGNED
    ).first()
    if assignment is not None:
        assignment.status = AssignmentStatus.IN_PROGRESS
        save(assignment, actor, checked=("article", "annotator", "assigned_by"))


def _anchored(article: Article, span, actor: User, claim_type: Label, **fields: Any) -> Claim:
    """A claim over a checked span, with the quote selector's context and the text's hash."""
    return Claim(
        article=article,
        start=span.start,
        end=span.end,
        quote=span.quote,
        prefix=span.prefix,
        suffix=span.suffix,
        text_sha256=article.text_sha256,
        created_by=actor,
        claim_type=claim_type,
        **fields,
    )


def _claim_create(article, actor, start, end, quote, claim_type, status, participants, fields):
    project = article.project
    article = Article.objects.select_for_update().get(pk=article.pk)
    _start_assignment(article, actor)
    span = check_span(article.text, start, end, quote, "claim")
    claim_type = label_get(project=project, kind=LabelKind.CLAIM_TYPE, value=claim_type)
    claim = _anchored(article, span, actor, claim_type, status=status, **fields)
    _check_claim_fields(claim, project)
    save(claim, actor, checked=CHECKED)
    if participants:
        claim.participants.set(project_entities(project, participants))
    return claim


def _check_claim_fields(claim: Claim, project: Project) -> None:
    check_when(claim.when, claim.when_source)
    if claim.place is not None:
        project_entities(project, [claim.place])


@transaction.atomic
def claim_update(*, claim: Claim, actor: User | None, version: int, **changes: Any) -> Claim:
    refuse_unknown(changes, CLAIM_FIELDS, "claim")
    project = project_of(claim)
    require_editor_of(project, claim.created_by_id, actor)
    claim = lock(Claim, claim, version)
    participants = changes.pop("participants", None)
    if {"start", "end", "quote"} & changes.keys():
        span = check_span(
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
    save(claim, actor, checked=CHECKED)
    if participants is not None:
        claim.participants.set(project_entities(project, participants))
    return claim


@transaction.atomic
def claim_delete(*, claim: Claim, actor: User | None, version: int | None = None) -> None:
    """Delete a claim with its sources and links; history keeps each of them, and who did it."""
    claim = lock(Claim, claim, version)
    require_editor_of(project_of(claim), claim.created_by_id, actor)
    reason = deleted_with(claim.pk, claim.version)
    for link in Link.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)):
        link._change_reason = reason
        delete(link, actor)
    attributions = list(claim.attributions.all())
    while attributions:
        cited = {a.parent_id for a in attributions}
        # Split before deleting: delete() sets pk to None, and None is in `cited`.
        leaves = [a for a in attributions if a.pk not in cited]
        attributions = [a for a in attributions if a.pk in cited]
        for attribution in leaves:
            attribution._change_reason = reason
            delete(attribution, actor)
    delete(claim, actor)


def deleted_with(claim_id: int, version: int) -> str:
    """The history's change reason of sources and links that went with a deleted claim.

    The claim's version tells one deletion from another: a restored claim goes up a version.
    """
    return f"deleted with claim {claim_id} at version {version}"


@transaction.atomic
def claim_restore(*, claim_id: int, actor: User) -> Claim:
    """Undo a delete: the claim comes back under its id, with the sources and links that went
    with it (links only where the other claim still exists)."""
    if Claim.objects.filter(pk=claim_id).exists():
        raise ValidationError("This claim exists; there is nothing to bring back.")
    records = list(Claim.history.filter(id=claim_id)[:2])
    if not records or records[0].history_type != "-":
        raise ValidationError("There is no deleted claim to bring back.")
    gone, last = records[0], records[-1]
    article = Article.objects.select_for_update().filter(pk=gone.article_id).first()
    if article is None:
        raise ValidationError("The claim's article has been deleted.")
    require_editor_of(article.project, gone.created_by_id, actor)
    if gone.text_sha256 != article.text_sha256:
        raise ValidationError("The article's text has changed since; the claim cannot go back.")
    claim = gone.instance
    claim.version += 1
    claim._history_user = actor
    claim.save(force_insert=True)
    claim.participants.set([row.entity_id for row in last.participants.all()])
    reason = deleted_with(claim_id, gone.version)
    _restore(Attribution.history.filter(history_type="-", history_change_reason=reason), actor)
    links = list(Link.history.filter(history_type="-", history_change_reason=reason))
    ends = {row.from_claim_id for row in links} | {row.to_claim_id for row in links}
    existing = set(Claim.objects.filter(pk__in=ends).values_list("pk", flat=True))
    _restore([row for row in links if {row.from_claim_id, row.to_claim_id} <= existing], actor)
    return claim


def _restore(records: Iterable, actor: User) -> None:
    """Bring rows back from their deletion records, under their ids, oldest first."""
    done = set()
    for record in sorted(records, key=lambda row: row.id):
        if (
            record.id not in done
            and not type(record.instance).objects.filter(pk=record.id).exists()
        ):
            restored = record.instance
            restored._history_user = actor
            restored.save(force_insert=True)
        done.add(record.id)


@transaction.atomic
def claim_bulk_create(
    *, project: Project, actor: User, rows: Iterable[dict], batch_size: int = 2000
) -> int:
    """Many claims in a few queries, for imports: each row is checked as claim_create checks it.

    A row is {"article": Article, "start", "end", "quote", "claim_type"} and optionally "when",
    "when_source", "note", "status". The first bad row refuses the whole batch, naming its number.
    """
    require_member(project, actor)
    types = {
        label.value: label
        for label in Label.objects.filter(project=project, kind=LabelKind.CLAIM_TYPE)
    }
    made = []
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        article = row.pop("article")
        try:
            if article.project_id != project.pk:
                raise ValidationError("The article belongs to another project.")
            span = check_span(
                article.text, row.pop("start"), row.pop("end"), row.pop("quote"), "claim"
            )
            claim_type = types.get(row.pop("claim_type"))
            if claim_type is None:
                raise ValidationError(f"Unknown claim type; known: {', '.join(types)}.")
            claim = _anchored(article, span, actor, claim_type, **row)
            check_when(claim.when, claim.when_source)
        except (ValidationError, TypeError) as error:
            messages = getattr(error, "messages", [str(error)])
            raise ValidationError(f"Claim {number}: {' '.join(messages)}") from None
        made.append(claim)
    bulk_create_with_history(made, Claim, batch_size=batch_size, default_user=actor)
    return len(made)
