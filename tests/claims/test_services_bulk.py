"""claim_bulk_create: the import path, checked row by row, written in a few queries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import Claim
from tests.factories import ARTICLE_TEXT, make_article

pytestmark = pytest.mark.django_db


def row(article, quote, claim_type="statement", **fields):
    start = article.text.index(quote)
    return {
        "article": article,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "claim_type": claim_type,
        **fields,
    }


def test_bulk_create_writes_every_claim_with_its_context_and_history(article, annotator):
    quotes = ["Der Vertrag", "so Putin", "🇰🇵🤝🇷🇺", "Pjo\u0308ngjang"]
    count = services.claim_bulk_create(
        project=article.project,
        actor=annotator,
        rows=[row(article, q, when="2024", when_source="typed") for q in quotes],
    )
    assert count == 4
    for claim in Claim.objects.all():
        assert ARTICLE_TEXT[claim.start : claim.end] == claim.quote
        assert claim.prefix == ARTICLE_TEXT[max(0, claim.start - 32) : claim.start]
        assert claim.text_sha256 == article.text_sha256
        assert claim.history.get().history_user == annotator
    assert sorted(Claim.objects.values_list("quote", flat=True)) == sorted(quotes)


def test_bulk_create_makes_no_query_per_row(project, annotator):
    article = make_article(project, text="Kim traf Putin. " * 300)
    rows = [
        {
            "article": article,
            "start": i * 16,
            "end": i * 16 + 15,
            "quote": "Kim traf Putin.",
            "claim_type": "meeting",
        }
        for i in range(300)
    ]
    with CaptureQueriesContext(connection) as queries:
        services.claim_bulk_create(project=project, actor=annotator, rows=rows)
    assert Claim.objects.count() == 300
    # batches only: SQLite caps the parameters of one statement, PostgreSQL takes all at once
    assert len(queries) <= (30 if connection.vendor == "sqlite" else 6)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"quote": "der Vertrag"}, "Claim 2: The claim's quote does not match"),
        ({"claim_type": "rumour"}, "Claim 2: Unknown claim type; known: date, meeting"),
        ({"when": "June 2024", "when_source": "typed"}, "Claim 2: “June 2024” is not a date"),
        ({"end": 10**6}, "Claim 2: The claim's span"),
    ],
)
def test_one_bad_row_refuses_the_whole_batch_naming_its_number(article, annotator, bad, message):
    rows = [row(article, "so Putin"), {**row(article, "Der Vertrag"), **bad}]
    with pytest.raises(ValidationError) as refusal:
        services.claim_bulk_create(project=article.project, actor=annotator, rows=rows)
    assert refusal.value.messages[0].startswith(message)
    assert not Claim.objects.exists()
    assert not Claim.history.exists()


def test_bulk_create_into_an_article_of_another_project_is_refused(article, annotator, manager):
    elsewhere = make_article(services.project_create(name="B", slug="b", actor=manager))
    with pytest.raises(ValidationError, match="Claim 1: The article belongs to another project"):
        services.claim_bulk_create(
            project=article.project, actor=annotator, rows=[row(elsewhere, "so Putin")]
        )
    assert not Claim.objects.exists()


def test_bulk_create_by_an_outsider_is_refused(article, outsider):
    with pytest.raises(PermissionDenied):
        services.claim_bulk_create(
            project=article.project, actor=outsider, rows=[row(article, "so Putin")]
        )
    assert not Claim.objects.exists()
