"""Tests that need real concurrency (or a server whose connections can be killed) are collected
on PostgreSQL only.

SQLite serialises every writer (and pytest-django's SQLite test database lives in memory), so two
requests racing on it prove nothing about row locks. Those tests carry `postgresql_only` and are
deselected on other databases rather than skipped: tests/conftest.py fails a run with skipped
tests, and a deselected test is one that does not apply to this database, not unfinished work.
"""

from django.db import connection

from tests.reliability.helpers import postgresql_only

POSTGRESQL_ONLY = postgresql_only.name


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker(POSTGRESQL_ONLY)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(POSTGRESQL_ONLY)]
