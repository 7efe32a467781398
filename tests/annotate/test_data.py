"""The export and import screens, and the API's export and import of a whole project."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims import services
from claims.models import Article, Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
DOCCANO = (
    '{"text": "Kim traf Schoigu 🇰🇵 in Pjöngjang.", "label": [[0, 16, "meeting"]]}\n'
    '{"text": "Putin kam.", "label": [[0, 5, "statement"]]}\n'
).encode()


@pytest.fixture
def gold(article, annotator, reviewer):
    claim = make_claim(article, annotator, "Kim Jong-un", claim_type="meeting")
    draft = make_claim(article, annotator, "Sergei Schoigu", claim_type="role")
    services.review_decide(target=claim, decision="accept", actor=reviewer, version=claim.version)
    return claim, draft


@pytest.fixture
def api():
    return APIClient()


def lines(response) -> list[dict]:
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


# the export screen


def test_the_export_screen_counts_gold_by_default(client, annotator, project, gold):
    client.force_login(annotator)
    response = client.get(f"/projects/{project.slug}/export/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1</strong> claim and" in page
    assert 'id="export-download"' in page
    assert "Canonical JSONL" in page and "Hugging Face" in page


def test_the_export_screen_counts_what_the_filters_select(client, reviewer, project, gold):
    client.force_login(reviewer)
    response = client.get(
        f"/projects/{project.slug}/export/?format=jsonl&status=draft&status=accepted"
    )
    assert "<strong>2</strong> claims" in response.content.decode()


def test_an_annotator_asking_for_drafts_is_told_why_not(client, annotator, project, gold):
    client.force_login(annotator)
    response = client.get(f"/projects/{project.slug}/export/download/?format=jsonl&status=draft")
    assert response.status_code == 422
    assert "Annotators may export gold (accepted) claims only" in response.content.decode()


def test_the_download_streams_gold_as_canonical_jsonl(client, annotator, project, gold):
    client.force_login(annotator)
    response = client.get(f"/projects/{project.slug}/export/download/?format=jsonl")
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="kim-and-shoigu-gold-')
    records = lines(response)
    assert records[0]["offset_unit"] == "unicode_code_point"
    assert [r["quote"] for r in records if r["type"] == "claim"] == ["Kim Jong-un"]


def test_the_card_alone_is_markdown_with_the_counts(client, reviewer, project, gold):
    client.force_login(reviewer)
    response = client.get(f"/projects/{project.slug}/export/download/?format=card")
    card = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "meeting" in card and "code point" in card


# the import screen


def test_a_manager_imports_doccano_and_sees_the_report(client, manager, project):
    client.force_login(manager)
    upload = _file("team.jsonl", DOCCANO)

    response = client.post(
        f"/projects/{project.slug}/import/",
        {"format": "doccano", "files": upload, "status": "submitted"},
        headers=HX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Imported 2 articles, 2 claims" in page
    claim = Claim.objects.get(quote="Kim traf Schoigu")
    assert (claim.status, claim.claim_type.value) == ("submitted", "meeting")


def test_a_bad_line_refuses_the_import_names_the_line_and_writes_nothing(client, manager, project):
    client.force_login(manager)
    bad = DOCCANO + b'{"text": "Kaputt", "label": [[0, 99, "meeting"]]}\n'
    before = (Article.objects.count(), Claim.objects.count())

    response = client.post(
        f"/projects/{project.slug}/import/",
        {"format": "doccano", "files": _file("team.jsonl", bad)},
        headers=HX,
    )

    assert response.status_code == 422
    assert "line 3" in response.content.decode()
    assert "Nothing was imported" in response.content.decode()
    assert (Article.objects.count(), Claim.objects.count()) == before


def test_an_import_without_files_says_so(client, manager, project):
    client.force_login(manager)
    response = client.post(f"/projects/{project.slug}/import/", {"format": "txt"})
    assert response.status_code == 422
    assert "Choose one or more files" in response.content.decode()


def _file(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# the API


def test_the_api_export_streams_with_filters(api, reviewer, project, gold):
    api.force_authenticate(reviewer)
    response = api.get(
        f"/api/v1/projects/{project.pk}/export/?format=jsonl&status=draft&claim_type=role"
    )
    assert response.status_code == 200
    assert [r["quote"] for r in lines(response) if r["type"] == "claim"] == ["Sergei Schoigu"]


def test_the_api_export_answers_a_client_asking_for_a_zip(api, reviewer, project, gold):
    api.force_authenticate(reviewer)
    response = api.get(
        f"/api/v1/projects/{project.pk}/export/?format=huggingface", HTTP_ACCEPT="application/zip"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_api_export_refuses_unknown_parameters(api, reviewer, project):
    api.force_authenticate(reviewer)
    response = api.get(f"/api/v1/projects/{project.pk}/export/?sort=id")
    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown query parameter sort."}


def test_the_api_import_reports_counts(api, manager, project):
    api.force_authenticate(manager)
    response = api.post(
        f"/api/v1/projects/{project.pk}/import/",
        {"format": "doccano", "files": [_file("a.jsonl", DOCCANO)], "status": "accepted"},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["claims"] == 2
    assert set(Claim.objects.values_list("status", flat=True)) == {"accepted"}


def test_the_api_import_refusal_is_400_with_the_line(api, manager, project):
    api.force_authenticate(manager)
    bad = DOCCANO + b'{"text": 1}\n'
    response = api.post(
        f"/api/v1/projects/{project.pk}/import/",
        {"format": "doccano", "files": [_file("a.jsonl", bad)]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "line 3" in json.dumps(response.json())
    assert not Article.objects.filter(project=project).exists()


def test_an_article_without_claims_is_in_the_export(client, manager, project):
    make_article(project, title="Leer")
    client.force_login(manager)
    response = client.get(f"/projects/{project.slug}/export/download/?format=jsonl")
    assert [r["title"] for r in lines(response) if r["type"] == "article"] == ["Leer"]


def test_an_annotators_card_leaves_out_agreement_between_annotators(
    client, annotator, annotator_b, reviewer, project, article
):
    for user in (annotator, annotator_b):
        claim = make_claim(article, user, "Kim Jong-un", claim_type="meeting")
        services.review_decide(
            target=claim, decision="accept", actor=reviewer, version=claim.version
        )
    cards = {}
    for user in (annotator, reviewer):
        client.force_login(user)
        response = client.get(f"/projects/{project.slug}/export/download/?format=card")
        cards[user.username] = b"".join(response.streaming_content).decode()

    assert "Shown in exports made by the project's reviewers and managers." in cards["anna"]
    assert "Shown in exports made" not in cards["rita"]
    assert "No article was annotated by two" not in cards["rita"]
