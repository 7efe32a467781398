"""The OpenAPI schema, its offline docs page, and a bounded schemathesis run against it."""

import pytest
import schemathesis
import yaml
from django.contrib.staticfiles import finders
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from claims import services
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def test_the_schema_is_valid_openapi_3_and_names_every_resource(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for resource in ("projects", "articles", "entities", "claims", "attributions", "links"):
        assert f"/api/v1/{resource}/{{id}}/" in schema["paths"]
    claim = schema["components"]["schemas"]["Claim"]["properties"]
    assert {"start", "end", "quote", "claim_type", "when", "attributions"} <= set(claim)
    patch = schema["paths"]["/api/v1/claims/{id}/"]["patch"]["parameters"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch)


def test_the_docs_page_loads_its_scripts_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "https://" not in page and "http://" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in page
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def kept_connection():
    """The app is called as WSGI inside the test's transaction: keep the connection open after
    each request, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(project, manager, annotator, article, kept_connection):
    """Mona's token, in a project with an article, a claim with a source, and a link."""
    claim = make_claim(article, annotator, "Kim Jong-un", claim_type="meeting")
    services.attribution_create(claim=claim, actor=annotator, source_kind="unattributed")
    other = make_claim(make_article(project, text="Kim Jong-un traf Schoigu."), annotator, "Kim")
    services.link_create(from_claim=claim, to_claim=other, relation="agrees", actor=annotator)
    return Token.objects.create(user=manager).key


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_the_schema_allows_makes_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Token {token}", "If-Match": "*"})
    case.validate_response(response, checks=[not_a_server_error])
