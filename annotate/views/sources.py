"""A claim's sourcing and its entities, edited inside the claim editor."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotate import forms
from annotate.views.workspace import _form_errors, _int, editor_context, refused, regions
from annotate.views.workspace import workspace_context as context_for
from claims import offsets, selectors, services
from claims.models import Attribution, Claim

EDITOR = ("claim-editor", "claim-list", "notice")


def _source_fields(request, claim: Claim, data: dict) -> dict:
    """The attribution as the services take it: entities resolved, cue offsets in code points."""
    project, text = claim.article.project, claim.article.text
    source = None
    if data["new_source"].strip():
        source = services.entity_create(
            project=project,
            kind=data["new_source_kind"] or "organisation",
            name=data["new_source"],
            actor=request.user,
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


def _cite(request, claim: Claim, data: dict, cited: Attribution) -> None:
    """ "Add the source it cites": the new source becomes the parent of the one that cites it."""
    citing = Attribution.objects.filter(claim=claim, pk=data["cited_by"]).first()
    if citing is not None:
        services.attribution_update(
            attribution=citing, actor=request.user, version=data["version"] + 1, parent=cited
        )


def _save_source(request, claim: Claim, attribution: Attribution | None):
    form = forms.AttributionForm(request.POST)
    context = context_for(request, claim.article, selected=claim)
    if not form.is_valid():
        context["editor"] = editor_context(claim.article, claim, source_form=form)
        return refused(request, context, ValidationError(_form_errors(form)), EDITOR)
    data = form.cleaned_data
    try:
        fields = _source_fields(request, claim, data)
        if attribution is None:
            services.attribution_create(
                claim=claim, actor=request.user, version=data["version"], **fields
            )
        else:
            services.attribution_update(
                attribution=attribution, actor=request.user, version=data["version"], **fields
            )
    except (ValidationError, PermissionDenied, offsets.OffsetError) as error:
        context["editor"] = editor_context(claim.article, claim, source_form=form)
        return refused(request, context, error, EDITOR)
    claim = selectors.claim_get_for_user(request.user, claim.pk)
    context = context_for(request, claim.article, selected=claim)
    return regions(request, {**context, "saved": "Source saved."}, EDITOR)


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
    context = context_for(request, claim.article, selected=claim)
    try:
        services.attribution_delete(
            attribution=attribution,
            actor=request.user,
            version=int(request.POST.get("version", -1)),
        )
    except (ValidationError, PermissionDenied) as error:
        return refused(request, context, error)
    claim = selectors.claim_get_for_user(request.user, claim.pk)
    context = context_for(request, claim.article, selected=claim)
    return regions(request, {**context, "saved": "Source removed."}, EDITOR)


@require_POST
@login_required
def claim_entity(request, pk: int):
    """Add or remove a participant, or set the place; a new name creates the entity."""
    claim = selectors.claim_get_for_user(request.user, pk)
    project = claim.article.project
    form = forms.EntityForm(request.POST)
    context = context_for(request, claim.article, selected=claim)
    if not form.is_valid():
        return refused(request, context, ValidationError(_form_errors(form)))
    data = form.cleaned_data
    try:
        if data["name"].strip():
            entity = services.entity_create(
                project=project,
                kind=data["kind"] or "person",
                name=data["name"],
                actor=request.user,
            )
        else:
            entity = selectors.entity_get(project, data["entity"])
        services.claim_update(
            claim=claim,
            actor=request.user,
            version=data["version"],
            **_entity_change(claim, data, entity),
        )
    except (ValidationError, PermissionDenied) as error:
        return refused(request, context, error)
    claim = selectors.claim_get_for_user(request.user, pk)
    context = context_for(request, claim.article, selected=claim)
    return regions(request, {**context, "saved": "Saved."}, EDITOR)


def _entity_change(claim: Claim, data: dict, entity) -> dict:
    if data["role"] == "place":
        return {"place": None if data["remove"] else entity}
    participants = [p for p in claim.participant_list if p.pk != entity.pk]
    return {"participants": participants if data["remove"] else [*participants, entity]}


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
