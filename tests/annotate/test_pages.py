"""Log in, the project list, a project's queue and its label colours: annotate/views/projects.py."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import LabelKind
from tests.factories import make_article, make_claim, make_project

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def html(response) -> str:
    return response.content.decode()


# log in and out


def test_login_page_shows_the_form_to_someone_not_logged_in(client):
    response = client.get(reverse("annotate:login"))

    assert response.status_code == 200
    assert 'name="username"' in html(response)
    assert 'name="password"' in html(response)
    assert "csrfmiddlewaretoken" in html(response)


def test_login_with_the_right_password_goes_to_the_project_list(client, annotator):
    response = client.post(reverse("annotate:login"), {"username": "anna", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:project-list")
    assert client.session["_auth_user_id"] == str(annotator.pk)


def test_login_with_a_wrong_password_shows_the_error_and_keeps_the_username(client, annotator):
    response = client.post(reverse("annotate:login"), {"username": "anna", "password": "wrong"})

    assert response.status_code == 200
    assert 'role="alert"' in html(response)
    assert "enter a correct username and password" in html(response)
    assert 'value="anna"' in html(response)
    assert "_auth_user_id" not in client.session


def test_login_page_sends_someone_logged_in_on_to_the_project_list(client, annotator):
    client.force_login(annotator)

    response = client.get(reverse("annotate:login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:project-list")


def test_logout_logs_out_and_goes_to_the_login_page(client, annotator):
    client.force_login(annotator)

    response = client.post(reverse("annotate:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url",
    [
        reverse("annotate:home"),
        reverse("annotate:project-list"),
        reverse("annotate:queue", args=["some-project"]),
        reverse("annotate:workspace", args=[1]),
        reverse("annotate:label-css", args=["some-project"]),
    ],
)
def test_pages_send_someone_not_logged_in_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('annotate:login')}?next={url}"


def test_home_goes_to_the_project_list(client, annotator):
    client.force_login(annotator)

    response = client.get(reverse("annotate:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("annotate:project-list")


# project list


def test_project_list_shows_the_users_projects_with_their_article_counts(
    client, project, article, annotator
):
    make_article(project, title="Zweiter Artikel")
    client.force_login(annotator)

    response = client.get(reverse("annotate:project-list"))

    assert response.status_code == 200
    page = html(response)
    assert f'href="{reverse("annotate:queue", args=[project.slug])}">Kim and Shoigu</a>' in page
    assert "<td>2</td>" in page
    assert "<html" in page
    assert 'class="topbar"' in page


def test_project_list_does_not_show_projects_the_user_is_not_in(client, project, outsider):
    client.force_login(outsider)

    page = html(client.get(reverse("annotate:project-list")))

    assert "Another team" in page
    assert "Kim and Shoigu" not in page


def test_project_list_of_someone_in_no_project_says_so(client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password=PASSWORD)
    client.force_login(user)

    page = html(client.get(reverse("annotate:project-list")))

    assert "You are not a member of any project yet." in page


# queue


@pytest.fixture
def assigned(project, article, manager, annotator, annotator_b):
    """Anna has two articles assigned (one with two of her claims), Ben one; a third is free."""
    later = make_article(project, title="Zweites Treffen", published="2025-06-04")
    make_article(project, title="Nicht zugeteilt")
    for target, who in [(article, annotator), (later, annotator), (article, annotator_b)]:
        services.assignment_create(article=target, annotator=who, actor=manager)
    make_claim(article, annotator, "Der Vertrag")
    make_claim(article, annotator, "so Putin")
    make_claim(article, annotator_b, "Feuerwehrleute")
    return {"first": article, "later": later}


def test_queue_of_an_annotator_lists_their_assignments_with_their_own_claim_counts(
    client, project, assigned, annotator
):
    client.force_login(annotator)

    response = client.get(reverse("annotate:queue", args=[project.slug]))

    assert response.status_code == 200
    page = html(response)
    assert "Your role: annotator" in page
    assert page.count('<tr data-status="') == 2
    assert f'href="{reverse("annotate:workspace", args=[assigned["first"].pk])}"' in page
    assert f'href="{reverse("annotate:workspace", args=[assigned["later"].pk])}"' in page
    assert "Nicht zugeteilt" not in page
    assert '<span class="status in_progress">In progress</span></td>\n      <td>2</td>' in page
    assert "2 assigned;" in page


def test_queue_of_an_annotator_has_no_coverage_of_all_articles(
    client, project, assigned, annotator
):
    client.force_login(annotator)

    page = html(client.get(reverse("annotate:queue", args=[project.slug])))

    assert 'id="coverage"' not in page
    assert "All articles" not in page


def test_queue_of_a_manager_shows_every_article_with_assignments_and_claims_counted(
    client, project, assigned, manager
):
    client.force_login(manager)

    response = client.get(reverse("annotate:queue", args=[project.slug]))

    assert response.status_code == 200
    page = html(response)
    assert "Your role: manager" in page
    assert "Nothing is assigned to you in this project." in page
    coverage = page[page.index('id="coverage"') :]
    assert coverage.count("<tr>") == 4  # the header and three articles
    assert "Nicht zugeteilt" in coverage
    assert '<progress max="2" value="0"></progress> 0/2</td>\n      <td>3</td>' in coverage


def test_queue_of_a_manager_counts_submitted_assignments(
    client, project, assigned, manager, annotator
):
    assignment = services.assignment_create(
        article=assigned["first"], annotator=annotator, actor=manager
    )
    services.assignment_submit(assignment=assignment, actor=annotator)
    client.force_login(manager)

    page = html(client.get(reverse("annotate:queue", args=[project.slug])))

    assert '<progress max="2" value="1"></progress> 1/2' in page


def test_queue_of_a_project_the_user_is_not_in_is_404(client, project, outsider):
    client.force_login(outsider)

    assert client.get(reverse("annotate:queue", args=[project.slug])).status_code == 404


def test_queue_of_a_project_that_does_not_exist_is_404(client, annotator):
    client.force_login(annotator)

    assert client.get(reverse("annotate:queue", args=["no-such-project"])).status_code == 404


# Session, user, project, role (view and coverage), assignments, coverage.
QUEUE_QUERIES = 7


def test_queue_page_query_count_does_not_grow_with_the_number_of_articles(
    client, project, manager, annotator, django_assert_num_queries
):
    def queries_for_queue():
        client.force_login(manager)
        with django_assert_num_queries(QUEUE_QUERIES):
            assert client.get(reverse("annotate:queue", args=[project.slug])).status_code == 200

    for _ in range(2):
        services.assignment_create(article=make_article(project), annotator=manager, actor=manager)
    queries_for_queue()
    for _ in range(8):
        services.assignment_create(article=make_article(project), annotator=manager, actor=manager)
    queries_for_queue()


# label colours


def test_label_css_gives_every_claim_type_and_link_relation_its_colour(client, project, annotator):
    client.force_login(annotator)

    response = client.get(reverse("annotate:label-css", args=[project.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=60"
    css = response.content.decode()
    assert ".ct-date { --c: #0072b2; }" in css
    assert ".ct-statement { --c: #999999; }" in css
    assert ".rel-contradicts { --c: #d73027; }" in css
    assert ".state_media" not in css  # source kinds have no colour rule
    assert css.count(".ct-") == 8
    assert css.count(".rel-") == 6


def test_label_css_includes_hidden_labels_so_old_claims_keep_their_colour(client, project, manager):
    services.label_create(
        project=project,
        kind=LabelKind.CLAIM_TYPE,
        value="rumour",
        name="Rumour",
        color="#123abc",
        hidden=True,
        actor=manager,
    )
    client.force_login(manager)

    css = client.get(reverse("annotate:label-css", args=[project.slug])).content.decode()

    assert ".ct-rumour { --c: #123abc; }" in css


def test_label_css_is_the_projects_own(client, project, manager):
    other = make_project(name="Other", manager=manager)
    label = other.labels.get(kind=LabelKind.CLAIM_TYPE, value="date")
    services.label_update(label=label, color="#000000", actor=manager)
    client.force_login(manager)

    css = client.get(reverse("annotate:label-css", args=[project.slug])).content.decode()

    assert ".ct-date { --c: #0072b2; }" in css
    assert "#000000" not in css


def test_label_css_of_a_project_the_user_is_not_in_is_404(client, project, outsider):
    client.force_login(outsider)

    assert client.get(reverse("annotate:label-css", args=[project.slug])).status_code == 404
