"""The machine's floors: PostgreSQL `COPY` of the same rows, the least an import or an export
can cost here (no validation, no history, no serialising)."""

import json
import time

ARTICLE_COLUMNS = ("external_id", "title", "outlet", "published", "language", "text")


def copy_in(items: list[dict]) -> dict:
    """The workload's articles into a bare temporary table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE floor_article (external_id text, title text, outlet text, "
            "published date, language text, text text)"
        )
        start = time.perf_counter()
        with cursor.copy(f"COPY floor_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as copy:
            for item in items:
                copy.write_row([item[key] for key in ("id", *ARTICLE_COLUMNS[1:])])
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE floor_article")
    return _figure(f"COPY of {len(items)} articles into a bare table", "copy_in", seconds)


def copy_out(project) -> dict:
    """The project's articles and claims out, as PostgreSQL's text format."""
    from django.db import connection
    from psycopg import sql

    articles = sql.SQL("SELECT * FROM claims_article WHERE project_id = {}")
    claims = sql.SQL(
        "SELECT c.* FROM claims_claim c JOIN claims_article a ON a.id = c.article_id "
        "WHERE a.project_id = {}"
    )
    queries = [
        sql.SQL("COPY ({}) TO STDOUT").format(query.format(sql.Literal(project.pk)))
        for query in (articles, claims)
    ]
    size = 0
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for query in queries:
            with cursor.copy(query) as copy:
                for block in copy:
                    size += len(block)
        seconds = time.perf_counter() - start
    figure = _figure("COPY out of the project's articles and claims", "copy_out", seconds)
    return {**figure, "bytes": size}


def _figure(name: str, key: str, seconds: float) -> dict:
    figure = {"figure": name, "key": key, "n": 1, "total_s": round(seconds, 3)}
    print(json.dumps(figure), flush=True)
    return figure
