"""Guessing passwords: after 5 failed log-ins for one username from one address, the site's and
the admin's log-in refuse further attempts, even the right password, for 15 minutes and say so;
a successful log-in clears the count (django-axes, settings AXES_*)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
LOCKED = "Too many failed log-ins"
LOGIN_PAGES = ["annotate:login", "admin:login"]


@pytest.fixture
def staff(annotator):
    """Anna may use the admin too, so both log-in pages accept her."""
    annotator.is_staff = True
    annotator.save()
    return annotator


def log_in(client, page, password, username="anna", address="127.0.0.1"):
    return client.post(
        reverse(page), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, page, times, **who):
    return [log_in(client, page, "wrong", **who).status_code for _ in range(times)]


def test_the_limit_is_five_failures_in_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_the_fifth_failure_locks_out_and_the_right_password_is_refused_then(client, staff, page):
    assert fail(client, page, 4) == [200, 200, 200, 200]
    assert fail(client, page, 1) == [429]

    response = log_in(client, page, RIGHT)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "try again in 15 minutes" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_success_clears_the_count(client, staff, page):
    fail(client, page, 4)
    assert log_in(client, page, RIGHT).status_code == 302
    client.logout()

    assert fail(client, page, 4) == [200, 200, 200, 200]
    assert log_in(client, page, RIGHT).status_code == 302
    assert logged_in(client)


def test_the_lock_holds_one_username_from_one_address(client, staff, annotator_b):
    fail(client, "annotate:login", 5)

    assert log_in(client, "annotate:login", RIGHT, username="ben").status_code == 302
    client.logout()
    assert log_in(client, "annotate:login", RIGHT, address="10.0.0.2").status_code == 302
    client.logout()
    assert log_in(client, "annotate:login", RIGHT).status_code == 429


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(client, staff):
    fail(client, "annotate:login", 5)

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert log_in(client, "annotate:login", RIGHT).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "annotate:login", RIGHT).status_code == 302


def test_failures_on_one_log_in_page_count_on_the_other(client, staff):
    fail(client, "annotate:login", 3)
    fail(client, "admin:login", 2)

    assert log_in(client, "annotate:login", RIGHT).status_code == 429


def test_the_locked_out_page_escapes_the_username_and_runs_no_code(client, db):
    hostile = '"><img src=x onerror=alert(1)>'
    statuses = fail(client, "annotate:login", 5, username=hostile)

    response = log_in(client, "annotate:login", "wrong", username=hostile)

    assert statuses[-1] == response.status_code == 429
    assert hostile not in response.content.decode()
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in response.content.decode()
