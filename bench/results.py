"""bench/RESULTS.md: the machine, our figures, and ours beside the peers' and the targets of
../shared/bench/PEERS.md. `run.py --load` rewrites only the load section."""

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from bench import load
from bench.peers import concurrency_note, peer_rows
from bench.server import THREADS, WORKERS

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
LOAD_START, LOAD_END = "<!-- load section: bench/run.py --load rewrites it -->", "<!-- /load -->"
LOAD_COMMAND = "make bench-load"


def machine() -> str:
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores "
        f"({cpu}), {int(memory) / 1e6:.0f} GB RAM, shared with other work (load average "
        f"{'/'.join(f'{x:.1f}' for x in os.getloadavg())} over 1/5/15 min when written); Python "
        f"{platform.python_version()}, PostgreSQL {postgres} on 127.0.0.1"
    )


def _extra(figure: dict) -> str:
    """What a figure adds beyond latencies: throughput, first byte, size, memory."""
    parts = []
    if "claims_per_s" in figure:
        parts.append(f"{figure['claims_per_s']} claims/s")
    if "first_chunk_ms" in figure:
        parts.append(f"first chunk {figure['first_chunk_ms']} ms, {figure['bytes'] / 1e6:.1f} MB")
    if "ratio" in figure:
        parts.append(f"peak {figure['peak_mb']} MB (×{figure['ratio']})")
    if "ttfb_ms" in figure:
        parts.append(f"first byte {figure['ttfb_ms']} ms, {figure['bytes'] / 1e6:.1f} MB")
    elif "bytes" in figure and "first_chunk_ms" not in figure:
        parts.append(f"{figure['bytes'] / 1e6:.1f} MB")
    if "per_s" in figure:
        parts.append(f"{figure['per_s']} req/s over {figure['wall_s']} s")
    if "server_cpu_ms" in figure:
        parts.append(f"server CPU {figure['server_cpu_ms']} ms/request")
    if "peak_rss_mb" in figure:
        parts.append(f"server {figure['peak_rss_mb']} MB RSS / {figure['peak_pss_mb']} MB PSS")
    return "; ".join(parts)


def table(figures: list[dict]) -> str:
    rows = "\n".join(
        f"| {f['figure']} | {f['n']} | {f.get('p50_ms', '–')} | {f.get('p95_ms', '–')} | "
        f"{f.get('p99_ms', '–')} | {f['total_s']} | {_extra(f)} |"
        for f in figures
    )
    return (
        "| figure | n | p50 ms | p95 ms | p99 ms | total s | notes |\n"
        f"|---|---|---|---|---|---|---|\n{rows}\n"
    )


def load_section(figures: list[dict], args, note: str = "") -> str:
    body = load.section(figures, args.users, args.load_time, LOAD_COMMAND, WORKERS, THREADS)
    return f"{LOAD_START}\n{body}{note}{LOAD_END}\n"


def kept_load_section() -> str:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if LOAD_START in text and LOAD_END in text:
        start, end = text.index(LOAD_START), text.index(LOAD_END) + len(LOAD_END)
        return text[start:end] + "\n"
    return f"{LOAD_START}\nNot run yet: `{LOAD_COMMAND}`.\n{LOAD_END}\n"


def write_all(local: list[dict], http: list[dict], loaded: list[dict], args, elapsed: float):
    every = {f.get("key", f["figure"]): f for f in [*local, *http, *loaded]}
    peers = "\n".join(f"| {' | '.join(row)} |" for row in peer_rows(every))
    RESULTS.write_text(
        f"# Benchmark results\n\nWritten by `make bench` (`.venv/bin/python bench/run.py`, "
        f"{elapsed / 60:.1f} min) on {machine()}. Workload: bench/workload.py, seed 42, "
        f"{args.articles} articles with 20 claim spans each.\n\n"
        "## Beside the peers and our targets\n\n"
        "Peers' figures are their published ones (../shared/bench/PEERS.md), not measured on "
        "this machine: those ratios say how far apart we are, not a controlled comparison. "
        "Verdict: ahead below ×0.8 of the target or peer; a floor (PostgreSQL COPY, a bare "
        "round trip) cannot be beaten, its ratio is what our code adds.\n\n"
        "| what | peer, target or floor | ours | ours / theirs | verdict |\n|---|---|---|---|---|\n"
        f"{peers}\n\n{concurrency_note(every)}"
        "## In-process: services, selectors and views called directly, no network\n\n"
        "Exports stream every status of the whole project; peak memory is the peak of Python's "
        "allocations while one export streams (tracemalloc), before and after the project "
        f"doubled.\n\n{table(local)}\n"
        f"## Over HTTP: gunicorn ({WORKERS} workers × {THREADS} threads), DEBUG off\n\n"
        "Latencies as the client sees them on loopback; the server's memory is summed over the "
        "gunicorn master and workers (RSS counts pages shared after the fork once per process, "
        f"PSS shares them out).\n\n{table(http)}\n"
        f"{load_section(loaded, args) if loaded else kept_load_section()}",
        encoding="utf-8",
    )


def write_load(loaded: list[dict], args) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    old = kept_load_section()
    new = load_section(loaded, args, f"\nMeasured by itself {machine()}.\n")
    RESULTS.write_text(text.replace(old, new) if old in text else text + "\n" + new, "utf-8")
