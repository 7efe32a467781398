"""The workspace page and every action in it (annotate/views/workspace.py, sources.py,
suggestions.py), through the test client as htmx sends them."""

import html
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from annotate.urls import site
from claims import services
from claims.models import (
    Article,
    Assignment,
    Attribution,
    Claim,
    Dismissal,
    Entity,
    EntityKind,
    Idempotency,
    Label,
    Link,
    Membership,
    Project,
)
from claims.services.seeds import seeds_load
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_project

HX = {"HX-Request": "true"}
FRIDAY = date(2024, 9, 13)
# Distinctive: it exists only in ARTICLE_TEXT, never in the page's own words.
DISTINCT = "Die Delegation besuchte Pjo\u0308ngjang"
CUE = "so Putin"
REGIONS = ("article-text", "claim-list", "claim-editor", "notice")


# helpers


def utf16(text: str, position: int) -> int:
    """A code point offset as the browser counts it (independent of claims/offsets.py)."""
    return len(text[:position].encode("utf-16-le")) // 2


def browser_span(text: str, quote: str, occurrence: int = 0) -> dict:
    """The selection of `quote` as the browser sends it: UTF-16 offsets and the text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {"start": utf16(text, start), "end": utf16(text, start + len(quote)), "quote": quote}


def browser_cue(text: str, quote: str) -> dict:
    span = browser_span(text, quote)
    return {"cue_start": span["start"], "cue_end": span["end"], "cue_quote": quote}


def page_of(response) -> str:
    return response.content.decode()


def region(markup, element_id: str) -> str:
    """The element with this id, from its start tag to its matching end tag."""
    markup = markup if isinstance(markup, str) else page_of(markup)
    opening = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', markup)
    assert opening, f"#{element_id} is not in the response"
    tag, depth = opening.group(1), 1
    for match in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(markup, opening.end()):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return markup[opening.start() : match.end()]
    raise AssertionError(f"#{element_id} is not closed")


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def notice(response) -> str:
    return text_of(region(response, "notice")).strip()


def region_ids(response) -> list[str]:
    """The ids of the out-of-band regions in a fragment response, in order."""
    return re.findall(r'<\w+ id="([\w-]+)"[^>]*hx-swap-oob="true"', page_of(response))


def written() -> dict:
    """Rows and history rows of everything a workspace action could write."""
    return {
        "claims": Claim.objects.count(),
        "claim history": Claim.history.count(),
        "participants": Claim.participants.through.objects.count(),
        "attributions": Attribution.objects.count(),
        "attribution history": Attribution.history.count(),
        "entities": Entity.objects.count(),
        "entity history": Entity.history.count(),
        "links": Link.objects.count(),
        "link history": Link.history.count(),
        "article history": Article.history.count(),
        "assignment history": Assignment.history.count(),
        "dismissals": Dismissal.objects.count(),
        "idempotency keys": Idempotency.objects.count(),
        "memberships": Membership.objects.count(),
        "labels": sorted(Label.objects.values_list("pk", "name", "hidden")),
        "assignments": Assignment.objects.count(),
        "guidelines": sorted(Project.objects.values_list("guidelines", flat=True)),
    }


def entity(project, name, kind=EntityKind.PERSON, aliases=()):
    return services.entity_create(
        project=project, kind=kind, name=name, aliases=aliases, actor=None
    )


def add_source(claim, actor, **fields):
    claim.refresh_from_db()
    fields.setdefault("source_kind", "state_media")
    return services.attribution_create(claim=claim, actor=actor, version=claim.version, **fields)


def claim_data(claim, **changes) -> dict:
    """The claim form as the editor sends it, unchanged unless told."""
    claim.refresh_from_db()
    return {
        "claim_type": claim.claim_type.value,
        "when": claim.when,
        "when_suggested": "",
        "polarity": claim.polarity,
        "modality": claim.modality,
        "note": claim.note,
        "version": claim.version,
        **changes,
    }


def source_data(claim, **fields) -> dict:
    claim.refresh_from_db()
    return {
        "source_kind": "state_media",
        "form": "reported",
        "stance": "neutral",
        "version": claim.version,
        **fields,
    }


def url(name, *args):
    return reverse(f"annotate:{name}", args=args)


@pytest.fixture
def work(project, article, annotator):
    """Anna's draft claim over DISTINCT with one source (KCNA, cue "so Putin")."""
    kcna = entity(project, "KCNA", EntityKind.AGENCY, ["Nachrichtenagentur KCNA"])
    claim = make_claim(article, annotator, DISTINCT)
    cue = ARTICLE_TEXT.index(CUE)
    attribution = add_source(
        claim, annotator, source=kcna, cue_start=cue, cue_end=cue + len(CUE), cue_quote=CUE
    )
    claim.refresh_from_db()
    return SimpleNamespace(article=article, claim=claim, attribution=attribution, kcna=kcna)


# the page and its fragments


def test_workspace_page_shows_the_article_text_escaped_and_the_claim_list(
    client, project, annotator
):
    text = 'Kim sagte: "<script>alert(1)</script>" & ging. Der Vertrag gilt.'
    article = make_article(project, text=text, title="Ein <b>Titel</b>")
    claim = make_claim(article, annotator, "Der Vertrag gilt.")
    client.force_login(annotator)

    response = client.get(url("workspace", article.pk))

    assert response.status_code == 200
    page = page_of(response)
    assert "<html" in page
    assert 'class="topbar"' in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ein &lt;b&gt;Titel&lt;/b&gt;" in page
    assert text_of(region(page, "article-text")) == text
    claims = region(page, "claim-list")
    assert f'data-claim="{claim.pk}"' in claims
    assert '<span id="claim-count">1</span>' in claims
    assert "Der Vertrag gilt." in text_of(claims)
    assert "hx-swap-oob" not in page
    assert f'hx-get="{url("suggestions", article.pk)}" hx-trigger="load"' in page


def test_workspace_page_of_an_article_without_claims_says_so(client, article, annotator):
    client.force_login(annotator)

    page = page_of(client.get(url("workspace", article.pk)))

    assert "No claims yet." in region(page, "claim-list")
    assert "No claim selected." in region(page, "claim-editor")


def test_workspace_page_with_a_claim_chosen_opens_its_editor(client, work, annotator):
    client.force_login(annotator)

    page = page_of(client.get(url("workspace", work.article.pk), {"claim": work.claim.pk}))

    editor = region(page, "claim-editor")
    assert f'data-claim="{work.claim.pk}"' in editor
    assert f'hx-post="{url("claim-form", work.claim.pk)}"' in editor
    assert "KCNA" in text_of(editor)
    assert f'class="claim ct-statement lane-0 selected" data-claim="{work.claim.pk}"' in page


def test_workspace_page_with_a_claim_parameter_that_is_not_a_number_is_404(
    client, article, annotator
):
    client.force_login(annotator)

    assert client.get(url("workspace", article.pk), {"claim": "abc"}).status_code == 404


