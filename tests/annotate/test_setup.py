"""Project setup: only managers; every change goes through the services and says why not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Article, Assignment, Label, LabelKind, Membership
from tests.factories import UserFactory, make_article, make_claim

pytestmark = pytest.mark.django_db


def url(project, tail=""):
    return f"/projects/{project.slug}/setup/{tail}"


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.mark.parametrize(
    ("who", "status"), [("manager", 200), ("reviewer", 403), ("annotator", 403), ("outsider", 404)]
)
def test_the_setup_page_is_for_managers_only(client, project, request, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(project)).status_code == status


@pytest.mark.parametrize("who", ["annotator", "outsider"])
def test_non_managers_change_nothing_by_posting(client, project, request, who):
    client.force_login(request.getfixturevalue(who))
    before = (Membership.objects.count(), Label.objects.count(), project.guidelines)
    client.post(url(project, "guidelines/"), {"guidelines": "# gekapert"})
    client.post(url(project, "members/"), {"username": "otto", "role": "manager"})
    client.post(
        url(project, "labels/"),
        {"kind": "claim_type", "value": "x", "name": "x", "color": "#000000"},
    )
    project.refresh_from_db()
    assert (Membership.objects.count(), Label.objects.count(), project.guidelines) == before


def test_a_manager_adds_a_member_changes_the_role_and_removes_them(as_manager, project):
    newcomer = UserFactory(username="nora")
    response = as_manager.post(url(project, "members/"), {"username": "nora", "role": "annotator"})
    assert response.status_code == 302
    membership = Membership.objects.get(project=project, user=newcomer)
    as_manager.post(url(project, f"members/{membership.pk}/"), {"role": "reviewer"})
    membership.refresh_from_db()
    assert membership.role == "reviewer"
    as_manager.post(url(project, f"members/{membership.pk}/"), {"remove": "1"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_an_unknown_username_is_refused_with_the_reason(as_manager, project):
    response = as_manager.post(
        url(project, "members/"), {"username": "niemand", "role": "annotator"}
    )
    assert response.status_code == 422
    assert "No account has that username" in response.content.decode()
    assert 'value="niemand"' in response.content.decode()


def test_the_last_manager_cannot_leave(as_manager, project, manager):
    membership = Membership.objects.get(project=project, user=manager)
    response = as_manager.post(url(project, f"members/{membership.pk}/"), {"remove": "1"})
    assert response.status_code == 422
    assert "is the last manager" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_labels_are_added_renamed_recoloured_and_hidden(as_manager, project):
    as_manager.post(
        url(project, "labels/"),
        {
            "kind": "claim_type",
            "value": "casualty",
            "name": "Casualty",
            "color": "#aa0000",
            "hotkey": "9",
        },
    )
    label = Label.objects.get(project=project, value="casualty")
    assert (label.kind, label.hotkey, label.color) == (LabelKind.CLAIM_TYPE, "9", "#aa0000")
    as_manager.post(
        url(project, f"labels/{label.pk}/"),
        {
            "kind": "claim_type",
            "value": "casualty",
            "name": "Opfer",
            "color": "#00aa00",
            "hotkey": "9",
            "hidden": "on",
        },
    )
    label.refresh_from_db()
    assert (label.name, label.color, label.hidden) == ("Opfer", "#00aa00", True)


def test_a_label_in_use_is_not_deleted_and_the_page_says_why(
    as_manager, project, article, annotator
):
    make_claim(article, annotator, "so Putin", claim_type="quote")
    label = Label.objects.get(project=project, value="quote")
    response = as_manager.post(
        url(project, f"labels/{label.pk}/"),
        {
            "kind": "claim_type",
            "value": "quote",
            "name": "Quote",
            "color": "#cc79a7",
            "delete": "1",
        },
    )
    assert response.status_code == 422
    assert "is used by 1 annotation and cannot be deleted; hide it instead" in (
        response.content.decode()
    )
    assert Label.objects.filter(pk=label.pk).exists()


def test_an_unused_label_is_deleted(as_manager, project):
    label = Label.objects.get(project=project, value="figure")
    as_manager.post(
        url(project, f"labels/{label.pk}/"),
        {
            "kind": "claim_type",
            "value": "figure",
            "name": "Figure",
            "color": "#f0e442",
            "delete": "1",
        },
    )
    assert not Label.objects.filter(pk=label.pk).exists()


def test_guidelines_render_markdown_and_nothing_active(as_manager, project):
    text = (
        "# Regeln\n\n**Datum** immer normalisieren.\n\n<script>alert(1)</script>\n\n"
        "[klick](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    page = as_manager.post(url(project, "guidelines/"), {"guidelines": text}, follow=True)
    preview = page.content.decode().split('id="guidelines-preview">')[1].split("</div>")[0]
    assert "<h1>Regeln</h1>" in preview and "<strong>Datum</strong>" in preview
    assert "<script" not in preview and "<img" not in preview and "href=" not in preview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview  # shown as text, inert
    project.refresh_from_db()
    assert project.guidelines == text


def test_txt_files_import_as_articles_exactly_with_the_first_line_as_title(as_manager, project):
    text = "Kim trifft Putin\r\n\r\nAm Freitag 🤝 in Pjöngjang.\u00a0Ende."
    upload = SimpleUploadedFile("kim.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    response = as_manager.post(url(project, "articles/"), {"files": [upload]})
    assert response.status_code == 302
    article = Article.objects.get(project=project, external_id="kim.txt")
    assert (article.title, article.text) == ("Kim trifft Putin", text)


def test_one_bad_file_imports_none_and_names_the_file(as_manager, project):
    good = SimpleUploadedFile("gut.txt", b"Titel\nText")
    bad = SimpleUploadedFile("kaputt.txt", b"Titel\n\xff\xfe kaputt")
    response = as_manager.post(url(project, "articles/"), {"files": [good, bad]})
    assert response.status_code == 422
    assert "kaputt.txt: not UTF-8 text (byte 6)" in response.content.decode()
    assert not Article.objects.filter(project=project).exists()


def test_automatic_and_manual_assignment_from_the_page(as_manager, project, annotator, annotator_b):
    first, second = make_article(project), make_article(project)
    as_manager.post(url(project, "assign/"), {"k": "2"})
    assert Assignment.objects.filter(article__project=project).count() == 4
    page = as_manager.get(url(project)).content.decode()
    assert "<td>anna</td><td>2</td><td>0</td>" in page
    third = make_article(project)
    as_manager.post(url(project, "assign/"), {"article": third.pk, "annotator": annotator.pk})
    assert Assignment.objects.filter(article=third, annotator=annotator).exists()
    response = as_manager.post(url(project, "assign/"), {"k": "5"})
    assert response.status_code == 422
    assert "k must be between 1 and the number of annotators (2); it is 5" in (
        response.content.decode()
    )
    assert {first.pk, second.pk} <= set(Assignment.objects.values_list("article_id", flat=True))
