"""Links between claims of different articles in the workspace (annotate/views/links.py): the
link panel with its ranked candidates, making, changing, reversing and removing links, and the
links list in the claim editor, through the test client as htmx sends them."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.utils.text import Truncator

from claims import selectors, services
from claims.models import EntityKind, Link, Status
from tests.annotate.test_workspace import (
    HX,
    add_source,
    entity,
    notice,
    page_of,
    region,
    region_ids,
    text_of,
    url,
    written,
)
from tests.factories import make_article, make_claim, make_project

TARGET = (
    "Während des jüngsten Besuchs von Putin in Nordkorea wurde ein Abkommen über "
    "strategische Partnerschaft unterzeichnet"
)
BEST = (
    "seit dem Abschluss des zwischenstaatlichen Vertrages über umfassende strategische "
    "Partnerschaft im Juni 2024"
)
GRAIN = "Das Abkommen regelt die Lieferung von Getreide über die Häfen am Schwarzen Meer"
NEIGHBOUR = "Das Abkommen über strategische Partnerschaft gilt unbefristet"
LINKED = ["claim-editor", "link-panel", "claim-list", "notice"]


@pytest.fixture
def pair(project, annotator):
    """Anna's treaty claim (`claim`), and in other articles the matching treaty claim (`best`,
    sourced to KCNA) and a weaker one (`grain`); a second claim in the claim's own article."""
    kcna = entity(project, "KCNA", EntityKind.AGENCY)
    home = make_article(
        project,
        text=f"{TARGET}. {NEIGHBOUR}.",
        title="Putin in Pjöngjang",
        outlet="RT DE",
        published=date(2024, 6, 20),
    )
    elsewhere = make_article(
        project,
        text=f"{BEST}.",
        title="Moskau und Pjöngjang",
        outlet="RIA Nowosti",
        published=date(2024, 9, 13),
    )
    grain_article = make_article(project, text=f"{GRAIN}.", title="Getreide", outlet="TASS")
    claim = make_claim(home, annotator, TARGET, claim_type="treaty_term")
    neighbour = make_claim(home, annotator, NEIGHBOUR, claim_type="treaty_term")
    best = make_claim(
        elsewhere, annotator, BEST, claim_type="treaty_term", when="2024-06", when_source="typed"
    )
    add_source(best, annotator, source=kcna)
    grain = make_claim(grain_article, annotator, GRAIN, claim_type="treaty_term")
    for made in (claim, best):
        made.refresh_from_db()
    return SimpleNamespace(claim=claim, neighbour=neighbour, best=best, grain=grain, home=home)


def short(quote: str) -> str:
    """A quote as the editor's links list shows it (Django's truncatechars:90)."""
    return Truncator(quote).chars(90)


def link(from_claim, to_claim, actor, relation="agrees", **fields):
    return services.link_create(
        from_claim=from_claim, to_claim=to_claim, relation=relation, actor=actor, **fields
    )


def create(client, claim, **data):
    return client.post(url("link-create", claim.pk), data, headers=HX)


def candidates(response) -> list[str]:
    """The claim ids the link panel lists, in order."""
    return [int(pk) for pk in re.findall(r'data-candidate="(\d+)"', page_of(response))]


def links_in_editor(response) -> list[str]:
    """The editor's links list, one line of text per link."""
    links = region(response, "links")
    items = re.findall(r"<li data-link=.*?</li>", links, flags=re.S)
    return [" ".join(text_of(item).split()) for item in items]


# the link panel


def test_link_panel_answers_only_the_panel_out_of_band(client, pair, annotator):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), headers=HX)

    assert response.status_code == 200
    assert region_ids(response) == ["link-panel"]
    assert "<html" not in page_of(response)


def test_link_panel_lists_candidates_best_first_with_article_outlet_date_quote_source_reasons(
    client, pair, annotator
):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), headers=HX)

    assert candidates(response) == [pair.best.pk, pair.grain.pk]
    panel = region(response, "link-panel")
    best = region(panel.replace(f'data-candidate="{pair.best.pk}"', 'id="best"', 1), "best")
    words = " ".join(text_of(best).split())
    assert "Moskau und Pjöngjang · RIA Nowosti · 2024-09-13" in words
    assert f"“{BEST}”" in words
    assert "Treaty term · 2024-06 · KCNA" in words
    assert "same claim type (Treaty term); similar wording: partnerschaft, strategisch" in words


