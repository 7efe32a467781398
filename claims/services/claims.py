"""Claims: spans of an article that assert something checkable."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from claims.models import (
    Article,
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
    **fields: Any,
) -> Claim:
    """Anchor a claim; the article row stays locked so its text cannot change underneath."""
    refuse_unknown(fields, CLAIM_FIELDS, "claim")
    project = article.project
    require_member(project, actor)
    if status not in {Status.DRAFT, Status.SUBMITTED}:
        require_role(project, actor, EDITORS)
    article = Article.objects.select_for_update().get(pk=article.pk)
    span = check_span(article.text, start, end, quote, "claim")
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
    for link in Link.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)):
        delete(link, actor)
    attributions = list(claim.attributions.all())
    while attributions:
        cited = {a.parent_id for a in attributions}
        # Split before deleting: delete() sets pk to None, and None is in `cited`.
        leaves = [a for a in attributions if a.pk not in cited]
        attributions = [a for a in attributions if a.pk in cited]
        for attribution in leaves:
            delete(attribution, actor)
    delete(claim, actor)
