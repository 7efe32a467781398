"""Two people save the same claim at the same moment, through the pages and through the API, 100
times each: one save wins, the other is told who changed the claim, and nothing is lost."""

from functools import partial

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim
from tests.annotate.test_workspace import HX, claim_data, notice, region, url
from tests.api.conftest import QUOTE
from tests.factories import make_claim
from tests.reliability.helpers import postgresql_only, race

# Real threads on real connections: each commits, so the test cannot run inside a transaction;
# deselected on SQLite (conftest.py), where writers never overlap.
pytestmark = [pytest.mark.django_db(transaction=True), postgresql_only]
ROUNDS = 100


@pytest.fixture
def claim(article, annotator):
    """Anna's claim; Rita, a reviewer, may change it too."""
    return make_claim(article, annotator, QUOTE)


def notes_for(round_: int) -> dict[str, str]:
    return {"anna": f"Annas Notiz, Runde {round_}", "rita": f"Ritas Notiz, Runde {round_}"}


def winner_of(answers: dict, round_: int) -> tuple[str, str]:
    """Who saved and who was refused; fails unless exactly one save succeeded."""
    statuses = {name: answer.status_code for name, answer in answers.items()}
    won = [name for name, code in statuses.items() if code == 200]
    assert len(won) == 1, f"round {round_}: {statuses}"
    loser = next(name for name in answers if name != won[0])
    return won[0], loser


def assert_one_saved(claim: Claim, before: tuple[int, int], note: str, user: str) -> None:
    """The claim went up one version with the winner's note, with one new history record."""
    version, records = before
    claim.refresh_from_db()
    assert (claim.version, claim.note) == (version + 1, note)
    assert claim.history.count() == records + 1
    newest = claim.history.select_related("history_user").first()
    assert (newest.version, newest.note, newest.history_user.username) == (version + 1, note, user)


def stale_message(winner: str, version: int) -> str:
    return (
        f"This claim was changed by {winner} since you opened it (you have version {version}, "
        f"it is now at version {version + 1})"
    )


def test_two_editors_saving_the_same_version_in_the_editor_one_wins_the_other_gets_422(
    claim, annotator, reviewer
):
    clients = {"anna": Client(), "rita": Client()}
    clients["anna"].force_login(annotator)
    clients["rita"].force_login(reviewer)
    path = url("claim-form", claim.pk)

    for round_ in range(ROUNDS):
        notes = notes_for(round_)
        forms = {name: claim_data(claim, note=note) for name, note in notes.items()}
        before = (claim.version, claim.history.count())
        posts = [partial(clients[n].post, path, forms[n], headers=HX) for n in clients]
        answers = dict(zip(clients, race(*posts), strict=True))

        winner, loser = winner_of(answers, round_)
        refused = answers[loser]
        assert refused.status_code == 422, f"round {round_}"
        assert stale_message(winner, before[0]) in notice(refused), f"round {round_}"
        # What the loser typed is still in the form, to be saved again after a reload.
        assert f">{notes[loser]}</textarea>" in region(refused, "claim-editor")
        assert_one_saved(claim, before, notes[winner], winner)


def test_two_api_clients_patching_with_the_same_if_match_one_wins_the_other_gets_412(
    claim, annotator, reviewer
):
    clients = {"anna": APIClient(), "rita": APIClient()}
    clients["anna"].force_authenticate(annotator)
    clients["rita"].force_authenticate(reviewer)
    path = f"/api/v1/claims/{claim.pk}/"

    for round_ in range(ROUNDS):
        notes = notes_for(round_)
        claim.refresh_from_db()
        before = (claim.version, claim.history.count())
        tag = f'"{claim.version}"'
        patches = [
            partial(clients[n].patch, path, {"note": notes[n]}, format="json", HTTP_IF_MATCH=tag)
            for n in clients
        ]
        answers = dict(zip(clients, race(*patches), strict=True))

        winner, loser = winner_of(answers, round_)
        assert answers[winner].headers["ETag"] == f'"{before[0] + 1}"'
        assert answers[winner].json()["note"] == notes[winner]
        refused = answers[loser]
        assert refused.status_code == 412, f"round {round_}"
        assert stale_message(winner, before[0]) in refused.json()["detail"], f"round {round_}"
        assert_one_saved(claim, before, notes[winner], winner)
