"""A claim's sourcing and its entities, edited inside the claim editor."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotate import forms
from annotate.views.workspace import REFUSALS, _form_errors, _int, answer, refused
from claims import offsets, selectors, services
from claims.models import Attribution, Claim, EntityKind

EDITOR = ("claim-editor", "claim-list", "notice")


def _entity(request, project, name: str, kind: str):
    """The entity of that name (or alias) if the project knows it, else a new one."""
    return selectors.entity_named(project, name) or services.entity_create(
        project=project, kind=kind, name=name, actor=request.user
    )


def _source_fields(request, claim: Claim, data: dict) -> dict:
    """The attribution as the services take it: entities resolved, cue offsets in code points."""
    project, text = claim.article.project, claim.article.text
    source = None
    if data["new_source"].strip():
        source = _entity(
            request,
            project,
            data["new_source"].strip(),
            data["new_source_kind"] or EntityKind.ORGANISATION,
        )
    elif data["source"]:
        source = selectors.entity_get(project, data["source"])
    fields = {
        "source": source,
        "source_kind": data["source_kind"],
        "form": data["form"],
        "stance": data["stance"],
    }
    if data["cue_start"] is not None and data["cue_end"] is not None:
        start, end = offsets.utf16_span_to_codepoints(text, data["cue_start"], data["cue_end"])
        fields.update(cue_start=start, cue_end=end, cue_quote=data["cue_quote"])
    if data["parent"]:
        fields["parent"] = Attribution.objects.filter(claim=claim, pk=data["parent"]).first()
    return fields


@transaction.atomic
def _write_source(request, claim: Claim, attribution: Attribution | None, data: dict) -> None:
    """One transaction: a new source entity is kept only if the attribution is."""
    fields = _source_fields(request, claim, data)
    version = data["version"]
    if attribution is not None:
        services.attribution_update(
            attribution=attribution, actor=request.user, version=version, **fields
        )
        return
    made = services.attribution_create(claim=claim, actor=request.user, version=version, **fields)
    citing = Attribution.objects.filter(claim=claim, pk=data["cited_by"]).first()
    if citing is not None:
        # "Add the source it cites": the new source becomes the parent of the one citing it.
        services.attribution_update(
            attribution=citing, actor=request.user, version=version + 1, parent=made
        )


def _save_source(request, claim: Claim, attribution: Attribution | None):
    form = forms.AttributionForm(request.POST)
    article = claim.article
    if not form.is_valid():
        return refused(
            request,
            article,
            ValidationError(_form_errors(form)),
            EDITOR,
            selected=claim.pk,
            source_form=form,
        )
    try:
        _write_source(request, claim, attribution, form.cleaned_data)
    except REFUSALS as error:
        return refused(request, article, error, EDITOR, selected=claim.pk, source_form=form)
    return answer(request, article, EDITOR, selected=claim.pk, saved="Source saved.")


@require_POST
@login_required
def attribution_create(request, pk: int):
    return _save_source(request, selectors.claim_get_for_user(request.user, pk), None)


@require_POST
@login_required
def attribution_update(request, pk: int):
    attribution = selectors.attribution_get_for_user(request.user, pk)
    claim = selectors.claim_get_for_user(request.user, attribution.claim_id)
    return _save_source(request, claim, attribution)


@require_POST
@login_required
def attribution_delete(request, pk: int):
    attribution = selectors.attribution_get_for_user(request.user, pk)
    claim = selectors.claim_get_for_user(request.user, attribution.claim_id)
    try:
        services.attribution_delete(
            attribution=attribution,
            actor=request.user,
            version=_int(request.POST.get("version")) or 0,
        )
    except REFUSALS as error:
        return refused(request, claim.article, error, selected=claim.pk)
    return answer(request, claim.article, EDITOR, selected=claim.pk, saved="Source removed.")


@require_POST
@login_required
def claim_entity(request, pk: int):
    """Add or remove a participant, or set the place; a new name creates the entity."""
    claim = selectors.claim_get_for_user(request.user, pk)
    form = forms.EntityForm(request.POST)
    if not form.is_valid():
        return refused(request, claim.article, ValidationError(_form_errors(form)), selected=pk)
    try:
        _write_entity(request, claim, form.cleaned_data)
    except REFUSALS as error:
        return refused(request, claim.article, error, selected=pk)
    return answer(request, claim.article, EDITOR, selected=pk, saved="Saved.")


@transaction.atomic
def _write_entity(request, claim: Claim, data: dict) -> None:
    project = claim.article.project
    if data["name"].strip():
        entity = _entity(request, project, data["name"].strip(), data["kind"] or "person")
    else:
        entity = selectors.entity_get(project, data["entity"])
    if data["role"] == "place":
        change = {"place": None if data["remove"] else entity}
    else:
        others = [p for p in claim.participant_list if p.pk != entity.pk]
        change = {"participants": others if data["remove"] else [*others, entity]}
    services.claim_update(claim=claim, actor=request.user, version=data["version"], **change)


@require_GET
@login_required
def entity_options(request, slug: str):
    """Entities matching what was typed, by name or alias, for the pickers."""
    project = selectors.project_get_for_user(request.user, slug=slug)
    query = request.GET.get("q", "")
    context = {
        "entities": selectors.entity_search(project, query) if query.strip() else [],
        "query": query,
        "target": request.GET.get("target", ""),
        "claim_id": _int(request.GET.get("claim")) or 0,
        "version": _int(request.GET.get("version")) or 0,
    }
    return render(request, "annotate/workspace.html#entity-options", context)
