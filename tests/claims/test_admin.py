import pytest
from django.urls import reverse

from claims import services
from claims.models import Article, Claim, Label, LabelKind
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

MODELS = [
    "project",
    "membership",
    "label",
    "article",
    "entity",
    "claim",
    "attribution",
    "link",
    "assignment",
    "review",
]


@pytest.fixture
def claims(project, article, annotator, annotator_b):
    return [
        make_claim(
            article,
            annotator,
            "am Freitag",
            claim_type="date",
            when="2024-09-13",
            when_source="typed",
        ),
        make_claim(
            article,
            annotator_b,
            "Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
            claim_type="treaty_term",
        ),
    ]


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_searchable_changelist(admin_client, claims, model):
    response = admin_client.get(reverse(f"admin:claims_{model}_changelist"), {"q": "Freitag"})
    assert response.status_code == 200
    assert 'id="searchbar"' in response.content.decode()


def test_claim_changelist_highlights_the_span_in_its_context_and_escapes_it(admin_client, project):
    article = make_article(project, text="Vorher <script>alert(1)</script> nachher.")
    make_claim(article, project.memberships.get(role="manager").user, "<script>alert(1)</script>")
    page = admin_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "Vorher <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> nachher." in page
    assert "<script>alert(1)" not in page


def test_claim_changelist_filters_by_project_status_type_outlet_and_annotator(
    admin_client, claims, annotator, outsider
):
    other = make_article(outsider.projects.get(), text="Putin sagte etwas.", outlet="ZDF heute")
    make_claim(other, outsider, "Putin sagte etwas")
    url = reverse("admin:claims_claim_changelist")
    page = admin_client.get(url).content.decode()
    for title in ["By status", "By claim type", "By project", "By outlet", "By annotator"]:
        assert title in page
    assert "treaty_term" in page.split("By claim type")[1].split("By project")[0]
    assert "agrees" not in page.split("By claim type")[1].split("By project")[0]
    filtered = admin_client.get(url, {"created_by__id__exact": annotator.pk, "status": "draft"})
    assert list(filtered.context["cl"].result_list) == [claims[0]]
    by_type = admin_client.get(url, {"claim_type__value": "treaty_term"})
    assert list(by_type.context["cl"].result_list) == [claims[1]]


def test_claim_changelist_takes_the_same_queries_for_two_claims_as_for_forty(
    admin_client, project, article, annotator, django_assert_max_num_queries
):
    url = reverse("admin:claims_claim_changelist")
    make_claim(article, annotator, "Pjöngjang")
    admin_client.get(url)
    with django_assert_max_num_queries(12) as few:
        admin_client.get(url)
    for number in range(40):
        other = make_article(project, text=f"Kim traf Schoigu am {number}. Juni in Pjöngjang.")
        make_claim(other, annotator, "Kim traf Schoigu")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url)


def test_claim_change_page_shows_the_span_inside_the_article_and_its_history(admin_client, claims):
    claim = claims[0]
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "haben <mark>am Freitag</mark> Gespräche" in page
    history = admin_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert history.status_code == 200
    assert "anna" in history.content.decode()


def test_editing_a_claim_in_the_admin_goes_through_the_service_and_is_kept_in_history(
    admin_client, admin_user, claims
):
    claim = claims[0]
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        claim_type=claim.claim_type.pk,
        participants=[],
        note="checked against KCNA",
        loaded_version=claim.version,
        when="2024-09-13",
        when_source="typed",
    )
    data.update(
        {
            f"attributions-{key}": value
            for key, value in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("checked against KCNA", 2)
    assert claim.history.first().history_user == admin_user


def test_a_stale_admin_form_is_refused_and_the_newer_change_is_kept(admin_client, claims):
    claim = claims[0]
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    Claim.objects.filter(pk=claim.pk).update(version=5, note="newer")
    data = {
        "claim_type": claim.claim_type.pk,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "when": "2024-09",
        "when_source": "typed",
        "polarity": "positive",
        "modality": "actual",
        "note": "older",
        "loaded_version": 1,
        "attributions-TOTAL_FORMS": 0,
        "attributions-INITIAL_FORMS": 0,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "changed" in " ".join(response.context["adminform"].form.non_field_errors())
    claim.refresh_from_db()
    assert (claim.note, claim.when) == ("newer", "2024-09-13")


def test_changing_the_text_of_an_anchored_article_in_the_admin_is_refused(admin_client, claims):
    article = claims[0].article
    url = reverse("admin:claims_article_change", args=[article.pk])
    data = {
        "title": article.title,
        "outlet": article.outlet,
        "language": "de",
        "text": article.text.replace("Freitag", "Samstag"),
        "metadata": "{}",
        "url": "",
        "published": "",
        "external_id": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "cannot change: 2 claims are anchored" in str(response.context["adminform"].form.errors)
    assert Article.objects.get(pk=article.pk).text == article.text


def test_deleting_a_label_in_use_from_the_admin_is_refused_naming_what_uses_it(
    admin_client, claims
):
    label = Label.objects.get(
        project=claims[0].article.project, kind=LabelKind.CLAIM_TYPE, value="date"
    )
    url = reverse("admin:claims_label_delete", args=[label.pk])
    page = admin_client.post(url, {"post": "yes"}, follow=True).content.decode()
    assert "Cannot delete label" in page
    assert "am Freitag [37:47]" in page
    assert Label.objects.filter(pk=label.pk).exists()


def test_claim_changelist_filters_by_source_kind_and_article(admin_client, claims, annotator):
    services.attribution_create(claim=claims[0], actor=annotator, source_kind="state_media")
    other = make_claim(make_article(claims[0].article.project), annotator, "so Putin")
    url = reverse("admin:claims_claim_changelist")
    page = admin_client.get(url).content.decode()
    assert "By source kind" in page
    assert "By article" in page
    by_kind = admin_client.get(url, {"attributions__source_kind__value": "state_media"})
    assert list(by_kind.context["cl"].result_list) == [claims[0]]
    by_article = admin_client.get(url, {"article__id__exact": claims[1].article_id})
    assert set(by_article.context["cl"].result_list) == set(claims)
    assert other not in by_article.context["cl"].result_list


def test_claim_history_in_the_admin_shows_what_changed(admin_client, claims, annotator):
    claim = claims[0]
    services.claim_update(claim=claim, actor=annotator, version=claim.version, note="geprüft")
    page = admin_client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content
    page = page.decode()
    assert "geprüft" in page and "2024-09-13" in page


def test_bulk_accept_in_the_admin_makes_the_claims_gold_with_a_review(admin_client, claims):
    url = reverse("admin:claims_claim_changelist")
    admin_client.post(
        url, {"action": "accept_selected", "_selected_action": [c.pk for c in claims]}
    )
    assert set(Claim.objects.values_list("status", flat=True)) == {"accepted"}
    assert all(claim.reviews.count() == 1 for claim in Claim.objects.all())