def test_link_panel_never_lists_the_claim_itself_nor_claims_of_its_article(client, pair, annotator):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), headers=HX)

    listed = candidates(response)
    assert pair.best.pk in listed
    assert pair.claim.pk not in listed
    assert pair.neighbour.pk not in listed


def test_link_panel_offers_every_relation_as_a_button_that_posts_the_link(client, pair, annotator):
    client.force_login(annotator)

    panel = region(client.get(url("link-panel", pair.claim.pk), headers=HX), "link-panel")

    create_url = url("link-create", pair.claim.pk)
    for relation in ["agrees", "contradicts", "refines", "same_event", "supersedes", "discusses"]:
        assert (
            f'hx-post="{create_url}" hx-vals=\'{{"to_claim": "{pair.best.pk}", '
            f'"relation": "{relation}", "search": ""}}\'' in panel
        )


def test_link_panel_with_q_narrows_the_candidates(client, pair, annotator):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), {"q": "Getreide"}, headers=HX)

    assert candidates(response) == [pair.grain.pk]
    assert 'value="Getreide"' in region(response, "link-panel")


def test_link_panel_with_q_narrows_by_article_title(client, pair, annotator):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), {"q": "Moskau"}, headers=HX)

    assert candidates(response) == [pair.best.pk]


def test_link_panel_with_q_matching_nothing_says_so_with_the_search_escaped(
    client, pair, annotator
):
    client.force_login(annotator)

    response = client.get(url("link-panel", pair.claim.pk), {"q": "<b>nichts"}, headers=HX)

    assert candidates(response) == []
    assert "No claim in the other articles looks related to “<b>nichts”." in text_of(
        region(response, "link-panel")
    )
    assert "<b>nichts" not in page_of(response)


def test_link_panel_of_an_annotator_leaves_out_another_annotators_draft_but_shows_gold(
    client, pair, annotator, annotator_b, reviewer
):
    bens_draft = make_claim(pair.best.article, annotator_b, "strategische Partnerschaft")
    bens_gold = make_claim(pair.grain.article, annotator_b, "Das Abkommen")
    services.review_decide(target=bens_gold, decision="accept", actor=reviewer, version=1)
    client.force_login(annotator)

    listed = candidates(client.get(url("link-panel", pair.claim.pk), headers=HX))

    assert bens_draft.pk not in listed
    assert bens_gold.pk in listed


def test_link_panel_of_a_reviewer_lists_every_annotators_claims(
    client, pair, annotator_b, reviewer
):
    bens_draft = make_claim(pair.best.article, annotator_b, "strategische Partnerschaft")
    client.force_login(reviewer)

    listed = candidates(client.get(url("link-panel", pair.claim.pk), headers=HX))

    assert bens_draft.pk in listed


def test_link_panel_for_another_annotators_draft_claim_is_404(client, pair, annotator_b):
    client.force_login(annotator_b)

    assert client.get(url("link-panel", pair.claim.pk), headers=HX).status_code == 404


# making a link


def test_link_create_links_the_open_claim_to_the_candidate_and_answers_its_regions(
    client, pair, annotator
):
    client.force_login(annotator)

    response = create(client, pair.claim, to_claim=pair.best.pk, relation="refines", note="Juni")

    assert response.status_code == 200, notice(response)
    made = Link.objects.get()
    assert (made.from_claim, made.to_claim) == (pair.claim, pair.best)
    assert (made.relation.value, made.note, made.status) == ("refines", "Juni", Status.DRAFT)
    assert made.created_by == annotator
    assert made.history.get().history_user == annotator
    assert region_ids(response) == LINKED
    assert notice(response) == "Linked."
    assert links_in_editor(response)[0].startswith(
        f"this refines → “{short(BEST)}” Moskau und Pjöngjang"
    )


def test_link_create_with_incoming_links_the_candidate_to_the_open_claim(client, pair, annotator):
    client.force_login(annotator)

    response = create(client, pair.claim, to_claim=pair.best.pk, relation="refines", incoming="on")

    assert response.status_code == 200, notice(response)
    made = Link.objects.get()
    assert (made.from_claim, made.to_claim) == (pair.best, pair.claim)
    assert links_in_editor(response)[0].startswith(f"← refines this “{short(BEST)}”")


