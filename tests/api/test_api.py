"""The REST API: auth, scoping, blind mode, concurrency, idempotency, filters, each resource."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims import services
from claims.api.errors import PreconditionFailed
from claims.api.views import ArticleViewSet
from claims.models import Article, Assignment, Attribution, Claim, Entity, Link, Review
from tests.api.conftest import QUOTE, span
from tests.factories import ARTICLE_TEXT, make_claim

pytestmark = pytest.mark.django_db


def detail(kind: str, pk: int) -> str:
    return f"/api/v1/{kind}/{pk}/"


def counts() -> dict:
    models = (Article, Assignment, Attribution, Claim, Entity, Link, Review)
    return {model.__name__: model.objects.count() for model in models}


# auth


def test_a_token_from_username_and_password_opens_the_api(api, annotator, claim):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "anna", "password": "correct horse battery staple"},
        format="json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=annotator).key == key

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(detail("claims", claim.pk)).json()["quote"] == QUOTE


def test_a_wrong_password_gets_no_token(api, annotator):
    response = api.post(
        "/api/v1/auth/token/", {"username": "anna", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown username or wrong password."}
    assert not Token.objects.exists()


@pytest.mark.parametrize("header", [None, "Token not-a-key"])
def test_without_valid_credentials_the_api_refuses(api, claim, header):
    if header:
        api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get(detail("claims", claim.pk))
    assert response.status_code in (401, 403)
    assert "quote" not in response.json()


def test_session_login_works_for_the_api(client, annotator, claim):
    client.force_login(annotator)
    assert client.get(detail("claims", claim.pk)).json()["id"] == claim.pk


# non-members get 404, in reads and writes


@pytest.fixture
def everything(project, article, claim, annotator, manager, other_article):
    link = services.link_create(
        from_claim=claim,
        to_claim=make_claim(other_article, annotator, "Das Abkommen"),
        relation="agrees",
        actor=annotator,
    )
    assignment = services.assignment_create(article=article, annotator=annotator, actor=manager)
    claim.refresh_from_db()
    review = services.review_decide(
        target=claim, decision="accept", actor=manager, version=claim.version
    )
    return {
        "projects": project.pk,
        "articles": article.pk,
        "entities": claim.attributions.get().source_id,
        "claims": claim.pk,
        "attributions": claim.attributions.get().pk,
        "links": link.pk,
        "assignments": assignment.pk,
        "reviews": review.pk,
    }


@pytest.mark.parametrize(
    "kind",
    [
        "projects",
        "articles",
        "entities",
        "claims",
        "attributions",
        "links",
        "assignments",
        "reviews",
    ],
)
def test_an_outsider_gets_404_for_every_resource_and_sees_empty_lists(
    as_user, outsider, everything, kind
):
    api = as_user(outsider)
    pk = everything[kind]
    before = counts()

    assert api.get(detail(kind, pk)).status_code == 404
    assert api.patch(detail(kind, pk), {}, format="json", HTTP_IF_MATCH="*").status_code in (
        404,
        405,
    )
    assert api.delete(detail(kind, pk), HTTP_IF_MATCH="*").status_code in (404, 405)
    assert pk not in [row["id"] for row in api.get(f"/api/v1/{kind}/").json()["results"]]
    assert counts() == before


def test_an_outsider_cannot_create_in_a_project_not_theirs(as_user, outsider, article, claim):
    api = as_user(outsider)
    before = counts()
    answers = [
        api.post(
            "/api/v1/articles/",
            {"project": article.project_id, "title": "x", "text": "y"},
            format="json",
        ),
        api.post(
            "/api/v1/claims/",
            {"article": article.pk, **span(ARTICLE_TEXT, "Kim"), "claim_type": "statement"},
            format="json",
        ),
        api.post(
            "/api/v1/links/",
            {"from_claim": claim.pk, "to_claim": claim.pk, "relation": "agrees"},
            format="json",
        ),
        api.post(
            "/api/v1/entities/",
            {"project": article.project_id, "kind": "person", "name": "x"},
            format="json",
        ),
    ]
    assert [answer.status_code for answer in answers] == [404, 404, 404, 404]
    assert counts() == before


def test_blind_mode_hides_another_annotators_draft_and_links_to_it(
    as_user, annotator_b, everything, claim
):
    Claim.objects.filter(pk=claim.pk).update(status="submitted")
    api = as_user(annotator_b)
    assert api.get(detail("claims", claim.pk)).status_code == 404
    assert api.get(detail("links", everything["links"])).status_code == 404
    assert api.get("/api/v1/claims/").json()["results"] == []


def test_a_reviewer_sees_everyones_claims(as_user, reviewer, claim):
    assert [c["id"] for c in as_user(reviewer).get("/api/v1/claims/").json()["results"]] == [
        claim.pk
    ]


def test_an_annotator_cannot_import_articles_403_and_nothing_written(as_user, annotator, project):
    before = counts()
    response = as_user(annotator).post(
        "/api/v1/articles/", {"project": project.pk, "title": "x", "text": "y"}, format="json"
    )
    assert response.status_code == 403
    assert counts() == before


# optimistic concurrency


def test_a_claim_carries_its_version_as_etag(as_user, annotator, claim):
    response = as_user(annotator).get(detail("claims", claim.pk))
    assert response.headers["ETag"] == f'"{claim.version}"'
    assert response.json()["version"] == claim.version


def test_a_patch_without_if_match_is_428_and_changes_nothing(as_user, annotator, claim):
    response = as_user(annotator).patch(detail("claims", claim.pk), {"note": "x"}, format="json")
    assert response.status_code == 428
    claim.refresh_from_db()
    assert claim.note == ""


def test_a_stale_if_match_is_412_naming_who_changed_it(as_user, annotator, reviewer, claim):
    api = as_user(annotator)
    read = api.get(detail("claims", claim.pk)).headers["ETag"]
    services.claim_update(claim=claim, actor=reviewer, version=claim.version, note="by rita")

    response = api.patch(
        detail("claims", claim.pk), {"note": "mine"}, format="json", HTTP_IF_MATCH=read
    )

    assert response.status_code == 412
    assert "changed by rita" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.note == "by rita"


def test_a_patch_with_the_current_etag_saves_and_answers_the_next(as_user, annotator, claim):
    api = as_user(annotator)
    etag = api.get(detail("claims", claim.pk)).headers["ETag"]

    response = api.patch(
        detail("claims", claim.pk),
        {"note": "bestätigt", "when": "2024-06-19"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200
    assert response.json()["note"] == "bestätigt"
    assert response.json()["when"] == "2024-06-19"
    assert response.headers["ETag"] == f'"{claim.version + 1}"'


def test_delete_needs_if_match_and_then_deletes(as_user, annotator, claim):
    api = as_user(annotator)
    assert api.delete(detail("claims", claim.pk)).status_code == 428
    assert api.delete(detail("claims", claim.pk), HTTP_IF_MATCH='"1"').status_code == 412
    response = api.delete(detail("claims", claim.pk), HTTP_IF_MATCH=f'"{claim.version}"')
    assert response.status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_rows_without_a_version_use_a_digest_etag(as_user, manager, article):
    api = as_user(manager)
    etag = api.get(detail("articles", article.pk)).headers["ETag"]
    services.article_update(article=article, actor=manager, outlet="ZDF heute")

    stale = api.patch(
        detail("articles", article.pk), {"title": "Neu"}, format="json", HTTP_IF_MATCH=etag
    )
    fresh_tag = api.get(detail("articles", article.pk)).headers["ETag"]
    fresh = api.patch(
        detail("articles", article.pk), {"title": "Neu"}, format="json", HTTP_IF_MATCH=fresh_tag
    )

    assert stale.status_code == 412
    assert fresh.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.outlet) == ("Neu", "ZDF heute")
    assert fresh.headers["ETag"] != fresh_tag


def test_a_change_committed_between_the_read_and_the_lock_is_caught(as_user, manager, article):
    """The digest is checked on the row as locked: a write that lands after the view read the
    row, but before it locked it, makes the If-Match stale."""
    etag = as_user(manager).get(detail("articles", article.pk)).headers["ETag"]
    request = Request(APIRequestFactory().patch("/", HTTP_IF_MATCH=etag))
    request.user = manager
    view = ArticleViewSet(request=request, format_kwarg=None, kwargs={"pk": article.pk})
    read = view.get_object()
    services.article_update(article=article, actor=manager, outlet="ZDF heute")

    with pytest.raises(PreconditionFailed):
        view.checked(read)


def test_a_project_keeps_its_own_slug_in_a_patch(as_user, manager, project):
    api = as_user(manager)
    etag = api.get(detail("projects", project.pk)).headers["ETag"]
    response = api.patch(
        detail("projects", project.pk),
        {"slug": project.slug, "name": "Neu"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Neu"


def test_an_id_beyond_the_database_range_is_a_400(as_user, annotator, article):
    api = as_user(annotator)
    huge = 10**25
    listed = api.get(f"/api/v1/claims/?project={huge}")
    body = {
        "article": article.pk,
        **span(ARTICLE_TEXT, QUOTE),
        "claim_type": "statement",
        "participants": [huge],
    }
    made = api.post("/api/v1/claims/", body, format="json")
    assert listed.status_code == 400
    assert listed.json()["project"] == [
        f"Expected a whole number of at most {2**63 - 1}, got “{str(huge)[:40]}”."
    ]
    assert made.status_code == 400
    assert "participants" in made.json()
    assert not Claim.objects.exists()


def test_an_idempotency_key_longer_than_kept_is_refused_not_cut(as_user, annotator, article):
    api = as_user(annotator)
    body = {"article": article.pk, **span(ARTICLE_TEXT, QUOTE), "claim_type": "statement"}
    response = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k" * 65)
    assert response.status_code == 400
    assert "At most 64 characters" in str(response.json())
    assert not Claim.objects.exists()


def test_the_text_of_an_annotated_article_cannot_change(as_user, manager, article, claim):
    api = as_user(manager)
    etag = api.get(detail("articles", article.pk)).headers["ETag"]
    response = api.patch(
        detail("articles", article.pk), {"text": "anders"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert "cannot change" in response.json()["text"][0]


# idempotent creates


def test_a_retried_create_with_the_same_key_makes_one_claim(as_user, annotator, article):
    api = as_user(annotator)
    body = {"article": article.pk, **span(ARTICLE_TEXT, "Kim Jong-un"), "claim_type": "meeting"}

    first = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    again = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Claim.objects.filter(article=article).count() == 1


def test_a_retried_link_create_makes_one_link(as_user, annotator, claim, other_article):
    other = make_claim(other_article, annotator, "Das Abkommen")
    api = as_user(annotator)
    body = {"from_claim": claim.pk, "to_claim": other.pk, "relation": "agrees"}
    answers = [
        api.post("/api/v1/links/", body, format="json", HTTP_IDEMPOTENCY_KEY="link-1")
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert Link.objects.count() == 1


# claims with their sources


def test_a_claim_is_created_with_nested_sources_and_a_cited_chain(
    as_user, annotator, article, kcna
):
    api = as_user(annotator)
    cue = ARTICLE_TEXT.index("Nach Angaben der Nachrichtenagentur KCNA")
    body = {
        "article": article.pk,
        **span(ARTICLE_TEXT, "erörterten sie den Ausbau der Zusammenarbeit"),
        "claim_type": "statement",
        "participants": [kcna.pk],
        "attributions": [
            {
                "source": kcna.pk,
                "source_kind": "state_media",
                "form": "indirect",
                "cue_start": cue,
                "cue_end": cue + 40,
                "cue_quote": "Nach Angaben der Nachrichtenagentur KCNA",
            },
            {"source_kind": "government_body", "parent": 0},
        ],
    }

    response = api.post("/api/v1/claims/", body, format="json")

    assert response.status_code == 201, response.json()
    made = response.json()
    first, second = made["attributions"]
    assert (first["source"], first["cue_quote"]) == (kcna.pk, body["attributions"][0]["cue_quote"])
    assert second["parent"] == first["id"]
    assert made["participants"] == [kcna.pk]
    assert ARTICLE_TEXT[made["start"] : made["end"]] == made["quote"]
    # The new claim is answered as made, not read back: exactly what a read shows.
    read = api.get(detail("claims", made["id"]))
    assert (read.json(), read["ETag"]) == (made, response["ETag"])


def test_a_claim_create_costs_a_fixed_number_of_queries(
    as_user, annotator, article, django_assert_num_queries
):
    api = as_user(annotator)
    body = {"article": article.pk, **span(ARTICLE_TEXT, QUOTE), "claim_type": "statement"}
    with django_assert_num_queries(CREATE_QUERIES):
        response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 201, response.json()
    read = api.get(detail("claims", response.json()["id"]))
    assert (read.json(), read["ETag"]) == (response.json(), response["ETag"])


# Article and role; then the view's and the service's transactions (two savepoints here) with
# the role again (the service's own check), the article locked, the annotator's assignment, the
# claim type, the claim, its history (with its participants). No read back: the new claim is
# answered as made.
CREATE_QUERIES = 13


def test_a_bad_span_is_refused_with_the_services_words_and_nothing_written(
    as_user, annotator, article
):
    before = counts()
    response = as_user(annotator).post(
        "/api/v1/claims/",
        {"article": article.pk, "start": 0, "end": 3, "quote": "Xyz", "claim_type": "meeting"},
        format="json",
    )
    assert response.status_code == 400
    assert "quote" in str(response.json())
    assert counts() == before


def test_a_source_naming_an_entity_of_another_project_is_refused(
    as_user, annotator, article, outsider
):
    stranger = Entity.objects.exclude(project=article.project).first() or services.entity_create(
        project=outsider.memberships.get().project, kind="person", name="X", actor=None
    )
    response = as_user(annotator).post(
        "/api/v1/claims/",
        {
            "article": article.pk,
            **span(ARTICLE_TEXT, "Kim"),
            "claim_type": "meeting",
            "participants": [stranger.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"participants": [f"No entity {stranger.pk} in this project."]}


def test_changing_a_source_uses_the_claims_version(as_user, annotator, claim):
    api = as_user(annotator)
    source = claim.attributions.get()
    etag = api.get(detail("attributions", source.pk)).headers["ETag"]
    assert etag == f'"{claim.version}"'

    response = api.patch(
        detail("attributions", source.pk),
        {"stance": "distancing"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200
    claim.refresh_from_db()
    assert response.headers["ETag"] == f'"{claim.version}"'
    assert claim.attributions.get().stance == "distancing"


# links


def test_a_link_is_reversed_by_swapping_its_ends(as_user, annotator, claim, other_article):
    other = make_claim(other_article, annotator, "Das Abkommen")
    api = as_user(annotator)
    made = api.post(
        "/api/v1/links/",
        {"from_claim": claim.pk, "to_claim": other.pk, "relation": "refines", "note": "genauer"},
        format="json",
    )
    assert made.status_code == 201

    response = api.patch(
        detail("links", made.json()["id"]),
        {"from_claim": other.pk, "to_claim": claim.pk},
        format="json",
        HTTP_IF_MATCH=made.headers["ETag"],
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["from_claim"], body["to_claim"], body["note"]) == (other.pk, claim.pk, "genauer")


def test_a_self_link_is_refused_in_the_services_words(as_user, annotator, claim):
    response = as_user(annotator).post(
        "/api/v1/links/",
        {"from_claim": claim.pk, "to_claim": claim.pk, "relation": "agrees"},
        format="json",
    )
    assert response.status_code == 400
    assert "itself" in str(response.json())


# assignments and reviews


def test_an_annotator_hands_in_an_article_by_patching_the_assignment(
    as_user, annotator, manager, article, claim
):
    made = as_user(manager).post(
        "/api/v1/assignments/", {"article": article.pk, "annotator": "anna"}, format="json"
    )
    assert made.status_code == 201
    api = as_user(annotator)
    etag = api.get(detail("assignments", made.json()["id"])).headers["ETag"]

    response = api.patch(
        detail("assignments", made.json()["id"]),
        {"status": "submitted"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_a_reviewer_accepts_a_claim_through_a_review(as_user, reviewer, claim):
    response = as_user(reviewer).post(
        "/api/v1/reviews/",
        {"claim": claim.pk, "version": claim.version, "decision": "accept", "comment": "ok"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["reviewer"] == "rita"
    claim.refresh_from_db()
    assert claim.status == "accepted"


def test_an_annotator_cannot_review_403(as_user, annotator, claim):
    response = as_user(annotator).post(
        "/api/v1/reviews/",
        {"claim": claim.pk, "version": claim.version, "decision": "accept"},
        format="json",
    )
    assert response.status_code == 403
    assert not Review.objects.exists()


# lists: filters and cursor pagination


def test_filters_are_allow_listed(as_user, annotator, claim):
    response = as_user(annotator).get("/api/v1/claims/?ordering=-id&status=draft")
    assert response.status_code == 400
    assert "Unknown query parameter ordering" in response.json()["detail"]


def test_a_filter_with_a_bad_value_says_so(as_user, annotator):
    response = as_user(annotator).get("/api/v1/claims/?article=abc")
    assert response.status_code == 400
    expected = f"Expected a whole number of at most {2**63 - 1}, got “abc”."
    assert response.json() == {"article": [expected]}


def test_claims_filter_by_status_type_and_annotator(as_user, reviewer, annotator_b, claim, article):
    make_claim(article, annotator_b, "Kim Jong-un", claim_type="meeting")
    api = as_user(reviewer)

    def ids(query):
        return [c["quote"] for c in api.get(f"/api/v1/claims/?{query}").json()["results"]]

    assert ids("claim_type=meeting") == ["Kim Jong-un"]
    assert ids("annotator=anna") == [QUOTE]
    assert ids("annotator=anna&annotator=ben") == [QUOTE, "Kim Jong-un"]
    assert ids("status=accepted") == []


def test_cursor_pagination_walks_every_claim_once(as_user, annotator, article):
    words = ARTICLE_TEXT.split()[:12]
    for occurrence, word in enumerate(words):
        start = ARTICLE_TEXT.index(word)
        services.claim_create(
            article=article,
            actor=annotator,
            start=start,
            end=start + len(word),
            quote=word,
            claim_type="statement",
            note=str(occurrence),
        )
    api = as_user(annotator)
    seen, page = [], "/api/v1/claims/?page_size=5"
    while page:
        body = api.get(page).json()
        seen += [c["note"] for c in body["results"]]
        page = body["next"]
    assert seen == [str(n) for n in range(12)]


def test_the_claim_list_costs_the_same_queries_for_5_and_50_claims(
    as_user, reviewer, article, annotator, kcna, django_assert_num_queries
):
    api = as_user(reviewer)
    words = [w for w in dict.fromkeys(ARTICLE_TEXT.split()) if len(w) > 3]

    def fill(count):
        for word in words[:count]:
            if not Claim.objects.filter(quote=word).exists():
                made = make_claim(article, annotator, word, participants=[kcna])
                services.attribution_create(
                    claim=made, actor=annotator, source=kcna, source_kind="state_media"
                )

    fill(5)
    api.get("/api/v1/claims/")
    with django_assert_num_queries(QUERIES):
        assert len(api.get("/api/v1/claims/?page_size=100").json()["results"]) == 5
    fill(len(words))
    with django_assert_num_queries(QUERIES):
        assert len(api.get("/api/v1/claims/?page_size=100").json()["results"]) > 5


# The page's claims (the role lookups are subqueries), then their types, authors,
# participants, sources, and the sources' entities and kinds: one query per kind of row.
QUERIES = 7


def test_after_five_wrong_passwords_the_token_endpoint_says_the_account_is_locked(api, annotator):
    def ask(password):
        return api.post(
            "/api/v1/auth/token/", {"username": "anna", "password": password}, format="json"
        )

    # The fifth failure is the one that locks the account.
    assert [ask("wrong").status_code for _ in range(5)] == [400, 400, 400, 400, 429]
    locked = ask("correct horse battery staple")
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.json()["detail"]
    assert not Token.objects.exists()
