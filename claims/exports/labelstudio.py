"""Label Studio JSON: a list of tasks, each with `data.text`, `data.meta` and one annotation whose
results are `labels` regions (`from_name` "label", `to_name` "text").

Region offsets are code points (`data.meta.offset_unit`). The list is written task by task.
"""

from collections.abc import Iterator

from claims.exports.base import Format, Progress, Selection
from claims.exports.doccano import article_meta
from claims.exports.records import dumps
from claims.exports.walk import each_article
from claims.models import Article, Claim

FORMAT = Format(
    key="labelstudio",
    name="Label Studio JSON",
    filename=".json",
    content_type="application/json; charset=utf-8",
    description="A list of Label Studio tasks with one annotation of labelled regions each.",
)


def region(claim: Claim) -> dict:
    return {
        "id": f"claim-{claim.pk}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": claim.start,
            "end": claim.end,
            "text": claim.quote,
            "labels": [claim.claim_type.value],
        },
    }


def task(article: Article) -> dict:
    return {
        "data": {"text": article.text, "meta": article_meta(article)},
        "annotations": [{"result": [region(claim) for claim in article.selected_claims]}],
    }


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    yield b"["
    separator = "\n"
    for article in each_article(selection, progress):
        yield (separator + dumps(task(article))).encode("utf-8")
        separator = ",\n"
    yield b"\n]\n"