def test_claim_form_get_answers_only_the_regions_swapped_out_of_band(client, work, annotator):
    client.force_login(annotator)

    response = client.get(url("claim-form", work.claim.pk), headers=HX)

    assert response.status_code == 200
    fragment = page_of(response)
    assert region_ids(response) == ["article-text", "claim-list", "claim-editor"]
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert "topbar" not in fragment
    assert "<script" not in fragment
    assert 'id="workspace"' not in fragment
    assert (
        f'<section id="claim-editor" class="editor" hx-swap-oob="true" data-claim="{work.claim.pk}"'
        in fragment
    )
    assert text_of(region(fragment, "article-text")) == ARTICLE_TEXT


@pytest.mark.parametrize(
    ("name", "regions"),
    [
        ("claim-create", REGIONS),
        ("claim-form", REGIONS),
        ("claim-delete", REGIONS),
        ("attribution-create", ("claim-editor", "claim-list", "notice")),
        ("claim-entity", ("claim-editor", "claim-list", "notice")),
    ],
)
def test_every_action_answers_with_its_regions_out_of_band_and_no_page(
    client, work, annotator, name, regions
):
    claim = work.claim
    requests = {
        "claim-create": (
            url("claim-create", work.article.pk),
            {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "statement"},
        ),
        "claim-form": (url("claim-form", claim.pk), claim_data(claim, note="neu")),
        "claim-delete": (url("claim-delete", claim.pk), {"version": claim.version}),
        "attribution-create": (url("attribution-create", claim.pk), source_data(claim)),
        "claim-entity": (
            url("claim-entity", claim.pk),
            {"role": "participant", "entity": work.kcna.pk, "version": claim.version},
        ),
    }
    address, data = requests[name]
    client.force_login(annotator)

    response = client.post(address, data, headers=HX)

    assert response.status_code == 200, notice(response)
    assert region_ids(response) == list(regions)
    assert "<html" not in page_of(response)
    assert "topbar" not in page_of(response)


# outsiders: 404 for everything of the project


def outsider_requests(w):
    claim, attribution, article = w.claim, w.attribution, w.article
    slug = article.project.slug
    return {
        "workspace": ("get", url("workspace", article.pk), {}),
        "claim-create": (
            "post",
            url("claim-create", article.pk),
            {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "statement"},
        ),
        "claim-form GET": ("get", url("claim-form", claim.pk), {}),
        "claim-form POST": ("post", url("claim-form", claim.pk), claim_data(claim, note="x")),
        "claim-delete": ("post", url("claim-delete", claim.pk), {"version": claim.version}),
        "claim-undo": ("post", url("claim-undo", article.pk), {}),
        "attribution-create": ("post", url("attribution-create", claim.pk), source_data(claim)),
        "attribution-update": (
            "post",
            url("attribution-update", attribution.pk),
            source_data(claim, stance="distancing"),
        ),
        "attribution-delete": (
            "post",
            url("attribution-delete", attribution.pk),
            {"version": claim.version},
        ),
        "claim-entity": (
            "post",
            url("claim-entity", claim.pk),
            {"role": "participant", "name": "Neu", "kind": "person", "version": claim.version},
        ),
        "suggestions": ("get", url("suggestions", article.pk), {}),
        "suggestion-accept": (
            "post",
            url("suggestion-accept", article.pk),
            {"key": w.cue_key, "claim": claim.pk},
        ),
        "suggestion-dismiss": ("post", url("suggestion-dismiss", article.pk), {"key": w.cue_key}),
        "article-metadata": (
            "post",
            url("article-metadata", article.pk),
            {"title": "Übernommen", "outlet": "X"},
        ),
        "article-submit": ("post", url("article-submit", article.pk), {}),
        "queue": ("get", url("queue", article.project.slug), {}),
        "label-css": ("get", url("label-css", article.project.slug), {}),
        "entity-options": ("get", url("entity-options", article.project.slug), {"q": "KCNA"}),
        "compare": ("get", url("compare", article.project.slug), {}),
        "conflicts": ("get", url("conflicts", article.project.slug), {}),
        "map": ("get", url("map", article.project.slug), {}),
        "link-panel": ("get", url("link-panel", claim.pk), {"q": "Vertrag"}),
        "link-create": (
            "post",
            url("link-create", claim.pk),
            {"to_claim": w.other.pk, "relation": "refines"},
        ),
        "link-update": (
            "post",
            url("link-update", w.link.pk),
            {"relation": "contradicts", "version": w.link.version},
        ),
        "link-delete": ("post", url("link-delete", w.link.pk), {"version": w.link.version}),
        "agreement": ("get", url("agreement", slug), {}),
        "setup": ("get", url("setup", slug), {}),
        "member-add": ("post", url("member-add", slug), {"username": "otto", "role": "manager"}),
        "member-update": (
            "post",
            url("member-update", slug, w.membership.pk),
            {"role": "manager"},
        ),
        "label-add": (
            "post",
            url("label-add", slug),
            {"kind": "claim_type", "value": "x", "name": "X", "color": "#000000"},
        ),
        "label-update": (
            "post",
            url("label-update", slug, w.label.pk),
            {"kind": "claim_type", "value": "date", "name": "X", "color": "#000000", "delete": "1"},
        ),
        "guidelines": ("post", url("guidelines", slug), {"guidelines": "# gekapert"}),
        "articles-import": ("post", url("articles-import", slug), {}),
        "export": ("get", url("export", slug), {}),
        "export-download": ("get", url("export-download", slug), {"format": "jsonl"}),
        "import GET": ("get", url("import", slug), {}),
        "import POST": ("post", url("import", slug), {"format": "txt"}),
        "assign": ("post", url("assign", slug), {"k": "1"}),
        "unassign": ("post", url("unassign", slug, w.assignment.pk), {}),
        "review": ("get", url("review", article.pk), {}),
        "claim-review": (
            "post",
            url("claim-review", claim.pk),
            {"decision": "accept", "version": claim.version},
        ),
        "link-review": (
            "post",
            url("link-review", w.link.pk),
            {"decision": "reject", "version": w.link.version},
        ),
    }


OUTSIDER_REQUESTS = [
    "workspace",
    "claim-create",
    "claim-form GET",
    "claim-form POST",
    "claim-delete",
    "claim-undo",
    "attribution-create",
    "attribution-update",
    "attribution-delete",
    "claim-entity",
    "suggestions",
    "suggestion-accept",
    "suggestion-dismiss",
    "article-metadata",
    "article-submit",
    "queue",
    "label-css",
    "entity-options",
    "compare",
    "conflicts",
    "map",
    "link-panel",
    "link-create",
    "link-update",
    "link-delete",
    "agreement",
    "setup",
    "member-add",
    "member-update",
    "label-add",
    "label-update",
    "guidelines",
    "articles-import",
    "export",
    "export-download",
    "import GET",
    "import POST",
    "assign",
    "unassign",
    "review",
    "claim-review",
    "link-review",
]


@pytest.fixture
def reachable(work, annotator):
    """`work`, assigned to Anna, with the key of a cue suggestion in its text."""
    work.assignment = services.assignment_create(
        article=work.article, annotator=annotator, actor=None
    )
    work.membership = Membership.objects.get(project=work.article.project, user=annotator)
    work.label = Label.objects.get(project=work.article.project, value="date")
    start = ARTICLE_TEXT.index("Nach Angaben der Nachrichtenagentur KCNA")
    work.cue_key = f"cue:{start}:{start + len('Nach Angaben der Nachrichtenagentur KCNA')}"
    elsewhere = make_article(
        work.article.project, text="Der Vertrag wurde im Juni 2024 unterzeichnet."
    )
    work.other = make_claim(elsewhere, annotator, "Der Vertrag wurde im Juni 2024 unterzeichnet.")
    work.link = services.link_create(
        from_claim=work.claim, to_claim=work.other, relation="agrees", actor=annotator
    )
    return work


