"""Reads scoped to what a user may see: claims/selectors.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from claims import selectors, services
from claims.models import EntityKind, LabelKind, Project, Status
from tests.factories import UserFactory, make_article, make_claim

EVERYONE = ["annotator", "annotator_b", "reviewer", "manager"]


@pytest.fixture
def work(project, article, annotator, annotator_b, reviewer):
    """Anna's draft, submitted, rejected and gold claims, a draft and a gold link; Ben's draft."""
    other = make_article(project, title="Vertrag unterzeichnet")
    draft = make_claim(article, annotator, "Der Vertrag")
    rejected = make_claim(article, annotator, "so Putin")
    services.review_decide(target=rejected, decision="reject", actor=reviewer, version=1)
    gold = make_claim(article, annotator, "Kim Jong-un")
    services.review_decide(target=gold, decision="accept", actor=reviewer, version=1)
    submitted = make_claim(article, annotator, "Feuerwehrleute", status=Status.SUBMITTED)
    bens = make_claim(article, annotator_b, "Sergei Schoigu")
    target = make_claim(other, annotator, "Juni\u00a02024")
    draft_link = services.link_create(
        from_claim=gold, to_claim=target, relation="agrees", actor=annotator
    )
    gold_link = services.link_create(
        from_claim=gold, to_claim=target, relation="refines", actor=annotator
    )
    services.review_decide(target=gold_link, decision="accept", actor=reviewer, version=1)
    return {
        "draft": draft,
        "submitted": submitted,
        "rejected": rejected,
        "gold": gold,
        "bens": bens,
        "target": target,
        "draft_link": draft_link,
        "gold_link": gold_link,
    }


def pks(queryset):
    return {obj.pk for obj in queryset}


# projects and articles


def test_project_list_for_user_shows_only_the_projects_they_are_in(project, annotator, outsider):
    assert list(selectors.project_list_for_user(annotator)) == [project]
    assert project not in selectors.project_list_for_user(outsider)


def test_project_list_for_user_counts_articles(project, article, annotator):
    make_article(project)

    (listed,) = selectors.project_list_for_user(annotator)

    assert listed.article_count == 2


def test_project_list_for_a_superuser_shows_every_project(project, outsider):
    admin = UserFactory(username="root", is_superuser=True)

    assert pks(selectors.project_list_for_user(admin)) == set(
        Project.objects.values_list("pk", flat=True)
    )


def test_project_get_for_user_of_an_outsider_is_404(project, outsider):
    with pytest.raises(Http404):
        selectors.project_get_for_user(outsider, pk=project.pk)
    with pytest.raises(Http404):
        selectors.project_get_for_user(outsider, slug=project.slug)


def test_project_get_for_user_of_a_member_finds_it_by_pk_or_slug(project, annotator):
    assert selectors.project_get_for_user(annotator, pk=project.pk) == project
    assert selectors.project_get_for_user(annotator, slug=project.slug) == project


def test_article_get_for_user_of_an_outsider_is_404(article, outsider):
    with pytest.raises(Http404):
        selectors.article_get_for_user(outsider, article.pk)


def test_article_get_for_user_of_an_anonymous_user_is_404(article):
    with pytest.raises(Http404):
        selectors.article_get_for_user(AnonymousUser(), article.pk)


def test_article_get_for_user_of_a_missing_article_is_404(annotator, article):
    with pytest.raises(Http404):
        selectors.article_get_for_user(annotator, article.pk + 1000)


@pytest.mark.parametrize("who", EVERYONE)
def test_article_get_for_user_of_a_member_returns_it(article, request, who):
    assert selectors.article_get_for_user(request.getfixturevalue(who), article.pk) == article


def test_article_list_for_project_counts_claims_of_everyone(project, article, work):
    listed = {a.pk: a.claim_count for a in selectors.article_list_for_project(project)}

    assert listed == {article.pk: 5, work["target"].article_id: 1}


# blind annotation: claims


def test_claim_list_for_article_shows_an_annotator_their_own_and_gold_claims(
    article, annotator, work
):
    visible = pks(selectors.claim_list_for_article(article, annotator))

    assert visible == {
        work["draft"].pk,
        work["submitted"].pk,
        work["rejected"].pk,
        work["gold"].pk,
    }


def test_claim_list_for_article_hides_another_annotators_drafts_but_shows_gold(
    article, annotator_b, work
):
    visible = pks(selectors.claim_list_for_article(article, annotator_b))

    assert visible == {work["bens"].pk, work["gold"].pk}


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_claim_list_for_article_shows_reviewers_and_managers_everyones_claims(
    article, work, request, who
):
    visible = pks(selectors.claim_list_for_article(article, request.getfixturevalue(who)))

    assert visible == {
        work["draft"].pk,
        work["submitted"].pk,
        work["rejected"].pk,
        work["gold"].pk,
        work["bens"].pk,
    }


def test_claim_list_for_article_filtered_by_annotator_for_a_reviewer(
    article, annotator_b, reviewer, work
):
    visible = pks(selectors.claim_list_for_article(article, reviewer, annotator=annotator_b))

    assert visible == {work["bens"].pk}


def test_claim_list_for_article_filtered_by_another_annotator_stays_blind(
    article, annotator, annotator_b, work
):
    """Asking for Anna's claims does not let Ben see her drafts."""
    visible = pks(selectors.claim_list_for_article(article, annotator_b, annotator=annotator))

    assert visible == {work["gold"].pk}


