"""The project's claims across articles (annotate/views/graph.py): the comparison of clusters,
the conflicts, and the map, as full pages through the test client."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils.text import Truncator

from claims import services
from claims.models import EntityKind
from tests.annotate.test_workspace import add_source, entity, page_of, region, text_of, url
from tests.factories import make_article, make_claim

CHAIN = [
    # title, outlet, published, quote
    (
        "Vertrag in Pjöngjang",
        "RT DE",
        date(2024, 6, 19),
        "Russland und Nordkorea schlossen einen Vertrag",
    ),
    (
        "Abkommen unterzeichnet",
        "TASS",
        date(2024, 6, 20),
        "Moskau und Pjöngjang unterzeichneten ein Abkommen",
    ),
    (
        "Beistand vereinbart",
        "RIA Nowosti",
        date(2024, 6, 21),
        "Der Vertrag über umfassende strategische Partnerschaft vom 19. Juni 2024",
    ),
    ("Kein Vertrag", "Reuters", date(2024, 6, 22), "Einen Vertrag gebe es nicht"),
]


def made(project, user, title, outlet, published, quote, claim_type="treaty_term", **fields):
    article = make_article(
        project, text=f"{quote}.", title=title, outlet=outlet, published=published
    )
    return make_claim(article, user, quote, claim_type=claim_type, **fields)


def link(from_claim, to_claim, actor, relation, **fields):
    return services.link_create(
        from_claim=from_claim, to_claim=to_claim, relation=relation, actor=actor, **fields
    )


def accept(target, reviewer):
    target.refresh_from_db()
    services.review_decide(target=target, decision="accept", actor=reviewer, version=target.version)


@pytest.fixture
def chain(project, annotator):
    """Four of Anna's claims in four articles, in order of publication (the first sourced to
    KCNA): one agrees two, two refines three, three contradicts four."""
    claims = [made(project, annotator, *row) for row in CHAIN]
    add_source(claims[0], annotator, source=entity(project, "KCNA", EntityKind.AGENCY))
    links = [
        link(claims[0], claims[1], annotator, "agrees"),
        link(claims[1], claims[2], annotator, "refines"),
        link(claims[2], claims[3], annotator, "contradicts", note="widerspricht"),
    ]
    return SimpleNamespace(claims=claims, links=links, project=project)


def get(client, name, project):
    response = client.get(url(name, project.slug))
    assert response.status_code == 200
    return response


def clusters(response) -> list[list[int]]:
    """The claim ids of each cluster shown, in order, each in its rows' order."""
    return [
        [int(pk) for pk in re.findall(r'<tr data-claim="(\d+)"', section)]
        for section in re.findall(r'<section class="cluster".*?</section>', page_of(response), re.S)
    ]


def row(response, claim) -> str:
    found = re.search(rf'<tr data-claim="{claim.pk}">.*?</tr>', page_of(response), re.S)
    assert found, f"no row for claim {claim.pk}"
    return " ".join(text_of(found.group()).split())


def words(markup) -> str:
    return " ".join(text_of(markup).split())


# compare


def test_compare_joins_agrees_and_refines_transitively_into_one_cluster_in_publication_order(
    client, chain, annotator
):
    client.force_login(annotator)

    response = get(client, "compare", chain.project)

    one, two, three, _ = chain.claims
    assert clusters(response) == [[one.pk, two.pk, three.pk]]
    assert "Cluster 1: 3 claims in 3 outlets" in words(region(response, "cluster-1"))


def test_compare_shows_a_contradicting_claim_as_a_tension_not_a_member(client, chain, annotator):
    client.force_login(annotator)

    response = get(client, "compare", chain.project)

    fourth = chain.claims[3]
    assert fourth.pk not in [pk for cluster in clusters(response) for pk in cluster]
    tension = re.search(r'<p class="small tension">.*?</p>', page_of(response), re.S).group()
    assert words(tension) == (
        f"Also: “{Truncator(CHAIN[2][3]).chars(50)}” contradicts “{CHAIN[3][3]}” (Kein Vertrag)"
    )