def test_outsider_requests_cover_every_url_of_the_site():
    names = {pattern.name for pattern in site}
    covered = {request.split(" ")[0] for request in OUTSIDER_REQUESTS}

    assert names - covered == {"home", "login", "logout", "project-list"}


@pytest.mark.parametrize("request_name", OUTSIDER_REQUESTS)
def test_outsider_gets_404_and_writes_nothing(client, reachable, outsider, request_name):
    method, address, data = outsider_requests(reachable)[request_name]
    client.force_login(outsider)
    before = written()

    response = getattr(client, method)(address, data, headers=HX)

    assert response.status_code == 404
    assert written() == before


# blind annotation


@pytest.mark.parametrize(
    "request_name",
    [
        "claim-form GET",
        "claim-form POST",
        "claim-delete",
        "attribution-create",
        "attribution-update",
        "attribution-delete",
        "claim-entity",
        "suggestion-accept",
    ],
)
def test_another_annotator_gets_404_for_a_draft_claim_and_writes_nothing(
    client, reachable, annotator_b, request_name
):
    method, address, data = outsider_requests(reachable)[request_name]
    client.force_login(annotator_b)
    before = written()

    response = getattr(client, method)(address, data, headers=HX)

    assert response.status_code == 404
    assert written() == before


def test_workspace_of_another_annotator_does_not_show_a_draft_claim(client, work, annotator_b):
    bens = make_claim(work.article, annotator_b, "Feuerwehrleute")
    client.force_login(annotator_b)

    page = page_of(client.get(url("workspace", work.article.pk)))

    assert DISTINCT not in text_of(region(page, "claim-list"))
    assert f'data-claim="{work.claim.pk}"' not in page
    assert "KCNA" not in text_of(region(page, "claim-list"))
    assert f'data-claim="{bens.pk}"' in region(page, "claim-list")
    assert 'id="annotator-filter"' not in page


def test_workspace_of_another_annotator_shows_a_gold_claim(client, work, annotator_b, reviewer):
    services.review_decide(
        target=work.claim, decision="accept", actor=reviewer, version=work.claim.version
    )
    client.force_login(annotator_b)

    page = page_of(client.get(url("workspace", work.article.pk)))

    assert DISTINCT in text_of(region(page, "claim-list"))


def test_workspace_of_a_reviewer_shows_every_annotators_claims_with_their_names(
    client, work, annotator_b, reviewer
):
    bens = make_claim(work.article, annotator_b, "Feuerwehrleute")
    client.force_login(reviewer)

    page = page_of(client.get(url("workspace", work.article.pk)))

    claims = region(page, "claim-list")
    assert f'data-claim="{work.claim.pk}"' in claims
    assert f'data-claim="{bens.pk}"' in claims
    assert "· anna ·" in text_of(claims)
    assert "· ben ·" in text_of(claims)
    chooser = region(page, "annotator-filter")
    assert f'<option value="{work.claim.created_by_id}">anna</option>' in chooser
    assert f'<option value="{annotator_b.pk}">ben</option>' in chooser


def test_workspace_of_a_reviewer_filtered_by_annotator_shows_only_theirs(
    client, work, annotator, annotator_b, reviewer
):
    bens = make_claim(work.article, annotator_b, "Feuerwehrleute")
    client.force_login(reviewer)

    page = page_of(client.get(url("workspace", work.article.pk), {"annotator": annotator_b.pk}))

    claims = region(page, "claim-list")
    assert f'data-claim="{bens.pk}"' in claims
    assert f'data-claim="{work.claim.pk}"' not in page
    assert '<span id="claim-count">1</span>' in claims
    assert f'<option value="{annotator_b.pk}" selected>ben</option>' in page


def test_workspace_of_an_annotator_ignores_the_annotator_filter(
    client, work, annotator, annotator_b
):
    make_claim(work.article, annotator_b, "Feuerwehrleute")
    client.force_login(annotator)

    page = page_of(client.get(url("workspace", work.article.pk), {"annotator": annotator_b.pk}))

    claims = region(page, "claim-list")
    assert f'data-claim="{work.claim.pk}"' in claims
    assert '<span id="claim-count">1</span>' in claims


# query counts: the page and a create cost the same with 3 claims or 300

# Session, user, article, role (three times: article access, context, claim visibility), claims,
# their types, authors, places, participants, sources with their entities, kinds and parents
# (one query per kind, shared across claims), assignment, claim types; a reviewer's page adds
# annotators.
WORKSPACE_QUERIES = 18
WORKSPACE_QUERIES_REVIEWER = 19
# Session and user, article and access, the context kept ready for a refusal, the create with its
# idempotency key (savepoints included), the new claim, and the answer's text and list (their
# claims' types, authors, places, participants and sources one query per kind).
CLAIM_CREATE_QUERIES = 42

CLAIM_TYPES = ["meeting", "date", "statement", "quote", "figure"]


@pytest.fixture
def long_articles(project, annotator, annotator_b, reviewer):
    """Two articles of numbered sentences, one claim per sentence: 3 claims, and 300."""
    people = [entity(project, "Kim Jong-un"), entity(project, "Sergei Schoigu")]
    place = entity(project, "Pjöngjang", EntityKind.PLACE)
    kcna = entity(project, "KCNA", EntityKind.AGENCY)

    def build(count: int) -> Article:
        sentences = [f"Satz {i:03d}: Kim traf Schoigu 🤝 in Ort {i:03d}." for i in range(count)]
        article = make_article(project, text=" ".join(sentences), published=FRIDAY)
        services.assignment_create(article=article, annotator=annotator, actor=None)
        start = 0
        for i, sentence in enumerate(sentences):
            claim = services.claim_create(
                article=article,
                actor=annotator_b if i % 11 == 5 else annotator,
                start=start,
                end=start + len(sentence),
                quote=sentence,
                claim_type=CLAIM_TYPES[i % len(CLAIM_TYPES)],
                participants=people if i % 7 == 0 else (),
                place=place if i % 13 == 0 else None,
                **({"when": "2024-09-13", "when_source": "typed"} if i % 2 == 0 else {}),
            )
            if i % 10 == 0:
                cited = add_source(claim, claim.created_by, source=kcna)
                add_source(claim, claim.created_by, source_kind="news_agency", parent=cited)
            if i % 17 == 0:
                claim.refresh_from_db()
                services.review_decide(
                    target=claim, decision="accept", actor=reviewer, version=claim.version
                )
            start += len(sentence) + 1
        return article

    return build(3), build(300)


def test_workspace_page_with_300_claims_costs_the_same_queries_as_with_3(
    client, long_articles, annotator, django_assert_num_queries
):
    small, big = long_articles
    client.force_login(annotator)

    with django_assert_num_queries(WORKSPACE_QUERIES):
        response = client.get(url("workspace", big.pk))
    with django_assert_num_queries(WORKSPACE_QUERIES):
        small_response = client.get(url("workspace", small.pk))

    shown = Claim.objects.filter(
        Q(created_by=annotator) | Q(status="accepted"), article=big
    ).count()
    assert shown > 250
    assert f'<span id="claim-count">{shown}</span>' in page_of(response)
    assert page_of(response).count('<li class="ct-') == shown
    assert small_response.status_code == 200


