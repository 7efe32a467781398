#!/usr/bin/env python
"""The benchmark: the shared workload (bench/workload.py, seed 42) on PostgreSQL, in-process
through our services, then over HTTP against the app under gunicorn, then under load (locust).
Prints one JSON line per figure and writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--articles 1000] [--claims 2000] [--reads 200]
                                  [--users 50] [--load-time 5m] [--no-load] [--database-url URL]
    .venv/bin/python bench/run.py --load   # only the load run; rewrites only its section

It creates (and drops afterwards) its own database next to the one in --database-url.
Timings are wall-clock on a shared machine: compare figures of one run as ratios.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# The project's root instead of bench/ (the script's folder), so `bench.x` is how modules import.
sys.path[0] = str(ROOT)

from bench.measure import percentiles, timed  # noqa: E402 - needs ROOT on the path


def fresh_database(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=2000, help="claims per timed create run")
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--users", type=int, default=50, help="simulated annotators")
    parser.add_argument("--load-time", default="5m", help="how long the load runs (locust)")
    parser.add_argument("--load", action="store_true", help="only the load run")
    parser.add_argument("--no-load", action="store_true", help="everything but the load run")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/test")
    return parser.parse_args()


def main() -> None:
    args, started = arguments(), time.monotonic()
    workload = [sys.executable, str(ROOT / "bench" / "workload.py"), str(OUT)]
    workload += ["--seeds", str(ROOT / "seeds"), "--articles", str(args.articles)]
    subprocess.run(workload, check=True)  # noqa: S603
    url = fresh_database(args.database_url, "claimlens_bench")
    os.environ.update(DATABASE_URL=url, DEBUG="true", DJANGO_SETTINGS_MODULE="annotate.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from bench import results

    call_command("migrate", verbosity=0)
    try:
        if args.load:
            results.write_load(load_only(args, url), args)
        else:
            figures = in_process(args)
            remote, loaded = over_http(args, url)
            results.write_all(figures, remote, loaded, args, time.monotonic() - started)
    finally:
        connections.close_all()
        drop_database(args.database_url, "claimlens_bench")


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def over_http(args, url: str) -> tuple[list[dict], list[dict]]:
    """The HTTP figures on a project of their own (articles through the API), then the load
    run on it, against one gunicorn server."""
    from bench import data, floors, load
    from bench import http_figures as http
    from bench.server import Server
    from claims import services
    from claims.models import Article, Project, Role

    items, spans = data.workload(OUT)
    manager, token = data.account("manager")
    project = services.project_create(name="Benchmark over HTTP", slug="bench-http", actor=manager)
    doubled = Project.objects.get(slug="bench")
    services.membership_set(project=doubled, user=manager, role=Role.MANAGER, actor=None)
    timed_spans = spans[: 2 * args.claims]
    with Server(url) as server:
        api, browser = http.Client(server.url, token), http.Client(server.url).log_in("manager")
        ids, imported = http.import_articles(server, api, project.pk, items)
        figures = [imported, *http.claim_figures(server, api, token, timed_spans, ids)]
        data.bulk_claims(project, manager, spans[2 * args.claims :], ids)
        articles = list(Article.objects.filter(project=project).order_by("pk"))
        figures += http.read_figures(server, api, browser, articles[0], args.reads)
        big = data.long_article(project, articles, manager)
        figures += http.workspace_figures(server, browser, big, args.reads)
        figures.append(http.candidate_figure(server, browser, project, args.reads))
        figures += [floors.copy_in(items), floors.copy_out(project)]
        figures += http.export_figures(server, api, project, doubled)
        if args.no_load:
            return figures, []
        prepared = load.prepare(project, manager, spans, ids, args.users)
        return figures, load.run(server, prepared, args.users, args.load_time)


def load_only(args, url: str) -> list[dict]:
    """The load run by itself: the workload through the services (not timed), then locust."""
    from bench import data, load
    from bench.server import Server
    from claims import services

    items, spans = data.workload(OUT)
    manager, _ = data.account("manager")
    project = services.project_create(name="Benchmark load", slug="bench-load", actor=manager)
    articles = data.import_articles(project, items)
    data.bulk_claims(project, manager, spans, articles)
    prepared = load.prepare(
        project, manager, spans, {k: a.pk for k, a in articles.items()}, args.users
    )
    with Server(url) as server:
        return load.run(server, prepared, args.users, args.load_time)


def in_process(args) -> list[dict]:
    """Server time without the network: the services, selectors and views called directly,
    with DEBUG off as in production (DEBUG keeps and times every query)."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        return _in_process(args)


def _in_process(args) -> list[dict]:
    from bench import data
    from bench.exports import export_figures
    from claims import selectors, services

    annotator, _ = data.account("bench")
    project = services.project_create(name="Benchmark", slug="bench", actor=annotator)
    items, _spans = data.workload(OUT)
    articles, times = {}, []
    for item in items:
        seconds, found = timed(data.import_articles, project, [item])
        articles.update(found)
        times.append(seconds)
    figures = [{"figure": "article_import (service, one at a time)", **percentiles(times)}]

    times = []
    for span in _spans[: args.claims]:
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
    figures += export_figures(project, annotator, OUT)
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


def workspace_figures(args, project, annotator, articles: dict) -> list[dict]:
    """Server time of the workspace (in-process, no network): the page, and a claim create."""
    from django.test import Client

    from bench import data
    from claims.offsets import codepoint_to_utf16

    client = Client(SERVER_NAME="localhost")  # an allowed host, as a browser would send
    client.force_login(annotator)
    big = data.long_article(project, list(articles.values()), annotator)
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


if __name__ == "__main__":
    main()
