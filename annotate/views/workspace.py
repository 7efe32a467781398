"""The workspace: one article, its claims, and every action on them.

Every action is one request and answers with the regions it changed, swapped out of band:
the text, the claim list, the editor, the notice line. A refused action answers 422 with the
reason in the notice line (and the editor as it was typed), so nothing the annotator typed is lost.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotate import forms
from annotate.highlight import highlighted_text
from annotate.markdown import render_markdown
from claims import offsets, selectors, services
from claims.models import Article, Claim, EntityKind, LabelKind, Role
from claims.suggest.candidates import link_candidates
from claims.suggest.dates import find_dates

REGIONS = ("article-text", "claim-list", "claim-editor", "notice")


def workspace_context(request, article: Article, *, selected: Claim | None = None) -> dict:
    user, project = request.user, article.project
    role = selectors.role_in(project, user)
    annotator = selectors.annotator_filter(project, user, request.GET.get("annotator"))
    claims = list(selectors.claim_list_for_article(article, user, annotator=annotator))
    return {
        "article": article,
        "project": project,
        "role": role,
        "can_review": role in services.EDITORS,
        "can_edit_metadata": role == Role.MANAGER,
        "claims": claims,
        "text_html": highlighted_text(article.text, claims, selected=selected and selected.pk),
        "claim_types": selectors.label_list(project, LabelKind.CLAIM_TYPE),
        "source_kinds": selectors.label_list(project, LabelKind.SOURCE_KIND),
        "annotators": selectors.article_annotators(article) if role in services.EDITORS else [],
        "annotator": annotator,
        "assignment": selectors.assignment_for(article, user),
        "selected": selected,
        "claims_url": reverse("annotate:claim-form", args=[0]).removesuffix("0/"),
        "entity_kinds": EntityKind.choices,
        "guidelines_html": render_markdown(project.guidelines) if project.guidelines else "",
        "link_relations": selectors.label_list(project, LabelKind.LINK_RELATION),
        "editor": editor_context(article, selected, user) if selected else None,
    }


def editor_context(article: Article, claim: Claim, user, form=None, source_form=None) -> dict:
    """The claim form; its date is pre-filled from the text when the claim has none yet."""
    suggestion = "" if claim.when else _date_in(article, claim)
    initial = {
        "claim_type": claim.claim_type.value,
        "when": claim.when or suggestion,
        "when_suggested": suggestion,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "note": claim.note,
        "version": claim.version,
    }
    return {
        "claim": claim,
        "form": form or forms.ClaimForm(initial=initial),
        "when_suggested": suggestion if not form else form.data.get("when_suggested", ""),
        "source_form": source_form or forms.AttributionForm(initial={"version": claim.version}),
        "attributions": claim.source_list,
        "links": [
            {
                "link": link,
                "outgoing": link.from_claim_id == claim.pk,
                "other": link.to_claim if link.from_claim_id == claim.pk else link.from_claim,
            }
            for link in selectors.link_list_for_claim(claim, user)
        ],
    }


def _date_in(article: Article, claim: Claim) -> str:
    found = find_dates(claim.quote, article.published)
    return found[0].when if found else ""


def regions(request, context: dict, names=REGIONS, *, status: int = 200) -> HttpResponse:
    """The named regions of the workspace, each swapped into the page out of band."""
    context = {"oob": True, **context}
    html = "".join(
        render_to_string(f"annotate/workspace.html#{name}", context, request=request)
        for name in names
    )
    return HttpResponse(html, status=status)


def answer(request, article: Article, names=REGIONS, *, selected: int | None = None, **extra):
    """The regions after a change, drawn from the database as it now is."""
    claim = _visible_claim(request, selected)
    context = workspace_context(request, article, selected=claim)
    if claim is not None and ("form" in extra or "source_form" in extra):
        context["editor"] = editor_context(
            article,
            claim,
            request.user,
            form=extra.pop("form", None),
            source_form=extra.pop("source_form", None),
        )
    if "link-panel" in names and claim is not None:
        search = extra.get("link_search", "")
        context["candidates"] = link_candidates(claim, request.user, search=search)
    return regions(request, {**context, **extra}, names)


def _visible_claim(request, pk: int | None) -> Claim | None:
    """The claim to open, unless it is gone (deleted meanwhile) or hidden from this user."""
    try:
        return selectors.claim_get_for_user(request.user, pk) if pk else None
    except Http404:
        return None


def refused(
    request,
    article: Article,
    error: Exception,
    names=("notice",),
    *,
    selected: int | None = None,
    **extra,
) -> HttpResponse:
    """422 with the reason in the notice line; forms passed in are drawn as they were typed."""
    messages = getattr(error, "messages", None) or [str(error)]
    response = answer(request, article, names, selected=selected, error=" ".join(messages), **extra)
    response.status_code = 422
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _form_errors(form) -> str:
    return "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())


REFUSALS = (ValidationError, PermissionDenied, offsets.OffsetError)


@require_GET
@login_required
def workspace(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    selected = None
    if "claim" in request.GET:
        selected = selectors.claim_get_for_user(request.user, _int(request.GET["claim"]) or 0)
        if selected.article_id != article.pk:
            raise Http404("That claim is in another article.")
    context = workspace_context(request, article, selected=selected)
    return render(request, "annotate/workspace.html", context)


@require_POST
@login_required
def claim_create(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    form = forms.ClaimCreateForm(request.POST)
    if not form.is_valid():
        return refused(request, article, ValidationError(_form_errors(form)))
    data = form.cleaned_data
    try:
        start, end = offsets.utf16_span_to_codepoints(article.text, data["start"], data["end"])
        claim = services.claim_create(
            article=article,
            actor=request.user,
            start=start,
            end=end,
            quote=data["quote"],
            claim_type=data["claim_type"],
            idempotency_key=data["idempotency_key"] or None,
            **_suggested_when(data["when"]),
        )
    except REFUSALS as error:
        return refused(request, article, error)
    return answer(request, article, selected=claim.pk)


def _suggested_when(when: str) -> dict:
    return {"when": when, "when_source": "suggested"} if when else {}


@require_http_methods(["GET", "POST"])
@login_required
def claim_form(request, pk: int):
    claim = selectors.claim_get_for_user(request.user, pk)
    article = claim.article
    if request.method == "GET":
        return answer(request, article, ("article-text", "claim-list", "claim-editor"), selected=pk)
    form = forms.ClaimForm(request.POST)
    editor = ("claim-editor", "notice")
    if not form.is_valid():
        return refused(
            request, article, ValidationError(_form_errors(form)), editor, selected=pk, form=form
        )
    try:
        services.claim_update(
            claim=claim, actor=request.user, version=form.cleaned_data["version"], **form.changes()
        )
    except REFUSALS as error:
        return refused(request, article, error, editor, selected=pk, form=form)
    return answer(request, article, selected=pk, saved="Saved.")


@require_POST
@login_required
def claim_delete(request, pk: int):
    claim = selectors.claim_get_for_user(request.user, pk)
    article = claim.article
    try:
        services.claim_delete(
            claim=claim, actor=request.user, version=_int(request.POST.get("version"))
        )
    except REFUSALS as error:
        return refused(request, article, error, selected=pk)
    request.session[f"undo-{article.pk}"] = pk
    return answer(request, article, deleted=claim, undo=True)


@require_POST
@login_required
def claim_undo(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    claim_id = request.session.pop(f"undo-{article.pk}", None)
    try:
        if claim_id is None:
            raise ValidationError("There is no deleted claim to bring back.")
        claim = services.claim_restore(claim_id=claim_id, actor=request.user)
    except REFUSALS as error:
        return refused(request, article, error)
    return answer(request, article, selected=claim.pk, saved="Brought back.")


@require_POST
@login_required
def article_metadata(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    form = forms.ArticleMetadataForm(request.POST)
    if not form.is_valid():
        return refused(request, article, ValidationError(_form_errors(form)))
    try:
        article = services.article_update(article=article, actor=request.user, **form.cleaned_data)
    except REFUSALS as error:
        return refused(request, article, error)
    return answer(request, article, ("article-meta", "notice"), saved="Metadata saved.")


@require_POST
@login_required
def article_submit(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    assignment = selectors.assignment_for(article, request.user)
    if assignment is None:
        raise Http404("This article is not assigned to you.")
    services.assignment_submit(assignment=assignment, actor=request.user)
    following = selectors.next_assignment(article.project, request.user)
    if following is None:
        return HttpResponseClientRedirect(reverse("annotate:queue", args=[article.project.slug]))
    return HttpResponseClientRedirect(reverse("annotate:workspace", args=[following.article_id]))