def test_workspace_page_of_a_reviewer_with_300_claims_costs_the_same_queries_as_with_3(
    client, long_articles, reviewer, django_assert_num_queries
):
    small, big = long_articles
    client.force_login(reviewer)

    with django_assert_num_queries(WORKSPACE_QUERIES_REVIEWER):
        response = client.get(url("workspace", big.pk))
    with django_assert_num_queries(WORKSPACE_QUERIES_REVIEWER):
        client.get(url("workspace", small.pk))

    assert '<span id="claim-count">300</span>' in page_of(response)


def test_claim_create_with_300_claims_present_costs_the_same_queries_as_with_3(
    client, long_articles, annotator, django_assert_num_queries
):
    small, big = long_articles
    client.force_login(annotator)

    for number, article in enumerate([big, small]):
        data = {
            **browser_span(article.text, "Kim traf Schoigu", occurrence=1),
            "claim_type": "meeting",
            "idempotency_key": f"key-{number}",
        }
        with django_assert_num_queries(CLAIM_CREATE_QUERIES):
            response = client.post(url("claim-create", article.pk), data, headers=HX)
        assert response.status_code == 200, notice(response)

    assert Claim.objects.filter(quote="Kim traf Schoigu").count() == 2


# claim create


def test_claim_create_converts_utf16_offsets_after_flags_and_emoji_to_code_points(
    client, article, annotator
):
    client.force_login(annotator)
    data = {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "treaty_term"}
    assert data["start"] == ARTICLE_TEXT.index("Der Vertrag") + 5  # five astral code points

    response = client.post(url("claim-create", article.pk), data, headers=HX)

    assert response.status_code == 200, notice(response)
    claim = Claim.objects.get()
    assert (claim.start, claim.end) == (
        ARTICLE_TEXT.index("Der Vertrag"),
        ARTICLE_TEXT.index("Der Vertrag") + len("Der Vertrag"),
    )
    assert ARTICLE_TEXT[claim.start : claim.end] == claim.quote == "Der Vertrag"
    assert (claim.created_by, claim.claim_type.value, claim.status) == (
        annotator,
        "treaty_term",
        "draft",
    )
    assert f'data-claim="{claim.pk}"' in region(response, "claim-list")
    assert f'data-claim="{claim.pk}"' in region(response, "claim-editor")


@pytest.mark.parametrize(
    "quote",
    ["🇰🇵🤝🇷🇺", "👨🏻‍🚒 Feuerwehrleute.", "Pjo\u0308ngjang", "Juni\u00a02024", "🤝"],
)
def test_claim_create_of_emoji_zwj_combining_marks_and_nbsp_stores_what_was_selected(
    client, article, annotator, quote
):
    client.force_login(annotator)

    response = client.post(
        url("claim-create", article.pk),
        {**browser_span(ARTICLE_TEXT, quote), "claim_type": "statement"},
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    claim = Claim.objects.get()
    assert ARTICLE_TEXT[claim.start : claim.end] == claim.quote == quote
    assert claim.start == ARTICLE_TEXT.index(quote)


def test_claim_create_with_a_quote_that_does_not_match_is_refused_and_writes_nothing(
    client, article, annotator
):
    client.force_login(annotator)
    data = {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "treaty_term"}
    data["quote"] = "Das Vertrag"
    before = written()

    response = client.post(url("claim-create", article.pk), data, headers=HX)

    assert response.status_code == 422
    assert region_ids(response) == ["notice"]
    message = notice(response)
    assert "does not match" in message
    assert "“Der Vertrag”" in message
    assert "“Das Vertrag”" in message
    assert written() == before


def test_claim_create_with_code_point_offsets_after_emoji_is_refused(client, article, annotator):
    """The browser must send UTF-16 offsets; code points after emoji slice other words."""
    client.force_login(annotator)
    start = ARTICLE_TEXT.index("Der Vertrag")
    data = {"start": start, "end": start + 11, "quote": "Der Vertrag", "claim_type": "statement"}
    before = written()

    response = client.post(url("claim-create", article.pk), data, headers=HX)

    assert response.status_code == 422
    assert "does not match" in notice(response)
    assert written() == before


def test_claim_create_with_an_offset_inside_a_surrogate_pair_is_refused(client, article, annotator):
    client.force_login(annotator)
    flag = utf16(ARTICLE_TEXT, ARTICLE_TEXT.index("🇰🇵"))
    data = {"start": flag + 1, "end": flag + 8, "quote": "🇵🤝🇷", "claim_type": "statement"}
    before = written()

    response = client.post(url("claim-create", article.pk), data, headers=HX)

    assert response.status_code == 422
    assert f"UTF-16 offset {flag + 1} falls between the two halves of a surrogate pair" in notice(
        response
    )
    assert written() == before


def test_claim_create_with_an_unknown_claim_type_is_refused_listing_the_known_ones(
    client, article, annotator
):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-create", article.pk),
        {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "gossip"},
        headers=HX,
    )

    assert response.status_code == 422
    assert "“gossip” is not a claim type" in notice(response)
    assert "treaty_term" in notice(response)
    assert written() == before


def test_claim_create_without_offsets_is_refused_naming_the_fields(client, article, annotator):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-create", article.pk), {"quote": "Der Vertrag", "claim_type": "x"}, headers=HX
    )

    assert response.status_code == 422
    assert "start: This field is required." in notice(response)
    assert "end: This field is required." in notice(response)
    assert written() == before


def test_claim_create_with_the_same_idempotency_key_twice_makes_one_claim(
    client, article, annotator
):
    client.force_login(annotator)
    data = {
        **browser_span(ARTICLE_TEXT, "Der Vertrag"),
        "claim_type": "treaty_term",
        "idempotency_key": "4b0c8e1e-retry",
    }

    first = client.post(url("claim-create", article.pk), data, headers=HX)
    second = client.post(url("claim-create", article.pk), data, headers=HX)

    assert (first.status_code, second.status_code) == (200, 200)
    claim = Claim.objects.get()
    assert f'data-claim="{claim.pk}"' in region(second, "claim-editor")
    assert '<span id="claim-count">1</span>' in page_of(second)
    assert Claim.history.count() == 1


def test_claim_create_with_two_idempotency_keys_makes_two_claims(client, article, annotator):
    client.force_login(annotator)
    data = {**browser_span(ARTICLE_TEXT, "Der Vertrag"), "claim_type": "treaty_term"}

    client.post(url("claim-create", article.pk), {**data, "idempotency_key": "a"}, headers=HX)
    response = client.post(
        url("claim-create", article.pk), {**data, "idempotency_key": "b"}, headers=HX
    )

    assert response.status_code == 200
    assert Claim.objects.count() == 2
    assert '<span id="claim-count">2</span>' in page_of(response)


