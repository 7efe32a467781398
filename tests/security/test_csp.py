"""The Content-Security-Policy on every response, and markup that needs nothing it forbids.

The policy allows no inline script or style and no eval, so an injected <script>, on*= attribute
or style= does nothing even where escaping were missed; our own pages must then carry no inline
code either, or they would break under it.
"""

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.annotate.test_workspace import HX, outsider_requests
from tests.security.corpus import Markup, inline_code

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
# django-htmx's htmx must neither evaluate strings nor run scripts that arrive in a swap, and
# must only talk to us; its indicator styles would be an inline <style>.
HTMX_CONFIG = {
    "allowEval": False,
    "allowScriptTags": False,
    "selfRequestsOnly": True,
    "includeIndicatorStyles": False,
}


def policy_of(response) -> dict:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def is_html(response) -> bool:
    return response["Content-Type"].startswith("text/html")


def site_gets(reachable) -> list[tuple[str, str, dict]]:
    """Every GET of the site's request table, as a manager of the project may make it."""
    return [
        (name, address, data)
        for name, (method, address, data) in outsider_requests(reachable).items()
        if method == "get"
    ]


def test_every_site_page_and_fragment_carries_the_policy_and_no_inline_code(
    client, reachable, manager
):
    client.force_login(manager)
    checked = []
    for name, address, data in site_gets(reachable):
        for headers in ({}, HX):
            response = client.get(address, data, headers=headers)
            assert response.status_code == 200, name
            assert policy_of(response) == POLICY, name
            if is_html(response):
                assert inline_code(response.content.decode()) == [], name
            checked.append(name)
    assert len(checked) >= 30


def test_an_htmx_post_fragment_carries_the_policy(client, reachable, annotator):
    _, address, data = outsider_requests(reachable)["claim-form POST"]
    client.force_login(annotator)

    response = client.post(address, data, headers=HX)

    assert response.status_code == 200
    assert policy_of(response) == POLICY
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("address", ["/accounts/login/", "/projects/", "/", "/nowhere/"])
def test_login_project_list_redirects_and_errors_carry_the_policy(client, manager, address):
    if address != "/accounts/login/":
        client.force_login(manager)

    response = client.get(address)

    assert response.status_code in (200, 302, 404)
    assert policy_of(response) == POLICY
    if is_html(response):
        assert inline_code(response.content.decode()) == []


def test_a_refused_request_carries_the_policy(client, reachable, annotator):
    """403 from a role check, 405 from a wrong method."""
    client.force_login(annotator)
    slug = reachable.article.project.slug

    assert policy_of(client.get(reverse("annotate:setup", args=[slug]))) == POLICY
    assert policy_of(client.get(reverse("annotate:claim-create", args=[1]))) == POLICY


def admin_addresses(reachable) -> list[str]:
    """The admin's index, and the list, add and change form of every registered model."""
    addresses = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        meta = model._meta
        addresses.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        addresses.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            addresses.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
    return addresses


KNOWN_INLINE: set[str] = set()


@pytest.fixture(params=["superuser", "staff reviewer"])
def admin_user_client(request, client, admin_user, reviewer):
    """The admin as a superuser sees it, and as a reviewer with staff status, who gets read-only
    forms and lists. (Django's change list brings an inline <style> when a ModelAdmin turns its
    actions bar off, actions_on_top = actions_on_bottom = False; none of ours does.)"""
    if request.param == "superuser":
        client.force_login(admin_user)
    else:
        reviewer.is_staff = True
        reviewer.save()
        client.force_login(reviewer)
    return client


def test_every_admin_page_carries_the_policy_and_no_inline_code(admin_user_client, reachable):
    known = {reverse(name) for name in KNOWN_INLINE}
    addresses = admin_addresses(reachable)
    assert len(addresses) > 30
    shown = 0
    for address in addresses:
        response = admin_user_client.get(address)
        assert response.status_code in (200, 403), address  # 403: not this user's to see
        assert policy_of(response) == POLICY, address
        if address not in known:
            assert inline_code(response.content.decode()) == [], address
        shown += response.status_code == 200
    assert shown >= 15


def test_the_label_changelist_has_no_inline_style(admin_client, reachable):
    response = admin_client.get(reverse("admin:claims_label_changelist"))

    assert inline_code(response.content.decode()) == []


def test_the_admin_login_carries_the_policy_and_no_inline_code(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert policy_of(response) == POLICY
    assert inline_code(response.content.decode()) == []


def test_the_api_docs_page_its_script_and_the_schema_carry_the_policy(client, manager):
    client.force_login(manager)

    page = client.get("/api/v1/docs/")
    scripts = [a["src"] for tag, a in Markup(page.content.decode()).elements if tag == "script"]
    script = client.get(next(src for src in scripts if src.startswith("/api/v1/docs/")))
    schema = client.get("/api/v1/schema/")

    assert (page.status_code, script.status_code, schema.status_code) == (200, 200, 200)
    assert inline_code(page.content.decode()) == []
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts)
    for response in (page, script, schema):
        assert policy_of(response) == POLICY


def test_an_api_response_carries_the_policy(client, manager):
    client.force_login(manager)

    response = client.get("/api/v1/projects/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert policy_of(response) == POLICY


def test_the_policy_allows_nothing_inline_and_no_eval(client):
    header = client.get("/accounts/login/").headers["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "unsafe-hashes" not in header
    assert "*" not in header


def test_htmx_is_configured_not_to_evaluate_run_scripts_or_leave_the_origin(client, manager):
    client.force_login(manager)

    page = Markup(client.get("/projects/").content.decode())

    metas = [a for tag, a in page.elements if tag == "meta" and a.get("name") == "htmx-config"]
    assert len(metas) == 1
    config = json.loads(metas[0]["content"])
    assert {key: config.get(key) for key in HTMX_CONFIG} == HTMX_CONFIG
    # The meta comes before htmx itself, which reads it once when it loads.
    elements = page.elements
    meta_at = elements.index(("meta", metas[0]))
    htmx_at = next(
        i for i, (tag, a) in enumerate(elements) if tag == "script" and "htmx" in a.get("src", "")
    )
    assert meta_at < htmx_at
