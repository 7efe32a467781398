"""The XSS corpus (tests/security/corpus.py) in every field a user fills in: every page, fragment
and admin screen that shows those fields shows them as text, and nothing of them is active."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from annotate.markdown import render_markdown
from claims import services
from claims.models import Article
from tests.security.corpus import (
    CORPUS,
    GUIDELINES,
    PAYLOADS,
    Markup,
    injected,
    inline_code,
    plant,
)

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def url(name, *args):
    return reverse(f"annotate:{name}", args=args)


@pytest.fixture
def hostile(project, manager, annotator, annotator_b):
    return plant(project, manager, annotator, annotator_b)


def site_pages(h) -> dict:
    """(address, query, headers, a planted field it shows) for every screen and fragment."""
    slug, article, claim = h.project.slug, h.article, h.claim
    return {
        "project list": (url("project-list"), {}, {}, h.project.name),
        "queue": (url("queue", slug), {}, {}, article.title),
        "workspace": (url("workspace", article.pk), {}, {}, article.title),
        "workspace with the claim open": (
            url("workspace", article.pk),
            {"claim": claim.pk},
            {},
            claim.note,
        ),
        "workspace of the other article": (url("workspace", h.other.pk), {}, {}, h.other.title),
        "claim editor fragment": (url("claim-form", claim.pk), {}, HX, h.person.name),
        "source options fragment": (
            url("entity-options", slug),
            {"q": "KCNA", "target": "source"},
            HX,
            h.source.name,
        ),
        "entity options fragment": (
            url("entity-options", slug),
            {"q": "Alias", "claim": claim.pk, "version": claim.version},
            HX,
            h.source.aliases[-1],
        ),
        "link panel fragment": (url("link-panel", claim.pk), {"q": "Zweiter"}, HX, CORPUS),
        "link panel with a hostile search": (
            url("link-panel", claim.pk),
            {"q": PAYLOADS[3]},
            HX,
            PAYLOADS[3],
        ),
        "suggestions fragment": (url("suggestions", article.pk), {}, HX, h.source.name),
        "compare": (url("compare", slug), {}, {}, article.title),
        "conflicts": (url("conflicts", slug), {}, {}, CORPUS),
        "map": (url("map", slug), {}, {}, PAYLOADS[1]),
        "agreement": (url("agreement", slug), {}, {}, PAYLOADS[1]),
        "review": (url("review", article.pk), {}, {}, claim.note),
        "review fragment": (url("review", article.pk), {}, HX, claim.note),
        "setup": (url("setup", slug), {}, {}, GUIDELINES),
        "export": (url("export", slug), {}, {}, h.project.name),
        "import": (url("import", slug), {}, {}, h.project.name),
    }


SITE_PAGES = [
    "project list",
    "queue",
    "workspace",
    "workspace with the claim open",
    "workspace of the other article",
    "claim editor fragment",
    "source options fragment",
    "entity options fragment",
    "link panel fragment",
    "link panel with a hostile search",
    "suggestions fragment",
    "compare",
    "conflicts",
    "map",
    "agreement",
    "review",
    "review fragment",
    "setup",
    "export",
    "import",
]


def test_the_page_list_names_every_planted_screen(hostile):
    assert list(site_pages(hostile)) == SITE_PAGES


@pytest.mark.parametrize("page", SITE_PAGES)
def test_every_site_page_shows_the_corpus_as_inert_text(client, hostile, manager, page):
    address, query, headers, field = site_pages(hostile)[page]
    client.force_login(manager)

    response = client.get(address, query, headers=headers)

    assert response.status_code == 200
    markup = response.content.decode()
    assert injected(markup) == []
    assert field in Markup(markup).shown(), "the planted field is not shown as text"


def test_the_workspace_shows_title_text_note_and_names_exactly_as_typed(client, hostile, manager):
    client.force_login(manager)

    response = client.get(url("workspace", hostile.article.pk), {"claim": hostile.claim.pk})

    page = Markup(response.content.decode())

    shown = page.shown()
    assert CORPUS in "".join(page.text)  # the article text, cut into highlights
    for field in (
        hostile.article.title,
        hostile.claim.note,
        hostile.source.name,
        hostile.person.name,
        hostile.links[0].note,
    ):
        assert field in shown


def test_an_annotator_sees_her_own_hostile_claims_inert(client, hostile, annotator):
    client.force_login(annotator)

    response = client.get(url("workspace", hostile.article.pk), {"claim": hostile.claim.pk})

    assert injected(response.content.decode()) == []
    assert hostile.claim.note in Markup(response.content.decode()).shown()


ADMIN_MODELS = ["project", "label", "article", "entity", "claim", "attribution", "link"]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_admin_changelist_shows_the_corpus_as_inert_text(admin_client, hostile, model):
    response = admin_client.get(reverse(f"admin:claims_{model}_changelist"))

    assert response.status_code == 200
    markup = response.content.decode()
    assert injected(markup) == []
    assert any(payload in Markup(markup).shown() for payload in PAYLOADS)


@pytest.mark.parametrize("model", ["project", "article", "entity", "claim", "link"])
def test_every_admin_change_form_shows_the_corpus_as_inert_text(admin_client, hostile, model):
    obj = {
        "project": hostile.project,
        "article": hostile.article,
        "entity": hostile.source,
        "claim": hostile.claim,
        "link": hostile.links[0],
    }[model]

    response = admin_client.get(reverse(f"admin:claims_{model}_change", args=[obj.pk]))

    assert response.status_code == 200
    markup = response.content.decode()
    assert injected(markup) == []
    assert any(payload in Markup(markup).shown() for payload in PAYLOADS)


def test_guidelines_markdown_keeps_text_and_formatting_but_nothing_active():
    rendered = str(render_markdown(GUIDELINES))

    assert injected(rendered) == []
    assert inline_code(rendered) == []
    assert "<h1>" in rendered and "<li>" in rendered
    shown = Markup(rendered).shown()
    assert PAYLOADS[0] in shown  # raw HTML is shown as text
    assert "javascript:" not in "".join(a.get("href", "") for _, a in Markup(rendered).elements)


@pytest.mark.parametrize("address", ["javascript:alert(1)", "data:text/html,<script>x</script>"])
def test_an_article_url_must_be_a_web_address(project, manager, address):
    with pytest.raises(ValidationError):
        services.article_import(
            project=project, title="T", text="Ein Text.", url=address, actor=manager
        )
    assert not Article.objects.filter(url=address).exists()


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<p title=""><svg onload=alert(1)>">',
        "<p title=''><svg onload=alert(1)>'>",
        '<div hx-get="/x" hx-trigger="load">htmx</div>',
        '<a href="javascript:alert(1)">x</a>',
        "<a href=' JavaScript:alert(1)'>x</a>",
    ],
)
def test_the_checker_finds_each_payload_when_it_is_not_escaped(markup):
    assert injected(f"<main>{markup}</main>") != []