def test_claim_create_with_a_date_stores_it_as_suggested(client, article, annotator):
    client.force_login(annotator)

    client.post(
        url("claim-create", article.pk),
        {**browser_span(ARTICLE_TEXT, "am Freitag"), "claim_type": "date", "when": "2024-09-13"},
        headers=HX,
    )

    claim = Claim.objects.get()
    assert (claim.when, claim.when_source) == ("2024-09-13", "suggested")


# claim update


@pytest.fixture
def dated(project, annotator):
    """An article of a Friday, with Anna's claim that says "am Freitag"."""
    article = make_article(project, published=FRIDAY)
    claim = make_claim(article, annotator, "am Freitag Gespräche in Pjöngjang geführt")
    return SimpleNamespace(article=article, claim=claim)


def test_claim_form_suggests_the_date_of_the_claims_words(client, dated, annotator):
    client.force_login(annotator)

    response = client.get(url("claim-form", dated.claim.pk), headers=HX)

    editor = region(response, "claim-editor")
    assert 'name="when" id="id_when" value="2024-09-13"' in editor
    assert '<input type="hidden" name="when_suggested" value="2024-09-13">' in editor
    assert 'id="when-suggested"' in editor


def test_claim_form_save_changes_the_claim_and_says_saved(client, dated, annotator):
    client.force_login(annotator)
    data = claim_data(dated.claim, claim_type="meeting", note="Treffen", modality="hedged")

    response = client.post(url("claim-form", dated.claim.pk), data, headers=HX)

    assert response.status_code == 200
    assert notice(response) == "Saved."
    claim = Claim.objects.get()
    assert (claim.claim_type.value, claim.note, claim.modality, claim.version) == (
        "meeting",
        "Treffen",
        "hedged",
        2,
    )
    assert 'data-version="2"' in region(response, "claim-list")


@pytest.mark.parametrize(
    ("when", "suggested", "stored"),
    [
        ("2024-09-13", "2024-09-13", ("2024-09-13", "suggested")),
        ("2024-09-12", "2024-09-13", ("2024-09-12", "typed")),
        ("2024-09", "", ("2024-09", "typed")),
        (" 2024-09-13 ", "2024-09-13", ("2024-09-13", "suggested")),
        ("", "2024-09-13", ("", "")),
    ],
)
def test_claim_form_save_records_whether_the_date_was_suggested_or_typed(
    client, dated, annotator, when, suggested, stored
):
    client.force_login(annotator)
    data = claim_data(dated.claim, when=when, when_suggested=suggested)

    response = client.post(url("claim-form", dated.claim.pk), data, headers=HX)

    assert response.status_code == 200, notice(response)
    claim = Claim.objects.get()
    assert (claim.when, claim.when_source) == stored


def test_claim_form_save_with_an_empty_date_clears_a_stored_one(client, dated, annotator):
    claim = dated.claim
    services.claim_update(
        claim=claim, actor=annotator, version=1, when="2024-09-13", when_source="typed"
    )
    client.force_login(annotator)

    client.post(url("claim-form", claim.pk), claim_data(claim, when=""), headers=HX)

    claim.refresh_from_db()
    assert (claim.when, claim.when_source) == ("", "")


def test_claim_form_save_with_a_date_that_is_not_timex_is_refused_keeping_the_typing(
    client, dated, annotator
):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-form", dated.claim.pk),
        claim_data(dated.claim, when="13.09.2024", note="getippt"),
        headers=HX,
    )

    assert response.status_code == 422
    assert region_ids(response) == ["claim-editor", "notice"]
    assert "“13.09.2024” is not a date at a precision the text gives" in notice(response)
    assert 'value="13.09.2024"' in region(response, "claim-editor")
    assert ">getippt</textarea>" in region(response, "claim-editor")
    assert written() == before


def test_claim_form_save_of_a_stale_version_names_who_changed_it_and_changes_nothing(
    client, dated, annotator, reviewer
):
    claim = dated.claim
    stale = claim_data(claim, note="Annas Notiz")
    services.claim_update(claim=claim, actor=reviewer, version=claim.version, note="Ritas Notiz")
    client.force_login(annotator)
    before = written()

    response = client.post(url("claim-form", claim.pk), stale, headers=HX)

    assert response.status_code in (409, 422)
    message = notice(response)
    assert "This claim was changed by rita since you opened it" in message
    assert "you have version 1, it is now at version 2" in message
    assert ">Annas Notiz</textarea>" in region(response, "claim-editor")
    assert written() == before
    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("Ritas Notiz", 2)


def test_claim_form_save_of_a_gold_claim_by_another_annotator_is_refused(
    client, work, annotator_b, reviewer
):
    services.review_decide(
        target=work.claim, decision="accept", actor=reviewer, version=work.claim.version
    )
    client.force_login(annotator_b)
    before = written()

    response = client.post(
        url("claim-form", work.claim.pk), claim_data(work.claim, note="meins"), headers=HX
    )

    assert response.status_code == 422
    assert "You may not do this" in notice(response)
    assert written() == before


def test_claim_form_save_with_a_missing_field_is_refused_naming_it(client, dated, annotator):
    client.force_login(annotator)
    data = claim_data(dated.claim)
    del data["polarity"]
    before = written()

    response = client.post(url("claim-form", dated.claim.pk), data, headers=HX)

    assert response.status_code == 422
    assert notice(response) == "polarity: This field is required."
    assert written() == before


# delete and undo


def test_claim_delete_removes_the_claim_and_offers_undo(client, work, annotator):
    client.force_login(annotator)

    response = client.post(
        url("claim-delete", work.claim.pk), {"version": work.claim.version}, headers=HX
    )

    assert response.status_code == 200
    assert not Claim.objects.filter(pk=work.claim.pk).exists()
    assert not Attribution.objects.exists()
    message = region(response, "notice")
    assert "Deleted “Die Delegation besuchte" in text_of(message)
    assert f'hx-post="{url("claim-undo", work.article.pk)}"' in message
    assert "No claims yet." in region(response, "claim-list")


def test_claim_delete_then_undo_brings_the_claim_back_with_its_source(client, work, annotator):
    client.force_login(annotator)
    client.post(url("claim-delete", work.claim.pk), {"version": work.claim.version}, headers=HX)

    response = client.post(url("claim-undo", work.article.pk), headers=HX)

    assert response.status_code == 200
    assert notice(response) == "Brought back."
    claim = Claim.objects.get(pk=work.claim.pk)
    assert claim.quote == DISTINCT
    assert [a.pk for a in claim.attributions.all()] == [work.attribution.pk]
    assert f'data-claim="{claim.pk}"' in region(response, "claim-list")
    assert f'data-claim="{claim.pk}"' in region(response, "claim-editor")


def test_claim_undo_with_nothing_deleted_is_refused_and_writes_nothing(client, work, annotator):
    client.force_login(annotator)
    before = written()

    response = client.post(url("claim-undo", work.article.pk), headers=HX)

    assert response.status_code == 422
    assert notice(response) == "There is no deleted claim to bring back."
    assert written() == before


def test_claim_undo_twice_is_refused_the_second_time(client, work, annotator):
    client.force_login(annotator)
    client.post(url("claim-delete", work.claim.pk), {"version": work.claim.version}, headers=HX)
    client.post(url("claim-undo", work.article.pk), headers=HX)
    before = written()

    response = client.post(url("claim-undo", work.article.pk), headers=HX)

    assert response.status_code == 422
    assert notice(response) == "There is no deleted claim to bring back."
    assert written() == before