def test_link_create_keeps_the_search_in_the_panel_it_answers(client, pair, annotator):
    client.force_login(annotator)

    response = create(
        client, pair.claim, to_claim=pair.best.pk, relation="agrees", search="Getreide"
    )

    assert candidates(response) == [pair.grain.pk]
    assert 'value="Getreide"' in region(response, "link-panel")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("to itself", "A claim cannot be linked to itself."),
        (
            "duplicate",
            "These two claims are already linked as “agrees” (in either direction).",
        ),
        (
            "duplicate reversed",
            "These two claims are already linked as “agrees” (in either direction).",
        ),
        ("directed duplicate", "These two claims are already linked as “refines”."),
        (
            "unknown relation",
            "“likes” is not a link relation of Kim and Shoigu; known: agrees, contradicts, "
            "refines, same_event, supersedes, discusses.",
        ),
        ("no candidate", "to_claim: This field is required."),
    ],
)
def test_link_create_refused_answers_422_with_the_reason_and_writes_nothing(
    client, pair, annotator, case, message
):
    link(pair.claim, pair.best, annotator, "agrees")
    link(pair.claim, pair.best, annotator, "refines")
    data = {
        "to itself": {"to_claim": pair.claim.pk, "relation": "agrees"},
        "duplicate": {"to_claim": pair.best.pk, "relation": "agrees"},
        "duplicate reversed": {"to_claim": pair.best.pk, "relation": "agrees", "incoming": "on"},
        "directed duplicate": {"to_claim": pair.best.pk, "relation": "refines"},
        "unknown relation": {"to_claim": pair.best.pk, "relation": "likes"},
        "no candidate": {"relation": "agrees"},
    }[case]
    client.force_login(annotator)
    before = written()

    response = create(client, pair.claim, **data)

    assert response.status_code == 422
    assert notice(response) == message
    assert written() == before


def test_link_create_across_projects_is_refused_with_the_reason_and_writes_nothing(
    client, pair, annotator
):
    elsewhere = make_project(name="Elsewhere", annotator=[annotator])
    foreign = make_claim(make_article(elsewhere, text=f"{BEST}."), annotator, BEST)
    client.force_login(annotator)
    before = written()

    response = create(client, pair.claim, to_claim=foreign.pk, relation="agrees")

    assert response.status_code == 422
    assert notice(response) == (
        "These claims belong to different projects; links stay inside one project."
    )
    assert written() == before


def test_link_create_to_another_annotators_draft_claim_is_404_and_writes_nothing(
    client, pair, annotator, annotator_b
):
    bens = make_claim(pair.best.article, annotator_b, "Juni 2024")
    client.force_login(annotator)
    before = written()

    response = create(client, pair.claim, to_claim=bens.pk, relation="agrees")

    assert response.status_code == 404
    assert written() == before


# changing, reversing and removing a link


@pytest.fixture
def made(pair, annotator):
    pair.link = link(pair.claim, pair.best, annotator, "refines", note="genauer")
    return pair


def update(client, made, claim=None, **data):
    data = {"version": made.link.version, "claim": (claim or made.claim).pk, **data}
    return client.post(url("link-update", made.link.pk), data, headers=HX)


def test_link_update_changes_relation_and_note_and_raises_the_version(client, made, annotator):
    client.force_login(annotator)

    response = update(client, made, relation="contradicts", note="nicht derselbe Vertrag")

    assert response.status_code == 200, notice(response)
    made.link.refresh_from_db()
    assert (made.link.relation.value, made.link.note) == ("contradicts", "nicht derselbe Vertrag")
    assert made.link.version == 2
    assert region_ids(response) == LINKED
    assert notice(response) == "Link saved."
    (line,) = links_in_editor(response)
    assert line.startswith(f"this contradicts → “{short(BEST)}”")
    assert "nicht derselbe Vertrag" in line


def test_link_update_with_reverse_swaps_the_direction(client, made, annotator):
    client.force_login(annotator)

    response = update(client, made, relation="refines", note="genauer", reverse="on")

    assert response.status_code == 200, notice(response)
    made.link.refresh_from_db()
    assert (made.link.from_claim, made.link.to_claim) == (made.best, made.claim)
    assert made.link.relation.value == "refines"
    assert links_in_editor(response)[0].startswith(f"← refines this “{short(BEST)}”")


