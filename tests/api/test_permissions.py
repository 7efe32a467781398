"""Who may do what in the API: every route and method, for each role and for an outsider.

"ok" is an answer past the permission check: 2xx, or a 400 that is the services' refusal of the
content (deleting an article that has claims). "403" is a member without the role, "404" is
not theirs to know about. Requests act on Anna's work (her claim, now gold, with a source; her
link; her assignment; the review that accepted the claim).
"""

import pytest
from django.urls import get_resolver

from tests.api.test_api import counts, everything  # noqa: F401 - fixture used by name

pytestmark = pytest.mark.django_db
ROLES = ("annotator", "reviewer", "manager", "outsider")
ANYONE = dict.fromkeys(ROLES, "ok")
MEMBERS = {"annotator": "ok", "reviewer": "ok", "manager": "ok", "outsider": "404"}
EDITORS = {"annotator": "403", "reviewer": "ok", "manager": "ok", "outsider": "404"}
MANAGERS = {"annotator": "403", "reviewer": "403", "manager": "ok", "outsider": "404"}
OWNER = {"annotator": "ok", "reviewer": "403", "manager": "403", "outsider": "404"}

TABLE = {
    "project-list GET": ANYONE,
    "project-list POST": ANYONE,
    "project-detail GET": MEMBERS,
    "project-detail PATCH": MANAGERS,
    "project-export GET": MEMBERS,
    "project-import POST": MANAGERS,
    "article-list GET": ANYONE,
    "article-list POST": MANAGERS,
    "article-detail GET": MEMBERS,
    "article-detail PATCH": MANAGERS,
    "article-detail DELETE": MANAGERS,
    "entity-list GET": ANYONE,
    "entity-list POST": MEMBERS,
    "entity-detail GET": MEMBERS,
    "entity-detail PATCH": MEMBERS,
    "entity-detail DELETE": EDITORS,
    "claim-list GET": ANYONE,
    "claim-list POST": MEMBERS,
    "claim-detail GET": MEMBERS,
    "claim-detail PATCH": MEMBERS,
    "claim-detail DELETE": MEMBERS,
    "attribution-list GET": ANYONE,
    "attribution-list POST": MEMBERS,
    "attribution-detail GET": MEMBERS,
    "attribution-detail PATCH": MEMBERS,
    "attribution-detail DELETE": MEMBERS,
    "link-list GET": ANYONE,
    "link-list POST": MEMBERS,
    "link-detail GET": MEMBERS,
    "link-detail PATCH": MEMBERS,
    "link-detail DELETE": MEMBERS,
    "assignment-list GET": ANYONE,
    "assignment-list POST": MANAGERS,
    "assignment-detail GET": MEMBERS,
    # only the assigned annotator hands an article in
    "assignment-detail PATCH": OWNER,
    "assignment-detail DELETE": MANAGERS,
    "review-list GET": ANYONE,
    "review-list POST": EDITORS,
    "review-detail GET": MEMBERS,
    "token POST": ANYONE,
    "schema GET": ANYONE,
    "docs GET": ANYONE,
}


def requests(ids: dict, project_id: int) -> dict:
    """(method, address, body) for each row of the table."""
    detail = {
        name: f"/api/v1/{plural}/{ids[plural]}/"
        for name, plural in [
            ("project", "projects"),
            ("article", "articles"),
            ("entity", "entities"),
            ("claim", "claims"),
            ("attribution", "attributions"),
            ("link", "links"),
            ("assignment", "assignments"),
            ("review", "reviews"),
        ]
    }
    bodies = {
        "project-list POST": {"name": "Neu", "slug": "neu"},
        "project-detail PATCH": {"description": "x"},
        "article-list POST": {"project": project_id, "title": "Neu", "text": "Ein Text."},
        "article-detail PATCH": {"outlet": "ZDF"},
        "entity-list POST": {"project": project_id, "kind": "person", "name": "Putin"},
        "entity-detail PATCH": {"description": "x"},
        "claim-list POST": {
            "article": ids["articles"],
            "start": 0,
            "end": 3,
            "quote": "Kim",
            "claim_type": "meeting",
        },
        "claim-detail PATCH": {"note": "x"},
        "attribution-list POST": {"claim": ids["claims"], "source_kind": "generic"},
        "attribution-detail PATCH": {"stance": "distancing"},
        "link-list POST": {
            "from_claim": ids["claims"],
            "to_claim": ids["claims"] + 1,
            "relation": "same_event",
        },
        "link-detail PATCH": {"note": "x"},
        "assignment-list POST": {"article": ids["articles"], "annotator": "rita"},
        "assignment-detail PATCH": {"status": "submitted"},
        "review-list POST": {"link": ids["links"], "version": 1, "decision": "reject"},
        "project-import POST": {"format": "txt"},
        "token POST": {"username": "anna", "password": "correct horse battery staple"},
    }
    made = {}
    for row in TABLE:
        name, method = row.split()
        if name in ("project-export", "project-import"):
            address = detail["project"] + name.removeprefix("project-") + "/"
        elif name.endswith("-detail"):
            address = detail[name.removesuffix("-detail")]
        elif name.endswith("-list"):
            address = detail[name.removesuffix("-list")].rsplit("/", 2)[0] + "/"
        else:
            address = f"/api/v1/{'auth/token' if name == 'token' else name}/"
        made[row] = (method.lower(), address, bodies.get(row))
    return made


def api_routes() -> set[str]:
    """Every route and method of /api/v1/ (PUT is PATCH with every field; it is not listed)."""
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
                continue
            actions = getattr(pattern.callback, "actions", None)
            # DRF adds HEAD to a route once it has answered a GET: HEAD is GET without a body.
            methods = set(actions) - {"put", "head"} if actions else {"get"}
            if pattern.name == "token":
                methods = {"post"}
            found.update(f"{pattern.name} {method.upper()}" for method in methods)

    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
    walk(api.url_patterns)
    return found


def test_the_table_covers_every_route_and_method_of_the_api():
    assert set(TABLE) == api_routes()


def outcome(response) -> str:
    if response.status_code in (403, 404):
        return str(response.status_code)
    assert response.status_code in (200, 201, 204, 400), (response.status_code, response.content)
    return "ok"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", sorted(TABLE))
def test_each_role_gets_what_the_table_says(api, everything, project, request, row, role):
    method, address, body = requests(everything, project.pk)[row]
    api.force_authenticate(request.getfixturevalue(role))
    before = counts()

    encoding = "multipart" if row == "project-import POST" else "json"
    response = getattr(api, method)(address, body, format=encoding, HTTP_IF_MATCH="*")

    assert outcome(response) == TABLE[row][role], response.content
    if TABLE[row][role] != "ok":
        assert counts() == before, "a refused request wrote something"
