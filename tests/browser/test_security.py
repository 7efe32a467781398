"""The XSS corpus (tests/security/corpus.py) in Chromium under the Content-Security-Policy: no
dialog opens, no payload fetches anything, the policy blocks none of our own scripts or styles,
and the workspace still works by selection and hotkey."""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from claims.models import Claim, Label
from claims.services.seeds import demo_password
from tests.browser.conftest import log_in, select_text, settled
from tests.security.corpus import PAYLOADS, SENTENCE, plant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects violations as the page sees them (a console message can be worded differently).
VIOLATIONS_JS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def hostile(seeded):
    users = get_user_model().objects
    mona, anna, ben = (users.get(username=name) for name in ("mona", "anna", "ben"))
    return plant(seeded.project, mona, anna, ben)


@pytest.fixture
def watched(page):
    """Everything a payload or the policy could make happen, recorded as it happens."""
    seen = SimpleNamespace(dialogs=[], refused=[], errors=[], fetched=[])

    def dialog(dialog):
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def console(message):
        if "Content Security Policy" in message.text:
            seen.refused.append(message.text)

    def request(request):
        if urlsplit(request.url).path == "/x":
            seen.fetched.append(request.url)

    page.on("dialog", dialog)
    page.on("console", console)
    page.on("request", request)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.add_init_script(VIOLATIONS_JS)
    return seen


def assert_nothing_fired(page, seen) -> None:
    settled(page)
    page.wait_for_timeout(300)  # an onerror or hx-trigger=load would have fired by now
    assert seen.dialogs == []
    assert seen.fetched == []
    assert seen.refused == []
    assert page.evaluate("window.__violations") == []
    assert seen.errors == []


def visit(page, seen, address: str) -> None:
    page.goto(address)
    assert_nothing_fired(page, seen)


def log_in_to_admin(page, live_server) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(demo_password("admin"))
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()


def test_the_workspace_shows_the_corpus_inert_and_still_makes_claims_by_hotkey(
    live_server, page, hostile, watched
):
    log_in(page, live_server, "anna")
    article, claim = hostile.article, hostile.claim
    visit(page, watched, f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    expect(page.locator("#workspace[data-ready]")).to_be_attached()
    expect(page.locator("#article-title")).to_have_text(article.title)
    expect(page.locator("#claim-form [name=note]")).to_have_value(claim.note)
    expect(page.get_by_label("Link note")).to_have_value(hostile.links[0].note)
    page.locator("#guidelines-panel summary").click()
    expect(page.locator("#guidelines-panel")).to_contain_text(PAYLOADS[0])

    # htmx swaps of hostile names: the entity search and the link panel
    page.get_by_label("Find an entity").fill("Alias")
    expect(page.locator("#entity-options li").first).to_contain_text("Alias")
    page.get_by_role("button", name="Find claims to link").click()
    expect(page.locator("#link-panel")).to_be_visible()
    assert_nothing_fired(page, watched)

    # the policy leaves our own script working: select text, press a type's hotkey
    page.keyboard.press("Escape")
    before = page.locator("#claim-list li[data-claim]").count()
    select_text(page, SENTENCE)
    hotkey = Label.objects.get(project=hostile.project, value="meeting").hotkey
    page.keyboard.press(hotkey)
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(before + 1)
    assert Claim.objects.filter(article=article, quote=SENTENCE).exists()
    expect(page.locator("#article-text mark.claim").filter(has_text=SENTENCE)).to_have_count(1)
    assert_nothing_fired(page, watched)


def test_the_comparison_conflicts_map_agreement_review_and_setup_show_the_corpus_inert(
    live_server, page, hostile, watched
):
    log_in(page, live_server, "mona")
    slug = hostile.project.slug
    for address in [
        f"/projects/{slug}/",
        f"/projects/{slug}/compare/",
        f"/projects/{slug}/conflicts/",
        f"/projects/{slug}/map/",
        f"/projects/{slug}/agreement/",
        f"/articles/{hostile.article.pk}/review/",
        f"/projects/{slug}/setup/",
    ]:
        visit(page, watched, f"{live_server.url}{address}")
        expect(page.locator("main")).to_contain_text(PAYLOADS[1])

    expect(page.locator("#guidelines-preview")).to_contain_text(PAYLOADS[0])
    expect(page.locator("#guidelines-preview [href^='javascript' i]")).to_have_count(0)


@pytest.mark.parametrize("model", ["article", "entity", "claim", "project"])
def test_the_admin_change_list_shows_the_corpus_inert(live_server, page, hostile, watched, model):
    log_in_to_admin(page, live_server)

    visit(page, watched, f"{live_server.url}/admin/claims/{model}/")

    expect(page.locator("#result_list")).to_contain_text(PAYLOADS[3])


def test_the_admin_change_form_of_a_hostile_article_is_inert(live_server, page, hostile, watched):
    log_in_to_admin(page, live_server)

    visit(page, watched, f"{live_server.url}/admin/claims/article/{hostile.article.pk}/change/")

    expect(page.locator("#id_title")).to_have_value(hostile.article.title)


def test_the_api_docs_page_works_under_the_policy(live_server, page, seeded, watched):
    log_in(page, live_server, "mona")

    visit(page, watched, f"{live_server.url}/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Claimlens API")
    assert_nothing_fired(page, watched)


def test_the_check_sees_a_dialog_and_a_refused_inline_script(live_server, page, seeded, watched):
    """The watchers above can fail: an inline script is refused (and reported), and a dialog
    from our own origin's script is recorded."""
    log_in(page, live_server, "anna")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "alert(1)"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert watched.dialogs == []
    assert watched.refused and page.evaluate("window.__violations")

    page.evaluate("() => window.setTimeout(() => alert('ours'), 0)")
    page.wait_for_timeout(200)
    assert watched.dialogs == ["alert: ours"]
