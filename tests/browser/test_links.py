"""Linking claims across articles, in Chromium: the panel, the comparison, the map."""

import pytest
from playwright.sync_api import expect

from claims.models import Article, Link
from tests.browser.conftest import SCREENSHOTS, log_in, select_text, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TREATY_000 = (
    "Während des jüngsten Besuchs\u00a0von Putin in\u00a0Nordkorea wurde ein Abkommen über "
    "strategische Partnerschaft unterzeichnet"
)
TREATY_003 = (
    "seit dem Abschluss des zwischenstaatlichen Vertrages über umfassende strategische "
    "Partnerschaft im Juni 2024"
)


def mark(page, live_server, article: Article, quote: str, hotkey: str) -> None:
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(page.locator("#workspace[data-ready]")).to_be_attached()
    select_text(page, quote)
    page.keyboard.press(hotkey)
    expect(page.locator("#claim-editor blockquote")).to_have_text(quote)


def test_an_annotator_links_two_treaty_claims_and_sees_them_compared_and_mapped(
    live_server, page, seeded
):
    first = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    second = Article.objects.get(external_id="003_92e821a7e2e904c0.txt")
    log_in(page, live_server, "anna")
    mark(page, live_server, second, TREATY_003, "3")
    mark(page, live_server, first, TREATY_000, "3")

    page.keyboard.press("l")
    candidates = page.locator("#link-panel li[data-candidate]")
    expect(candidates.first).to_be_visible()
    top_five = [
        candidates.nth(i).locator(".quote").inner_text() for i in range(min(5, candidates.count()))
    ]
    assert f"“{TREATY_003}”" in top_five
    wanted = candidates.filter(has_text="zwischenstaatlichen Vertrages")
    expect(wanted.locator(".reasons")).to_contain_text("same claim type")
    wanted.focus()
    page.keyboard.press("a")
    expect(page.locator("#links li[data-link]")).to_have_count(1)
    expect(page.locator("#links li[data-link]")).to_contain_text("agrees")
    link = Link.objects.get()
    assert (link.from_claim.quote, link.to_claim.quote, link.relation.value) == (
        TREATY_000,
        TREATY_003,
        "agrees",
    )

    # the link shows on the other claim too, pointing the other way
    page.goto(f"{live_server.url}/articles/{second.pk}/?claim={link.to_claim_id}")
    expect(page.locator("#links li[data-link]")).to_contain_text("← agrees this")

    page.get_by_role("link", name="Compare").click()
    cluster = page.locator("section.cluster").first
    expect(cluster.locator("tbody tr")).to_have_count(2)
    expect(cluster).to_contain_text(first.title)
    expect(cluster).to_contain_text(second.title)
    expect(cluster).to_contain_text("RT DE")

    page.get_by_role("link", name="Map").click()
    expect(page.locator("#claim-map .node")).to_have_count(2)
    expect(page.locator("#claim-map path.edge.rel-agrees")).to_have_count(1)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".map-frame").screenshot(path=SCREENSHOTS / "map.png")
    page.locator("#claim-map .node").first.click()
    expect(page.locator("#claim-editor blockquote")).to_be_visible()


def test_links_can_be_reversed_retyped_and_removed_from_the_claim_editor(live_server, page, seeded):
    first = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    second = Article.objects.get(external_id="003_92e821a7e2e904c0.txt")
    log_in(page, live_server, "anna")
    mark(page, live_server, second, TREATY_003, "3")
    mark(page, live_server, first, TREATY_000, "3")
    page.get_by_role("button", name="Find claims to link").click()
    expect(page.locator("#link-panel li[data-candidate]").first).to_be_visible()
    settled(page)
    page.locator("#link-panel").get_by_label("Narrow the candidates").fill("Juni")
    expect(page.locator("#link-panel li[data-candidate]")).to_have_count(1)
    page.locator("#link-panel li[data-candidate]").get_by_role("button", name="refines").click()
    expect(page.locator("#links li[data-link]")).to_contain_text("refines")

    links = page.locator("#links li[data-link]")
    links.get_by_role("button", name="Reverse").click()
    expect(links).to_contain_text("← refines this")
    link = Link.objects.get()
    assert link.to_claim.article_id == first.pk
    links.locator("select[name=relation]").select_option("same_event")
    links.get_by_label("Link note").fill("beide meinen den Vertrag vom 19. Juni 2024")
    links.get_by_role("button", name="Save").click()
    expect(links).to_contain_text("beide meinen den Vertrag")
    link.refresh_from_db()
    assert (link.relation.value, link.note) == (
        "same_event",
        "beide meinen den Vertrag vom 19. Juni 2024",
    )
    page.on("dialog", lambda dialog: dialog.accept())
    links.get_by_role("button", name="Remove link").click()
    expect(page.locator("#links li[data-link]")).to_have_count(0)
    assert not Link.objects.exists()
