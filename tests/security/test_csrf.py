"""Every unsafe request of a logged-in browser needs the CSRF token: the site's forms and htmx
posts (Django's CsrfViewMiddleware), the admin, and the API under session authentication (DRF's
own check). A script's API token is not a cookie, so token requests need none."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.annotate.test_workspace import HX, outsider_requests, written
from tests.api.test_api import counts
from tests.api.test_permissions import TABLE, outcome, requests

pytestmark = pytest.mark.django_db
UNSAFE = ("post", "put", "patch", "delete")


def site_posts(reachable) -> dict:
    """Every POST of the site: the request table of tests/annotate/test_workspace.py, and
    logging out (logging in is below: it has no session yet)."""
    posts = {
        name: (address, data)
        for name, (method, address, data) in outsider_requests(reachable).items()
        if method == "post"
    }
    posts["logout"] = (reverse("annotate:logout"), {})
    return posts


@pytest.fixture
def browser(reachable, annotator):
    """Anna's browser, logged in, as one that never loaded our pages (no CSRF cookie)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(annotator)
    return client


def with_token(client, reachable) -> dict:
    """Load a page as a browser does; the header htmx then sends with each request."""
    client.get(reverse("annotate:workspace", args=[reachable.article.pk]))
    return {"X-CSRFToken": client.cookies["csrftoken"].value}


def refused_for_csrf(response) -> bool:
    return response.status_code == 403 and b"CSRF verification failed" in response.content


def test_the_site_has_posts_to_check(reachable):
    assert len(site_posts(reachable)) >= 25


@pytest.mark.parametrize("method", UNSAFE)
def test_every_site_post_without_the_token_is_refused_and_writes_nothing(
    browser, reachable, method
):
    before = written()
    accepted = [
        name
        for name, (address, data) in site_posts(reachable).items()
        if not refused_for_csrf(getattr(browser, method)(address, data, headers=HX))
    ]

    assert accepted == []
    assert written() == before


def test_every_site_post_with_the_token_gets_past_the_check(browser, reachable):
    """The refusals above are the CSRF check's, not the views': with the token they pass it."""
    token = with_token(browser, reachable)
    refused = [
        name
        for name, (address, data) in site_posts(reachable).items()
        if name != "logout"
        and refused_for_csrf(browser.post(address, data, headers={**HX, **token}))
    ]

    assert refused == []


def test_a_wrong_token_is_refused(browser, reachable):
    with_token(browser, reachable)
    address, data = site_posts(reachable)["claim-form POST"]

    response = browser.post(address, data, headers={**HX, "X-CSRFToken": "x" * 64})

    assert refused_for_csrf(response)


@pytest.mark.parametrize("address", ["annotate:login", "admin:login"])
def test_logging_in_without_the_token_is_refused(reachable, address):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse(address), {"username": "anna", "password": "correct horse battery staple"}
    )

    assert refused_for_csrf(response)
    assert "_auth_user_id" not in client.session


def test_an_admin_change_without_the_token_is_refused(reachable, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = written()

    response = client.post(
        reverse("admin:claims_project_change", args=[reachable.article.project.pk]),
        {"name": "Gekapert", "slug": "gekapert", "description": "", "guidelines": ""},
    )

    assert refused_for_csrf(response)
    assert written() == before


# the API

UNSAFE_ROWS = sorted(
    row for row in TABLE if row.split()[1] in ("POST", "PATCH", "DELETE") and row != "token POST"
)


def api_user(row: str, request):
    """The role the table lets make this request (the annotator hands her own article in)."""
    return request.getfixturevalue("annotator" if row == "assignment-detail PATCH" else "manager")


def send(api, everything, project, row, **headers):
    method, address, body = requests(everything, project.pk)[row]
    encoding = "multipart" if row == "project-import POST" else "json"
    return getattr(api, method)(address, body, format=encoding, HTTP_IF_MATCH="*", **headers)


@pytest.mark.parametrize("row", UNSAFE_ROWS)
def test_every_unsafe_api_request_with_session_auth_needs_the_token(
    everything, project, request, row
):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(api_user(row, request))
    before = counts()

    response = send(api, everything, project, row)

    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")
    assert counts() == before


@pytest.mark.parametrize("row", UNSAFE_ROWS)
def test_every_unsafe_api_request_with_session_auth_and_the_token_passes(
    everything, project, request, row
):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(api_user(row, request))
    api.get(reverse("annotate:project-list"))  # any page of ours sets the CSRF cookie
    token = api.cookies["csrftoken"].value

    response = send(api, everything, project, row, HTTP_X_CSRFTOKEN=token)

    assert outcome(response) == "ok", response.content


@pytest.mark.parametrize("row", UNSAFE_ROWS)
def test_every_unsafe_api_request_with_a_token_needs_no_csrf_token(
    everything, project, request, row
):
    api = APIClient(enforce_csrf_checks=True)
    key = Token.objects.create(user=api_user(row, request)).key

    response = send(api, everything, project, row, HTTP_AUTHORIZATION=f"Token {key}")

    assert outcome(response) == "ok", response.content
