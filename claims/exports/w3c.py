"""W3C Web Annotation (JSON-LD): an AnnotationCollection whose first page holds every annotation.

A claim is an Annotation whose target is a SpecificResource of the article with a
TextPositionSelector and a TextQuoteSelector; the Web Annotation model counts TextPositionSelector
offsets in Unicode code points, as we do. Bodies are TextualBodies: the claim type
("classifying"), the date ("describing") and each source ("tagging"). A link is a "linking"
Annotation targeting its two claim annotations, its relation the body. Terms the model lacks sit
under the `cl:` prefix. The document is written item by item, never built whole.
"""

import json
from collections.abc import Iterator

from claims.exports.base import OFFSET_SENTENCE, OFFSET_UNIT, Format, Progress, Selection, iso
from claims.exports.records import source_label
from claims.exports.walk import each_article, each_link
from claims.models import Attribution, Claim, Link

FORMAT = Format(
    key="w3c",
    name="W3C Web Annotation JSON-LD",
    filename=".jsonld",
    content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    description="An AnnotationCollection: claims with position and quote selectors, links as "
    "linking annotations.",
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:claimlens:vocab:"
CONTEXT = [ANNO_CONTEXT, {"cl": VOCAB}]


def article_iri(article_id: int) -> str:
    return f"urn:claimlens:article:{article_id}"


def claim_iri(claim_id: int) -> str:
    return f"urn:claimlens:claim:{claim_id}"


def link_iri(link_id: int) -> str:
    return f"urn:claimlens:link:{link_id}"


def _body(purpose: str, value: str, field: str, **extra) -> dict:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "cl:field": field, **extra}


def _source_body(attribution: Attribution) -> dict:
    extra = {
        "cl:sourceKind": attribution.source_kind.value,
        "cl:form": attribution.form,
        "cl:stance": attribution.stance,
    }
    if attribution.source_id:
        extra["cl:source"] = f"urn:claimlens:entity:{attribution.source_id}"
    if attribution.cue_start is not None:
        extra |= {
            "cl:cueStart": attribution.cue_start,
            "cl:cueEnd": attribution.cue_end,
            "cl:cueExact": attribution.cue_quote,
        }
    return _body("tagging", source_label(attribution), "source", **extra)


def _claim_bodies(claim: Claim) -> list[dict]:
    bodies = [_body("classifying", claim.claim_type.value, "claim_type")]
    if claim.when:
        bodies.append(
            _body("describing", claim.when, "when", **{"cl:whenSource": claim.when_source})
        )
    bodies += [_source_body(attribution) for attribution in claim.source_list]
    return bodies


def claim_annotation(claim: Claim) -> dict:
    return {
        "id": claim_iri(claim.pk),
        "type": "Annotation",
        "motivation": "classifying",
        "created": iso(claim.created_at),
        "modified": iso(claim.updated_at),
        "creator": {"type": "Person", "nickname": claim.created_by.get_username()},
        "body": _claim_bodies(claim),
        "target": {
            "type": "SpecificResource",
            "source": article_iri(claim.article_id),
            "selector": [
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
                {
                    "type": "TextQuoteSelector",
                    "exact": claim.quote,
                    "prefix": claim.prefix,
                    "suffix": claim.suffix,
                },
            ],
        },
        "cl:status": claim.status,
        "cl:polarity": claim.polarity,
        "cl:modality": claim.modality,
        "cl:textSha256": claim.text_sha256,
    }


def link_annotation(link: Link) -> dict:
    return {
        "id": link_iri(link.pk),
        "type": "Annotation",
        "motivation": "linking",
        "created": iso(link.created_at),
        "modified": iso(link.updated_at),
        "creator": {"type": "Person", "nickname": link.created_by.get_username()},
        "body": _body("tagging", link.relation.value, "relation"),
        # JSON-LD does not keep the order of `target`; the direction is stated on its own.
        "target": [claim_iri(link.from_claim_id), claim_iri(link.to_claim_id)],
        "cl:from": claim_iri(link.from_claim_id),
        "cl:to": claim_iri(link.to_claim_id),
        "cl:status": link.status,
    }


def _opening(selection: Selection, total: int) -> str:
    project = selection.project
    head = {
        "@context": CONTEXT,
        "id": f"urn:claimlens:export:{project.slug}:{selection.exported_at:%Y%m%dT%H%M%SZ}",
        "type": "AnnotationCollection",
        "label": f"Claimlens export of “{project.name}”. {OFFSET_SENTENCE}",
        "total": total,
        "cl:offsetUnit": OFFSET_UNIT,
        "cl:filters": json.dumps(selection.filters.as_dict()),
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    # Leave the object open: the page with the annotations follows.
    return (
        text[: text.rindex("}")].rstrip()
        + ',\n "first": {"type": "AnnotationPage", '
        + ('"startIndex": 0, "items": [\n')
    )


def _annotations(selection: Selection, progress: Progress | None) -> Iterator[dict]:
    for article in each_article(selection, progress, text=False):
        yield from (claim_annotation(claim) for claim in article.selected_claims)
    yield from (link_annotation(link) for link in each_link(selection))


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    counts = selection.counts()
    yield _opening(selection, counts["claims"] + counts["links"]).encode("utf-8")
    separator = ""
    for annotation in _annotations(selection, progress):
        yield (separator + json.dumps(annotation, ensure_ascii=False)).encode("utf-8")
        separator = ",\n"
    yield b"\n]}}\n"
