"""The canonical records of docs/formats.md, shared by the formats that carry the same fields."""

import json
from typing import Any

from claims.exports.base import OFFSET_UNIT, Selection, iso, iso_seconds
from claims.models import Article, Attribution, Claim, Entity, Label, Link


def dumps(record: Any) -> str:
    """Compact JSON, UTF-8 text as it is (no \\u escapes), one line."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def dataset_record(selection: Selection) -> dict:
    project = selection.project
    return {
        "type": "dataset",
        "format": "claimlens-jsonl",
        "format_version": 1,
        "offset_unit": OFFSET_UNIT,
        "project": {
            "name": project.name,
            "slug": project.slug,
            "description": project.description,
            "guidelines": project.guidelines,
        },
        "labels": [label_record(label) for label in selection.labels()],
        "filters": selection.filters.as_dict(),
        "exported_at": iso_seconds(selection.exported_at),
    }


def label_record(label: Label) -> dict:
    return {
        "kind": label.kind,
        "value": label.value,
        "name": label.name,
        "description": label.description,
        "color": label.color,
        "hotkey": label.hotkey,
        "symmetric": label.symmetric,
        "hidden": label.hidden,
        "position": label.position,
    }


def entity_record(entity: Entity) -> dict:
    return {
        "type": "entity",
        "id": entity.pk,
        "kind": entity.kind,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "description": entity.description,
    }


def article_record(article: Article) -> dict:
    return {
        "type": "article",
        "id": article.pk,
        "external_id": article.external_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "text": article.text,
        "text_sha256": article.text_sha256,
        "metadata": article.metadata,
    }


def claim_record(claim: Claim) -> dict:
    return {
        "type": "claim",
        "id": claim.pk,
        "article": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "claim_type": claim.claim_type.value,
        "when": claim.when,
        "when_source": claim.when_source,
        "participants": [entity.pk for entity in claim.participant_list],
        "place": claim.place_id,
        "polarity": claim.polarity,
        "modality": claim.modality,
        "note": claim.note,
        "status": claim.status,
        "annotator": claim.created_by.get_username(),
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
        "attributions": [attribution_record(a) for a in claim.source_list],
    }


def attribution_record(attribution: Attribution) -> dict:
    return {
        "id": attribution.pk,
        "parent": attribution.parent_id,
        "source": attribution.source_id,
        "source_kind": attribution.source_kind.value,
        "form": attribution.form,
        "stance": attribution.stance,
        "cue_start": attribution.cue_start,
        "cue_end": attribution.cue_end,
        "cue_quote": attribution.cue_quote,
    }


def link_record(link: Link) -> dict:
    return {
        "type": "link",
        "id": link.pk,
        "from_claim": link.from_claim_id,
        "to_claim": link.to_claim_id,
        "relation": link.relation.value,
        "note": link.note,
        "status": link.status,
        "annotator": link.created_by.get_username(),
        "created_at": iso(link.created_at),
        "updated_at": iso(link.updated_at),
    }


def source_label(attribution: Attribution) -> str:
    """How a person reads one source: its name, or its kind when it has none."""
    name = attribution.source.name if attribution.source else ""
    details = ", ".join([attribution.source_kind.value, attribution.form])
    return f"{name} ({details})" if name else f"({details})"
