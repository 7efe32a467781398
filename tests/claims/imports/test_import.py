"""What every format shares: who may import, byte-order marks, progress, and queries that do not
grow with the input."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.imports import FORMATS, ImportRefused, ImportReport, import_dataset
from claims.imports import base as imports_base
from claims.models import Article, Attribution, Claim, Link
from tests.claims.imports.helpers import (
    TEXT_A,
    article,
    claim,
    cue,
    dataset,
    jsonl,
    link,
    refused,
    snapshot,
)
from tests.factories import make_project

pytestmark = pytest.mark.django_db
BOM = b"\xef\xbb\xbf"
DATASET_BYTES = len(jsonl(dataset()))


def test_the_formats_are_named_for_people():
    assert FORMATS == {
        "txt": "Plain text (.txt, with a JSON sidecar)",
        "jsonl": "Canonical JSONL",
        "doccano": "doccano JSONL",
        "labelstudio": "Label Studio JSON",
    }
    assert issubclass(ImportRefused, services.base.ValidationError)


@pytest.mark.parametrize("who", ["annotator", "reviewer", "outsider"])
def test_only_managers_import(project, request, who):
    user = request.getfixturevalue(who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        import_dataset(project=project, actor=user, format="txt", files=[("a.txt", b"Kim")])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "brat"}, r"“brat” is not a format to import; known: txt, jsonl, doccano"),
        ({"status": "gold"}, r"“gold” is not a status; use one of draft, submitted, accepted"),
        ({"files": []}, r"There is no file to import\."),
        (
            {"format": "jsonl", "files": [("a.jsonl", b"{}"), ("b.jsonl", b"{}")]},
            r"Canonical JSONL is read from one file; 2 were given\.",
        ),
    ],
)
def test_a_request_that_cannot_be_read_is_refused(project, manager, options, message):
    with refused(message):
        import_dataset(
            project=project,
            actor=manager,
            **{"format": "txt", "files": [("a.txt", b"Kim")], **options},
        )


def test_a_byte_order_mark_is_dropped_at_the_start_of_a_file_and_kept_inside(project, manager):
    raw = BOM + "Titel\n\ufeffmit Zeichen".encode()
    import_dataset(project=project, actor=manager, format="txt", files=[("a.txt", raw)])
    assert Article.objects.get().text == "Titel\n\ufeffmit Zeichen"


@pytest.mark.parametrize(
    ("format", "name", "raw"),
    [
        ("jsonl", "a.jsonl", jsonl(dataset(), article(1, TEXT_A))),
        ("doccano", "a.jsonl", jsonl({"text": TEXT_A})),
        ("labelstudio", "a.json", json.dumps([{"data": {"text": TEXT_A}}]).encode()),
    ],
)
def test_every_json_format_reads_past_a_leading_byte_order_mark(
    project, manager, format, name, raw
):
    report = import_dataset(
        project=project, actor=manager, format=format, files=[(name, BOM + raw)]
    )
    assert report.articles == 1
    assert Article.objects.get().text == TEXT_A


def test_a_byte_order_mark_later_in_a_jsonl_file_is_refused(project, manager):
    raw = jsonl(dataset()) + BOM + jsonl(article(1, TEXT_A))
    with refused(r"a.jsonl, line 2: a byte-order mark \(U\+FEFF\) starts the line; one is dropped"):
        import_dataset(project=project, actor=manager, format="jsonl", files=[("a.jsonl", raw)])


@pytest.mark.parametrize(
    ("format", "raw", "message"),
    [
        (
            "jsonl",
            jsonl(dataset()) + b'{"type": "entity", "name": "K\xf6ln"}\n',
            # the dataset line, then 29 bytes up to the ö
            rf"a.json, line 2: not UTF-8: the byte 0xf6 at byte offset {DATASET_BYTES + 29} ",
        ),
        (
            "doccano",
            b'{"text": "Kim"}\r\n{"text": "\xe2\x82"}',
            r"a.json, line 2: not UTF-8: the byte 0xe2 at byte offset 27 \(invalid continuation",
        ),
        (
            "labelstudio",
            BOM + b'[{"data": {"text": "\xc3\x28"}}]',
            r"a.json, line 1: not UTF-8: the byte 0xc3 at byte offset 23 \(invalid continuation",
        ),
        ("doccano", b"", r"a.json: the file is empty\.$"),
        ("doccano", BOM + b"\n", r"a.json: the file is empty: it holds no JSON lines\."),
    ],
)
def test_bytes_that_are_not_utf8_are_refused_naming_line_and_byte_offset(
    project, manager, format, raw, message
):
    with refused(message):
        import_dataset(project=project, actor=manager, format=format, files=[("a.json", raw)])


def test_the_project_changing_while_the_import_is_written_refuses_it(project, manager, monkeypatch):
    # As if another import had taken the external id after this one checked it.
    monkeypatch.setattr(imports_base, "external_ids_taken", lambda project, ids: set())
    import_dataset(project=project, actor=manager, format="txt", files=[("a.txt", b"Kim")])
    with refused(r"The project changed while the import was being written"):
        import_dataset(project=project, actor=manager, format="txt", files=[("a.txt", b"Kim")])


def test_no_break_spaces_and_characters_beyond_the_bmp_are_kept_as_they_are(project, manager):
    text = "Juni\u00a02024 🇰🇵 𝔸 Pjo\u0308ngjang\u202f!"
    import_dataset(project=project, actor=manager, format="txt", files=[("a.txt", text.encode())])
    assert Article.objects.get().text == text


def test_progress_runs_through_reading_then_writing(project, manager):
    calls = []
    raw = jsonl(dataset(), article(1, TEXT_A), claim(2, 1, TEXT_A, "so Putin"))
    import_dataset(
        project=project,
        actor=manager,
        format="jsonl",
        files=[("a.jsonl", raw)],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[:3] == [(1, 6), (2, 6), (3, 6)]
    assert calls[-1] == (6, 6)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_report_is_a_plain_record(project, manager):
    report = import_dataset(project=project, actor=manager, format="txt", files=[("a.txt", b"Kim")])
    assert report == ImportReport(
        articles=1, claims=0, attributions=0, links=0, entities=0, labels=0, notes=[]
    )


def canonical_file(count: int) -> bytes:
    """`count` articles, each with a claim that has a participant and a chain of two sources,
    linked to the claim before it."""
    records = [
        dataset(),
        {"type": "entity", "id": "kim", "kind": "person", "name": "Kim Jong-un"},
    ]
    for number in range(count):
        records += [
            article(number, TEXT_A),
            claim(
                f"c{number}",
                number,
                TEXT_A,
                "Der Vertrag",
                participants=["kim"],
                attributions=[
                    {"id": 1, "source_kind": "official_person", **cue(TEXT_A, "so Putin")},
                    {"id": 2, "parent": 1, "source_kind": "state_media"},
                ],
            ),
        ]
        if number:
            records.append(link(f"l{number}", f"c{number - 1}", f"c{number}", "refines"))
    return jsonl(*records)


def statements(queries: list[dict]) -> list[str]:
    """The queries, with the batches of one insert counted once: SQLite caps the parameters of a
    statement at 999, so a large insert goes in several batches there (never one per row)."""
    shapes = []
    for query in queries:
        found = re.match(r'INSERT INTO "(\w+)"', query["sql"])
        shape = f"insert {found[1]}" if found else query["sql"][:40]
        if not (found and shapes and shapes[-1] == shape):
            shapes.append(shape)
    return shapes


def test_the_queries_of_an_import_do_not_grow_with_its_size(manager):
    counts = []
    for size in (5, 50):
        # A project each, so that both imports create the entity rather than match it.
        project = make_project(manager=manager)
        with CaptureQueriesContext(connection) as queries:
            import_dataset(
                project=project, actor=manager, format="jsonl", files=[("a", canonical_file(size))]
            )
        counts.append(len(statements(queries.captured_queries)))
    assert Claim.objects.count() == 55
    assert Attribution.objects.filter(parent__isnull=False).count() == 55
    assert Link.objects.count() == 4 + 49
    assert counts[0] == counts[1]
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == counts[1]