def test_compare_rows_show_article_outlet_published_quote_and_sources(client, chain, annotator):
    client.force_login(annotator)

    response = get(client, "compare", chain.project)

    one, two = chain.claims[:2]
    assert row(response, one) == (
        f"Vertrag in Pjöngjang RT DE 2024-06-19 “{CHAIN[0][3]}” Treaty term KCNA (State media)"
    )
    assert row(response, two) == (
        f"Abkommen unterzeichnet TASS 2024-06-20 “{CHAIN[1][3]}” Treaty term unattributed"
    )
    workspace = f"{url('workspace', one.article_id)}?claim={one.pk}"
    assert f'href="{workspace}"' in page_of(response)


def test_compare_rows_show_the_claims_date(client, project, annotator):
    first = made(project, annotator, *CHAIN[0], when="2024-06-19", when_source="typed")
    second = made(project, annotator, *CHAIN[1])
    link(first, second, annotator, "same_event")
    client.force_login(annotator)

    response = get(client, "compare", project)

    assert row(response, first).endswith("Treaty term 2024-06-19 unattributed")


def test_compare_lists_the_links_inside_a_cluster(client, chain, annotator):
    client.force_login(annotator)

    section = words(region(get(client, "compare", chain.project), "cluster-1"))

    assert f"“{Truncator(CHAIN[0][3]).chars(40)}” agrees “{Truncator(CHAIN[1][3]).chars(40)}”" in (
        section
    )
    assert f"“{Truncator(CHAIN[1][3]).chars(40)}” refines “{Truncator(CHAIN[2][3]).chars(40)}”" in (
        section
    )


def test_compare_shows_the_largest_cluster_first(client, chain, annotator):
    pair = [
        made(
            chain.project,
            annotator,
            "Zweites Paar",
            "dpa",
            date(2024, 7, 1),
            "Ein Treffen fand statt",
        ),
        made(chain.project, annotator, "Drittes Paar", "AFP", date(2024, 7, 2), "Man traf sich"),
    ]
    link(pair[0], pair[1], annotator, "same_event")
    client.force_login(annotator)

    response = get(client, "compare", chain.project)

    assert clusters(response) == [[c.pk for c in chain.claims[:3]], [pair[0].pk, pair[1].pk]]


def test_compare_without_clusters_says_so(client, project, annotator):
    first, second = made(project, annotator, *CHAIN[2]), made(project, annotator, *CHAIN[3])
    link(first, second, annotator, "contradicts")
    client.force_login(annotator)

    response = get(client, "compare", project)

    assert clusters(response) == []
    assert "No clusters yet" in text_of(page_of(response))


def test_compare_is_a_full_page_with_the_project_nav(client, chain, annotator):
    client.force_login(annotator)

    page = page_of(get(client, "compare", chain.project))

    assert "<html" in page
    assert f'<a href="{url("compare", chain.project.slug)}" aria-current="page">Compare</a>' in page


def test_compare_escapes_titles_and_quotes(client, project, annotator):
    quote = "Kim sagte: <script>alert(1)</script>"
    first = made(project, annotator, "Ein <b>Titel</b>", "RT DE", date(2024, 6, 19), quote)
    second = made(project, annotator, *CHAIN[1])
    link(first, second, annotator, "agrees")
    client.force_login(annotator)

    page = page_of(get(client, "compare", project))

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ein &lt;b&gt;Titel&lt;/b&gt;" in page


# compare: blind annotation


@pytest.fixture
def bens(project, annotator_b, reviewer):
    """Two of Ben's gold claims, and Ben's draft link between them (agrees)."""
    first = made(project, annotator_b, *CHAIN[0])
    second = made(project, annotator_b, *CHAIN[1])
    accept(first, reviewer)
    accept(second, reviewer)
    return SimpleNamespace(
        first=first, second=second, link=link(first, second, annotator_b, "agrees")
    )


def test_compare_of_an_annotator_hides_another_annotators_draft_link(
    client, project, bens, annotator
):
    client.force_login(annotator)

    assert clusters(get(client, "compare", project)) == []


