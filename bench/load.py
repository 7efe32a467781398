"""Load: simulated annotators (bench/locustfile.py) against the gunicorn server, headless and
bounded in time. Their accounts are made here, in-process, before locust starts."""

import csv
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from bench.data import PASSWORD, account
from bench.measure import percentiles

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SAVES = ("POST /api/v1/claims/", "PATCH /api/v1/claims/[id]/ (note, If-Match)")
LOG_IN = "POST /accounts/login/"


def prepare(project, manager, spans: list[dict], ids: dict, users: int) -> Path:
    """One account per simulated user, member of the project; every fifth a reviewer."""
    from claims import services
    from claims.models import Role

    accounts = []
    for number in range(users):
        user, token = account(f"annotator-{number:02}")
        role = Role.REVIEWER if number % 5 == 4 else Role.ANNOTATOR
        services.membership_set(project=project, user=user, role=role, actor=manager)
        accounts.append({"username": user.username, "password": PASSWORD, "token": token})
    by_article = defaultdict(list)
    for span in spans:
        by_article[ids[span["article"]]].append({k: v for k, v in span.items() if k != "article"})
    articles = [{"id": pk, "spans": found} for pk, found in by_article.items()]
    path = OUT / "load.json"
    path.write_text(json.dumps({"accounts": accounts, "articles": articles}), encoding="utf-8")
    return path


def locust_command(host: str, users: int, run_time: str) -> list[str]:
    return [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")),
        *("--headless", "--users", str(users), "--spawn-rate", "10"),
        *("--run-time", run_time, "--host", host, "--csv", str(OUT / "load")),
        *("--only-summary", "--loglevel", "WARNING"),
    ]


def run(server, data: Path, users: int, run_time: str) -> list[dict]:
    """The locust run: one figure per request type over the whole run, all requests together
    (with the server's memory), then the claim saves once every user has logged in."""
    command = locust_command(server.url, users, run_time)
    log = OUT / "load_requests.csv"
    env = {**os.environ, "BENCH_LOAD_DATA": str(data), "BENCH_LOAD_LOG": str(log)}
    with server.watch() as memory:
        subprocess.run(command, env=env, check=False, cwd=ROOT)  # noqa: S603 - exit 1 on failures
    requests = read_requests(log)
    ended = max(start + ms / 1000 for start, _, ms, _ in requests)
    began = min(start for start, *_ in requests)
    figures = [
        summary(f"load: {kind}", [r for r in requests if r[1] == kind], ended - began)
        for kind in sorted({request[1] for request in requests})
    ]
    figures.append(summary("load: all requests", requests, ended - began) | memory.figure())
    settled = max(start + ms / 1000 for start, kind, ms, _ in requests if kind == LOG_IN)
    for kind in SAVES:
        after = [r for r in requests if r[1] == kind and r[0] >= settled]
        figures.append(summary(f"load after the log-ins: {kind}", after, ended - settled))
    for figure in figures:
        print(json.dumps(figure), flush=True)
    return figures


def read_requests(path: Path) -> list[tuple[float, str, float, bool]]:
    """(start, "METHOD name", ms, failed) for every request the simulated users made."""
    with path.open(encoding="utf-8") as rows:
        return [
            (
                float(row["start"]),
                f"{row['type']} {row['name']}",
                float(row["ms"]),
                row["failed"] == "True",
            )
            for row in csv.DictReader(rows)
        ]


def summary(name: str, requests: list[tuple], seconds: float) -> dict:
    """Exact percentiles of these requests; their rate over `seconds` of the run."""
    return {
        "figure": name,
        "key": name.replace(": ", ":"),
        **percentiles([ms / 1000 for _, _, ms, _ in requests]),
        "failures": sum(failed for *_, failed in requests),
        "max_ms": round(max(ms for _, _, ms, _ in requests)),
        "per_s": round(len(requests) / seconds, 1),
    }


def section(figures: list[dict], users: int, run_time: str, command: str, *server: int) -> str:
    """bench/RESULTS.md's load section."""
    total = next(f for f in figures if f["key"] == "load:all requests")
    saves = {f["key"]: f["p95_ms"] for f in figures}
    rows = "\n".join(
        f"| {f['figure'].removeprefix('load: ').removeprefix('load ')} | {f['n']} | "
        f"{f['failures']} | "
        + " | ".join(f"{f[key]:.0f}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
        + f" | {f['per_s']} |"
        for f in figures
    )
    return (
        f"## Load: {users} simulated annotators for {run_time}\n\n"
        "bench/locustfile.py: each user is a project member (every fifth a reviewer) who logs in "
        "through the form, then, 1–3 s apart, opens the workspace (3), lists the article's claims "
        "through the API (2), saves a workload span as a claim through the API (5), edits one of "
        "its claims' note with If-Match (2) or opens a claim's link panel (1). Users start 10 a "
        "second, so the first seconds are a log-in storm: each log-in is about 0.3 s of PBKDF2 "
        "(Django's 1,000,000 iterations).\n\n"
        f"**{total['n']} requests, {total['failures']} failed.** Claim saves over the whole run: "
        f"{_saves(saves, 'load:')}; once every user had logged in: "
        f"{_saves(saves, 'load after the log-ins:')} (target: p95 under 200 ms, no failure). "
        "Peak memory of the server: "
        f"{total['peak_rss_mb']} MB RSS, {total['peak_pss_mb']} MB PSS ({server[0]} gunicorn "
        f"workers × {server[1]} threads). Locust runs on the same cores as the server and "
        "PostgreSQL. Percentiles are exact, from every request's time (bench/out/"
        "load_requests.csv).\n\n"
        f"Reproduce: `{command}` (`.venv/bin/python bench/run.py --load --users {users} "
        f"--load-time {run_time}`), which loads the workload into a fresh database, starts the "
        "same gunicorn server and runs `BENCH_LOAD_DATA=bench/out/load.json "
        "BENCH_LOAD_LOG=bench/out/load_requests.csv .venv/bin/python "
        + " ".join(locust_command("http://127.0.0.1:<port>", users, run_time)[1:]).replace(
            str(ROOT) + "/", ""
        )
        + "`.\n\n"
        "| request | requests | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |\n"
        "|---|---|---|---|---|---|---|---|\n"
        f"{rows}\n"
    )


def _saves(p95: dict, prefix: str) -> str:
    return ", ".join(f"{kind.split()[0]} p95 {p95[prefix + kind]:.0f} ms" for kind in SAVES)