def test_claim_list_for_article_shows_an_outsider_nothing(article, outsider, work):
    assert not selectors.claim_list_for_article(article, outsider).exists()


def test_claim_list_for_article_is_ordered_by_position(article, reviewer, work):
    starts = [c.start for c in selectors.claim_list_for_article(article, reviewer)]

    assert starts == sorted(starts)


def test_claim_list_for_article_loads_types_and_sources_in_a_fixed_number_of_queries(
    project, article, annotator, reviewer, django_assert_num_queries
):
    kcna = services.entity_create(
        project=project, kind=EntityKind.AGENCY, name="KCNA", actor=annotator
    )
    for quote in ["Der Vertrag", "so Putin", "Kim Jong-un", "Feuerwehrleute"]:
        claim = make_claim(article, annotator, quote)
        services.attribution_create(
            claim=claim, actor=annotator, source_kind="state_media", source=kcna
        )

    with django_assert_num_queries(8):
        for claim in selectors.claim_list_for_article(article, reviewer):
            assert claim.claim_type.value == "statement"
            assert claim.created_by.username == "anna"
            assert [a.source.name for a in claim.source_list] == ["KCNA"]
            assert claim.participant_list == []


def test_claim_get_for_user_of_another_annotators_draft_is_404(annotator_b, work):
    with pytest.raises(Http404):
        selectors.claim_get_for_user(annotator_b, work["draft"].pk)


@pytest.mark.parametrize("which", ["submitted", "rejected"])
def test_claim_get_for_user_of_another_annotators_submitted_or_rejected_claim_is_404(
    annotator_b, work, which
):
    with pytest.raises(Http404):
        selectors.claim_get_for_user(annotator_b, work[which].pk)


def test_claim_get_for_user_of_another_annotators_gold_claim_returns_it(annotator_b, work):
    assert selectors.claim_get_for_user(annotator_b, work["gold"].pk) == work["gold"]


def test_claim_get_for_user_of_ones_own_draft_returns_it(annotator, work):
    assert selectors.claim_get_for_user(annotator, work["draft"].pk) == work["draft"]


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_claim_get_for_user_of_a_reviewer_or_manager_returns_any_draft(work, request, who):
    user = request.getfixturevalue(who)

    assert selectors.claim_get_for_user(user, work["draft"].pk) == work["draft"]
    assert selectors.claim_get_for_user(user, work["bens"].pk) == work["bens"]


def test_claim_get_for_user_of_an_outsider_is_404_even_for_gold(outsider, work):
    with pytest.raises(Http404):
        selectors.claim_get_for_user(outsider, work["gold"].pk)


def test_claim_get_for_user_of_a_missing_claim_is_404(reviewer, work):
    with pytest.raises(Http404):
        selectors.claim_get_for_user(reviewer, work["draft"].pk + 1000)