def test_compare_of_an_annotator_shows_another_annotators_link_once_accepted(
    client, project, bens, annotator, reviewer
):
    accept(bens.link, reviewer)
    client.force_login(annotator)

    assert clusters(get(client, "compare", project)) == [[bens.first.pk, bens.second.pk]]


def test_compare_of_a_reviewer_shows_every_annotators_draft_links(client, project, bens, reviewer):
    client.force_login(reviewer)

    assert clusters(get(client, "compare", project)) == [[bens.first.pk, bens.second.pk]]


def test_compare_leaves_out_a_cluster_with_fewer_than_two_claims_the_user_may_see(
    client, project, annotator, annotator_b, reviewer
):
    gold = made(project, annotator_b, *CHAIN[0])
    accept(gold, reviewer)
    draft = made(project, annotator_b, *CHAIN[1])
    accepted = link(gold, draft, annotator_b, "agrees")
    accept(accepted, reviewer)
    client.force_login(annotator)

    response = get(client, "compare", project)
    client.force_login(reviewer)
    everything = get(client, "compare", project)

    assert clusters(response) == []
    assert CHAIN[1][3] not in page_of(response)
    assert clusters(everything) == [[gold.pk, draft.pk]]


# compare: queries


def many_clusters(project, user, count: int) -> None:
    for number in range(count):
        first = made(project, user, f"A{number}", "RT DE", date(2024, 6, 19), CHAIN[0][3])
        second = made(project, user, f"B{number}", "TASS", date(2024, 6, 20), CHAIN[1][3])
        add_source(first, user, source_kind="news_agency")
        link(first, second, user, "agrees")
        link(first, second, user, "contradicts")


# Session, user, project, the role three times (page, links, claims), the links with their
# claims, the clusters' claims with their types, authors, places, participants and sources (one
# query per kind).
COMPARE_QUERIES = {"sqlite": 13, "postgresql": 13}


@pytest.mark.parametrize("count", [2, 10])
def test_compare_takes_a_fixed_number_of_queries_however_many_clusters(
    client, project, annotator, django_assert_num_queries, count
):
    many_clusters(project, annotator, count)
    client.force_login(annotator)

    with django_assert_num_queries(COMPARE_QUERIES[connection.vendor]):
        response = client.get(url("compare", project.slug))

    assert len(clusters(response)) == count


# conflicts


def cells(markup: str) -> str:
    """The text of table cells, a space where a tag was (cells and lines stay apart)."""
    return " ".join(text_of(re.sub(r"<[^>]+>", " ", markup)).split())


def conflict_rows(response) -> dict[int, str]:
    table = region(response, "conflict-links")
    return {
        int(pk): cells(body)
        for pk, body in re.findall(r'<tr data-link="(\d+)">(.*?)</tr>', table, re.S)
    }


def test_conflicts_list_contradicts_and_supersedes_links_with_both_quotes_side_by_side(
    client, chain, annotator
):
    superseding = link(chain.claims[0], chain.claims[3], annotator, "supersedes")
    client.force_login(annotator)

    rows = conflict_rows(get(client, "conflicts", chain.project))

    contradicting = chain.links[2]
    assert set(rows) == {contradicting.pk, superseding.pk}
    assert rows[contradicting.pk] == (
        f"“{CHAIN[2][3]}” Beistand vereinbart · RIA Nowosti · 2024-06-21 contradicts → "
        f"widerspricht “{CHAIN[3][3]}” Kein Vertrag · Reuters · 2024-06-22"
    )
    assert rows[superseding.pk] == (
        f"“{CHAIN[0][3]}” Vertrag in Pjöngjang · RT DE · 2024-06-19 supersedes → "
        f"“{CHAIN[3][3]}” Kein Vertrag · Reuters · 2024-06-22"
    )


def test_conflicts_link_both_claims_to_the_workspace(client, chain, annotator):
    client.force_login(annotator)

    table = region(get(client, "conflicts", chain.project), "conflict-links")

    for claim in chain.claims[2:]:
        assert f'href="{url("workspace", claim.article_id)}?claim={claim.pk}"' in table


