"""Canonical JSONL (docs/formats.md): lossless and re-importable.

Lines: the dataset line, the project's entities, each article followed by its claims in text
order, then the links.
"""

from collections.abc import Iterator

from claims.exports.base import Format, Progress, Selection
from claims.exports.records import (
    article_record,
    claim_record,
    dataset_record,
    dumps,
    entity_record,
    link_record,
)
from claims.exports.walk import each_article, each_entity, each_link

FORMAT = Format(
    key="jsonl",
    name="Canonical JSONL",
    filename=".jsonl",
    content_type="application/x-ndjson; charset=utf-8",
    description="Everything, lossless and re-importable: articles, claims, sources, links, "
    "entities.",
)


def lines(selection: Selection, progress: Progress | None) -> Iterator[str]:
    yield dumps(dataset_record(selection)) + "\n"
    for entity in each_entity(selection):
        yield dumps(entity_record(entity)) + "\n"
    for article in each_article(selection, progress):
        rows = [dumps(article_record(article))]
        rows += [dumps(claim_record(claim)) for claim in article.selected_claims]
        yield "\n".join(rows) + "\n"
    for link in each_link(selection):
        yield dumps(link_record(link)) + "\n"


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    for text in lines(selection, progress):
        yield text.encode("utf-8")
