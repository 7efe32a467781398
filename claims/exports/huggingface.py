"""A Hugging Face dataset folder, zipped: articles.jsonl, claims.jsonl, links.jsonl, README.md.

Rows are flat and typed the same in every line (metadata as a JSON string, missing values as
null), so `datasets` and pyarrow infer one schema. A zip member is written whole before the next
starts, so the articles are walked twice: once for articles.jsonl (no claims), once for claims.
"""

import json
from collections.abc import Iterator

from claims.exports.base import OFFSET_UNIT, Format, Progress, Selection, iso
from claims.exports.card import dataset_card, front_matter
from claims.exports.records import dumps
from claims.exports.walk import each_article, each_link
from claims.exports.zipstream import ZipStream
from claims.models import Article, Attribution, Claim, Link

FORMAT = Format(
    key="huggingface",
    name="Hugging Face dataset",
    filename=".zip",
    content_type="application/zip",
    description="articles.jsonl, claims.jsonl, links.jsonl and a dataset card, ready for "
    "datasets.load_dataset.",
)


def article_row(article: Article) -> dict:
    return {
        "id": article.pk,
        "external_id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "text_sha256": article.text_sha256,
        "metadata": json.dumps(article.metadata, ensure_ascii=False),
    }


def source_row(source: Attribution) -> dict:
    return {
        "id": source.pk,
        "parent": source.parent_id,
        "source": source.source.name if source.source else None,
        "source_id": source.source_id,
        "source_kind": source.source_kind.value,
        "form": source.form,
        "stance": source.stance,
        "cue_start": source.cue_start,
        "cue_end": source.cue_end,
        "cue_quote": source.cue_quote,
    }


def claim_row(claim: Claim) -> dict:
    return {
        "id": claim.pk,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "offset_unit": OFFSET_UNIT,
        "quote": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "claim_type": claim.claim_type.value,
        "when": claim.when or None,
        "when_source": claim.when_source or None,
        "participants": [entity.name for entity in claim.participant_list],
        "place": claim.place.name if claim.place else None,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "note": claim.note,
        "status": claim.status,
        "annotator": claim.created_by.get_username(),
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
        "sources": [source_row(source) for source in claim.source_list],
    }


def link_row(link: Link) -> dict:
    return {
        "id": link.pk,
        "from_claim": link.from_claim_id,
        "to_claim": link.to_claim_id,
        "from_article": link.from_article_id,
        "to_article": link.to_article_id,
        "relation": link.relation.value,
        "note": link.note,
        "status": link.status,
        "annotator": link.created_by.get_username(),
        "created_at": iso(link.created_at),
        "updated_at": iso(link.updated_at),
    }


def _article_lines(selection: Selection) -> Iterator[str]:
    for article in each_article(selection, None, claims=False):
        yield dumps(article_row(article)) + "\n"


def _claim_lines(selection: Selection, progress: Progress | None) -> Iterator[str]:
    for article in each_article(selection, progress, text=False):
        rows = [dumps(claim_row(claim)) + "\n" for claim in article.selected_claims]
        if rows:
            yield "".join(rows)


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    archive = ZipStream(selection.exported_at)
    yield from archive.entry("articles.jsonl", _article_lines(selection))
    yield from archive.entry("claims.jsonl", _claim_lines(selection, progress))
    links = (dumps(link_row(link)) + "\n" for link in each_link(selection))
    yield from archive.entry("links.jsonl", links)
    counts = selection.counts()
    card = front_matter(selection, counts) + dataset_card(selection, counts)
    yield from archive.entry("README.md", [card])
    yield archive.close()