def test_conflicts_without_conflicting_links_say_so(client, project, annotator):
    first, second = made(project, annotator, *CHAIN[0]), made(project, annotator, *CHAIN[1])
    link(first, second, annotator, "agrees")
    client.force_login(annotator)

    response = get(client, "conflicts", project)

    assert conflict_rows(response) == {}
    assert "No claim is linked as contradicting or superseding another yet." in text_of(
        region(response, "conflict-links")
    )


def test_conflicts_of_an_annotator_hide_another_annotators_draft_link_until_accepted(
    client, project, bens, annotator, reviewer
):
    services.link_update(link=bens.link, actor=reviewer, version=1, relation="contradicts")
    client.force_login(annotator)

    hidden = conflict_rows(get(client, "conflicts", project))
    accept(bens.link, reviewer)
    shown = conflict_rows(get(client, "conflicts", project))

    assert hidden == {}
    assert set(shown) == {bens.link.pk}


# conflicts: the same person in different roles at the same time

DEFENCE = "Verteidigungsminister Sergej Schoigu"
SECURITY = "Sekretär des russischen Sicherheitsrates Sergei Schoigu"


@pytest.fixture
def schoigu(project):
    return services.entity_create(
        project=project,
        kind=EntityKind.PERSON,
        name="Sergei Schoigu",
        aliases=["Sergej Schoigu", "Schoigu", "Shoigu"],
        actor=None,
    )


def role(project, user, quote, when="", published=date(2024, 9, 13), **fields):
    article = make_article(
        project, text=f"Heute sprach {quote} in Moskau.", title=f"Über {quote}", published=published
    )
    dated = {"when": when, "when_source": "typed"} if when else {}
    return make_claim(article, user, quote, claim_type="role", **dated, **fields)


def role_rows(response) -> list[tuple[str, set[str]]]:
    """Each row of the role conflicts: the entity, and its two claims (in no particular order)."""
    table = region(response, "role-conflicts").split("</thead>")[1]
    rows = []
    for body in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        if "No overlapping role claims" in body:
            continue
        entity_cell, *claims = [cells(cell) for cell in re.findall(r"<td>(.*?)</td>", body, re.S)]
        rows.append((entity_cell, set(claims)))
    return rows


def test_conflicts_list_two_roles_of_one_person_at_overlapping_times(
    client, project, annotator, schoigu
):
    role(project, annotator, DEFENCE, "2024", published=date(2024, 1, 10))
    role(project, annotator, SECURITY, "2024-09-13")
    client.force_login(annotator)

    rows = role_rows(get(client, "conflicts", project))

    assert rows == [
        (
            "Sergei Schoigu",
            {
                f"“{DEFENCE}” 2024 · Über {DEFENCE} ·",
                f"“{SECURITY}” 2024-09-13 · Über {SECURITY} ·",
            },
        )
    ]


@pytest.mark.parametrize(
    ("defence", "security", "listed"),
    [
        ("2024", "2024-09-13", True),
        ("2024-09", "2024-09-13", True),
        ("2023", "2024-09-13", False),
        ("2024-05", "2024-09-13", False),
        ("2024-09-12", "2024-09-13", False),
    ],
)
def test_conflicts_list_two_roles_only_when_their_dates_overlap(
    client, project, annotator, schoigu, defence, security, listed
):
    role(project, annotator, DEFENCE, defence)
    role(project, annotator, SECURITY, security)
    client.force_login(annotator)

    assert len(role_rows(get(client, "conflicts", project))) == (1 if listed else 0)


def test_conflicts_without_overlapping_roles_say_so(client, project, annotator, schoigu):
    role(project, annotator, DEFENCE, "2023")
    role(project, annotator, SECURITY, "2024-09-13")
    client.force_login(annotator)

    table = region(get(client, "conflicts", project), "role-conflicts")

    assert "No overlapping role claims that disagree." in text_of(table)


