"""Links between claims: claims/services/links.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Link, Status
from tests.factories import make_article, make_claim, make_project


def link_counts():
    return Link.objects.count(), Link.history.count()


@pytest.fixture
def claim_a(article, annotator):
    return make_claim(article, annotator, "Der Vertrag", claim_type="treaty_term")


@pytest.fixture
def claim_b(project, annotator):
    other_article = make_article(project, title="Vertrag unterzeichnet")
    return make_claim(other_article, annotator, "Juni\u00a02024", claim_type="date")


def link(from_claim, to_claim, actor, relation="agrees", **fields):
    return services.link_create(
        from_claim=from_claim, to_claim=to_claim, relation=relation, actor=actor, **fields
    )


# link_create


def test_link_create_between_claims_of_two_articles_stores_it_as_a_draft(
    claim_a, claim_b, annotator
):
    created = link(claim_a, claim_b, annotator, relation="refines", note="month given")

    created.refresh_from_db()
    assert (created.from_claim, created.to_claim) == (claim_a, claim_b)
    assert (created.relation.value, created.note) == ("refines", "month given")
    assert (created.status, created.version, created.created_by) == (Status.DRAFT, 1, annotator)
    assert created.history.get().history_user == annotator


def test_link_create_from_a_claim_to_itself_is_refused(claim_a, annotator):
    before = link_counts()

    with pytest.raises(ValidationError) as refusal:
        link(claim_a, claim_a, annotator)

    assert refusal.value.messages == ["A claim cannot be linked to itself."]
    assert link_counts() == before


def test_link_create_duplicate_by_the_same_annotator_is_refused(claim_a, claim_b, annotator):
    link(claim_a, claim_b, annotator, relation="refines")
    before = link_counts()

    with pytest.raises(ValidationError) as refusal:
        link(claim_a, claim_b, annotator, relation="refines")

    assert refusal.value.messages == ["These two claims are already linked as “refines”."]
    assert link_counts() == before


@pytest.mark.parametrize("relation", ["agrees", "contradicts", "same_event"])
def test_link_create_of_a_symmetric_relation_in_reverse_is_a_duplicate(
    claim_a, claim_b, annotator, relation
):
    link(claim_a, claim_b, annotator, relation=relation)
    before = link_counts()

    with pytest.raises(ValidationError) as refusal:
        link(claim_b, claim_a, annotator, relation=relation)

    assert refusal.value.messages == [
        f"These two claims are already linked as “{relation}” (in either direction)."
    ]
    assert link_counts() == before


@pytest.mark.parametrize("relation", ["refines", "supersedes", "discusses"])
def test_link_create_of_a_directed_relation_in_reverse_is_allowed(
    claim_a, claim_b, annotator, relation
):
    link(claim_a, claim_b, annotator, relation=relation)

    link(claim_b, claim_a, annotator, relation=relation)

    assert Link.objects.filter(relation__value=relation).count() == 2


def test_link_create_with_another_relation_between_the_same_claims_is_allowed(
    claim_a, claim_b, annotator
):
    link(claim_a, claim_b, annotator, relation="agrees")

    link(claim_a, claim_b, annotator, relation="same_event")

    assert Link.objects.count() == 2


def test_link_create_of_the_same_link_between_gold_claims_by_another_annotator_is_allowed(
    project, claim_a, claim_b, annotator, annotator_b, reviewer
):
    for claim in (claim_a, claim_b):
        services.review_decide(
            target=claim, decision="accept", actor=reviewer, version=claim.version
        )
    link(claim_a, claim_b, annotator, relation="agrees")

    link(claim_b, claim_a, annotator_b, relation="agrees")

    assert Link.objects.count() == 2


def test_link_create_to_another_annotators_draft_claim_is_refused_in_blind_mode(
    project, claim_a, claim_b, annotator_b
):
    own = make_claim(claim_b.article, annotator_b, "Pjöngjang")
    before = link_counts()

    with pytest.raises(PermissionDenied, match="only your own claims and accepted ones"):
        link(own, claim_a, annotator_b)

    assert link_counts() == before


def test_link_create_across_projects_is_refused(claim_a, annotator, manager):
    elsewhere = make_project(name="Elsewhere", manager=manager, annotator=[annotator])
    foreign_claim = make_claim(make_article(elsewhere), annotator, "so Putin")
    before = link_counts()

    with pytest.raises(ValidationError) as refusal:
        link(claim_a, foreign_claim, annotator, relation="agrees")

    (message,) = refusal.value.messages
    assert message == "These claims belong to different projects; links stay inside one project."
    assert link_counts() == before


def test_link_create_with_an_unknown_relation_lists_the_known_ones(claim_a, claim_b, annotator):
    before = link_counts()

    with pytest.raises(ValidationError) as refusal:
        link(claim_a, claim_b, annotator, relation="implies")

    assert refusal.value.messages == [
        "“implies” is not a link relation of Kim and Shoigu; known: agrees, contradicts, "
        "refines, same_event, supersedes, discusses."
    ]
    assert link_counts() == before


def test_link_create_with_a_claim_type_as_relation_is_refused(project, claim_a, claim_b, annotator):
    claim_type = claim_a.claim_type
    before = link_counts()

    with pytest.raises(ValidationError, match="“treaty_term” is not a link relation of"):
        link(claim_a, claim_b, annotator, relation=claim_type)

    assert link_counts() == before


def test_link_create_by_an_outsider_is_refused(claim_a, claim_b, outsider):
    before = link_counts()

    with pytest.raises(PermissionDenied):
        link(claim_a, claim_b, outsider)

    assert link_counts() == before


# link_update


def test_link_update_with_the_current_version_changes_it_and_raises_the_version(
    claim_a, claim_b, annotator
):
    created = link(claim_a, claim_b, annotator, relation="agrees")

    updated = services.link_update(
        link=created, actor=annotator, version=1, relation="refines", note="narrower"
    )

    created.refresh_from_db()
    assert updated.version == created.version == 2
    assert (created.relation.value, created.note) == ("refines", "narrower")
    assert created.history.first().history_user == annotator


def test_link_update_with_a_stale_version_names_who_changed_it_and_changes_nothing(
    claim_a, claim_b, annotator, reviewer
):
    created = link(claim_a, claim_b, annotator, relation="agrees")
    services.link_update(link=created, actor=reviewer, version=1, note="seen")
    history = Link.history.count()

    with pytest.raises(services.StaleVersion) as refusal:
        services.link_update(link=created, actor=annotator, version=1, relation="contradicts")

    (message,) = refusal.value.messages
    assert "This link was changed by rita since you opened it" in message
    assert "(you have version 1, it is now at version 2)" in message
    created.refresh_from_db()
    assert (created.relation.value, created.note, created.version) == ("agrees", "seen", 2)
    assert Link.history.count() == history


def test_link_update_reverse_swaps_the_direction(claim_a, claim_b, annotator):
    created = link(claim_a, claim_b, annotator, relation="refines")

    services.link_update(link=created, actor=annotator, version=1, reverse=True)

    created.refresh_from_db()
    assert (created.from_claim, created.to_claim, created.version) == (claim_b, claim_a, 2)


def test_link_update_into_a_duplicate_of_another_link_is_refused_and_changes_nothing(
    claim_a, claim_b, annotator
):
    link(claim_a, claim_b, annotator, relation="agrees")
    other = link(claim_a, claim_b, annotator, relation="refines")

    with pytest.raises(
        ValidationError, match="already linked as “agrees” \\(in either direction\\)"
    ):
        services.link_update(link=other, actor=annotator, version=1, relation="agrees")

    other.refresh_from_db()
    assert (other.relation.value, other.version) == ("refines", 1)


def test_link_update_reversing_into_a_duplicate_is_refused(claim_a, claim_b, annotator):
    link(claim_b, claim_a, annotator, relation="refines")
    other = link(claim_a, claim_b, annotator, relation="refines")

    with pytest.raises(ValidationError, match="already linked as “refines”"):
        services.link_update(link=other, actor=annotator, version=1, reverse=True)

    other.refresh_from_db()
    assert (other.from_claim, other.to_claim, other.version) == (claim_a, claim_b, 1)


def test_link_update_with_an_unknown_relation_lists_the_known_ones(claim_a, claim_b, annotator):
    created = link(claim_a, claim_b, annotator, relation="agrees")

    with pytest.raises(ValidationError, match="known: agrees, contradicts, refines"):
        services.link_update(link=created, actor=annotator, version=1, relation="implies")

    created.refresh_from_db()
    assert (created.relation.value, created.version) == ("agrees", 1)


@pytest.mark.parametrize("who", ["annotator_b", "outsider"])
def test_link_update_by_someone_not_its_author_nor_an_editor_is_refused(
    claim_a, claim_b, annotator, request, who
):
    created = link(claim_a, claim_b, annotator)

    with pytest.raises(PermissionDenied):
        services.link_update(
            link=created, actor=request.getfixturevalue(who), version=1, note="mine"
        )

    created.refresh_from_db()
    assert (created.note, created.version) == ("", 1)


def test_link_update_by_a_reviewer_is_allowed(claim_a, claim_b, annotator, reviewer):
    created = link(claim_a, claim_b, annotator)

    services.link_update(link=created, actor=reviewer, version=1, note="ok")

    created.refresh_from_db()
    assert (created.note, created.version) == ("ok", 2)


# link_delete


def test_link_delete_removes_it_and_records_who(claim_a, claim_b, annotator):
    created = link(claim_a, claim_b, annotator)
    pk = created.pk

    services.link_delete(link=created, actor=annotator, version=1)

    assert not Link.objects.filter(pk=pk).exists()
    assert Link.history.get(id=pk, history_type="-").history_user == annotator


def test_link_delete_with_a_stale_version_is_refused_and_keeps_it(
    claim_a, claim_b, annotator, reviewer
):
    created = link(claim_a, claim_b, annotator)
    services.link_update(link=created, actor=reviewer, version=1, note="seen")
    before = link_counts()

    with pytest.raises(services.StaleVersion, match="changed by rita"):
        services.link_delete(link=created, actor=annotator, version=1)

    assert link_counts() == before


@pytest.mark.parametrize("who", ["annotator_b", "outsider"])
def test_link_delete_by_someone_not_its_author_nor_an_editor_is_refused(
    claim_a, claim_b, annotator, request, who
):
    created = link(claim_a, claim_b, annotator)
    before = link_counts()

    with pytest.raises(PermissionDenied):
        services.link_delete(link=created, actor=request.getfixturevalue(who))

    assert link_counts() == before


def test_link_delete_by_a_manager_is_allowed(claim_a, claim_b, annotator, manager):
    created = link(claim_a, claim_b, annotator)

    services.link_delete(link=created, actor=manager)

    assert not Link.objects.exists()
