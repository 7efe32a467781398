#!/usr/bin/env python
"""The benchmark: the shared workload (bench/workload.py, seed 42) through our services on
PostgreSQL. Prints one JSON line per figure and writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--articles 1000] [--claims 2000] [--database-url URL]

It creates (and drops afterwards) its own database next to the one in --database-url.
Timings are wall-clock on a shared machine: compare figures of one run as ratios.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    cuts = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    return {
        "n": len(ms),
        "p50_ms": round(cuts[49], 3),
        "p95_ms": round(cuts[94], 3),
        "p99_ms": round(cuts[98], 3),
        "total_s": round(sum(ms) / 1000, 3),
    }


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def fresh_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    workload = [
        sys.executable,
        str(ROOT / "bench" / "workload.py"),
        str(OUT),
        "--seeds",
        str(ROOT / "seeds"),
        "--articles",
        str(args.articles),
    ]
    subprocess.run(workload, check=True)  # noqa: S603
    url = fresh_database(args.database_url, "claimlens_bench")
    os.environ.update(DATABASE_URL=url, DEBUG="true", DJANGO_SETTINGS_MODULE="annotate.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = run(args)
    write_results(figures, args)


def run(args) -> list[dict]:
    from django.contrib.auth import get_user_model

    from claims import selectors, services

    annotator = get_user_model().objects.create_user("bench", password="bench-password-1")  # noqa: S106
    project = services.project_create(name="Benchmark", slug="bench", actor=annotator)
    articles, times = {}, []
    for line in (OUT / "articles.jsonl").open(encoding="utf-8"):
        item = json.loads(line)
        seconds, article = timed(
            services.article_import,
            project=project,
            external_id=item["id"],
            title=item["title"],
            text=item["text"],
            outlet=item["outlet"],
            published=date.fromisoformat(item["published"]),
            language=item["language"],
            actor=None,
        )
        articles[item["id"]], _ = article, times.append(seconds)
    figures = [{"figure": "article_import (service, one at a time)", **percentiles(times)}]

    times = []
    spans = (json.loads(line) for line in (OUT / "claims.jsonl").open(encoding="utf-8"))
    for _, span in zip(range(args.claims), spans, strict=False):
        seconds, _claim = timed(
            services.claim_create,
            article=articles[span["article"]],
            actor=annotator,
            start=span["start"],
            end=span["end"],
            quote=span["quote"],
            claim_type=span["claim_type"],
        )
        times.append(seconds)
    figures.append({"figure": "claim_create (service, one at a time)", **percentiles(times)})

    busiest = max(articles.values(), key=lambda a: a.claims.count())
    times = [
        timed(lambda: list(selectors.claim_list_for_article(busiest, annotator)))[0]
        for _ in range(args.reads)
    ]
    figures.append(
        {
            "figure": f"claim_list_for_article ({busiest.claims.count()} claims)",
            **percentiles(times),
        }
    )
    figures += bulk_and_candidates(args, project, annotator, articles)
    figures += workspace_figures(args, project, annotator, articles)
    for figure in figures:
        print(json.dumps(figure), flush=True)
    return figures


def bulk_and_candidates(args, project, annotator, articles: dict) -> list[dict]:
    """The rest of the workload's claims through the bulk path, then link candidate ranking
    over the whole project (PostgreSQL full-text search and trigram similarity)."""
    import random

    from django.db import connection

    from claims import selectors, services
    from claims.models import Claim
    from claims.suggest.candidates import link_candidates

    spans = [json.loads(line) for line in (OUT / "claims.jsonl").open(encoding="utf-8")]
    rest = [{**span, "article": articles[span["article"]]} for span in spans[args.claims :]]
    seconds, count = timed(services.claim_bulk_create, project=project, actor=annotator, rows=rest)
    figures = [
        {
            "figure": f"claim_bulk_create ({count} claims)",
            "n": count,
            "total_s": round(seconds, 3),
            "claims_per_s": round(count / seconds),
        }
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a load this size
    total = Claim.objects.filter(article__project=project).count()
    rng = random.Random(42)  # noqa: S311 - a fixed sample, not a secret
    targets = rng.sample(
        list(Claim.objects.filter(article__project=project).values_list("pk", flat=True)),
        args.reads,
    )
    times = []
    for pk in targets:
        target = selectors.claim_get_for_user(annotator, pk)
        times.append(timed(link_candidates, target, annotator)[0])
    figures.append(
        {
            "figure": f"link candidates ({len(articles)} articles, {total} claims)",
            **percentiles(times),
        }
    )
    return figures


def long_article(project, articles: dict, annotator, parts: int = 15):
    """One article made of `parts` workload articles, with their 20 claims each (300)."""
    from claims import services

    chosen = list(articles.values())[:parts]
    text = "\n\n".join(article.text for article in chosen)
    big = services.article_import(project=project, title="300 claims", text=text, actor=None)
    offset = 0
    for article in chosen:
        for claim in article.claims.select_related("claim_type"):
            services.claim_create(
                article=big,
                actor=annotator,
                start=claim.start + offset,
                end=claim.end + offset,
                quote=claim.quote,
                claim_type=claim.claim_type,
            )
        offset += len(article.text) + 2
    return big


def workspace_figures(args, project, annotator, articles: dict) -> list[dict]:
    """Server time of the workspace (in-process, no network): the page, and a claim create."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from claims.offsets import codepoint_to_utf16

    setup_test_environment()
    client = Client()
    client.force_login(annotator)
    big = long_article(project, articles, annotator)
    url = f"/articles/{big.pk}/"
    times = [timed(client.get, url)[0] for _ in range(args.reads)]
    count = big.claims.count()
    figures = [{"figure": f"workspace page ({count} claims)", **percentiles(times)}]

    target = next(a for a in articles.values() if a.claims.count() == 20)
    text, times = target.text, []
    for number, claim in enumerate(list(target.claims.all()) * 10):
        data = {
            "start": codepoint_to_utf16(text, claim.start),
            "end": codepoint_to_utf16(text, claim.end),
            "quote": claim.quote,
            "claim_type": "statement",
            "idempotency_key": f"bench-{number}",
        }
        seconds, response = timed(
            client.post, f"/articles/{target.pk}/claims/", data, headers={"HX-Request": "true"}
        )
        if response.status_code != 200:
            raise RuntimeError(response.content[:500])
        times.append(seconds)
    figures.append(
        {"figure": "claim create through the workspace (htmx POST)", **percentiles(times)}
    )
    return figures


def write_results(figures: list[dict], args) -> None:
    rows = "\n".join(
        f"| {f['figure']} | {f['n']} | {f.get('p50_ms', '–')} | {f.get('p95_ms', '–')} | "
        f"{f.get('p99_ms', '–')} | {f['total_s']} |"
        + (f" {f['claims_per_s']} claims/s" if "claims_per_s" in f else "")
        for f in figures
    )
    (ROOT / "bench" / "RESULTS.md").write_text(
        f"# Benchmark results\n\nWritten by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        f" ({platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL). Workload: bench/workload.py, seed 42, {args.articles} articles.\n\n"
        "| figure | n | p50 ms | p95 ms | p99 ms | total s |\n|---|---|---|---|---|---|\n"
        f"{rows}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