def test_conflicts_leave_out_roles_in_the_same_words(client, project, annotator, schoigu):
    role(project, annotator, SECURITY, "2024")
    role(project, annotator, SECURITY, "2024-09-13")
    client.force_login(annotator)

    assert role_rows(get(client, "conflicts", project)) == []


def test_conflicts_leave_out_two_roles_in_one_article(client, project, annotator, schoigu):
    article = make_article(
        project, text=f"{DEFENCE}, heute {SECURITY}.", published=date(2024, 9, 13)
    )
    make_claim(article, annotator, DEFENCE, claim_type="role")
    make_claim(article, annotator, SECURITY, claim_type="role")
    client.force_login(annotator)

    assert role_rows(get(client, "conflicts", project)) == []


@pytest.mark.parametrize(
    ("published", "listed"), [(date(2024, 3, 1), True), (date(2023, 3, 1), False)]
)
def test_conflicts_count_a_role_without_a_date_as_of_its_articles_year(
    client, project, annotator, schoigu, published, listed
):
    role(project, annotator, DEFENCE, published=published)
    role(project, annotator, SECURITY, "2024-09-13")
    client.force_login(annotator)

    rows = role_rows(get(client, "conflicts", project))

    expected = [
        (
            "Sergei Schoigu",
            {
                f"“{DEFENCE}” 2024-03-01 · Über {DEFENCE} ·",
                f"“{SECURITY}” 2024-09-13 · Über {SECURITY} ·",
            },
        )
    ]
    assert rows == (expected if listed else [])


def test_conflicts_find_the_person_as_participant_as_well_as_by_alias(
    client, project, annotator, schoigu
):
    role(project, annotator, "Verteidigungsminister", "2024", participants=[schoigu])
    role(project, annotator, "Sekretär des Sicherheitsrates Schoigu", "2024-09-13")
    client.force_login(annotator)

    ((entity_name, claims),) = role_rows(get(client, "conflicts", project))

    assert entity_name == "Sergei Schoigu"
    assert {claim.split(" · ")[0] for claim in claims} == {
        "“Verteidigungsminister” 2024",
        "“Sekretär des Sicherheitsrates Schoigu” 2024-09-13",
    }


def test_conflicts_leave_out_claims_of_other_types(client, project, annotator, schoigu):
    role(project, annotator, DEFENCE, "2024")
    article = make_article(project, text=f"{SECURITY}.", published=date(2024, 9, 13))
    make_claim(article, annotator, SECURITY, claim_type="statement")
    client.force_login(annotator)

    assert role_rows(get(client, "conflicts", project)) == []


def test_conflicts_of_an_annotator_leave_out_another_annotators_draft_roles(
    client, project, annotator, annotator_b, reviewer, schoigu
):
    role(project, annotator, DEFENCE, "2024")
    bens = role(project, annotator_b, SECURITY, "2024-09-13")
    client.force_login(annotator)

    hidden = role_rows(get(client, "conflicts", project))
    accept(bens, reviewer)
    shown = role_rows(get(client, "conflicts", project))

    assert hidden == []
    assert len(shown) == 1


# map


def nodes(response) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'<a href="[^"]*" class="node" data-claim="(\d+)"', page_of(response))
    ]


def edges(response) -> list[str]:
    return re.findall(r'<path class="edge (rel-[\w-]+)"', page_of(response))


def test_map_draws_one_node_per_linked_claim_and_one_edge_per_link(client, chain, annotator):
    client.force_login(annotator)

    response = get(client, "map", chain.project)

    page = page_of(response)
    assert '<svg id="claim-map"' in page
    assert sorted(nodes(response)) == sorted(c.pk for c in chain.claims)
    assert edges(response) == ["rel-agrees", "rel-refines", "rel-contradicts"]
    assert "3 links." in text_of(page)


def test_map_nodes_open_the_claim_in_the_workspace(client, chain, annotator):
    client.force_login(annotator)

    page = page_of(get(client, "map", chain.project))

    for claim in chain.claims:
        workspace = f"{url('workspace', claim.article_id)}?claim={claim.pk}"
        assert f'<a href="{workspace}" class="node" data-claim="{claim.pk}">' in page


