"""doccano sequence-labelling JSONL: one line per article, `{"text", "label", "meta"}`.

`label` holds `[start, end, claim type]` in code points; `meta` says so (`offset_unit`) and names
the article and, in the same order as `label`, the claims.
"""

from collections.abc import Iterator

from claims.exports.base import OFFSET_UNIT, Format, Progress, Selection
from claims.exports.records import dumps
from claims.exports.walk import each_article
from claims.models import Article

FORMAT = Format(
    key="doccano",
    name="doccano JSONL",
    filename=".jsonl",
    content_type="application/x-ndjson; charset=utf-8",
    description="One line per article with [start, end, type] spans, for doccano.",
)


def article_meta(article: Article) -> dict:
    """What doccano and Label Studio keep beside the text: where the article came from."""
    return {
        "article_id": article.pk,
        "external_id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text_sha256": article.text_sha256,
        "offset_unit": OFFSET_UNIT,
    }


def task(article: Article) -> dict:
    claims = article.selected_claims
    meta = article_meta(article) | {
        "claims": [
            {"id": c.pk, "annotator": c.created_by.get_username(), "status": c.status}
            for c in claims
        ]
    }
    return {
        "text": article.text,
        "label": [[c.start, c.end, c.claim_type.value] for c in claims],
        "meta": meta,
    }


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    for article in each_article(selection, progress):
        yield (dumps(task(article)) + "\n").encode("utf-8")
