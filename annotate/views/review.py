"""The review screen: annotators' versions of each claim side by side; the reviewer decides.

Accepting a version makes it gold and rejects the other versions of the same claim; a version
can be corrected before it is accepted (the review keeps what changed); links are accepted or
rejected one by one. Every decision answers with the table redrawn from the database.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from annotate import forms
from annotate.views.workspace import REFUSALS, _form_errors, _int
from claims import selectors, services
from claims.models import Article, LabelKind


def _require_reviewer(request, article: Article) -> None:
    if selectors.role_in(article.project, request.user) not in services.EDITORS:
        raise PermissionDenied("Reviewing is for the project's reviewers and managers.")


def review_context(request, article: Article, **extra) -> dict:
    annotators, units = selectors.review_units(article, request.user)
    return {
        "article": article,
        "project": article.project,
        "role": selectors.role_in(article.project, request.user),
        "annotators": annotators,
        "units": units,
        "rows": [(unit, [unit.versions.get(name) for name in annotators]) for unit in units],
        "links": selectors.review_links(article, request.user),
        "claim_types": selectors.label_list(article.project, LabelKind.CLAIM_TYPE),
        **extra,
    }


def _answer(request, article: Article, status: int = 200, **extra) -> HttpResponse:
    context = {**review_context(request, article, **extra), "oob": True}
    html = "".join(
        render_to_string(f"annotate/review.html#{name}", context, request=request)
        for name in ("review-table", "review-links", "review-notice")
    )
    return HttpResponse(html, status=status)


def _refused(request, article: Article, error: Exception) -> HttpResponse:
    words = " ".join(getattr(error, "messages", None) or [str(error)])
    return _answer(request, article, status=422, error=words)


@require_GET
@login_required
def review(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    _require_reviewer(request, article)
    return render(request, "annotate/review.html", review_context(request, article))


@require_POST
@login_required
def claim_review(request, pk: int):
    claim = selectors.claim_get_for_user(request.user, pk)
    article = claim.article
    _require_reviewer(request, article)
    _, units = selectors.review_units(article, request.user)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        return _refused(request, article, ValidationError(_form_errors(form)))
    data = form.cleaned_data
    unit = next(u for u in units if claim.pk in {c.pk for c in u.versions.values()})
    try:
        services.review_claim(
            claim=claim,
            actor=request.user,
            version=data["version"],
            decision=data["decision"],
            comment=data["comment"],
            changes=form.changes(),
            alternatives=list(unit.versions.values()),
        )
    except REFUSALS as error:
        return _refused(request, article, error)
    return _answer(request, article, saved=f"{data['decision'].title()}ed.")


@require_POST
@login_required
def link_review(request, pk: int):
    link = selectors.link_get_for_user(request.user, pk)
    article = link.from_claim.article
    _require_reviewer(request, article)
    try:
        services.review_decide(
            target=link,
            decision=request.POST.get("decision", ""),
            actor=request.user,
            version=_int(request.POST.get("version")) or 0,
            comment=request.POST.get("comment", ""),
        )
    except REFUSALS as error:
        return _refused(request, article, error)
    return _answer(request, article, saved="Link decided.")