def test_link_update_from_the_other_claims_editor_answers_with_that_claim_open(
    client, made, annotator
):
    client.force_login(annotator)

    response = update(client, made, claim=made.best, relation="same_event", note="")

    assert response.status_code == 200, notice(response)
    editor = region(response, "claim-editor")
    assert f'data-claim="{made.best.pk}"' in editor
    assert links_in_editor(response)[0].startswith(f"← same event this “{short(TARGET)}”")


def test_link_update_with_a_stale_version_names_who_changed_it_and_writes_nothing(
    client, made, annotator, reviewer
):
    services.link_update(link=made.link, actor=reviewer, version=1, note="von Rita")
    client.force_login(annotator)
    before = written()

    response = update(client, made, relation="contradicts", note="meins")

    assert response.status_code == 422
    assert notice(response) == (
        "This link was changed by rita since you opened it (you have version 1, it is now at "
        "version 2). Reload it to see the change, then make yours again."
    )
    assert written() == before
    made.link.refresh_from_db()
    assert (made.link.relation.value, made.link.note) == ("refines", "von Rita")


def test_link_update_into_a_duplicate_is_refused_and_writes_nothing(client, made, annotator):
    link(made.claim, made.best, annotator, "agrees")
    client.force_login(annotator)
    before = written()

    response = update(client, made, relation="agrees", note="")

    assert response.status_code == 422
    assert notice(response) == (
        "These two claims are already linked as “agrees” (in either direction)."
    )
    assert written() == before


def test_link_update_of_another_annotators_draft_link_is_404_and_writes_nothing(
    client, made, annotator_b
):
    client.force_login(annotator_b)
    before = written()

    response = update(client, made, relation="contradicts", note="")

    assert response.status_code == 404
    assert written() == before


def test_link_update_of_another_annotators_gold_link_is_refused_and_writes_nothing(
    client, made, annotator_b, reviewer
):
    for target in (made.claim, made.best, made.link):
        target.refresh_from_db()
        services.review_decide(
            target=target, decision="accept", actor=reviewer, version=target.version
        )
    client.force_login(annotator_b)
    before = written()

    response = update(client, made, relation="contradicts", note="")

    assert response.status_code == 422
    assert notice(response) == "You may not do this in the project “Kim and Shoigu”."
    assert written() == before


def test_link_delete_removes_it_and_says_so(client, made, annotator):
    client.force_login(annotator)

    response = client.post(
        url("link-delete", made.link.pk),
        {"version": made.link.version, "claim": made.claim.pk},
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    assert not Link.objects.exists()
    assert Link.history.first().history_type == "-"
    assert Link.history.first().history_user == annotator
    assert region_ids(response) == LINKED
    assert notice(response) == "Link removed."
    assert "No links yet." in text_of(region(response, "links"))


def test_link_delete_with_a_stale_version_is_refused_and_keeps_the_link(
    client, made, annotator, reviewer
):
    services.link_update(link=made.link, actor=reviewer, version=1, note="von Rita")
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("link-delete", made.link.pk), {"version": 1, "claim": made.claim.pk}, headers=HX
    )

    assert response.status_code == 422
    assert notice(response).startswith("This link was changed by rita since you opened it")
    assert written() == before


def test_link_delete_of_another_annotators_draft_link_is_404_and_writes_nothing(
    client, made, annotator_b
):
    client.force_login(annotator_b)
    before = written()

    response = client.post(url("link-delete", made.link.pk), {"version": 1}, headers=HX)

    assert response.status_code == 404
    assert written() == before


# the links list in the claim editor


def test_editor_lists_a_link_on_its_from_claim_as_this_relation_arrow(client, made, annotator):
    client.force_login(annotator)

    response = client.get(url("claim-form", made.claim.pk), headers=HX)

    (line,) = links_in_editor(response)
    assert line.startswith(f"this refines → “{short(BEST)}” Moskau und Pjöngjang")
    assert "genauer" in line
    other = f"{url('workspace', made.best.article_id)}?claim={made.best.pk}"
    assert f'href="{other}"' in region(response, "links")


def test_editor_lists_the_same_link_on_its_to_claim_as_arrow_relation_this(client, made, annotator):
    client.force_login(annotator)

    response = client.get(url("claim-form", made.best.pk), headers=HX)

    (line,) = links_in_editor(response)
    assert line.startswith(f"← refines this “{short(TARGET)}” Putin in Pjöngjang")


