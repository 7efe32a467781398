"""Attributions: who the article says a claim comes from."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Attribution,
    Claim,
    LabelKind,
    Project,
)
from claims.services.base import (
    User,
    bump_version,
    check_span,
    delete,
    label_get,
    lock,
    project_entities,
    project_of,
    refuse_unknown,
    require_editor_of,
    save,
)

# Loaded and checked here; see base.save.
CHECKED = ("claim", "parent", "source", "source_kind", "created_by")

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
    refuse_unknown(changes, ATTRIBUTION_FIELDS, "source")
    cue_fields = ("cue_start", "cue_end", "cue_quote")
    if any(field in changes for field in cue_fields):
        start, end, quote = (changes.pop(f, None) for f in cue_fields)
        _set_cue(attribution, claim.article.text, start, end, quote or "")
    if "source_kind" in changes:
        changes["source_kind"] = label_get(
            project=project, kind=LabelKind.SOURCE_KIND, value=changes["source_kind"]
        )
    if changes.get("source") is not None:
        project_entities(project, [changes["source"]])
    if changes.get("parent") is not None:
        _check_parent(attribution, claim, changes["parent"])
    for field, value in changes.items():
        setattr(attribution, field, value)


def _set_cue(attribution: Attribution, text: str, start: Any, end: Any, quote: str) -> None:
    if start is None and end is None and not quote:
        attribution.cue_start = attribution.cue_end = None
        attribution.cue_quote = attribution.cue_prefix = attribution.cue_suffix = ""
        return
    span = check_span(text, start, end, quote, "cue")
    attribution.cue_start, attribution.cue_end, attribution.cue_quote = span.start, span.end, quote
    attribution.cue_prefix, attribution.cue_suffix = span.prefix, span.suffix


def _check_parent(attribution: Attribution, claim: Claim, parent: Attribution) -> None:
    if parent.claim_id != claim.pk:
        raise ValidationError({"parent": "A cited source must belong to the same claim."})
    # Walk the chain as stored, not as the caller's (possibly stale) objects remember it.
    seen, step = set(), Attribution.objects.filter(pk=parent.pk).first()
    if step is None:
        raise ValidationError({"parent": "The cited source no longer exists: someone deleted it."})
    while step is not None:
        if attribution.pk is not None and step.pk == attribution.pk:
            raise ValidationError({"parent": "A source cannot cite itself, even through others."})
        seen.add(step.pk)
        step = step.parent if step.parent_id not in seen else None


@transaction.atomic
def attribution_create(
    *, claim: Claim, actor: User | None, version: int | None = None, **fields: Any
) -> Attribution:
    claim = lock(Claim, claim, version)
    project = project_of(claim)
    require_editor_of(project, claim.created_by_id, actor)
    if "source_kind" not in fields:
        raise ValidationError({"source_kind": "Say what kind of source this is."})
    attribution = Attribution(claim=claim, created_by=actor or claim.created_by)
    _apply_attribution(attribution, claim, project, fields)
    save(attribution, actor, checked=CHECKED)
    bump_version(claim, actor)
    return attribution


@transaction.atomic
def attribution_update(
    *, attribution: Attribution, actor: User | None, version: int, **changes: Any
) -> Attribution:
    """`version` is the claim's: a claim and its sources change together."""
    claim = lock(Claim, attribution.claim, version)
    project = project_of(claim)
    require_editor_of(project, claim.created_by_id, actor)
    attribution = Attribution.objects.get(pk=attribution.pk)
    _apply_attribution(attribution, claim, project, changes)
    save(attribution, actor, checked=CHECKED)
    bump_version(claim, actor)
    return attribution


@transaction.atomic
def attribution_delete(*, attribution: Attribution, actor: User | None, version: int) -> None:
    claim = lock(Claim, attribution.claim, version)
    require_editor_of(project_of(claim), claim.created_by_id, actor)
    citing = attribution.citing.count()
    if citing:
        raise ValidationError(
            f"{citing} other source{'s cite' if citing != 1 else ' cites'} this one; "
            "remove or change them first."
        )
    delete(attribution, actor)
    bump_version(claim, actor)
