"""The suggestions panel: accept turns a suggestion into a claim or a source in one click."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_GET, require_POST

from annotate.forms import SuggestionForm
from annotate.views.workspace import REFUSALS, REGIONS, refused, regions, workspace_context
from claims import selectors, services
from claims.models import Article, Claim, Form, Stance
from claims.suggest import Suggestion, suggestions_for

WITH_SUGGESTIONS = (*REGIONS, "suggestions")


def suggestion_context(request, article: Article, claims: list[Claim]) -> dict:
    found = suggestions_for(
        article.text,
        article.published,
        claims=claims,
        entities=selectors.entity_list(article.project),
        dismissed=selectors.dismissed_keys(article, request.user),
    )
    return {"suggestions": found, "suggestions_loaded": True}


def _context(request, article: Article, selected: Claim | None = None) -> dict:
    context = workspace_context(request, article, selected=selected)
    return {**context, **suggestion_context(request, article, context["claims"])}


@require_GET
@login_required
def suggestions(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    context = workspace_context(request, article)
    context.update(suggestion_context(request, article, context["claims"]))
    return regions(request, {**context, "oob": False}, ("suggestions",))


@require_POST
@login_required
def suggestion_accept(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    form = SuggestionForm(request.POST)
    context = _context(request, article)
    found = {s.key: s for s in context["suggestions"]}
    try:
        if not form.is_valid() or form.cleaned_data["key"] not in found:
            raise ValidationError("This suggestion is gone: it was accepted or dismissed already.")
        selected = _accept(request, article, found[form.cleaned_data["key"]], form.cleaned_data)
    except REFUSALS as error:
        return refused(request, article, error)
    selected = selectors.claim_get_for_user(request.user, selected.pk)
    context = _context(request, article, selected)
    return regions(request, {**context, "saved": "Suggestion accepted."}, WITH_SUGGESTIONS)


def _accept(request, article: Article, suggestion: Suggestion, data: dict) -> Claim:
    if suggestion.kind == "date":
        return services.claim_create(
            article=article,
            actor=request.user,
            start=suggestion.start,
            end=suggestion.end,
            quote=suggestion.quote,
            claim_type="date",
            when=suggestion.when,
            when_source="suggested",
        )
    if not data["claim"]:
        raise ValidationError("Select the claim this source belongs to first, then accept.")
    claim = selectors.claim_get_for_user(request.user, data["claim"])
    services.attribution_create(
        claim=claim,
        actor=request.user,
        version=claim.version,
        source=suggestion.entity,
        source_kind=suggestion.source_kind,
        form=Form.REPORTED,
        stance=suggestion.stance or Stance.NEUTRAL,
        cue_start=suggestion.start,
        cue_end=suggestion.end,
        cue_quote=suggestion.quote,
    )
    return claim


@require_POST
@login_required
def suggestion_dismiss(request, pk: int):
    article = selectors.article_get_for_user(request.user, pk)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        services.suggestion_dismiss(
            article=article, actor=request.user, key=form.cleaned_data["key"]
        )
    context = _context(request, article)
    return regions(request, context, ("suggestions",))
