"""Export figures: every format over the whole project, then memory as the data doubles.

Time to the first chunk and total time per format; the peak of Python's allocations while
streaming (tracemalloc) for the project as loaded and again after it doubled. A flat ratio
(about 1.0) is what streaming promises: memory does not grow with the data.
"""

import json
import time
import tracemalloc
from datetime import date
from pathlib import Path

EVERY_STATUS = ["draft", "submitted", "accepted", "rejected"]
MEMORY_FORMATS = ("jsonl", "w3c", "huggingface")
# tracemalloc slows an export about tenfold (half a minute each at 40,000 claims): one format is
# traced here; the server's memory over HTTP (bench/http_figures.py) covers all three.
TRACED = ("jsonl",)


def stream_once(project, key: str, traced: bool = False) -> dict:
    """One export, drained; DEBUG off as in production (it would keep every query in memory)."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        return _stream_once(project, key, traced)


def _stream_once(project, key: str, traced: bool) -> dict:
    from claims import exports

    selection = exports.selection_for(project=project, actor=None, status=EVERY_STATUS)
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    first, size = None, 0
    for chunk in exports.export_stream(selection, key):
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    total = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    return {
        "first_chunk_ms": round(first * 1000, 1),
        "total_s": round(total, 3),
        "bytes": size,
        "peak_mb": round(peak / 1e6, 2) if peak is not None else None,
    }


def export_figures(project, annotator, out: Path) -> list[dict]:
    from claims import exports
    from claims.models import Article, Claim

    articles = Article.objects.filter(project=project).count()
    claims = Claim.objects.filter(article__project=project).count()
    figures = []
    for key in exports.FORMATS:
        measured = stream_once(project, key)
        figures.append(
            {"figure": f"export {key} ({articles} articles, {claims} claims)", "n": 1, **measured}
        )
    before = {key: stream_once(project, key, traced=True) for key in TRACED}
    double(project, annotator, out)
    articles2 = Article.objects.filter(project=project).count()
    claims2 = Claim.objects.filter(article__project=project).count()
    for key in TRACED:
        after = stream_once(project, key, traced=True)
        figures.append(
            {
                "figure": f"export {key} peak memory, {claims} → {claims2} claims "
                f"({articles} → {articles2} articles)",
                "n": 2,
                "total_s": after["total_s"],
                "peak_mb": f"{before[key]['peak_mb']} → {after['peak_mb']}",
                "ratio": round(after["peak_mb"] / before[key]["peak_mb"], 2),
            }
        )
    return figures


def double(project, annotator, out: Path) -> None:
    """The workload's articles and spans once more, under new ids, through the bulk paths."""
    from claims import services

    copies = {}
    for line in (out / "articles.jsonl").open(encoding="utf-8"):
        item = json.loads(line)
        copies[item["id"]] = services.article_import(
            project=project,
            external_id=f"{item['id']}-copy",
            title=item["title"],
            text=item["text"],
            outlet=item["outlet"],
            published=date.fromisoformat(item["published"]),
            language=item["language"],
            actor=None,
        )
    rows = [
        {**span, "article": copies[span["article"]]}
        for span in map(json.loads, (out / "claims.jsonl").open(encoding="utf-8"))
    ]
    services.claim_bulk_create(project=project, actor=annotator, rows=rows)
