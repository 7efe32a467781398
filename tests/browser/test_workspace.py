"""An annotator's session in the workspace, in Chromium, against the live server."""

import re

import pytest
from playwright.sync_api import expect

from claims import services
from claims.models import Article, Attribution, Claim, Role
from tests.browser.conftest import SCREENSHOTS, log_in, select_text, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt."
CUE = "Nach Angaben der Nachrichtenagentur KCNA"
EXOTIC_TEXT = (
    "🇰🇵🇷🇺 Kim und Putin 👨🏻‍🚒 trafen sich.\n\n"
    "Der Vertrag wurde im Juni\u00a02024 in Pjo\u0308ngjang unterzeichnet 🤝, so Putin. "
    "Laut KCNA sei die Zusammenarbeit „strategisch“ 𝔸𝔹."
)


def open_article(page, live_server, article: Article, username: str = "anna") -> None:
    log_in(page, live_server, username)
    page.get_by_role("link", name=article.project.name).click()
    page.get_by_role("link", name=article.title).click()
    expect(page.locator("#article-title")).to_have_text(article.title)
    expect(page.locator("#workspace[data-ready]")).to_be_attached()


def assert_every_claim_slices_its_quote() -> None:
    for claim in Claim.objects.select_related("article"):
        assert claim.article.text[claim.start : claim.end] == claim.quote
        for attribution in claim.attributions.exclude(cue_start=None):
            text = claim.article.text
            assert text[attribution.cue_start : attribution.cue_end] == attribution.cue_quote


def test_annotator_marks_sources_edits_deletes_and_undoes_a_claim(live_server, page, seeded):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    open_article(page, live_server, article)
    page.on("dialog", lambda dialog: dialog.accept())

    # select a sentence, press the hotkey of "meeting"
    select_text(page, SENTENCE)
    page.keyboard.press("2")
    highlight = page.locator("#article-text mark.claim")
    expect(highlight).to_have_text(SENTENCE)
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(1)
    claim = Claim.objects.get()
    assert (claim.claim_type.value, claim.quote, claim.created_by.username) == (
        "meeting",
        SENTENCE,
        "anna",
    )

    # add a source with its cue, picked from the entity list
    select_text(page, CUE)
    page.get_by_role("button", name="Use selected text as cue").click()
    expect(page.locator("#cue-text")).to_have_text(f"“{CUE}”")
    settled(page)
    page.get_by_label("Find a source").fill("KCNA")
    page.locator("#source-options [data-action=pick-source]").first.click()
    page.locator("#source-kind").select_option("state_media")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#sources li[data-attribution]")).to_have_count(1)
    attribution = Attribution.objects.get()
    assert (attribution.source.name, attribution.source_kind.value, attribution.cue_quote) == (
        "KCNA",
        "state_media",
        CUE,
    )

    # edit it: another type and a note
    page.locator("#claim-form [name=claim_type]").select_option("statement")
    page.locator("#claim-form [name=note]").fill("Treffen laut KCNA")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#notice")).to_contain_text("Saved.")
    claim.refresh_from_db()
    assert (claim.claim_type.value, claim.note, claim.when) == (
        "statement",
        "Treffen laut KCNA",
        "2024-09-13",
    )

    # a date nested inside it: both highlights drawn, the inner one on its own lane
    select_text(page, "am Freitag")
    page.keyboard.press("1")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(2)
    nested = page.locator("#article-text mark.claim > mark.claim")
    expect(nested).to_have_text("am Freitag")
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "workspace.png")

    # back to the first claim with k, delete it with the keyboard (asks once), then undo
    page.keyboard.press("k")
    expect(page.locator("#claim-editor blockquote")).to_have_text(SENTENCE)
    page.keyboard.press("Delete")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(1)
    assert not Claim.objects.filter(pk=claim.pk).exists()
    expect(page.locator("#notice")).to_contain_text("Deleted")
    page.keyboard.press("u")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(2)
    restored = Claim.objects.get(pk=claim.pk)
    assert (restored.quote, restored.attributions.get().cue_quote) == (SENTENCE, CUE)
    assert_every_claim_slices_its_quote()


