"""Only listed filters and orderings: the API refuses any other query parameter (so nobody can
order or filter by a field we do not publish, to read it out one comparison at a time), and the
admin orders only by its listed columns and filters only along listed relations."""

import pytest
from django.urls import reverse

from tests.api.test_permissions import TABLE, requests

pytestmark = pytest.mark.django_db
LISTS = sorted(row.split()[0] for row in TABLE if row.endswith("-list GET"))


def list_address(everything, project, name) -> str:
    return requests(everything, project.pk)[f"{name} GET"][1]


def test_every_resource_has_a_list_to_check():
    assert len(LISTS) == 8


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"ordering": "created_by__password"},
        {"ordering": "-pk"},
        {"o": "1"},
        {"search": "Kim"},
        {"created_by__password__startswith": "p"},
        {"bogus": "1"},
    ],
)
def test_every_api_list_refuses_orderings_and_unknown_parameters(
    api, everything, project, manager, name, query
):
    api.force_authenticate(manager)

    response = api.get(list_address(everything, project, name), query)

    assert response.status_code == 400
    assert "Unknown query parameter" in response.json()["detail"]
    assert next(iter(query)) in response.json()["detail"]


@pytest.mark.parametrize("name", LISTS)
def test_every_api_list_answers_its_paging_parameters(api, everything, project, manager, name):
    """The refusals above are the allow-list's: listed parameters pass."""
    api.force_authenticate(manager)

    response = api.get(list_address(everything, project, name), {"page_size": 1})

    assert response.status_code == 200
    assert len(response.json()["results"]) <= 1


def ordering_fields(response) -> set[str]:
    return {str(term).lstrip("-") for term in response.context["cl"].queryset.query.order_by}


def changelist(admin_client, query):
    return admin_client.get(reverse("admin:claims_claim_changelist"), query)


def test_the_admin_orders_by_a_listed_column(admin_client, everything):
    default = changelist(admin_client, {})

    response = changelist(admin_client, {"o": "1"})

    assert response.status_code == 200
    assert ordering_fields(response) != ordering_fields(default)


@pytest.mark.parametrize("order", ["99", "created_by__password", "-created_by__password", "0x1"])
def test_the_admin_ignores_an_ordering_that_is_not_a_listed_column(admin_client, everything, order):
    default = changelist(admin_client, {})

    response = changelist(admin_client, {"o": order})

    assert response.status_code == 200
    # Django drops what it cannot match to a column and falls back on the primary key.
    used = ordering_fields(response)
    assert used <= ordering_fields(default) | {"pk"}
    assert not any("password" in field for field in used)


@pytest.mark.parametrize(
    "lookup",
    ["created_by__password__startswith", "article__project__memberships__user__password"],
)
def test_the_admin_refuses_a_filter_along_an_unlisted_relation(admin_client, everything, lookup):
    response = changelist(admin_client, {lookup: "p"})

    assert response.status_code == 400
