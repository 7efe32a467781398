"""Assignments and reviews: claims/services/workflow.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Assignment, AssignmentStatus, Claim, Link, Review, Status
from tests.factories import make_article, make_claim


@pytest.fixture
def other_article(project):
    return make_article(project, title="Vertrag unterzeichnet")


@pytest.fixture
def assignment(article, annotator, manager):
    return services.assignment_create(article=article, annotator=annotator, actor=manager)


def statuses(model, **filters):
    return list(model.objects.filter(**filters).order_by("pk").values_list("status", "version"))


# assignment_create


def test_assignment_create_assigns_a_member_and_records_who_assigned(assignment, manager):
    assignment.refresh_from_db()
    assert (assignment.status, assignment.assigned_by) == (AssignmentStatus.ASSIGNED, manager)


def test_assignment_create_twice_keeps_one_assignment(article, annotator, manager, assignment):
    again = services.assignment_create(article=article, annotator=annotator, actor=manager)

    assert again.pk == assignment.pk
    assert Assignment.objects.count() == 1


def test_assignment_create_of_a_non_member_is_refused(article, manager, outsider):
    with pytest.raises(ValidationError, match="otto is not a member of “Kim and Shoigu”"):
        services.assignment_create(article=article, annotator=outsider, actor=manager)

    assert not Assignment.objects.exists()


@pytest.mark.parametrize("who", ["annotator", "reviewer", "outsider"])
def test_assignment_create_by_anyone_but_a_manager_is_refused(article, annotator, request, who):
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            article=article, annotator=annotator, actor=request.getfixturevalue(who)
        )

    assert not Assignment.objects.exists()


# assignment_submit


def test_assignment_submit_turns_the_annotators_drafts_into_submitted(
    article, other_article, annotator, annotator_b, assignment
):
    mine = make_claim(article, annotator, "Der Vertrag")
    mine_too = make_claim(article, annotator, "so Putin")
    elsewhere = make_claim(other_article, annotator, "Juni\u00a02024")
    theirs = make_claim(article, annotator_b, "Der Vertrag")
    services.link_create(from_claim=mine, to_claim=elsewhere, relation="agrees", actor=annotator)
    services.link_create(from_claim=mine, to_claim=mine_too, relation="discusses", actor=annotator)

    services.assignment_submit(assignment=assignment, actor=annotator)

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert assignment.submitted_at is not None
    assert statuses(Claim, pk__in=[mine.pk, mine_too.pk]) == [(Status.SUBMITTED, 2)] * 2
    assert statuses(Link, created_by=annotator) == [(Status.SUBMITTED, 2)] * 2
    assert statuses(Claim, pk__in=[elsewhere.pk, theirs.pk]) == [(Status.DRAFT, 1)] * 2
    history = Claim.history.filter(id=mine.pk).first()
    assert (history.status, history.history_user) == (Status.SUBMITTED, annotator)


def test_assignment_submit_leaves_accepted_and_rejected_claims_alone(
    article, annotator, reviewer, assignment
):
    accepted = make_claim(article, annotator, "Der Vertrag")
    services.review_decide(target=accepted, decision="accept", actor=reviewer, version=1)

    services.assignment_submit(assignment=assignment, actor=annotator)

    assert statuses(Claim, pk=accepted.pk) == [(Status.ACCEPTED, 2)]


@pytest.mark.parametrize("who", ["annotator_b", "reviewer", "manager", "outsider"])
def test_assignment_submit_by_anyone_but_the_assigned_annotator_is_refused(
    article, annotator, assignment, request, who
):
    claim = make_claim(article, annotator, "Der Vertrag")
    history = Claim.history.count()

    with pytest.raises(PermissionDenied, match="Only the assigned annotator can submit"):
        services.assignment_submit(assignment=assignment, actor=request.getfixturevalue(who))

    assignment.refresh_from_db()
    assert (assignment.status, assignment.submitted_at) == (AssignmentStatus.IN_PROGRESS, None)
    assert statuses(Claim, pk=claim.pk) == [(Status.DRAFT, 1)]
    assert Claim.history.count() == history


# review_decide


@pytest.mark.parametrize(
    ("decision", "status"), [("accept", Status.ACCEPTED), ("reject", Status.REJECTED)]
)
@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_review_decide_on_a_claim_sets_its_status_and_keeps_the_review(
    article, annotator, request, who, decision, status
):
    actor = request.getfixturevalue(who)
    claim = make_claim(article, annotator, "Der Vertrag")

    review = services.review_decide(
        target=claim, decision=decision, actor=actor, version=1, comment="checked against TASS"
    )

    assert statuses(Claim, pk=claim.pk) == [(status, 2)]
    review.refresh_from_db()
    assert (review.claim_id, review.link_id, review.reviewer) == (claim.pk, None, actor)
    assert (review.decision, review.comment) == (decision, "checked against TASS")
    assert Claim.history.filter(id=claim.pk).first().history_user == actor


@pytest.mark.parametrize(
    ("decision", "status"), [("accept", Status.ACCEPTED), ("reject", Status.REJECTED)]
)
def test_review_decide_on_a_link_sets_its_status(
    article, other_article, annotator, reviewer, decision, status
):
    link = services.link_create(
        from_claim=make_claim(article, annotator, "Der Vertrag"),
        to_claim=make_claim(other_article, annotator, "so Putin"),
        relation="agrees",
        actor=annotator,
    )

    review = services.review_decide(target=link, decision=decision, actor=reviewer, version=1)

    assert statuses(Link, pk=link.pk) == [(status, 2)]
    assert (review.link_id, review.claim_id) == (link.pk, None)


@pytest.mark.parametrize("who", ["annotator", "annotator_b", "outsider"])
def test_review_decide_by_someone_who_is_not_a_reviewer_is_refused(
    article, annotator, request, who
):
    claim = make_claim(article, annotator, "Der Vertrag")

    with pytest.raises(PermissionDenied):
        services.review_decide(
            target=claim, decision="accept", actor=request.getfixturevalue(who), version=1
        )

    assert statuses(Claim, pk=claim.pk) == [(Status.DRAFT, 1)]
    assert not Review.objects.exists()


def test_review_decide_of_a_link_by_an_annotator_is_refused(
    article, other_article, annotator, annotator_b
):
    link = services.link_create(
        from_claim=make_claim(article, annotator, "Der Vertrag"),
        to_claim=make_claim(other_article, annotator, "so Putin"),
        relation="agrees",
        actor=annotator,
    )

    with pytest.raises(PermissionDenied):
        services.review_decide(target=link, decision="accept", actor=annotator_b, version=1)

    assert statuses(Link, pk=link.pk) == [(Status.DRAFT, 1)]
    assert not Review.objects.exists()


def test_review_decide_with_an_unknown_decision_is_refused(article, annotator, reviewer):
    claim = make_claim(article, annotator, "Der Vertrag")

    with pytest.raises(ValidationError) as refusal:
        services.review_decide(target=claim, decision="maybe", actor=reviewer, version=1)

    assert refusal.value.message_dict == {"decision": ["“maybe” is neither accept nor reject."]}
    assert statuses(Claim, pk=claim.pk) == [(Status.DRAFT, 1)]
    assert not Review.objects.exists()


def test_review_decide_with_a_stale_version_names_who_changed_it(article, annotator, reviewer):
    claim = make_claim(article, annotator, "Der Vertrag")
    services.claim_update(claim=claim, version=1, actor=annotator, note="fixed")

    with pytest.raises(services.StaleVersion, match="changed by anna since you opened it"):
        services.review_decide(target=claim, decision="accept", actor=reviewer, version=1)

    assert statuses(Claim, pk=claim.pk) == [(Status.DRAFT, 2)]
    assert not Review.objects.exists()


def test_the_first_claim_on_an_assigned_article_puts_the_assignment_in_progress(
    project, article, annotator, annotator_b
):
    mine = services.assignment_create(article=article, annotator=annotator, actor=None)
    other = services.assignment_create(article=article, annotator=annotator_b, actor=None)

    make_claim(article, annotator, "Der Vertrag")
    make_claim(article, annotator, "so Putin")

    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == ("in_progress", "assigned")
    assert [h.status for h in mine.history.order_by("history_date")] == [
        "assigned",
        "in_progress",
    ]
    assert mine.history.first().history_user == annotator
