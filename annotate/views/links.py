"""Links between claims of different articles: the link panel, and editing links."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_GET, require_POST

from annotate import forms
from annotate.views.workspace import REFUSALS, _form_errors, _int, answer, refused
from claims import selectors, services

LINKED = ("claim-editor", "link-panel", "claim-list", "notice")


@require_GET
@login_required
def link_panel(request, pk: int):
    claim = selectors.claim_get_for_user(request.user, pk)
    search = request.GET.get("q", "")
    return answer(request, claim.article, ("link-panel",), selected=pk, link_search=search)


@require_POST
@login_required
def link_create(request, pk: int):
    claim = selectors.claim_get_for_user(request.user, pk)
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        return refused(request, claim.article, ValidationError(_form_errors(form)), selected=pk)
    data = form.cleaned_data
    try:
        other = selectors.claim_get_for_user(request.user, data["to_claim"])
        from_claim, to_claim = (other, claim) if data["incoming"] else (claim, other)
        services.link_create(
            from_claim=from_claim,
            to_claim=to_claim,
            relation=data["relation"],
            note=data["note"],
            actor=request.user,
        )
    except REFUSALS as error:
        return refused(request, claim.article, error, selected=pk)
    return answer(
        request, claim.article, LINKED, selected=pk, saved="Linked.", link_search=data["search"]
    )


@require_POST
@login_required
def link_update(request, pk: int):
    link = selectors.link_get_for_user(request.user, pk)
    claim_id = _int(request.POST.get("claim")) or link.from_claim_id
    claim = selectors.claim_get_for_user(request.user, claim_id)
    form = forms.LinkUpdateForm(request.POST)
    if not form.is_valid():
        return refused(
            request, claim.article, ValidationError(_form_errors(form)), selected=claim.pk
        )
    data = form.cleaned_data
    try:
        services.link_update(
            link=link,
            actor=request.user,
            version=data["version"],
            relation=data["relation"] or None,
            note=data["note"] if "note" in request.POST else None,
            reverse=data["reverse"],
        )
    except REFUSALS as error:
        return refused(request, claim.article, error, selected=claim.pk)
    return answer(request, claim.article, LINKED, selected=claim.pk, saved="Link saved.")


@require_POST
@login_required
def link_delete(request, pk: int):
    link = selectors.link_get_for_user(request.user, pk)
    claim_id = _int(request.POST.get("claim")) or link.from_claim_id
    claim = selectors.claim_get_for_user(request.user, claim_id)
    try:
        version = _int(request.POST.get("version"))
        if version is None:
            raise ValidationError("Reload the page: the request did not say which version it saw.")
        services.link_delete(link=link, actor=request.user, version=version)
    except REFUSALS as error:
        return refused(request, claim.article, error, selected=claim.pk)
    return answer(request, claim.article, LINKED, selected=claim.pk, saved="Link removed.")
