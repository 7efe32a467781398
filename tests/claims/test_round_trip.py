"""Export, import into an empty project, export again: the same data, apart from ids and times."""

import json

import pytest

from claims import exports, imports, services
from claims.models import Claim, EntityKind
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_project

pytestmark = pytest.mark.django_db
EVERY_STATUS = ["draft", "submitted", "accepted", "rejected"]
EMOJI_TEXT = "👩‍👩‍👧 Familie 🇩🇪: Schoigu traf Kim am 13.\u00a0September in 𝔸-Stadt. Ende."
TIMES = {"created_at", "updated_at", "exported_at"}
REFERENCES = {
    "article": "article",
    "participants": "entity",
    "place": "entity",
    "source": "entity",
    "parent": "attribution",
    "from_claim": "claim",
    "to_claim": "claim",
}


@pytest.fixture
def rich(project, manager, annotator, annotator_b, reviewer):
    """Two articles (one with emoji, ZWJ, a flag, NBSP and 𝔸), sources in a chain, a place,
    participants, dates, every status, and links across the articles."""
    kcna = services.entity_create(
        project=project,
        kind=EntityKind.AGENCY,
        name="KCNA",
        aliases=["Nachrichtenagentur KCNA"],
        actor=None,
    )
    kim = services.entity_create(project=project, kind="person", name="Kim Jong-un", actor=None)
    city = services.entity_create(project=project, kind="place", name="Pjöngjang", actor=None)
    first = make_article(project, title="Erster", outlet="RT DE")
    second = make_article(project, text=EMOJI_TEXT, title="Zweiter 🇩🇪", outlet="ZDF")
    treaty = make_claim(
        first,
        annotator,
        "Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
        claim_type="treaty_term",
        when="2024-06",
        when_source="typed",
        participants=[kim],
        place=city,
        note='Notiz mit "Anführungszeichen"\nund Zeile',
    )
    cue = ARTICLE_TEXT.index("so Putin")
    outer = services.attribution_create(
        claim=treaty,
        actor=annotator,
        source=kcna,
        source_kind="state_media",
        form="indirect",
        cue_start=cue,
        cue_end=cue + 8,
        cue_quote="so Putin",
    )
    services.attribution_create(
        claim=treaty,
        actor=annotator,
        source_kind="official_person",
        parent=outer,
        stance="distancing",
    )
    meeting = make_claim(second, annotator_b, "Schoigu traf Kim", claim_type="meeting")
    family = make_claim(second, annotator, "👩‍👩‍👧 Familie 🇩🇪", claim_type="statement")
    services.link_create(from_claim=treaty, to_claim=meeting, relation="same_event", actor=reviewer)
    services.link_create(
        from_claim=family, to_claim=treaty, relation="discusses", note="🙂", actor=annotator
    )
    meeting.refresh_from_db()
    services.review_decide(
        target=meeting, decision="accept", actor=reviewer, version=meeting.version
    )
    family.refresh_from_db()
    services.review_decide(target=family, decision="reject", actor=reviewer, version=family.version)
    return project


def export_lines(project, key="jsonl") -> list[dict]:
    selection = exports.selection_for(project=project, actor=None, status=EVERY_STATUS)
    raw = b"".join(exports.export_stream(selection, key))
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def comparable(lines: list[dict]) -> list[dict]:
    """Ids become positions in the file, references follow them; times and names go."""
    order: dict[tuple[str, int], int] = {}
    for line in lines:
        for record in [line, *line.get("attributions", [])]:
            kind = record.get("type", "attribution")
            if "id" in record:
                order[(kind, record["id"])] = len([k for k in order if k[0] == kind])
    return [_plain(line, order) for line in lines]


def _plain(record: dict, order: dict) -> dict:
    plain = {}
    for field, value in record.items():
        if field in TIMES or field == "id":
            continue
        if field == "project":
            value = {k: v for k, v in value.items() if k not in {"name", "slug"}}
        elif field in REFERENCES and value is not None:
            kind = REFERENCES[field]
            value = (
                [order[(kind, v)] for v in value]
                if isinstance(value, list)
                else order[(kind, value)]
            )
        elif field == "attributions":
            value = [_plain(item, order) for item in value]
        plain[field] = value
    return plain


def test_canonical_jsonl_round_trips_through_an_empty_project(
    rich, manager, annotator, annotator_b, reviewer
):
    first = export_lines(rich)
    raw = "\n".join(json.dumps(line, ensure_ascii=False) for line in first).encode()
    empty = make_project(
        name="Leer", manager=manager, annotator=[annotator, annotator_b], reviewer=[reviewer]
    )

    report = imports.import_dataset(
        project=empty, actor=manager, format="jsonl", files=[("rich.jsonl", raw)]
    )
    again = export_lines(empty)

    assert (report.articles, report.claims, report.attributions, report.links) == (2, 3, 2, 2)
    assert comparable(again) == comparable(first)
    assert [line["type"] for line in again].count("claim") == 3


def test_the_round_trip_keeps_every_span_on_its_text(rich, manager, annotator, annotator_b):
    raw = b"\n".join(json.dumps(line, ensure_ascii=False).encode() for line in export_lines(rich))
    empty = make_project(name="Leer", manager=manager, annotator=[annotator, annotator_b])
    imports.import_dataset(project=empty, actor=manager, format="jsonl", files=[("d.jsonl", raw)])

    claims = Claim.objects.filter(article__project=empty).select_related("article")
    assert {claim.quote for claim in claims} == {
        "Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
        "Schoigu traf Kim",
        "👩‍👩‍👧 Familie 🇩🇪",
    }
    for claim in claims:
        assert claim.article.text[claim.start : claim.end] == claim.quote


@pytest.mark.parametrize(("key", "name"), [("doccano", "d.jsonl"), ("labelstudio", "ls.json")])
def test_doccano_and_label_studio_exports_import_back_with_the_same_spans(rich, manager, key, name):
    selection = exports.selection_for(project=rich, actor=None, status=EVERY_STATUS)
    raw = b"".join(exports.export_stream(selection, key))
    empty = make_project(name="Leer", manager=manager)

    imports.import_dataset(project=empty, actor=manager, format=key, files=[(name, raw)])

    def spans(project):
        return sorted(
            (claim.article.text, claim.start, claim.end, claim.quote, claim.claim_type.value)
            for claim in Claim.objects.filter(article__project=project).select_related(
                "article", "claim_type"
            )
        )

    assert spans(empty) == spans(rich)
