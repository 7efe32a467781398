"""The benchmark's data: the workload files, accounts with tokens, and the articles built from
them through the services (in-process, before or beside the server)."""

import json
from datetime import date
from functools import cache
from pathlib import Path

PASSWORD = "bench-password-1"  # noqa: S105 - throwaway accounts in a throwaway database


def workload(out: Path) -> tuple[list[dict], list[dict]]:
    """The workload's articles and claim spans, as bench/workload.py wrote them."""
    articles = [json.loads(line) for line in (out / "articles.jsonl").open(encoding="utf-8")]
    spans = [json.loads(line) for line in (out / "claims.jsonl").open(encoding="utf-8")]
    return articles, spans


@cache
def password_hash() -> str:
    """Hashed once: each hash is a third of a second of PBKDF2, and the load run makes 50."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def account(username: str):
    """A user with the benchmark's password and an API token."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.create(username=username, password=password_hash())
    return user, Token.objects.create(user=user).key


def import_articles(project, items: list[dict]) -> dict:
    """The workload's articles through the import service, by their workload id."""
    from claims import services

    return {
        item["id"]: services.article_import(
            project=project,
            external_id=item["id"],
            title=item["title"],
            text=item["text"],
            outlet=item["outlet"],
            published=date.fromisoformat(item["published"]),
            language=item["language"],
            actor=None,
        )
        for item in items
    }


def bulk_claims(project, actor, spans: list[dict], articles: dict) -> int:
    """Spans through the bulk path; `articles` maps a workload id to an Article or its pk."""
    from django.db import connection

    from claims import services
    from claims.models import Article

    rows = Article.objects.in_bulk([getattr(a, "pk", a) for a in articles.values()])
    by_id = {key: rows[getattr(a, "pk", a)] for key, a in articles.items()}
    count = services.claim_bulk_create(
        project=project, actor=actor, rows=[{**s, "article": by_id[s["article"]]} for s in spans]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a load this size
    return count


def long_article(project, articles: list, annotator, parts: int = 15):
    """One article made of `parts` workload articles, with their 20 claims each (300)."""
    from claims import services

    chosen = articles[:parts]
    text = "\n\n".join(article.text for article in chosen)
    big = services.article_import(project=project, title="300 claims", text=text, actor=None)
    offset = 0
    for article in chosen:
        for claim in article.claims.select_related("claim_type").order_by("start"):
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
