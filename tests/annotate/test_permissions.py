"""Who may do what: every URL of the site, for each role of the project and for an outsider.

The table says what each role gets: "ok" (the page, or the action done: 200, 302, or a 422
that is the service's own refusal of the content), "403" (a member without the role), "404"
(not theirs to know about). Requests are those of the outsider matrix in test_workspace, made
on Anna's work: her claim with a source, her link, her assignment.
"""

import pytest

from tests.annotate.test_workspace import (  # noqa: F401 - fixtures used by name
    HX,
    OUTSIDER_REQUESTS,
    outsider_requests,
    reachable,
    work,
    written,
)

pytestmark = pytest.mark.django_db
ROLES = ("annotator", "reviewer", "manager", "outsider")
MEMBERS = {"annotator": "ok", "reviewer": "ok", "manager": "ok", "outsider": "404"}
EDITORS = {"annotator": "403", "reviewer": "ok", "manager": "ok", "outsider": "404"}
MANAGERS = {"annotator": "403", "reviewer": "403", "manager": "ok", "outsider": "404"}

TABLE = {
    "workspace": MEMBERS,
    "claim-create": MEMBERS,
    "claim-form GET": MEMBERS,
    "claim-form POST": MEMBERS,
    "claim-delete": MEMBERS,
    "claim-undo": MEMBERS,
    "attribution-create": MEMBERS,
    "attribution-update": MEMBERS,
    "attribution-delete": MEMBERS,
    "claim-entity": MEMBERS,
    "suggestions": MEMBERS,
    "suggestion-accept": MEMBERS,
    "suggestion-dismiss": MEMBERS,
    # the services refuse everyone but managers: the workspace shows it as a 422 notice
    "article-metadata": {"annotator": "422", "reviewer": "422", "manager": "ok", "outsider": "404"},
    # only the assigned annotator hands an article in
    "article-submit": {"annotator": "ok", "reviewer": "404", "manager": "404", "outsider": "404"},
    "queue": MEMBERS,
    "label-css": MEMBERS,
    "entity-options": MEMBERS,
    "link-panel": MEMBERS,
    "link-create": MEMBERS,
    "link-update": MEMBERS,
    "link-delete": MEMBERS,
    "compare": MEMBERS,
    "conflicts": MEMBERS,
    "map": MEMBERS,
    "agreement": EDITORS,
    "review": EDITORS,
    "claim-review": EDITORS,
    "link-review": EDITORS,
    "setup": MANAGERS,
    "member-add": MANAGERS,
    "member-update": MANAGERS,
    "label-add": MANAGERS,
    "label-update": MANAGERS,
    "guidelines": MANAGERS,
    "articles-import": MANAGERS,
    "export": MEMBERS,
    "export-download": MEMBERS,
    "import GET": MANAGERS,
    "import POST": MANAGERS,
    "assign": MANAGERS,
    "unassign": MANAGERS,
}


def test_the_table_covers_every_request_of_the_matrix():
    assert set(TABLE) == set(OUTSIDER_REQUESTS)


def outcome(response) -> str:
    if response.status_code in (403, 404):
        return str(response.status_code)
    if response.status_code == 422 and "may not" in response.content.decode():
        return "422"
    assert response.status_code in (200, 302, 422), response.status_code
    return "ok"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_role_gets_what_the_table_says(client, reachable, request, name, role):
    method, address, data = outsider_requests(reachable)[name]
    client.force_login(request.getfixturevalue(role))
    before = written()

    response = getattr(client, method)(address, data, headers=HX)

    assert outcome(response) == TABLE[name][role]
    if TABLE[name][role] != "ok":
        assert written() == before, "a refused request wrote something"


@pytest.mark.parametrize(
    ("role", "staff", "status"),
    [
        ("annotator", False, 302),  # not staff: sent to the admin's login
        ("annotator", True, 403),  # staff, but annotators do not use the admin
        ("reviewer", True, 200),
        ("manager", True, 200),
        ("outsider", True, 403),  # staff elsewhere: nothing here
    ],
)
def test_the_admin_is_open_to_staff_reviewers_and_managers(
    client,
    reachable,
    request,
    role,
    staff,
    status,
):
    user = request.getfixturevalue(role)
    user.is_staff = staff
    user.save()
    client.force_login(user)
    assert client.get("/admin/claims/claim/").status_code == status


def test_the_admin_shows_a_reviewer_only_the_projects_they_review(
    client,
    reachable,
    reviewer,
    outsider,
):
    from tests.factories import make_article, make_claim

    elsewhere = make_article(outsider.projects.get(), text="Putin sagte etwas anderes.")
    hidden = make_claim(elsewhere, outsider, "Putin sagte etwas anderes.")
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    shown = client.get("/admin/claims/claim/").context["cl"].result_list
    assert reachable.claim in shown and hidden not in shown
    assert client.get(f"/admin/claims/claim/{hidden.pk}/change/").status_code == 302
