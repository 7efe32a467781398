"""Figures over HTTP against the gunicorn server (bench/server.py): the API with a token, the
pages with a session cookie from the log-in form.

Each figure is one phase: latencies (p50/p95/p99), throughput over its wall time, and the peak
memory of the server's processes while it ran.
"""

import json
import random
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.data import PASSWORD
from bench.exports import EVERY_STATUS, MEMORY_FORMATS
from bench.measure import percentiles

ARTICLE_FIELDS = ("title", "text", "outlet", "published", "language")
HTMX = {"HX-Request": "true"}


class Client:
    """One user's connection: a requests.Session, a token or a session cookie."""

    def __init__(self, base: str, token: str | None = None):
        self.base = base
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, expect: int = 200, **kwargs):
        """One request, timed; anything but the expected status stops the benchmark."""
        start = time.perf_counter()
        response = self.session.request(method, self.base + path, timeout=600, **kwargs)
        seconds = time.perf_counter() - start
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return seconds, response

    def log_in(self, username: str, password: str = PASSWORD) -> "Client":
        self.call("GET", "/accounts/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf}
        self.call("POST", "/accounts/login/", 302, data=form, allow_redirects=False)
        return self

    @property
    def csrf(self) -> str:
        return self.session.cookies["csrftoken"]


def phase(server, name: str, run, **extra) -> dict:
    """Run `run()`, which returns its requests' latencies; one figure with the server's memory."""
    with server.watch() as memory:
        start = time.perf_counter()
        times = run()
        wall = time.perf_counter() - start
    figure = {
        "figure": name,
        **extra,
        **percentiles(times),
        "wall_s": round(wall, 3),
        "per_s": round(len(times) / wall, 1),
        **memory.figure(),
    }
    figure["server_cpu_ms"] = round(figure["server_cpu_s"] * 1000 / len(times), 2)
    print(json.dumps(figure), flush=True)
    return figure


def claim_body(span: dict, ids: dict) -> dict:
    fields = ("start", "end", "quote", "claim_type")
    return {"article": ids[span["article"]], **{key: span[key] for key in fields}}


def import_articles(server, api: Client, project_id: int, items: list[dict]):
    """Every workload article through POST /api/v1/articles/, one request at a time."""
    ids = {}

    def run() -> list[float]:
        times = []
        for item in items:
            body = {"project": project_id, "external_id": item["id"]}
            body.update({key: item[key] for key in ARTICLE_FIELDS})
            seconds, response = api.call("POST", "/api/v1/articles/", 201, json=body)
            ids[item["id"]], _ = response.json()["id"], times.append(seconds)
        return times

    name = f"API article import ({len(items)} × POST /api/v1/articles/, one client)"
    return ids, phase(server, name, run, key="api_import")


def create_claims(api: Client, spans: list[dict], ids: dict) -> list[float]:
    return [api.call("POST", "/api/v1/claims/", 201, json=claim_body(s, ids))[0] for s in spans]


def create_concurrently(base: str, token: str, spans: list[dict], ids: dict, clients: int):
    """`clients` threads, each with its own session and its own articles, as annotators work."""
    by_article = defaultdict(list)
    for span in spans:
        by_article[span["article"]].append(span)
    shards = [[] for _ in range(clients)]
    for number, article_spans in enumerate(by_article.values()):
        shards[number % clients].extend(article_spans)
    with ThreadPoolExecutor(clients) as pool:
        runs = pool.map(lambda shard: create_claims(Client(base, token), shard, ids), shards)
        return [seconds for times in runs for seconds in times]


def claim_figures(server, api: Client, token: str, spans: list[dict], ids: dict) -> list[dict]:
    half = len(spans) // 2
    one = phase(
        server,
        f"API claim create ({half} × POST /api/v1/claims/, one client)",
        lambda: create_claims(api, spans[:half], ids),
        key="api_claim_1",
    )
    eight = phase(
        server,
        f"API claim create ({len(spans) - half} × POST /api/v1/claims/, 8 concurrent clients)",
        lambda: create_concurrently(server.url, token, spans[half:], ids, clients=8),
        key="api_claim_8",
    )
    return [one, eight]


def read_figures(server, api: Client, browser: Client, article, reads: int) -> list[dict]:
    """One article's annotation data, as a script and as the workspace page read it."""
    count = article.claims.count()
    path = f"/api/v1/claims/?article={article.pk}&page_size=100"
    if len(api.call("GET", path)[1].json()["results"]) != count:
        raise RuntimeError(f"{path} does not list the article's {count} claims")
    floor = phase(
        server,
        "API round trip floor (GET /api/v1/projects/<id>/)",
        lambda: [
            api.call("GET", f"/api/v1/projects/{article.project_id}/")[0] for _ in range(reads)
        ],
        key="api_floor",
    )
    listed = phase(
        server,
        f"API claim list of one article ({count} claims, GET /api/v1/claims/?article=…)",
        lambda: [api.call("GET", path)[0] for _ in range(reads)],
        key="api_claim_list",
    )
    page = phase(
        server,
        f"workspace page over HTTP ({count} claims)",
        lambda: [browser.call("GET", f"/articles/{article.pk}/")[0] for _ in range(reads)],
        key="http_workspace_20",
    )
    return [floor, listed, page]


def workspace_figures(server, browser: Client, big, reads: int) -> list[dict]:
    """The workspace of a long article (about 7,000 words, 300 claims): opening it, and adding
    a claim through its htmx form, the action INCEpTION reports taking 5–10 s."""
    from claims.offsets import codepoint_to_utf16

    words, count = len(big.text.split()), big.claims.count()
    opened = phase(
        server,
        f"workspace page over HTTP ({count} claims, {words} words)",
        lambda: [browser.call("GET", f"/articles/{big.pk}/")[0] for _ in range(reads)],
        key="http_workspace_300",
    )
    claims = list(big.claims.order_by("pk")[: min(reads, 50)])

    def post(number: int, claim) -> float:
        data = {
            "start": codepoint_to_utf16(big.text, claim.start),
            "end": codepoint_to_utf16(big.text, claim.end),
            "quote": claim.quote,
            "claim_type": "statement",
            "idempotency_key": f"bench-http-{number}",
        }
        headers = {**HTMX, "X-CSRFToken": browser.csrf}
        return browser.call("POST", f"/articles/{big.pk}/claims/", data=data, headers=headers)[0]

    added = phase(
        server,
        f"claim create through the workspace over HTTP (htmx POST, {count}+ claims)",
        lambda: [post(number, claim) for number, claim in enumerate(claims)],
        key="http_htmx_create",
    )
    return [opened, added]


def candidate_figure(server, browser: Client, project, reads: int) -> dict:
    """The link panel of a claim: its ranked candidates among the whole project's claims."""
    from claims.models import Claim

    claims = Claim.objects.filter(article__project=project)
    rng = random.Random(42)  # noqa: S311 - a fixed sample, not a secret
    targets = rng.sample(list(claims.values_list("pk", flat=True)), reads)
    return phase(
        server,
        f"link candidates over HTTP (htmx GET /claims/<id>/links/, {claims.count()} claims)",
        lambda: [browser.call("GET", f"/claims/{pk}/links/", headers=HTMX)[0] for pk in targets],
        key="http_candidates",
    )


def export_once(server, api: Client, project_id: int, key: str) -> dict:
    """One export, drained as it streams: time to the first byte of the body, total, size."""
    statuses = "".join(f"&status={status}" for status in EVERY_STATUS)
    url = f"{api.base}/api/v1/projects/{project_id}/export/?format={key}{statuses}"
    with server.watch() as memory:
        start = time.perf_counter()
        response = api.session.get(url, stream=True, timeout=600)
        if response.status_code != 200:
            raise RuntimeError(f"export {key}: {response.status_code} {response.text[:500]}")
        first, size = None, 0
        for chunk in response.iter_content(chunk_size=None):
            first = time.perf_counter() - start if first is None else first
            size += len(chunk)
        total = time.perf_counter() - start
    return {
        "n": 1,
        "ttfb_ms": round(first * 1000, 1),
        "total_s": round(total, 3),
        "bytes": size,
        **memory.figure(),
    }


def export_figures(server, api: Client, project, doubled) -> list[dict]:
    """Every format over the HTTP project, then the memory formats over the in-process project,
    which is twice its size: a streaming export's server memory stays flat."""
    from claims import exports

    figures = []
    for key in exports.FORMATS:
        figures.append(
            {"figure": f"API export {key} ({_size(project)})", "key": f"api_export_{key}"}
            | export_once(server, api, project.pk, key)
        )
        print(json.dumps(figures[-1]), flush=True)
    for key in MEMORY_FORMATS:
        figures.append(
            {"figure": f"API export {key} ({_size(doubled)})", "key": f"api_export2_{key}"}
            | export_once(server, api, doubled.pk, key)
        )
        print(json.dumps(figures[-1]), flush=True)
    return figures


def _size(project) -> str:
    from claims.models import Article, Claim

    articles = Article.objects.filter(project=project).count()
    claims = Claim.objects.filter(article__project=project).count()
    return f"{articles} articles, {claims} claims"