def test_claim_undo_on_another_article_has_nothing_to_bring_back(client, project, work, annotator):
    other = make_article(project)
    client.force_login(annotator)
    client.post(url("claim-delete", work.claim.pk), {"version": work.claim.version}, headers=HX)
    before = written()

    response = client.post(url("claim-undo", other.pk), headers=HX)

    assert response.status_code == 422
    assert notice(response) == "There is no deleted claim to bring back."
    assert written() == before


def test_claim_delete_with_a_stale_version_is_refused_and_deletes_nothing(
    client, work, annotator, reviewer
):
    services.claim_update(claim=work.claim, actor=reviewer, version=work.claim.version, note="x")
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-delete", work.claim.pk), {"version": work.claim.version}, headers=HX
    )

    assert response.status_code == 422
    assert "was changed by rita" in notice(response)
    assert written() == before


# metadata


def test_article_metadata_by_a_manager_changes_outlet_and_publication_date(
    client, article, manager
):
    client.force_login(manager)

    response = client.post(
        url("article-metadata", article.pk),
        {"title": article.title, "outlet": "ZDF heute", "published": "2024-09-13", "url": ""},
        headers=HX,
    )

    assert response.status_code == 200
    assert region_ids(response) == ["article-meta", "notice"]
    assert notice(response) == "Metadata saved."
    article.refresh_from_db()
    assert (article.outlet, article.published) == ("ZDF heute", FRIDAY)
    meta = region(response, "article-meta")
    assert 'value="ZDF heute"' in meta
    assert 'value="2024-09-13"' in meta


def test_article_metadata_by_an_annotator_is_refused_and_changes_nothing(
    client, article, annotator
):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("article-metadata", article.pk),
        {"title": "Neu", "outlet": "ZDF heute", "published": "2024-09-13"},
        headers=HX,
    )

    assert response.status_code == 422
    assert "You may not do this" in notice(response)
    assert written() == before
    article.refresh_from_db()
    assert (article.title, article.outlet, article.published) == (
        "Kim trifft Schoigu",
        "RT DE",
        None,
    )


def test_article_metadata_with_an_impossible_date_is_refused_naming_the_field(
    client, article, manager
):
    client.force_login(manager)
    before = written()

    response = client.post(
        url("article-metadata", article.pk),
        {"title": article.title, "outlet": "X", "published": "2024-02-31"},
        headers=HX,
    )

    assert response.status_code == 422
    assert notice(response) == "published: Enter a valid date."
    assert written() == before


def test_workspace_shows_the_metadata_form_only_to_a_manager(client, article, manager, reviewer):
    client.force_login(manager)
    assert f'hx-post="{url("article-metadata", article.pk)}"' in page_of(
        client.get(url("workspace", article.pk))
    )
    client.force_login(reviewer)
    page = page_of(client.get(url("workspace", article.pk)))
    assert url("article-metadata", article.pk) not in page
    assert "RT DE · date unknown" in text_of(region(page, "article-meta"))


# submit (seed data: five articles, Anna and Ben assigned to each)


@pytest.fixture
def seeded(db):
    report = seeds_load(demo_accounts=True)
    users = {user.username: user for user in get_user_model().objects.all()}
    articles = {a.external_id[:3]: a for a in Article.objects.filter(project=report.project)}
    return SimpleNamespace(project=report.project, articles=articles, **users)


def assignment(article, user):
    return Assignment.objects.get(article=article, annotator=user)


def test_article_submit_submits_the_assignment_and_the_annotators_drafts_only(client, seeded):
    first, other = seeded.articles["000"], seeded.articles["001"]
    mine = make_claim(first, seeded.anna, "am Freitag")
    elsewhere = make_claim(other, seeded.anna, "An diesem Mittwoch")
    bens = make_claim(first, seeded.ben, "Kim Jong-un")
    client.force_login(seeded.anna)

    response = client.post(url("article-submit", first.pk), headers=HX)

    assert response.status_code == 200
    assert assignment(first, seeded.anna).status == "submitted"
    assert assignment(first, seeded.anna).submitted_at is not None
    assert assignment(first, seeded.ben).status != "submitted"
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: "submitted", elsewhere.pk: "draft", bens.pk: "draft"}
    assert Claim.objects.get(pk=mine.pk).version == 2


def test_article_submit_redirects_to_the_next_unsubmitted_article_in_reading_order(client, seeded):
    client.force_login(seeded.anna)

    response = client.post(url("article-submit", seeded.articles["000"].pk), headers=HX)

    # Reading order is by publication: 002 (2023-07-27) comes first.
    assert response["HX-Redirect"] == url("workspace", seeded.articles["002"].pk)

    response = client.post(url("article-submit", seeded.articles["002"].pk), headers=HX)

    assert response["HX-Redirect"] == url("workspace", seeded.articles["004"].pk)