def test_editor_on_the_workspace_page_lists_the_links_of_the_chosen_claim(client, made, annotator):
    client.force_login(annotator)

    response = client.get(url("workspace", made.home.pk), {"claim": made.claim.pk})

    assert links_in_editor(response)[0].startswith("this refines →")


def test_editor_of_a_claim_without_links_says_so(client, pair, annotator):
    client.force_login(annotator)

    response = client.get(url("claim-form", pair.claim.pk), headers=HX)

    assert links_in_editor(response) == []
    assert "No links yet." in text_of(region(response, "links"))


def test_editor_of_a_reviewer_names_who_made_each_link(client, made, reviewer):
    client.force_login(reviewer)

    response = client.get(url("claim-form", made.claim.pk), headers=HX)

    assert "Moskau und Pjöngjang · anna" in links_in_editor(response)[0]


# blind annotation: another annotator's links stay hidden until accepted


@pytest.fixture
def bens_link(pair, annotator, annotator_b, reviewer):
    """Anna's claim and the best candidate made gold; Ben links them (a draft)."""
    for target in (pair.claim, pair.best):
        target.refresh_from_db()
        services.review_decide(
            target=target, decision="accept", actor=reviewer, version=target.version
        )
    pair.link = link(pair.best, pair.claim, annotator_b, "contradicts")
    return pair


def test_editor_of_an_annotator_hides_another_annotators_draft_link(client, bens_link, annotator):
    client.force_login(annotator)

    for claim in (bens_link.claim, bens_link.best):
        response = client.get(url("claim-form", claim.pk), headers=HX)
        assert links_in_editor(response) == []


def test_editor_of_an_annotator_shows_another_annotators_link_once_accepted(
    client, bens_link, annotator, reviewer
):
    services.review_decide(target=bens_link.link, decision="accept", actor=reviewer, version=1)
    client.force_login(annotator)

    response = client.get(url("claim-form", bens_link.claim.pk), headers=HX)

    assert links_in_editor(response)[0].startswith(f"← contradicts this “{short(BEST)}”")


def test_link_get_for_user_of_another_annotators_draft_link_is_404(bens_link, annotator):
    with pytest.raises(Http404):
        selectors.link_get_for_user(annotator, bens_link.link.pk)


def test_link_get_for_user_of_another_annotators_accepted_link_returns_it(
    bens_link, annotator, reviewer
):
    services.review_decide(target=bens_link.link, decision="accept", actor=reviewer, version=1)

    assert selectors.link_get_for_user(annotator, bens_link.link.pk) == bens_link.link


@pytest.mark.parametrize("who", ["annotator_b", "reviewer", "manager"])
def test_link_get_for_user_of_its_author_a_reviewer_or_a_manager_returns_a_draft_link(
    bens_link, request, who
):
    user = request.getfixturevalue(who)

    assert selectors.link_get_for_user(user, bens_link.link.pk) == bens_link.link


def test_link_get_for_user_of_an_outsider_is_404_even_when_accepted(bens_link, outsider, reviewer):
    services.review_decide(target=bens_link.link, decision="accept", actor=reviewer, version=1)

    with pytest.raises(Http404):
        selectors.link_get_for_user(outsider, bens_link.link.pk)


def test_link_update_and_delete_of_another_annotators_draft_link_are_404_for_an_annotator(
    client, bens_link, annotator
):
    client.force_login(annotator)
    before = written()

    changed = update(client, bens_link, relation="agrees", note="")
    deleted = client.post(url("link-delete", bens_link.link.pk), {"version": 1}, headers=HX)

    assert (changed.status_code, deleted.status_code) == (404, 404)
    assert written() == before


def test_editor_never_shows_an_annotator_another_annotators_draft_claim_through_a_gold_link(
    client, pair, annotator, annotator_b, reviewer
):
    bens_gold = make_claim(pair.best.article, annotator_b, "strategische Partnerschaft")
    services.review_decide(target=bens_gold, decision="accept", actor=reviewer, version=1)
    bens_draft = make_claim(pair.grain.article, annotator_b, "Getreide")
    gold_link = link(bens_gold, bens_draft, annotator_b, "contradicts")
    services.review_decide(target=gold_link, decision="accept", actor=reviewer, version=1)
    client.force_login(annotator)

    response = client.get(url("claim-form", bens_gold.pk), headers=HX)

    assert response.status_code == 200
    assert "Getreide" not in " ".join(links_in_editor(response))
    assert f"?claim={bens_draft.pk}" not in region(response, "links")
