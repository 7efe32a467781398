"""selection_for: who may export what, unknown values named, and the counts of a selection."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from claims.exports import ExportRefused, export_filename, selection_for


def refusal(**kwargs) -> str:
    with pytest.raises(ExportRefused) as caught:
        selection_for(**kwargs)
    return " ".join(caught.value.messages)


def test_refusal_is_a_validation_error():
    assert issubclass(ExportRefused, ValidationError)


def test_an_annotator_may_not_ask_for_drafts(data, annotator):
    message = refusal(project=data.project, actor=annotator, status=["draft"])
    assert message == (
        "Annotators may export gold (accepted) claims only; "
        "ask a reviewer or manager for other statuses."
    )
    message = refusal(project=data.project, actor=annotator, status=["accepted", "submitted"])
    assert message.startswith("Annotators may export gold (accepted) claims only")


def test_an_annotator_may_not_ask_for_another_annotators_claims(data, annotator):
    message = refusal(project=data.project, actor=annotator, annotator=["anna", "ben"])
    assert message == (
        "Annotators may export only their own claims by annotator, not those of ben; "
        "leave the annotator filter empty for all gold claims."
    )


def test_reviewers_and_managers_may_ask_for_anything(data, reviewer, manager):
    for person in (reviewer, manager):
        selection = selection_for(
            project=data.project, actor=person, status=["draft", "rejected"], annotator=["ben"]
        )
        assert selection.filters.status == ("draft", "rejected")


def test_an_outsider_is_refused(data, outsider):
    assert refusal(project=data.project, actor=outsider) == (
        "You are not a member of the project “Kim and Shoigu”."
    )


def test_unknown_status_is_named_with_the_known_ones(data, manager):
    assert refusal(project=data.project, actor=manager, status=["gold"]) == (
        "Unknown status “gold”; known: draft, submitted, accepted, rejected."
    )


def test_unknown_annotator_is_named_with_the_members(data, manager, outsider):
    message = refusal(project=data.project, actor=manager, annotator=["otto"])
    assert message == (
        "Unknown annotator “otto”; known: anna, ben, mona, rita. Annotators are named by username."
    )


def test_unknown_claim_type_is_named_with_the_known_ones(data):
    message = refusal(project=data.project, actor=None, claim_type=["meeting", "rumour"])
    assert message == (
        "Unknown claim type “rumour”; known: date, meeting, treaty_term, quote, role, "
        "military_support, figure, statement."
    )


def test_an_empty_date_range_is_refused(data):
    message = refusal(
        project=data.project,
        actor=None,
        published_from=date(2024, 2, 1),
        published_to=date(2024, 1, 1),
    )
    assert message == (
        "The date range is empty: “published from” (2024-02-01) is after “published to” "
        "(2024-01-01)."
    )


def test_a_command_may_export_anything(data):
    selection = selection_for(project=data.project, actor=None, status=["draft", "rejected"])
    assert selection.counts()["claims"] == 2


def test_counts_of_the_gold_selection(data):
    counts = selection_for(project=data.project, actor=None).counts()
    assert counts == {
        "articles": 4,
        "articles_with_claims": 3,
        "claims": 8,
        "links": 3,
        "claim_types": {
            "date": 1,
            "figure": 1,
            "meeting": 2,
            "quote": 1,
            "role": 1,
            "statement": 1,
            "treaty_term": 1,
        },
        "source_kinds": {"official_person": 1, "state_media": 1, "unattributed": 1},
        "relations": {"discusses": 1, "refines": 1, "same_event": 1},
        "annotators": {"anna": 5, "ben": 3},
    }


def test_counts_follow_the_filters(data):
    counts = selection_for(
        project=data.project, actor=None, status=["submitted"], published_from=date(2024, 6, 1)
    ).counts()
    assert (counts["articles"], counts["claims"], counts["links"]) == (2, 2, 0)
    assert counts["annotators"] == {"anna": 1, "ben": 1}


def test_export_filename(data):
    selection = selection_for(project=data.project, actor=None)
    day = selection.exported_at.strftime("%Y-%m-%d")
    assert export_filename(selection, "jsonl") == f"kim-and-shoigu-gold-{day}.jsonl"
    assert export_filename(selection, "brat") == f"kim-and-shoigu-gold-{day}.zip"
    other = selection_for(project=data.project, actor=None, status=["accepted", "submitted"])
    assert export_filename(other, "w3c") == f"kim-and-shoigu-accepted-submitted-{day}.jsonld"
    with pytest.raises(ExportRefused, match="Unknown export format “xml”"):
        export_filename(selection, "xml")
