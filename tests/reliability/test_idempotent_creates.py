"""Twenty submits of one create at the same moment, as a double click or a client's retries
send them, make one claim: every answer names it, and none is a server error."""

from functools import partial

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, Idempotency
from tests.annotate.test_workspace import HX, browser_span, region, url
from tests.api.conftest import span
from tests.factories import ARTICLE_TEXT
from tests.reliability.helpers import postgresql_only, race

# Real threads on real connections: each commits, so the test cannot run inside a transaction;
# deselected on SQLite (conftest.py), where writers never overlap.
pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
SUBMITS = 20


def assert_one_claim_made() -> Claim:
    claim = Claim.objects.get()
    assert claim.history.count() == 1
    assert Idempotency.objects.count() == 1
    return claim


def test_twenty_parallel_editor_creates_with_one_key_make_one_claim(article, annotator):
    clients = [Client() for _ in range(SUBMITS)]
    for client in clients:
        client.force_login(annotator)
    data = {
        **browser_span(ARTICLE_TEXT, "Der Vertrag"),
        "claim_type": "treaty_term",
        "idempotency_key": "5f0e6a52-double-click",
    }
    path = url("claim-create", article.pk)

    answers = race(*(partial(client.post, path, data, headers=HX) for client in clients))

    claim = assert_one_claim_made()
    assert [answer.status_code for answer in answers] == [200] * SUBMITS
    for answer in answers:
        assert f'data-claim="{claim.pk}"' in region(answer, "claim-editor")


@pytest.fixture
def api_creates(article, annotator):
    """Twenty API clients of Anna's sending the same create with the same Idempotency-Key."""
    clients = [APIClient() for _ in range(SUBMITS)]
    for client in clients:
        client.force_authenticate(annotator)
    body = {"article": article.pk, **span(ARTICLE_TEXT, "Kim Jong-un"), "claim_type": "meeting"}
    return [
        partial(client.post, "/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="retry-7")
        for client in clients
    ]


def test_twenty_parallel_api_creates_with_one_key_make_one_claim_and_answer_it(api_creates):
    answers = race(*api_creates)

    claim = assert_one_claim_made()
    assert {answer.status_code for answer in answers} <= {200, 201}
    assert [answer.json()["id"] for answer in answers] == [claim.pk] * SUBMITS


def test_twenty_parallel_api_creates_with_one_key_answer_201_once(api_creates):
    answers = race(*api_creates)

    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200] * (SUBMITS - 1) + [201]
    replayed = sorted(answer.headers["Idempotent-Replayed"] for answer in answers)
    assert replayed == ["false"] + ["true"] * (SUBMITS - 1)