def test_article_submit_of_the_last_article_redirects_to_the_queue(client, seeded):
    client.force_login(seeded.anna)
    for key in ["000", "001", "002", "003"]:
        client.post(url("article-submit", seeded.articles[key].pk), headers=HX)

    response = client.post(url("article-submit", seeded.articles["004"].pk), headers=HX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("queue", seeded.project.slug)
    assert set(
        Assignment.objects.filter(annotator=seeded.anna).values_list("status", flat=True)
    ) == {"submitted"}


def test_article_submit_by_someone_not_assigned_is_404_and_writes_nothing(client, seeded):
    client.force_login(seeded.rita)
    before = written()

    response = client.post(url("article-submit", seeded.articles["000"].pk), headers=HX)

    assert response.status_code == 404
    assert written() == before


# suggestions (seed 000, published Friday 2024-09-13)

AM_FREITAG = 110  # the first "am Freitag" in seed 000
NACH_ANGABEN = "Nach Angaben der Nachrichtenagentur KCNA"


@pytest.fixture
def seed000(seeded):
    article = seeded.articles["000"]
    assert article.text[AM_FREITAG : AM_FREITAG + 10] == "am Freitag"
    start = article.text.index(NACH_ANGABEN)
    seeded.article = article
    seeded.date_key = f"date:{AM_FREITAG}:{AM_FREITAG + 10}"
    seeded.cue_key = f"cue:{start}:{start + len(NACH_ANGABEN)}"
    return seeded


def suggestion_keys(response) -> list[str]:
    return re.findall(r'data-suggestion="([^"]+)"', region(response, "suggestions"))


def test_suggestions_list_am_freitag_as_the_publication_friday(client, seed000):
    client.force_login(seed000.anna)

    response = client.get(url("suggestions", seed000.article.pk), headers=HX)

    assert response.status_code == 200
    panel = region(response, "suggestions")
    assert "<html" not in page_of(response)
    item = panel[panel.index(f'data-suggestion="{seed000.date_key}"') :]
    item = item[: item.index("</li>")]
    assert "<strong>am Freitag</strong>" in item
    assert "<code>2024-09-13</code>" in item
    assert seed000.cue_key in suggestion_keys(response)


def test_suggestions_answer_the_panel_to_swap_in_place_not_out_of_band(client, seed000):
    client.force_login(seed000.anna)

    response = client.get(url("suggestions", seed000.article.pk), headers=HX)

    assert region(response, "suggestions").startswith('<section id="suggestions">')


def test_suggestion_accept_of_a_date_makes_a_date_claim_marked_suggested(client, seed000):
    client.force_login(seed000.anna)

    response = client.post(
        url("suggestion-accept", seed000.article.pk), {"key": seed000.date_key}, headers=HX
    )

    assert response.status_code == 200
    assert notice(response) == "Suggestion accepted."
    claim = Claim.objects.get()
    assert (claim.start, claim.end, claim.quote) == (AM_FREITAG, AM_FREITAG + 10, "am Freitag")
    assert (claim.claim_type.value, claim.when, claim.when_source) == (
        "date",
        "2024-09-13",
        "suggested",
    )
    assert claim.created_by == seed000.anna
    assert region_ids(response) == [*REGIONS, "suggestions"]
    assert seed000.date_key not in suggestion_keys(response)
    assert f'data-claim="{claim.pk}"' in region(response, "claim-editor")


def test_suggestion_accept_of_a_cue_without_a_selected_claim_is_refused(client, seed000):
    client.force_login(seed000.anna)
    before = written()

    response = client.post(
        url("suggestion-accept", seed000.article.pk),
        {"key": seed000.cue_key, "claim": ""},
        headers=HX,
    )

    assert response.status_code == 422
    assert notice(response) == "Select the claim this source belongs to first, then accept."
    assert written() == before


def test_suggestion_accept_of_a_cue_adds_the_source_to_the_selected_claim(client, seed000):
    claim = make_claim(seed000.article, seed000.anna, "erörterten sie vor allem den Ausbau")
    client.force_login(seed000.anna)

    response = client.post(
        url("suggestion-accept", seed000.article.pk),
        {"key": seed000.cue_key, "claim": claim.pk},
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    attribution = Attribution.objects.get()
    text = seed000.article.text
    assert attribution.claim == claim
    assert attribution.cue_quote == NACH_ANGABEN
    assert text[attribution.cue_start : attribution.cue_end] == NACH_ANGABEN
    assert (attribution.source.name, attribution.source_kind.value, attribution.form) == (
        "KCNA",
        "news_agency",
        "reported",
    )
    assert seed000.cue_key not in suggestion_keys(response)


def test_suggestion_accept_of_a_key_that_is_gone_is_refused(client, seed000):
    client.force_login(seed000.anna)
    client.post(url("suggestion-accept", seed000.article.pk), {"key": seed000.date_key})
    before = written()

    response = client.post(
        url("suggestion-accept", seed000.article.pk), {"key": seed000.date_key}, headers=HX
    )

    assert response.status_code == 422
    assert notice(response) == "This suggestion is gone: it was accepted or dismissed already."
    assert written() == before


def test_suggestion_dismiss_hides_it_for_that_annotator_only(client, seed000):
    client.force_login(seed000.anna)

    response = client.post(
        url("suggestion-dismiss", seed000.article.pk), {"key": seed000.date_key}, headers=HX
    )

    assert response.status_code == 200
    assert seed000.date_key not in suggestion_keys(response)
    assert seed000.cue_key in suggestion_keys(response)
    assert Dismissal.objects.get().user == seed000.anna
    again = client.get(url("suggestions", seed000.article.pk), headers=HX)
    assert seed000.date_key not in suggestion_keys(again)

    client.force_login(seed000.ben)
    bens = client.get(url("suggestions", seed000.article.pk), headers=HX)

    assert seed000.date_key in suggestion_keys(bens)


def test_suggestion_dismiss_twice_keeps_one_dismissal(client, seed000):
    client.force_login(seed000.anna)
    for _ in range(2):
        client.post(url("suggestion-dismiss", seed000.article.pk), {"key": seed000.date_key})

    assert Dismissal.objects.count() == 1


# entities of a claim


@pytest.fixture
def people(project):
    return SimpleNamespace(
        kim=entity(project, "Kim Jong-un", aliases=["Kim"]),
        shoigu=entity(project, "Sergei Schoigu", aliases=["Schoigu"]),
        pyongyang=entity(project, "Pjöngjang", EntityKind.PLACE, ["Pyongyang"]),
    )


def post_entity(client, claim, **data):
    claim.refresh_from_db()
    return client.post(
        url("claim-entity", claim.pk), {"version": claim.version, **data}, headers=HX
    )


def test_claim_entity_adds_a_participant(client, work, people, annotator):
    client.force_login(annotator)

    response = post_entity(client, work.claim, role="participant", entity=people.kim.pk)

    assert response.status_code == 200, notice(response)
    assert list(work.claim.participants.all()) == [people.kim]
    assert "Kim Jong-un" in text_of(region(response, "claim-editor"))
    work.claim.refresh_from_db()
    assert work.claim.version == 3


def test_claim_entity_adds_a_second_participant_keeping_the_first(client, work, people, annotator):
    client.force_login(annotator)
    post_entity(client, work.claim, role="participant", entity=people.kim.pk)

    post_entity(client, work.claim, role="participant", entity=people.shoigu.pk)

    assert set(work.claim.participants.all()) == {people.kim, people.shoigu}


def test_claim_entity_sets_the_place(client, work, people, annotator):
    client.force_login(annotator)

    response = post_entity(client, work.claim, role="place", entity=people.pyongyang.pk)

    assert response.status_code == 200
    work.claim.refresh_from_db()
    assert work.claim.place == people.pyongyang
    assert "📍 Pjöngjang" in text_of(region(response, "claim-editor"))


def test_claim_entity_removes_the_place(client, work, people, annotator):
    client.force_login(annotator)
    post_entity(client, work.claim, role="place", entity=people.pyongyang.pk)

    post_entity(client, work.claim, role="place", entity=people.pyongyang.pk, remove="on")

    work.claim.refresh_from_db()
    assert work.claim.place is None


def test_claim_entity_with_a_new_name_creates_the_entity_and_adds_it(
    client, project, work, annotator
):
    client.force_login(annotator)

    response = post_entity(
        client, work.claim, role="participant", name=" Choe Son-hui ", kind="person"
    )

    assert response.status_code == 200, notice(response)
    created = Entity.objects.get(name="Choe Son-hui")
    assert (created.project, created.kind) == (project, "person")
    assert list(work.claim.participants.all()) == [created]


def test_claim_entity_removes_a_participant(client, work, people, annotator):
    client.force_login(annotator)
    post_entity(client, work.claim, role="participant", entity=people.kim.pk)
    post_entity(client, work.claim, role="participant", entity=people.shoigu.pk)

    response = post_entity(
        client, work.claim, role="participant", entity=people.kim.pk, remove="on"
    )

    assert response.status_code == 200
    assert list(work.claim.participants.all()) == [people.shoigu]
    assert "Kim Jong-un" not in text_of(region(response, "claim-editor"))


def test_claim_entity_of_another_project_is_refused_and_changes_nothing(
    client, work, annotator, manager
):
    foreign = entity(make_project(name="Fremd", manager=manager), "Kim Jong-un")
    client.force_login(annotator)
    before = written()

    response = post_entity(client, work.claim, role="participant", entity=foreign.pk)

    assert response.status_code == 422
    assert notice(response) == "Pick an entity of this project, or type a new name."
    assert written() == before
    assert not work.claim.participants.exists()


def test_claim_entity_with_a_stale_version_is_refused_and_changes_nothing(
    client, work, people, annotator
):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-entity", work.claim.pk),
        {"role": "participant", "entity": people.kim.pk, "version": work.claim.version - 1},
        headers=HX,
    )

    assert response.status_code == 422
    assert "was changed by anna" in notice(response)
    assert written() == before


def test_claim_entity_with_a_new_name_and_a_stale_version_writes_no_entity(client, work, annotator):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("claim-entity", work.claim.pk),
        {"role": "participant", "name": "Choe Son-hui", "version": work.claim.version - 1},
        headers=HX,
    )

    assert response.status_code == 422
    assert written() == before