def test_map_leaves_out_claims_without_links(client, chain, annotator):
    lonely = make_claim(chain.claims[0].article, annotator, "Nordkorea")
    client.force_login(annotator)

    drawn = nodes(get(client, "map", chain.project))

    assert len(drawn) == 4
    assert lonely.pk not in drawn


def test_map_escapes_quotes_and_titles(client, project, annotator):
    quote = "Kim sagte: <script>alert(1)</script>"
    first = made(project, annotator, "Ein <b>Titel</b>", "<i>RT</i>", date(2024, 6, 19), quote)
    second = made(project, annotator, *CHAIN[1])
    link(first, second, annotator, "agrees")
    client.force_login(annotator)

    page = page_of(get(client, "map", project))

    assert "<script>alert(1)" not in page
    assert "<b>Titel" not in page
    assert "<i>RT" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ein &lt;b&gt;Titel&lt;/b&gt;" in page
    assert "&lt;i&gt;RT&lt;/i&gt;" in page


def test_map_without_links_says_so_and_draws_nothing(client, project, annotator):
    made(project, annotator, *CHAIN[0])
    client.force_login(annotator)

    page = page_of(get(client, "map", project))

    assert "<svg" not in page
    assert "No links yet." in text_of(page)


def test_map_of_an_annotator_hides_another_annotators_draft_link_until_accepted(
    client, project, bens, annotator, reviewer
):
    client.force_login(annotator)

    hidden = page_of(get(client, "map", project))
    accept(bens.link, reviewer)
    shown = get(client, "map", project)

    assert "<svg" not in hidden
    assert sorted(nodes(shown)) == sorted([bens.first.pk, bens.second.pk])


def test_map_of_a_reviewer_shows_every_annotators_draft_links(client, project, bens, reviewer):
    client.force_login(reviewer)

    assert edges(get(client, "map", project)) == ["rel-agrees"]


# blind annotation: an accepted link is no way round a claim still hidden


@pytest.fixture
def gold_link_to_a_draft(project, annotator, annotator_b, reviewer):
    """Anna's claim agrees with Ben's gold claim; Ben's link from that gold claim to his own
    draft claim (contradicts) was accepted, the draft claim was not reviewed."""
    annas = made(project, annotator, *CHAIN[0])
    gold = made(project, annotator_b, *CHAIN[1])
    accept(gold, reviewer)
    draft = made(project, annotator_b, *CHAIN[3])
    accept(link(gold, draft, annotator_b, "contradicts"), reviewer)
    link(annas, gold, annotator, "agrees")
    return SimpleNamespace(annas=annas, gold=gold, draft=draft)


def test_another_annotators_draft_claim_is_404_for_an_annotator_even_with_a_gold_link(
    client, gold_link_to_a_draft, annotator
):
    draft = gold_link_to_a_draft.draft
    client.force_login(annotator)

    response = client.get(url("workspace", draft.article_id), {"claim": draft.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["compare", "conflicts", "map"])
def test_pages_never_show_an_annotator_another_annotators_draft_claim_through_a_gold_link(
    client, project, gold_link_to_a_draft, annotator, name
):
    client.force_login(annotator)

    page = page_of(get(client, name, project))

    assert CHAIN[3][3] not in page
    assert f"?claim={gold_link_to_a_draft.draft.pk}" not in page


# outsiders


@pytest.mark.parametrize("name", ["compare", "conflicts", "map"])
def test_outsider_gets_404_for_the_projects_pages(client, chain, outsider, name):
    client.force_login(outsider)

    assert client.get(url(name, chain.project.slug)).status_code == 404


@pytest.mark.parametrize("name", ["compare", "conflicts", "map"])
def test_anonymous_visitor_is_sent_to_log_in(client, chain, name):
    response = client.get(url(name, chain.project.slug))

    assert response.status_code == 302
    assert response.url.startswith(url("login"))
