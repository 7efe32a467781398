"""Streaming: queries and memory do not grow with the data, and output starts before everything
is read."""

import io
import tracemalloc
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.exports import FORMATS, export_stream, selection_for
from claims.exports import walk as export_walk
from tests.claims.exports.conftest import BULK_TEXT, export, run
from tests.factories import make_article, make_project


def queries_for(project, key: str) -> int:
    selection = selection_for(project=project, actor=None)
    with CaptureQueriesContext(connection) as captured:
        run(selection, key)
    return len(captured)


@pytest.mark.parametrize("key", list(FORMATS))
def test_queries_do_not_grow_with_articles_claims_or_links(make_bulk, key):
    small, large = make_bulk(2), make_bulk(20)
    assert selection_for(project=large, actor=None).counts()["claims"] == 40
    assert queries_for(small, key) == queries_for(large, key)


@pytest.mark.parametrize("key", list(FORMATS))
def test_queries_grow_only_with_batches(make_bulk, monkeypatch, key):
    project = make_bulk(9)
    monkeypatch.setattr(export_walk, "ARTICLE_BATCH", 3)
    three_batches = queries_for(project, key)
    monkeypatch.setattr(export_walk, "ARTICLE_BATCH", 9)
    one_batch = queries_for(project, key)
    # Per batch: the articles, their claims, participants and sources; brat adds the batch's
    # in-article links, huggingface a first walk over the articles alone.
    assert three_batches - one_batch == 2 * (5 if key in ("brat", "huggingface") else 4)


def queries_before_first_chunk(project, key: str) -> int:
    selection = selection_for(project=project, actor=None)
    with CaptureQueriesContext(connection) as captured:
        chunks = export_stream(selection, key)
        assert next(chunks)
        before = len(captured)
    chunks.close()
    return before


@pytest.mark.parametrize("key", list(FORMATS))
def test_the_first_chunk_comes_before_everything_is_read(make_bulk, monkeypatch, key):
    monkeypatch.setattr(export_walk, "CHUNK", 1)
    monkeypatch.setattr(export_walk, "ARTICLE_BATCH", 2)
    small, large = make_bulk(4), make_bulk(20)
    assert queries_before_first_chunk(small, key) == queries_before_first_chunk(large, key)
    assert queries_before_first_chunk(large, key) < queries_for(large, key) / 2


def test_progress_counts_articles(make_bulk):
    project = make_bulk(3)
    calls = []
    run_progress = export_stream(
        selection_for(project=project, actor=None),
        "jsonl",
        lambda done, total: calls.append((done, total)),
    )
    b"".join(run_progress)
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_zip_members_are_written_with_data_descriptors(data):
    """The sign that the zip was streamed: sizes follow the data (general purpose bit 3)."""
    with zipfile.ZipFile(io.BytesIO(export(data.project, "csv"))) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == ["claims.csv", "links.csv", "README.md"]
    assert all(info.flag_bits & 0x08 for info in infos)
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in infos)


def _big_project(manager, annotator, n: int):
    """n articles of 20 sentences with five gold claims each, made in bulk to stay quick."""
    project = make_project(manager=manager, annotator=[annotator])
    rows = []
    for _ in range(n):
        article = make_article(project, text=BULK_TEXT * 20)
        rows += [
            {
                "article": article,
                "start": k * len(BULK_TEXT),
                "end": k * len(BULK_TEXT) + 16,
                "quote": "Kim traf Schoigu",
                "claim_type": "meeting",
                "status": "accepted",
            }
            for k in range(5)
        ]
    services.claim_bulk_create(project=project, actor=manager, rows=rows)
    return project


def _peak(project, key: str) -> int:
    selection = selection_for(project=project, actor=None)
    tracemalloc.start()
    try:
        for _ in export_stream(selection, key):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("key", ["jsonl", "huggingface"])
def test_memory_does_not_grow_with_the_project(manager, annotator, monkeypatch, key):
    monkeypatch.setattr(export_walk, "ARTICLE_BATCH", 25)
    small, large = _big_project(manager, annotator, 50), _big_project(manager, annotator, 250)
    _peak(small, key)  # warm caches (labels, compiled queries) so both runs start alike
    assert _peak(large, key) < 1.5 * _peak(small, key)