def test_offsets_survive_emoji_flags_and_combining_marks_in_an_imported_article(
    live_server, page, seeded
):
    project, anna = seeded.project, seeded.project.members.get(username="anna")
    article = services.article_import(
        project=project, title="Emoji-Test", text=EXOTIC_TEXT, actor=None
    )
    services.assignment_create(article=article, annotator=anna, actor=None)
    open_article(page, live_server, article)
    spans = [
        ("Kim und Putin 👨🏻‍🚒 trafen sich.", "2"),
        ("Der Vertrag wurde im Juni\u00a02024 in Pjo\u0308ngjang unterzeichnet 🤝", "3"),
        ("„strategisch“ 𝔸𝔹", "4"),
    ]
    for number, (quote, hotkey) in enumerate(spans, start=1):
        select_text(page, quote)
        page.keyboard.press(hotkey)
        expect(page.locator("#claim-list li[data-claim]")).to_have_count(number)

    # a selection with spaces around it is trimmed before it is sent
    select_text(page, " so Putin. ")
    page.keyboard.press("8")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(4)
    quotes = set(Claim.objects.values_list("quote", flat=True))
    assert quotes == {quote for quote, _ in spans} | {"so Putin."}
    assert_every_claim_slices_its_quote()
    marks = page.locator("#article-text mark.claim")
    assert set(marks.all_text_contents()) == quotes


