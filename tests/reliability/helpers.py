"""Threads that really overlap, each on its own database connection."""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

TIMEOUT = 60
# Collected only on PostgreSQL (see conftest.py): SQLite cannot show what these tests prove.
postgresql_only = pytest.mark.postgresql_only


def own_connection(call: Callable[[], Any]) -> Callable[[], Any]:
    """`call` for another thread: Django gives each thread its connection; this one closes it, so
    no connection outlives the test (the transactional test's flush would wait on it)."""

    def run() -> Any:
        try:
            return call()
        finally:
            connection.close()

    return run


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, one thread each; their results in order.

    An exception raised in a thread is raised here, so a view that fails fails the test.
    """
    barrier = threading.Barrier(len(calls))

    def start_together(call: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            barrier.wait(TIMEOUT)
            return call()

        return run

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(own_connection(start_together(call))) for call in calls]
        return [future.result(TIMEOUT) for future in futures]


def in_background(call: Callable[[], Any]) -> Future:
    """Start `call` in a thread of its own; the future holds its result or its exception."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(own_connection(call))
    pool.shutdown(wait=False)
    return future