def test_entity_options_finds_entities_by_name_or_alias_for_a_claim(
    client, project, people, annotator
):
    client.force_login(annotator)

    response = client.get(
        url("entity-options", project.slug), {"q": "pyong", "claim": 7, "version": 3}, headers=HX
    )

    assert response.status_code == 200
    options = page_of(response)
    assert options.count("<li>") == 1
    assert "Pjöngjang" in options
    assert f'hx-post="{url("claim-entity", 7)}"' in options
    assert f'"role": "place", "entity": "{people.pyongyang.pk}", "version": "3"' in options


def test_entity_options_for_a_source_offers_to_pick_it(client, project, people, annotator):
    client.force_login(annotator)

    options = page_of(
        client.get(url("entity-options", project.slug), {"q": "schoigu", "target": "source"})
    )

    assert f'data-action="pick-source" data-entity="{people.shoigu.pk}"' in options
    assert "hx-post" not in options


def test_entity_options_without_a_match_says_to_add_it(client, project, people, annotator):
    client.force_login(annotator)

    options = page_of(client.get(url("entity-options", project.slug), {"q": "Lawrow"}))

    assert "No match; add it as new." in options


# sources


def test_attribution_create_with_utf16_cue_offsets_stores_code_points(client, work, annotator):
    claim = make_claim(work.article, annotator, "Der Vertrag wurde im Juni\u00a02024 unterzeichnet")
    client.force_login(annotator)
    cue = browser_cue(ARTICLE_TEXT, CUE)
    assert cue["cue_start"] == ARTICLE_TEXT.index(CUE) + 5

    response = client.post(
        url("attribution-create", claim.pk),
        source_data(claim, source=work.kcna.pk, **cue),
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    assert notice(response) == "Source saved."
    attribution = claim.attributions.get()
    assert (attribution.cue_start, attribution.cue_end) == (
        ARTICLE_TEXT.index(CUE),
        ARTICLE_TEXT.index(CUE) + len(CUE),
    )
    assert ARTICLE_TEXT[attribution.cue_start : attribution.cue_end] == attribution.cue_quote
    assert (attribution.source, attribution.source_kind.value) == (work.kcna, "state_media")
    assert f'data-attribution="{attribution.pk}"' in region(response, "claim-editor")
    claim.refresh_from_db()
    assert claim.version == 2


def test_attribution_create_with_a_new_source_creates_the_entity(client, project, work, annotator):
    client.force_login(annotator)

    response = client.post(
        url("attribution-create", work.claim.pk),
        source_data(
            work.claim,
            new_source="Pressedienst des Sicherheitsrates",
            new_source_kind="organisation",
            source_kind="government_body",
        ),
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    created = Entity.objects.get(name="Pressedienst des Sicherheitsrates")
    assert (created.project, created.kind) == (project, "organisation")
    assert work.claim.attributions.filter(source=created).exists()


def test_attribution_create_with_a_cue_inside_a_surrogate_pair_is_refused(client, work, annotator):
    client.force_login(annotator)
    flag = utf16(ARTICLE_TEXT, ARTICLE_TEXT.index("🇰🇵"))
    before = written()

    response = client.post(
        url("attribution-create", work.claim.pk),
        source_data(work.claim, cue_start=flag + 1, cue_end=flag + 4, cue_quote="🇵"),
        headers=HX,
    )

    assert response.status_code == 422
    assert "surrogate pair" in notice(response)
    assert written() == before


def test_attribution_create_with_a_stale_version_is_refused_and_writes_nothing(
    client, work, annotator
):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("attribution-create", work.claim.pk),
        source_data(work.claim, version=work.claim.version - 1),
        headers=HX,
    )

    assert response.status_code == 422
    assert "was changed by anna since you opened it" in notice(response)
    assert written() == before


def test_attribution_create_refused_with_a_new_source_writes_no_entity(client, work, annotator):
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("attribution-create", work.claim.pk),
        source_data(work.claim, new_source="Neue Quelle", source_kind="rumour_mill"),
        headers=HX,
    )

    assert response.status_code == 422
    assert "“rumour_mill” is not a source kind" in notice(response)
    assert written() == before


def test_attribution_create_cited_by_makes_the_new_source_the_parent_of_the_citing_one(
    client, project, work, annotator
):
    ria = entity(project, "RIA Nowosti", EntityKind.AGENCY)
    citing = add_source(work.claim, annotator, source=ria, source_kind="news_agency")
    client.force_login(annotator)

    response = client.post(
        url("attribution-create", work.claim.pk),
        source_data(
            work.claim,
            new_source="Pressedienst des Sicherheitsrates",
            new_source_kind="organisation",
            source_kind="government_body",
            cited_by=citing.pk,
        ),
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    cited = Attribution.objects.get(source__name="Pressedienst des Sicherheitsrates")
    citing.refresh_from_db()
    assert citing.parent == cited
    assert "citing Pressedienst des Sicherheitsrates" in text_of(region(response, "claim-editor"))


def test_attribution_update_changes_the_source(client, work, annotator):
    client.force_login(annotator)

    response = client.post(
        url("attribution-update", work.attribution.pk),
        source_data(work.claim, source=work.kcna.pk, stance="distancing", form="indirect"),
        headers=HX,
    )

    assert response.status_code == 200, notice(response)
    work.attribution.refresh_from_db()
    assert (work.attribution.stance, work.attribution.form) == ("distancing", "indirect")


def test_attribution_delete_removes_an_uncited_source(client, work, annotator):
    client.force_login(annotator)

    response = client.post(
        url("attribution-delete", work.attribution.pk),
        {"version": work.claim.version},
        headers=HX,
    )

    assert response.status_code == 200
    assert notice(response) == "Source removed."
    assert not Attribution.objects.exists()
    assert "No source yet." in text_of(region(response, "claim-editor"))


def test_attribution_delete_of_a_cited_source_is_refused_and_deletes_nothing(
    client, project, work, annotator
):
    ria = entity(project, "RIA Nowosti", EntityKind.AGENCY)
    add_source(
        work.claim, annotator, source=ria, source_kind="news_agency", parent=work.attribution
    )
    work.claim.refresh_from_db()
    client.force_login(annotator)
    before = written()

    response = client.post(
        url("attribution-delete", work.attribution.pk),
        {"version": work.claim.version},
        headers=HX,
    )

    assert response.status_code == 422
    assert notice(response) == "1 other source cites this one; remove or change them first."
    assert written() == before
