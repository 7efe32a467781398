"""Canonical JSONL written by hand after docs/formats.md, and a snapshot of every table an import
writes, to prove that a refusal wrote nothing."""

import json
import re
from contextlib import contextmanager

import pytest

from claims.imports import ImportRefused
from claims.models import Article, Attribution, Claim, Entity, Label, Link

# Two articles with what trips offsets up: a no-break space, flags, and a letter beyond the BMP.
TEXT_A = (
    "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt. "
    "Nach Angaben der Nachrichtenagentur KCNA erörterten sie den Ausbau der Zusammenarbeit. "
    "🇰🇵🤝🇷🇺 Der Vertrag wurde im Juni\u00a02024 unterzeichnet, so Putin."
)
TEXT_B = (
    "Laut RIA Nowosti, unter Berufung auf den Pressedienst des Sicherheitsrats, traf Schoigu "
    "am 13.\u00a0September 2024 Kim Jong-un in 𝔸 Pjöngjang."
)
MODELS = (Article, Claim, Attribution, Link, Entity, Label)


def span(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


def cue(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"cue_start": start, "cue_end": start + len(quote), "cue_quote": quote}


def jsonl(*records: dict, end: str = "\n") -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + end for r in records).encode()


def dataset(labels: list | None = None) -> dict:
    return {
        "type": "dataset",
        "format": "claimlens-jsonl",
        "format_version": 1,
        "offset_unit": "unicode_code_point",
        "project": {"name": "Elsewhere", "slug": "elsewhere", "description": "", "guidelines": ""},
        "labels": labels if labels is not None else [],
        "filters": {"status": ["accepted"], "annotator": [], "claim_type": []},
        "exported_at": "2026-11-24T16:46:00Z",
    }


def article(identifier, text, **fields) -> dict:
    return {
        "type": "article",
        "id": identifier,
        "external_id": f"ext-{identifier}",
        "title": f"Artikel {identifier}",
        "outlet": "RT DE",
        "url": "",
        "published": "2024-09-14",
        "language": "de",
        "text": text,
        "metadata": {},
        **fields,
    }


def claim(identifier, article_id, text, quote, **fields) -> dict:
    return {
        "type": "claim",
        "id": identifier,
        "article": article_id,
        **span(text, quote),
        "prefix": "",
        "suffix": "",
        "claim_type": "statement",
        "when": "",
        "when_source": "",
        "participants": [],
        "place": None,
        "polarity": "positive",
        "modality": "actual",
        "note": "",
        "status": "accepted",
        "annotator": "anna",
        "created_at": "2026-11-20T10:00:00Z",
        "updated_at": "2026-11-20T10:00:00Z",
        "attributions": [],
        **fields,
    }


def link(identifier, from_claim, to_claim, relation="agrees", **fields) -> dict:
    return {
        "type": "link",
        "id": identifier,
        "from_claim": from_claim,
        "to_claim": to_claim,
        "relation": relation,
        "note": "",
        "status": "accepted",
        "annotator": "anna",
        "created_at": "2026-11-20T10:00:00Z",
        "updated_at": "2026-11-20T10:00:00Z",
        **fields,
    }


def canonical_records() -> list[dict]:
    """The file a project "Elsewhere" exported: entities matched and new, a new claim type and
    relation, a chain of sources, a non-member's claim and link."""
    return [
        dataset(
            labels=[
                {"kind": "claim_type", "value": "meeting", "name": "Meeting", "hotkey": "2"},
                {
                    "kind": "claim_type",
                    "value": "sanction",
                    "name": "Sanction",
                    "description": "A measure against someone.",
                    "color": "#123456",
                    "hotkey": "9",
                    "symmetric": False,
                    "hidden": False,
                    "position": 8,
                },
                {
                    "kind": "link_relation",
                    "value": "cites",
                    "name": "cites",
                    "color": "#654321",
                    "hotkey": "a",
                    "symmetric": False,
                    "hidden": False,
                    "position": 6,
                },
            ]
        ),
        {"type": "entity", "id": 7, "kind": "person", "name": "Kim Jong-un", "aliases": []},
        {
            "type": "entity",
            "id": 8,
            "kind": "agency",
            "name": "KCNA",
            "aliases": ["Nachrichtenagentur KCNA"],
            "description": "Nordkoreas Agentur",
        },
        {"type": "entity", "id": 9, "kind": "agency", "name": "RIA Novosti", "aliases": []},
        {
            "type": "entity",
            "id": 10,
            "kind": "organisation",
            "name": "Pressedienst des Sicherheitsrats",
            "aliases": ["Pressedienst"],
        },
        article(3, TEXT_A),
        claim(
            41,
            3,
            TEXT_A,
            "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt",
            claim_type="meeting",
            when="2024-09-13",
            when_source="typed",
            participants=[7, 7],
        ),
        claim(
            42,
            3,
            TEXT_A,
            "Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
            claim_type="treaty_term",
            when="2024-06",
            when_source="suggested",
            status="submitted",
            annotator="otto",
            polarity="negative",
            modality="hedged",
            note="Datum unklar",
            attributions=[
                {
                    "id": 5,
                    "parent": None,
                    "source": None,
                    "source_kind": "official_person",
                    "form": "indirect",
                    "stance": "neutral",
                    **cue(TEXT_A, "so Putin"),
                },
            ],
        ),
        article(4, TEXT_B, metadata={"section": "Welt"}),
        claim(
            43,
            4,
            TEXT_B,
            "traf Schoigu am 13.\u00a0September 2024 Kim Jong-un in 𝔸 Pjöngjang",
            claim_type="sanction",
            participants=[7],
            place=None,
            annotator="ben",
            attributions=[
                {
                    "id": 6,
                    "parent": None,
                    "source": 10,
                    "source_kind": "government_body",
                    "form": "reported",
                    "stance": "neutral",
                    "cue_start": None,
                    "cue_end": None,
                    "cue_quote": "",
                },
                {
                    "id": 7,
                    "parent": 6,
                    "source": 9,
                    "source_kind": "state_media",
                    "form": "reported",
                    "stance": "distancing",
                    **cue(TEXT_B, "Laut RIA Nowosti"),
                },
            ],
        ),
        link(12, 41, 43, "same_event"),
        link(13, 42, 43, "contradicts", status="submitted", annotator="otto", note="Jahr?"),
    ]


def snapshot() -> dict[str, int]:
    """Rows and history rows of every table an import writes."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts |= {f"{m.__name__} history": m.history.count() for m in MODELS}
    counts["participants"] = Claim.participants.through.objects.count()
    return counts


@contextmanager
def refused(message: str):
    """The import inside is refused with `message` (a regular expression matched at the start)
    and has written nothing, history included."""
    before = snapshot()
    with pytest.raises(ImportRefused) as refusal:
        yield refusal
    assert re.match(message, refusal.value.messages[0]), refusal.value.messages[0]
    assert snapshot() == before
