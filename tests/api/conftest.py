import pytest
from rest_framework.test import APIClient

from claims import services
from claims.models import EntityKind
from tests.factories import ARTICLE_TEXT, make_article, make_claim

QUOTE = "Der Vertrag wurde im Juni\u00a02024 unterzeichnet"
CUE = "so Putin"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_user(api):
    def log_in(user):
        api.force_authenticate(user)
        return api

    return log_in


@pytest.fixture
def kcna(project):
    return services.entity_create(
        project=project,
        kind=EntityKind.AGENCY,
        name="KCNA",
        aliases=["Nordkoreas KCNA"],
        actor=None,
    )


@pytest.fixture
def claim(article, annotator, kcna):
    """Anna's draft treaty claim with KCNA as its source, cued by "so Putin"."""
    made = make_claim(
        article, annotator, QUOTE, claim_type="treaty_term", when="2024-06", when_source="typed"
    )
    cue = ARTICLE_TEXT.index(CUE)
    services.attribution_create(
        claim=made,
        actor=annotator,
        source=kcna,
        source_kind="state_media",
        cue_start=cue,
        cue_end=cue + len(CUE),
        cue_quote=CUE,
    )
    made.refresh_from_db()
    return made


@pytest.fixture
def other_article(project):
    return make_article(project, text="Das Abkommen wurde im Juni 2024 unterzeichnet.")


def span(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}
