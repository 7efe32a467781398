"""The claim map drawn on the server (annotate/graphmap.py): articles as columns in order of
publication, their linked claims as nodes in text order, links as arrows from claim to claim."""

import re
from datetime import date

import pytest

from annotate.graphmap import COLUMN, LEFT, ROW, TOP, claim_map, layout
from claims import selectors, services
from tests.factories import make_article, make_claim

TEXT = "Kim traf Schoigu. Der Vertrag gilt. Putin reiste ab."


def link(from_claim, to_claim, actor, relation="agrees"):
    return services.link_create(
        from_claim=from_claim, to_claim=to_claim, relation=relation, actor=actor
    )


def column_x(index: int) -> int:
    return LEFT + index * COLUMN + 20


@pytest.fixture
def drawn(project, annotator):
    """Three articles made out of date order (September, June, July); June has two claims,
    made in reverse text order."""
    september = make_article(project, text=TEXT, title="September", published=date(2024, 9, 1))
    june = make_article(
        project, text=TEXT, title="Juni", outlet="RT DE", published=date(2024, 6, 1)
    )
    july = make_article(project, text=TEXT, title="Juli", published=date(2024, 7, 1))
    claims = {
        "june_late": make_claim(june, annotator, "Putin reiste ab."),
        "june_early": make_claim(june, annotator, "Kim traf Schoigu."),
        "july": make_claim(july, annotator, "Der Vertrag gilt."),
        "september": make_claim(september, annotator, "Putin reiste ab."),
    }
    link(claims["june_early"], claims["july"], annotator, "agrees")
    link(claims["july"], claims["september"], annotator, "refines")
    link(claims["june_late"], claims["september"], annotator, "contradicts")
    links = selectors.link_list_for_project(project, annotator)
    return {"articles": (june, july, september), "claims": claims, "links": links}


def test_layout_puts_articles_in_columns_by_publication_date(drawn):
    _, articles, _, _ = layout(drawn["links"])

    assert [article.title for article in articles] == ["Juni", "Juli", "September"]


def test_layout_places_each_claim_in_its_articles_column(drawn):
    nodes, _, _, _ = layout(drawn["links"])

    claims = drawn["claims"]
    assert nodes[claims["june_early"].pk].x == column_x(0)
    assert nodes[claims["june_late"].pk].x == column_x(0)
    assert nodes[claims["july"].pk].x == column_x(1)
    assert nodes[claims["september"].pk].x == column_x(2)


def test_layout_stacks_the_claims_of_an_article_in_text_order(drawn):
    nodes, _, _, _ = layout(drawn["links"])

    claims = drawn["claims"]
    assert nodes[claims["june_early"].pk].y == TOP
    assert nodes[claims["june_late"].pk].y == TOP + ROW
    assert nodes[claims["july"].pk].y == TOP


def test_layout_is_as_wide_as_its_columns_and_as_high_as_its_longest_column(drawn):
    _, _, width, height = layout(drawn["links"])

    assert width == 2 * LEFT + 3 * COLUMN
    assert height == TOP + 2 * ROW + 20


def test_layout_puts_an_undated_article_in_the_first_column(drawn, project, annotator):
    undated = make_article(project, text=TEXT, title="Ohne Datum")
    lone = make_claim(undated, annotator, "Der Vertrag gilt.")
    link(lone, drawn["claims"]["september"], annotator)
    links = selectors.link_list_for_project(project, annotator)

    nodes, articles, _, _ = layout(links)

    assert [article.title for article in articles] == ["Ohne Datum", "Juni", "Juli", "September"]
    assert nodes[lone.pk].x == column_x(0)


def test_claim_map_draws_each_link_from_its_from_claim_to_its_to_claim(drawn):
    svg = claim_map(drawn["links"])

    nodes, _, _, _ = layout(drawn["links"])
    paths = re.findall(r'<path class="edge rel-(\w+)" d="([^"]+)"', svg)
    assert [relation for relation, _ in paths] == ["agrees", "refines", "contradicts"]
    for (_, d), made in zip(paths, drawn["links"], strict=True):
        one, other = nodes[made.from_claim_id], nodes[made.to_claim_id]
        assert d.startswith(f"M {one.x} {one.y} C ")
        assert d.endswith(f", {other.x} {other.y}")


def test_claim_map_swings_a_link_inside_one_column_out_to_the_left(drawn, annotator):
    claims = drawn["claims"]
    inside = link(claims["june_early"], claims["june_late"], annotator, "same_event")
    links = [
        found
        for found in selectors.link_list_for_project(claims["july"].article.project, annotator)
        if found.pk == inside.pk
    ]

    svg = claim_map(links)

    x = column_x(0)
    assert f'd="M {x} {TOP} C {x - 60} {TOP}, {x - 60} {TOP + ROW}, {x} {TOP + ROW}"' in svg


def test_claim_map_draws_one_node_per_claim_linking_to_the_workspace(drawn):
    svg = claim_map(drawn["links"])

    nodes = re.findall(
        r'<a href="/articles/(\d+)/\?claim=(\d+)" class="node" data-claim="(\d+)">', svg
    )
    assert sorted((int(a), int(c)) for a, c, _ in nodes) == sorted(
        (claim.article_id, claim.pk) for claim in drawn["claims"].values()
    )
    assert all(claim == data for _, claim, data in nodes)


def test_claim_map_heads_each_column_with_title_outlet_and_date(drawn):
    svg = claim_map(drawn["links"])

    assert ">Juni</text>" in svg
    assert ">RT DE · 2024-06-01</text>" in svg
    assert ">outlet unknown · 2024-07-01</text>" in svg


def test_claim_map_escapes_quotes_titles_and_outlets(project, annotator):
    text = 'Kim sagte: "<script>alert(1)</script>" & ging.'
    one = make_article(project, text=text, title="<b>Titel</b>", outlet="<i>RT</i>")
    other = make_article(project, text=TEXT)
    link(
        make_claim(one, annotator, text),
        make_claim(other, annotator, "Der Vertrag gilt."),
        annotator,
    )

    svg = claim_map(selectors.link_list_for_project(project, annotator))

    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "<i>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;b&gt;Titel&lt;/b&gt;" in svg
    assert "&lt;i&gt;RT&lt;/i&gt;" in svg


def test_claim_map_of_the_selectors_links_needs_no_further_queries(
    drawn, django_assert_num_queries
):
    with django_assert_num_queries(0):
        claim_map(drawn["links"])
