"""Two annotators disagree; a reviewer settles the gold version; the admin shows each step."""

import pytest
from playwright.sync_api import expect

from claims.models import Article, Claim, Review
from tests.browser.conftest import log_in, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt."
SHORT = "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche"


def annotate(page, live_server, username, article, marks):
    page.context.clear_cookies()
    log_in(page, live_server, username)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    expect(page.locator("#workspace[data-ready]")).to_be_attached()
    for number, (quote, hotkey) in enumerate(marks, start=1):
        select_text(page, quote)
        page.keyboard.press(hotkey)
        expect(page.locator("#claim-list li[data-claim]")).to_have_count(number)


def test_a_reviewer_accepts_one_version_and_corrects_another_and_the_admin_shows_it(
    live_server, page, seeded
):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    annotate(page, live_server, "anna", article, [(LONG, "2"), ("am Freitag", "1")])
    annotate(page, live_server, "ben", article, [(SHORT, "2"), ("am Freitag", "8")])

    page.context.clear_cookies()
    log_in(page, live_server, "rita")
    page.goto(f"{live_server.url}/articles/{article.pk}/review/")
    expect(page.locator("body[data-review-ready]")).to_be_attached()
    rows = page.locator("tr.review-row")
    expect(rows).to_have_count(2)
    # the sentence: same type, different span; "am Freitag": same span, different type
    expect(rows.nth(0).locator("q.differs")).to_have_count(2)
    expect(rows.nth(1).locator(".field-type.differs")).to_have_count(2)

    # keyboard: on the first row, 1 accepts anna's version (and rejects ben's)
    rows.nth(0).focus()
    page.keyboard.press("1")
    expect(rows.nth(0).locator(".version.status-accepted")).to_have_count(1)
    expect(rows.nth(0).locator(".version.status-rejected")).to_have_count(1)

    # ben's "am Freitag" is the better span but the wrong type: correct it, then accept
    bens = rows.nth(1).locator(".version").nth(1)
    bens.locator("summary").click()
    bens.locator("select[name=claim_type]").select_option("date")
    bens.locator("input[name=when]").fill("2024-09-13")
    bens.locator("form input[name=comment]").fill("Datum, nicht Aussage")
    bens.get_by_role("button", name="Accept corrected").click()
    expect(rows.nth(1).locator(".version.status-accepted")).to_contain_text("Date")

    gold = {
        (c.quote, c.claim_type.value, c.when, c.created_by.username)
        for c in Claim.objects.filter(status="accepted")
    }
    assert gold == {(LONG, "meeting", "", "anna"), ("am Freitag", "date", "2024-09-13", "ben")}
    corrected = Review.objects.get(claim__created_by__username="ben", decision="accept")
    assert corrected.correction["claim_type"] == ["statement", "date"]
    assert corrected.comment == "Datum, nicht Aussage"

    # the admin history of ben's claim: made by ben, corrected and accepted by rita
    page.context.clear_cookies()
    log_in(page, live_server, "admin")
    claim = Claim.objects.get(created_by__username="ben", quote="am Freitag")
    page.goto(f"{live_server.url}/admin/claims/claim/{claim.pk}/history/")
    history = page.locator("#change-history")
    expect(history).to_contain_text("ben")
    expect(history).to_contain_text("rita")
    expect(history.locator("tbody tr")).to_have_count(3)
