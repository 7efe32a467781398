"""The agreement screen: figures for reviewers and managers, nothing for annotators."""

import pytest

from claims import services
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db
URL = "/projects/{}/agreement/"


@pytest.fixture
def overlap(project, annotator, annotator_b):
    article = make_article(project, text="Kim traf Putin am Freitag in Pjöngjang.")
    make_claim(article, annotator, "Kim traf Putin", claim_type="meeting")
    make_claim(article, annotator_b, "Kim traf Putin", claim_type="meeting")
    make_claim(article, annotator, "am Freitag", claim_type="date")
    make_claim(article, annotator_b, "Freitag", claim_type="statement")
    return project


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_reviewers_and_managers_see_the_pair_figures_and_a_chart(client, overlap, request, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(URL.format(overlap.slug)).content.decode()
    assert "anna · ben" in page
    # exact: 1 match of 2+2 spans → 0.5; overlap: 2 pairs, 1 with the same type → 0.5
    row = page.split('id="agreement-pairs"')[1].split("</tr>")[1]
    assert row.count("<td>0.500</td>") == 2
    assert '<svg class="chart"' in page
    assert "Krippendorff" in page


def test_an_annotator_is_refused_the_agreement_screen(client, overlap, annotator):
    client.force_login(annotator)
    assert client.get(URL.format(overlap.slug)).status_code == 403


def test_an_outsider_gets_404(client, overlap, outsider):
    client.force_login(outsider)
    assert client.get(URL.format(overlap.slug)).status_code == 404


def test_without_shared_articles_the_screen_says_how_to_get_figures(client, project, reviewer):
    client.force_login(reviewer)
    page = client.get(URL.format(project.slug)).content.decode()
    assert "No article has been annotated by two annotators yet" in page


def test_the_agreement_screen_queries_do_not_grow_with_claims(
    client, overlap, reviewer, annotator, annotator_b, django_assert_max_num_queries
):
    client.force_login(reviewer)
    client.get(URL.format(overlap.slug))
    article = make_article(overlap, text="Der Vertrag wurde unterzeichnet. " * 40)
    for number in range(40):
        start = number * 33
        for user in (annotator, annotator_b):
            services.claim_create(
                article=article,
                actor=user,
                start=start,
                end=start + 32,
                quote=article.text[start : start + 32],
                claim_type="treaty_term",
            )
    with django_assert_max_num_queries(12):
        assert client.get(URL.format(overlap.slug)).status_code == 200
