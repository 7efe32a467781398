"""An import stopped in the middle of writing, by its database connection being killed or by an
error partway, leaves the project as it was: the write is one transaction."""

import threading

import pytest
from django.db import OperationalError, connection

from claims.imports import import_dataset
from claims.models import Article, Attribution, Claim, Label, Link, Project
from tests.claims.imports.helpers import (
    TEXT_A,
    article,
    canonical_records,
    claim,
    cue,
    jsonl,
    link,
    snapshot,
)
from tests.reliability.helpers import TIMEOUT, in_background, postgresql_only

pytestmark = pytest.mark.django_db(transaction=True)
ARTICLES = 60


def big_file() -> bytes:
    """The canonical file of tests/claims/imports (new labels and entities, sources in a chain,
    links), then ARTICLES more articles, each with a claim, two sources and a link."""
    records = canonical_records()
    for number in range(ARTICLES):
        records += [
            article(f"a{number}", TEXT_A, external_id=f"big-{number}"),
            claim(
                f"c{number}",
                f"a{number}",
                TEXT_A,
                "Der Vertrag",
                participants=[7],
                attributions=[
                    {"id": 1, "source_kind": "official_person", **cue(TEXT_A, "so Putin")},
                    {"id": 2, "parent": 1, "source_kind": "state_media", "source": 8},
                ],
            ),
        ]
        if number:
            records.append(link(f"l{number}", f"c{number - 1}", f"c{number}", "refines"))
    return jsonl(*records)


def state(project: Project) -> dict:
    """Every table an import writes (rows and history), and the project with its labels."""
    return {
        **snapshot(),
        "project": Project.objects.filter(pk=project.pk).values().get(),
        "labels": list(Label.objects.filter(project=project).order_by("pk").values()),
    }


def halfway_through(project: Project, done: int, total: int) -> dict | None:
    """What the import's own transaction holds once its claims are written, before its sources
    and links are; None before that. Progress runs through the first half of `total` while the
    input is read, through the second while the tables are written."""
    if done <= total // 2:
        return None
    claims = Claim.objects.filter(article__project=project).count()
    if not claims:
        return None
    return {
        "articles": Article.objects.filter(project=project).count(),
        "claims": claims,
        "sources": Attribution.objects.filter(claim__article__project=project).count(),
        "links": Link.objects.filter(from_claim__article__project=project).count(),
    }


def test_the_file_imports_in_full_when_nothing_stops_it(project, manager):
    """The control for the tests below: they stop an import that would have written all this."""
    report = import_dataset(
        project=project, actor=manager, format="jsonl", files=[("big.jsonl", big_file())]
    )

    expected = (2 + ARTICLES, 3 + ARTICLES, 3 + 2 * ARTICLES, 2 + ARTICLES - 1)
    assert (report.articles, report.claims, report.attributions, report.links) == expected
    assert Article.objects.filter(project=project).count() == 2 + ARTICLES


def test_an_import_failing_halfway_through_writing_leaves_nothing(project, manager):
    before = state(project)
    seen = []

    def fail_halfway(done: int, total: int) -> None:
        inside = halfway_through(project, done, total)
        if inside:
            seen.append(inside)
            raise RuntimeError("the worker running the import was stopped")

    with pytest.raises(RuntimeError, match="the worker running the import was stopped"):
        import_dataset(
            project=project,
            actor=manager,
            format="jsonl",
            files=[("big.jsonl", big_file())],
            progress=fail_halfway,
        )

    inside = {"articles": 2 + ARTICLES, "claims": 3 + ARTICLES, "sources": 0, "links": 0}
    assert seen == [inside]
    assert state(project) == before


def terminate(pid: int) -> str:
    """Kill the backend as an operator or the OOM killer would; its state just before."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [pid])
        (activity,) = cursor.fetchone()
        # Waits (up to 10 s) until the backend has gone.
        cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [pid])
        assert cursor.fetchone() == (True,)
    return activity


# pg_terminate_backend is PostgreSQL's; deselected on SQLite (conftest.py).
@postgresql_only
def test_an_import_whose_connection_is_killed_halfway_through_writing_leaves_nothing(
    project, manager
):
    before = state(project)
    writing, killed = threading.Event(), threading.Event()
    seen = {}

    def wait_to_be_killed(done: int, total: int) -> None:
        inside = halfway_through(project, done, total)
        if inside and not seen:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                seen.update(inside, pid=cursor.fetchone()[0])
            writing.set()
            killed.wait(TIMEOUT)

    running = in_background(
        lambda: import_dataset(
            project=project,
            actor=manager,
            format="jsonl",
            files=[("big.jsonl", big_file())],
            progress=wait_to_be_killed,
        )
    )
    try:
        assert writing.wait(TIMEOUT), running.exception(0) if running.done() else "no write"
        activity = terminate(seen["pid"])
    finally:
        killed.set()
        error = running.exception(TIMEOUT)

    assert state(project) == before
    assert activity == "idle in transaction"
    assert (seen["claims"], seen["sources"], seen["links"]) == (3 + ARTICLES, 0, 0)
    assert isinstance(error, OperationalError), repr(error)
    assert "terminating connection due to administrator command" in str(error)
