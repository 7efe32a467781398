"""W3C Web Annotation: every annotation passes the W3C test suite's MUST assertions, the JSON-LD
expands with the W3C context (loaded offline), and the selectors agree with the text."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from pyld import jsonld
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.claims.exports.conftest import EMOJI_TEXT, export

HERE = Path(__file__).parent / "web_annotation"
ANNO = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


def _schemas() -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(HERE.glob("*/*.json"))]


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The vendored schemas under their own ids, so every $ref resolves offline."""
    return Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in _schemas()
    )


@pytest.fixture(scope="module")
def must_validators(registry) -> list[Draft4Validator]:
    """One validator per assertion of the suite's annotationMusts.test."""
    by_id = {schema["id"]: schema for schema in _schemas()}
    test = json.loads((HERE / "annotations" / "annotationMusts.test").read_text())
    names = [path.split("/")[-1] for path in test["assertions"]]
    names = ["3.3.7-annotationviaValidated.json" if "Via" in n else n for n in names]
    return [
        Draft4Validator(
            by_id[name], registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        for name in names
    ]


@pytest.fixture
def document(data) -> dict:
    return json.loads(export(data.project, "w3c"))


def items(document: dict) -> list[dict]:
    return document["first"]["items"]


def standalone(document: dict, annotation: dict) -> dict:
    """An item as a consumer lifts it out of the collection: with the collection's context."""
    return {"@context": document["@context"], **annotation}


def test_the_collection(data, document):
    assert document["type"] == "AnnotationCollection"
    assert ANNO in document["@context"]
    assert document["cl:offsetUnit"] == "unicode_code_point"
    assert "Unicode code points" in document["label"]
    assert document["first"]["type"] == "AnnotationPage"
    assert document["first"]["startIndex"] == 0
    assert document["total"] == len(items(document)) == 8 + 3


def test_every_annotation_passes_the_w3c_must_assertions(document, must_validators):
    assert len(must_validators) == 14
    for annotation in items(document):
        for validator in must_validators:
            errors = [e.message for e in validator.iter_errors(standalone(document, annotation))]
            assert errors == [], (annotation["id"], validator.schema["id"])


def test_the_assertions_do_reject_a_broken_annotation(document, must_validators):
    broken = standalone(document, items(document)[0]) | {"bodyValue": "x"}
    del broken["target"]
    failing = [v.schema["id"] for v in must_validators if not v.is_valid(broken)]
    assert failing == [
        "3.1-targetKeyFound.json",
        "3.2.5-notBodyBodyValue.json",
    ]


def test_bodies_and_targets_pass_the_suite_definitions(document, registry):
    def check(definition: str) -> Draft4Validator:
        return Draft4Validator(
            {"$ref": f"bodyTarget.json#/definitions/{definition}"}, registry=registry
        )

    purpose = check("optionalBodyPurposePropertyShould")
    should = check("optionalBodyPropertiesShould")
    must = check("optionalBodyPropertiesMust")
    # Only the MUSTs for targets: the suite's SHOULD on target types lists the classes of
    # external resources, and a SpecificResource is typed SpecificResource as the model says.
    target = check("optionalTargetPropertiesMust")
    claims = [a for a in items(document) if a["motivation"] == "classifying"]
    for annotation in claims:
        for each in annotation["body"]:
            assert purpose.is_valid(each), each
            assert should.is_valid(each), each
            assert must.is_valid(each), each
        assert target.is_valid(annotation["target"]), annotation["target"]


def test_dates_are_date_times(document):
    for annotation in items(document):
        for key in ("created", "modified"):
            assert datetime.fromisoformat(annotation[key]).tzinfo is not None


def test_selectors_slice_the_article_text(data, document):
    texts = {
        f"urn:claimlens:article:{a.pk}": a.text
        for a in (data.articles.emoji, data.articles.plain, data.articles.old)
    }
    claims = [a for a in items(document) if a["motivation"] == "classifying"]
    assert len(claims) == 8
    for annotation in claims:
        target = annotation["target"]
        position, quote = target["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        text = texts[target["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_claim_annotation_bodies(data, document):
    said = next(
        a for a in items(document) if a["id"] == f"urn:claimlens:claim:{data.claims.said.pk}"
    )
    assert said["creator"] == {"type": "Person", "nickname": "ben"}
    position, quote = said["target"]["selector"]
    assert (position["start"], position["end"]) == (164, 205)
    assert quote["exact"] == EMOJI_TEXT[164:205]
    claim_type, kim, kcna = said["body"]
    assert claim_type == {
        "type": "TextualBody",
        "purpose": "classifying",
        "value": "quote",
        "cl:field": "claim_type",
    }
    assert kim["purpose"] == kcna["purpose"] == "tagging"
    assert kim["value"] == "Kim Jong-un (official_person, direct_quote)"
    assert kcna["cl:sourceKind"] == "state_media"
    assert kcna["cl:cueExact"] == "Nach Angaben der Nachrichtenagentur KCNA"
    meeting = next(
        a for a in items(document) if a["id"] == f"urn:claimlens:claim:{data.claims.meeting.pk}"
    )
    when = meeting["body"][1]
    assert (when["purpose"], when["value"], when["cl:whenSource"]) == (
        "describing",
        "2024-09-13",
        "typed",
    )


def test_links_are_linking_annotations_between_claim_annotations(data, document):
    links = [a for a in items(document) if a["motivation"] == "linking"]
    ids = {a["id"] for a in items(document)}
    assert [link["id"] for link in links] == [
        f"urn:claimlens:link:{data.links.across.pk}",
        f"urn:claimlens:link:{data.links.inside.pk}",
        f"urn:claimlens:link:{data.links.troops.pk}",
    ]
    for link in links:
        assert set(link["target"]) <= ids
        assert link["cl:from"] == link["target"][0]
        assert link["cl:to"] == link["target"][1]
    assert links[0]["body"] == {
        "type": "TextualBody",
        "purpose": "tagging",
        "value": "same_event",
        "cl:field": "relation",
    }


def _offline_loader(url, options=None):
    if url.rstrip("/") not in (ANNO, ANNO.replace("http:", "https:")):
        raise AssertionError(f"the test tried to load {url}")
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((HERE / "anno.jsonld").read_text()),
    }


def test_the_document_expands_as_web_annotation_json_ld(data, document):
    expanded = jsonld.expand(document, {"documentLoader": _offline_loader})
    (collection,) = expanded
    assert collection["@type"] == [f"{AS}OrderedCollection"]
    assert collection[f"{AS}totalItems"][0]["@value"] == 11
    page = collection[f"{AS}first"][0]
    annotations = page[f"{AS}items"][0]["@list"]
    assert len(annotations) == 11
    first = annotations[0]
    assert first["@id"] == f"urn:claimlens:claim:{data.claims.meeting.pk}"
    assert first["@type"] == [f"{OA}Annotation"]
    assert first[f"{OA}motivatedBy"] == [{"@id": f"{OA}classifying"}]
    target = first[f"{OA}hasTarget"][0]
    assert target["@type"] == [f"{OA}SpecificResource"]
    assert target[f"{OA}hasSource"] == [{"@id": f"urn:claimlens:article:{data.articles.emoji.pk}"}]
    selectors = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
    assert set(selectors) == {f"{OA}TextPositionSelector", f"{OA}TextQuoteSelector"}
    assert selectors[f"{OA}TextPositionSelector"][f"{OA}start"][0]["@value"] == 0
    assert selectors[f"{OA}TextQuoteSelector"][f"{OA}exact"][0]["@value"].startswith("Kim")
    body = first[f"{OA}hasBody"][0]
    assert body[f"{OA}hasPurpose"] == [{"@id": f"{OA}classifying"}]
    assert body["urn:claimlens:vocab:field"] == [{"@value": "claim_type"}]
    link = annotations[8]
    assert link[f"{OA}motivatedBy"] == [{"@id": f"{OA}linking"}]
    assert {t["@id"] for t in link[f"{OA}hasTarget"]} == {
        f"urn:claimlens:claim:{data.claims.meeting.pk}",
        f"urn:claimlens:claim:{data.claims.talks.pk}",
    }