# blind annotation: links


def test_link_list_for_claim_shows_an_annotator_their_own_links(annotator, work):
    visible = pks(selectors.link_list_for_claim(work["gold"], annotator))

    assert visible == {work["draft_link"].pk, work["gold_link"].pk}


def test_link_list_for_claim_hides_a_gold_link_whose_other_end_is_still_a_draft(annotator_b, work):
    assert not selectors.link_list_for_claim(work["gold"], annotator_b).exists()


def test_link_list_for_claim_shows_gold_links_between_gold_claims_but_not_draft_links(
    annotator_b, reviewer, work
):
    target = work["target"]
    services.review_decide(target=target, decision="accept", actor=reviewer, version=1)

    visible = pks(selectors.link_list_for_claim(target, annotator_b))

    assert visible == {work["gold_link"].pk}


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_link_list_for_claim_shows_reviewers_and_managers_every_link(work, request, who):
    visible = pks(selectors.link_list_for_claim(work["target"], request.getfixturevalue(who)))

    assert visible == {work["draft_link"].pk, work["gold_link"].pk}


def test_link_list_for_claim_shows_an_outsider_nothing(outsider, work):
    assert not selectors.link_list_for_claim(work["gold"], outsider).exists()


# labels and entities


def test_label_list_leaves_out_hidden_labels_unless_asked(project, manager):
    label = services.label_get(project=project, kind=LabelKind.CLAIM_TYPE, value="figure")
    services.label_update(label=label, hidden=True, actor=manager)

    shown = [label.value for label in selectors.label_list(project, LabelKind.CLAIM_TYPE)]
    everything = selectors.label_list(project, LabelKind.CLAIM_TYPE, include_hidden=True)

    assert "figure" not in shown
    assert len(shown) == 7
    assert "figure" in [label.value for label in everything]


def test_label_list_is_in_schema_order(project):
    values = [label.value for label in selectors.label_list(project, LabelKind.LINK_RELATION)]

    assert values == ["agrees", "contradicts", "refines", "same_event", "supersedes", "discusses"]


@pytest.fixture
def entities(project, outsider):
    services.entity_create(
        project=project,
        kind=EntityKind.PERSON,
        name="Sergei Schoigu",
        aliases=["Shoigu", "Sergej Schoigu"],
        actor=None,
    )
    services.entity_create(
        project=project, kind=EntityKind.AGENCY, name="KCNA", aliases=["Korean Central"], actor=None
    )
    services.entity_create(
        project=Project.objects.get(memberships__user=outsider),
        kind=EntityKind.PERSON,
        name="Schoigu elsewhere",
        actor=None,
    )


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("schoigu", ["Sergei Schoigu"]),
        ("SHOIGU", ["Sergei Schoigu"]),
        ("korean", ["KCNA"]),
        ("  kcna ", ["KCNA"]),
        ("", ["KCNA", "Sergei Schoigu"]),
        ("Putin", []),
    ],
)
def test_entity_search_matches_names_and_aliases_of_the_project_only(
    project, entities, query, names
):
    assert [e.name for e in selectors.entity_search(project, query)] == names


def test_entity_search_stops_at_the_limit(project, entities):
    assert [e.name for e in selectors.entity_search(project, "", limit=1)] == ["KCNA"]


def test_entity_search_finds_aliases_with_umlauts_in_any_case(project):
    services.entity_create(
        project=project,
        kind=EntityKind.ORGANISATION,
        name="Ministry of Foreign Affairs",
        aliases=["Außenministerium", "ÖFFENTLICHE STELLE"],
        actor=None,
    )

    assert [e.name for e in selectors.entity_search(project, "außen")] == [
        "Ministry of Foreign Affairs"
    ]
    assert [e.name for e in selectors.entity_search(project, "öffentliche")] == [
        "Ministry of Foreign Affairs"
    ]


def test_entity_search_does_not_match_the_punctuation_of_stored_aliases(project, entities):
    assert list(selectors.entity_search(project, '", "')) == []
    assert list(selectors.entity_search(project, "[")) == []