def test_shift_arrow_extends_the_selection_before_the_hotkey(live_server, page, seeded):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    open_article(page, live_server, article)
    select_text(page, "Kim Jong-un und Sergei Schoigu haben")
    for _ in range(len(" am Freitag")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("1")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(1)
    assert Claim.objects.get().quote == "Kim Jong-un und Sergei Schoigu haben am Freitag"


def test_accepting_date_and_cue_suggestions_stores_the_normalised_date_and_the_cue(
    live_server, page, seeded
):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    open_article(page, live_server, article)
    first_friday = page.locator("#suggestions li[data-kind=date]").filter(has_text="am Freitag")
    expect(first_friday.first).to_contain_text("2024-09-13")
    first_friday.first.get_by_role("button", name="Accept").click()
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(1)
    date_claim = Claim.objects.get()
    assert (date_claim.quote, date_claim.claim_type.value) == ("am Freitag", "date")
    assert (date_claim.when, date_claim.when_source) == ("2024-09-13", "suggested")
    assert date_claim.start == article.text.index("am Freitag")

    # the cue goes to the selected claim (the one just made), with KCNA as its source
    cue = page.locator("#suggestions li[data-kind=cue]").filter(has_text=CUE)
    cue.get_by_role("button", name="Accept").click()
    expect(page.locator("#sources li[data-attribution]")).to_have_count(1)
    attribution = date_claim.attributions.get()
    assert (attribution.cue_quote, attribution.source.name) == (CUE, "KCNA")
    assert article.text[attribution.cue_start : attribution.cue_end] == CUE
    expect(page.locator("#suggestions li[data-kind=cue]").filter(has_text=CUE)).to_have_count(0)

    # a dismissed suggestion stays hidden for this annotator
    dismissed = page.locator("#suggestions li[data-kind=date]").filter(has_text="9. Februar 2000")
    dismissed.get_by_role("button", name="Dismiss").click()
    expect(dismissed).to_have_count(0)
    page.reload()
    expect(page.locator("#suggestions li[data-kind=date]").first).to_be_visible()
    expect(dismissed).to_have_count(0)


def test_submitting_an_article_moves_the_queue_to_the_next_one(live_server, page, seeded):
    article = Article.objects.get(external_id="002_026bfc24eff04697.txt")  # first by date
    open_article(page, live_server, article)
    page.on("dialog", lambda dialog: dialog.accept())
    select_text(page, "Kim Jong Un trifft Schoigu")
    page.keyboard.press("2")
    expect(page.locator("#claim-list li[data-claim]")).to_have_count(1)
    page.get_by_role("button", name="Submit article").click()
    page.wait_for_url(re.compile(rf"/articles/(?!{article.pk}/)\d+/"))
    assert Claim.objects.get().status == "submitted"
    assert services.role_in(article.project, seeded.project.members.get(username="anna")) == (
        Role.ANNOTATOR
    )
    expect(page.locator("#assignment-status")).to_have_text("Assigned")


def test_a_refused_save_shows_the_reason_and_keeps_what_was_typed(live_server, page, seeded):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    open_article(page, live_server, article)
    select_text(page, SENTENCE)
    page.keyboard.press("2")
    expect(page.locator("#claim-form")).to_be_visible()
    page.locator("#claim-form [name=when]").fill("13. September")
    page.locator("#claim-form [name=note]").fill("mein Kommentar")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#notice .error")).to_contain_text("is not a date at a precision")
    expect(page.locator("#claim-form [name=note]")).to_have_value("mein Kommentar")
    expect(page.locator("#claim-form [name=when]")).to_have_value("13. September")
    assert Claim.objects.get().note == ""


def test_a_save_that_never_reaches_the_server_says_so_and_keeps_the_typing(
    live_server, page, seeded
):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    open_article(page, live_server, article)
    select_text(page, SENTENCE)
    page.keyboard.press("2")
    expect(page.locator("#claim-form")).to_be_visible()
    page.route("**/claims/*/", lambda route: route.abort())
    page.locator("#claim-form [name=note]").fill("noch nicht gespeichert")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#notice .error")).to_contain_text("Not saved")
    expect(page.locator("#claim-form [name=note]")).to_have_value("noch nicht gespeichert")
    page.unroute("**/claims/*/")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#notice")).to_contain_text("Saved.")
    assert Claim.objects.get().note == "noch nicht gespeichert"


def test_the_keyboard_moves_between_claims_opens_sources_help_and_cancels(
    live_server, page, seeded
):
    article = Article.objects.get(external_id="000_4a0a1ee8b9589300.txt")
    for quote in ["am Freitag", "Nach Angaben der Nachrichtenagentur KCNA"]:
        start = article.text.index(quote)
        services.claim_create(
            article=article,
            actor=seeded.project.members.get(username="anna"),
            start=start,
            end=start + len(quote),
            quote=quote,
            claim_type="statement",
        )
    open_article(page, live_server, article)
    editor_quote = page.locator("#claim-editor blockquote")
    page.keyboard.press("j")
    expect(editor_quote).to_have_text("am Freitag")
    page.keyboard.press("j")
    expect(editor_quote).to_have_text("Nach Angaben der Nachrichtenagentur KCNA")
    page.keyboard.press("k")
    expect(editor_quote).to_have_text("am Freitag")
    page.keyboard.press("s")
    expect(page.locator("#source-search")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#claim-form")).to_have_count(0)
    page.keyboard.press("e")  # nothing selected any more: nothing opens
    expect(page.locator("#claim-form")).to_have_count(0)
    page.keyboard.press("?")
    expect(page.locator("dialog#hotkeys")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("dialog#hotkeys")).to_be_hidden()
    page.locator("#article-text mark.claim").first.click()
    expect(editor_quote).to_have_text("am Freitag")


def test_a_source_citing_another_source_is_recorded_as_a_chain(live_server, page, seeded):
    """ "RIA Nowosti, citing the press service": RIA's attribution has the press service as
    its parent."""
    article = Article.objects.get(external_id="001_9020ca434ba6ce87.txt")
    open_article(page, live_server, article)
    select_text(page, "Am 21. März stattete der Sekretär des russischen Sicherheitsrates")
    page.keyboard.press("2")
    expect(page.locator("#source-form")).to_be_visible()
    settled(page)
    page.keyboard.press("s")
    expect(page.locator("#source-search")).to_be_focused()
    page.keyboard.type("RIA")
    page.locator("#source-options [data-action=pick-source]").first.click()
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#sources li[data-attribution]")).to_have_count(1)

    page.get_by_role("button", name="Add the source it cites").click()
    expect(page.locator("#citing-note")).to_contain_text("RIA Nowosti")
    page.get_by_label("New source name").fill("Pressedienst des Sicherheitsrats")
    page.locator("#source-form [name=new_source_kind]").select_option("organisation")
    page.locator("#source-kind").select_option("government_body")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#sources li[data-attribution]")).to_have_count(2)
    expect(page.locator("#sources")).to_contain_text("citing Pressedienst des Sicherheitsrats")

    ria = Attribution.objects.get(source__name="RIA Nowosti")
    assert ria.parent.source.name == "Pressedienst des Sicherheitsrats"
    assert ria.parent.source_kind.value == "government_body"
    assert ria.parent.parent is None
