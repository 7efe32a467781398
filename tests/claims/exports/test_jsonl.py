"""Canonical JSONL: every line and field as docs/formats.md lists them, and the filters."""

from datetime import UTC, datetime

from claims.exports import selection_for
from tests.claims.exports.conftest import EMOJI_TEXT, OLD_TEXT, export, jsonl
from tests.factories import ARTICLE_TEXT

ARTICLE_KEYS = [
    "type",
    "id",
    "external_id",
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "text",
    "text_sha256",
    "metadata",
]
CLAIM_KEYS = [
    "type",
    "id",
    "article",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "claim_type",
    "when",
    "when_source",
    "participants",
    "place",
    "polarity",
    "modality",
    "note",
    "status",
    "annotator",
    "created_at",
    "updated_at",
    "attributions",
]
ATTRIBUTION_KEYS = [
    "id",
    "parent",
    "source",
    "source_kind",
    "form",
    "stance",
    "cue_start",
    "cue_end",
    "cue_quote",
]
LINK_KEYS = [
    "type",
    "id",
    "from_claim",
    "to_claim",
    "relation",
    "note",
    "status",
    "annotator",
    "created_at",
    "updated_at",
]


def of_type(lines, kind):
    return [line for line in lines if line["type"] == kind]


def test_lines_come_in_the_documented_order(data):
    lines = jsonl(data.project)
    types = [line["type"] for line in lines]
    a, c = data.articles, data.claims
    assert types == (
        ["dataset"]
        + ["entity"] * 4
        + ["article", "claim", "claim", "claim", "claim", "claim"]
        + ["article", "claim", "claim"]
        + ["article", "claim"]
        + ["article"]
        + ["link"] * 3
    )
    order = [(line["type"], line["id"]) for line in lines[5:]]
    assert order == [
        ("article", a.emoji.pk),
        # Text order: start, then the longer first (meeting contains date), then id.
        ("claim", c.meeting.pk),
        ("claim", c.date.pk),
        ("claim", c.family.pk),
        ("claim", c.said.pk),
        ("claim", c.troops.pk),
        ("article", a.plain.pk),
        ("claim", c.talks.pk),
        ("claim", c.treaty.pk),
        ("article", a.old.pk),
        ("claim", c.minister.pk),
        ("article", a.empty.pk),
        ("link", data.links.across.pk),
        ("link", data.links.inside.pk),
        ("link", data.links.troops.pk),
    ]


def test_the_file_is_utf8_lines_without_bom_and_keeps_text_as_stored(data):
    raw = export(data.project, "jsonl")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in raw.replace(b"\\r\\n", b"")  # CRLF in the text is escaped JSON
    assert "👨\u200d👩\u200d👧\u200d👦".encode() in raw  # written as UTF-8, not \u escapes
    texts = [line["text"] for line in of_type(jsonl(data.project), "article")]
    assert texts == [EMOJI_TEXT, ARTICLE_TEXT, OLD_TEXT, "Nichts Neues."]


def test_dataset_line(data, settings):
    dataset = jsonl(data.project)[0]
    assert list(dataset) == [
        "type",
        "format",
        "format_version",
        "offset_unit",
        "project",
        "labels",
        "filters",
        "exported_at",
    ]
    assert dataset["format"] == "claimlens-jsonl"
    assert dataset["format_version"] == 1
    assert dataset["offset_unit"] == "unicode_code_point"
    assert dataset["project"] == {
        "name": "Kim and Shoigu",
        "slug": data.project.slug,
        "description": "",
        "guidelines": "",
    }
    assert dataset["filters"] == {
        "status": ["accepted"],
        "annotator": [],
        "claim_type": [],
        "published_from": None,
        "published_to": None,
    }
    assert len(dataset["labels"]) == 22
    assert dataset["labels"][0] == {
        "kind": "claim_type",
        "value": "date",
        "name": "Date",
        "description": "An event dated, or a date asserted.",
        "color": "#0072b2",
        "hotkey": "1",
        "symmetric": False,
        "hidden": False,
        "position": 0,
    }
    exported = datetime.strptime(dataset["exported_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(exported.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds() < 60


def test_entity_lines(data):
    entities = of_type(jsonl(data.project), "entity")
    e = data.entities
    assert entities[0] == {
        "type": "entity",
        "id": e.kcna.pk,
        "kind": "agency",
        "name": "KCNA",
        "aliases": ["Korean Central News Agency"],
        "description": "",
    }
    assert [x["id"] for x in entities] == [e.kcna.pk, e.kim.pk, e.shoigu.pk, e.pyongyang.pk]


def test_article_line_has_every_field(data):
    plain = of_type(jsonl(data.project), "article")[1]
    article = data.articles.plain
    assert list(plain) == ARTICLE_KEYS
    assert plain == {
        "type": "article",
        "id": article.pk,
        "external_id": "000_4a0a1ee8b9589300",
        "title": "Vertrag",
        "outlet": "RT DE",
        "url": "https://example.org/vertrag",
        "published": "2024-06-20",
        "language": "de",
        "text": ARTICLE_TEXT,
        "text_sha256": article.text_sha256,
        "metadata": {"basis": "inferred", "pages": [1, 2]},
    }
    assert of_type(jsonl(data.project), "article")[3]["published"] is None


def test_claim_line_has_every_field(data):
    lines = {(x["type"], x.get("id")): x for x in jsonl(data.project)}
    claim = data.claims.meeting
    meeting = lines["claim", claim.pk]
    assert list(meeting) == CLAIM_KEYS
    quote = (
        "Kim Jong-un und Sergei Schoigu trafen sich am 13.\u00a0September 2024 in Pjo\u0308ngjang"
    )
    assert meeting | {"created_at": None, "updated_at": None, "attributions": None} == {
        "type": "claim",
        "id": claim.pk,
        "article": data.articles.emoji.pk,
        "start": 0,
        "end": len(quote),
        "quote": quote,
        "prefix": "",
        "suffix": EMOJI_TEXT[len(quote) : len(quote) + 32],
        "claim_type": "meeting",
        "when": "2024-09-13",
        "when_source": "typed",
        "participants": [data.entities.kim.pk, data.entities.shoigu.pk],
        "place": data.entities.pyongyang.pk,
        "polarity": "positive",
        "modality": "actual",
        "note": "",
        "status": "accepted",
        "annotator": "anna",
        "created_at": None,
        "updated_at": None,
        "attributions": None,
    }
    assert meeting["created_at"] == claim.created_at.astimezone(UTC).isoformat().replace(
        "+00:00", "Z"
    )
    assert meeting["updated_at"].endswith("Z")
    assert [list(a) for a in meeting["attributions"]] == [ATTRIBUTION_KEYS]


def test_claim_offsets_are_code_points_and_slice_the_text(data):
    lines = jsonl(data.project)
    texts = {x["id"]: x["text"] for x in of_type(lines, "article")}
    for claim in of_type(lines, "claim"):
        text = texts[claim["article"]]
        assert text[claim["start"] : claim["end"]] == claim["quote"]
        assert text[: claim["start"]].endswith(claim["prefix"])
        assert text[claim["end"] :].startswith(claim["suffix"])
    said = next(x for x in of_type(lines, "claim") if x["id"] == data.claims.said.pk)
    # 👨‍👩‍👧‍👦 is 7 code points and 🇩🇪 2 before the quote; in UTF-16 they would be 11 and 4.
    assert (said["start"], said["end"]) == (164, 205)


def test_attributions_keep_chain_sources_and_cues(data):
    lines = {(x["type"], x.get("id")): x for x in jsonl(data.project)}
    said = lines["claim", data.claims.said.pk]
    kim, kcna = said["attributions"]
    assert kim == {
        "id": kim["id"],
        "parent": None,
        "source": data.entities.kim.pk,
        "source_kind": "official_person",
        "form": "direct_quote",
        "stance": "neutral",
        "cue_start": EMOJI_TEXT.index("sagte Kim"),
        "cue_end": EMOJI_TEXT.index("sagte Kim") + len("sagte Kim"),
        "cue_quote": "sagte Kim",
    }
    assert kcna["parent"] == kim["id"]
    assert kcna["source"] == data.entities.kcna.pk
    assert EMOJI_TEXT[kcna["cue_start"] : kcna["cue_end"]] == kcna["cue_quote"]
    meeting = lines["claim", data.claims.meeting.pk]
    assert meeting["attributions"][0]["source"] is None
    assert meeting["attributions"][0]["cue_start"] is None
    assert meeting["attributions"][0]["cue_quote"] == ""


def test_link_line_has_every_field(data):
    link = data.links.across
    line = of_type(jsonl(data.project), "link")[0]
    assert list(line) == LINK_KEYS
    assert line | {"created_at": None, "updated_at": None} == {
        "type": "link",
        "id": link.pk,
        "from_claim": data.claims.meeting.pk,
        "to_claim": data.claims.talks.pk,
        "relation": "same_event",
        "note": "Beide: 13. September",
        "status": "accepted",
        "annotator": "rita",
        "created_at": None,
        "updated_at": None,
    }


def test_gold_is_the_default(data):
    statuses = {x["status"] for x in jsonl(data.project) if x["type"] in ("claim", "link")}
    assert statuses == {"accepted"}


def test_status_filter_and_links_need_both_claims(data):
    lines = jsonl(data.project, status=["accepted", "submitted"])
    c, ln = data.claims, data.links
    claims = {x["id"] for x in of_type(lines, "claim")}
    assert claims == {
        c.meeting.pk,
        c.date.pk,
        c.family.pk,
        c.said.pk,
        c.troops.pk,
        c.formula.pk,
        c.talks.pk,
        c.treaty.pk,
        c.pending.pk,
        c.minister.pk,
    }
    # said→formula is accepted; it comes once formula (submitted) is selected too.
    assert [x["id"] for x in of_type(lines, "link")] == [
        ln.across.pk,
        ln.inside.pk,
        ln.half.pk,
        ln.troops.pk,
    ]
    assert lines[0]["filters"]["status"] == ["accepted", "submitted"]


def test_a_link_in_another_status_needs_that_status_too(data):
    drafts = jsonl(data.project, status=["draft"])
    assert [x["id"] for x in of_type(drafts, "claim")] == [data.claims.draft.pk]
    assert of_type(drafts, "link") == []  # treaty→minister is a draft, its claims are gold
    both = jsonl(data.project, status=["accepted", "draft"])
    assert data.links.draft.pk in {x["id"] for x in of_type(both, "link")}


def test_annotator_filter(data):
    lines = jsonl(data.project, annotator=["ben"])
    c = data.claims
    assert [x["id"] for x in of_type(lines, "claim")] == [c.said.pk, c.troops.pk, c.treaty.pk]
    assert {x["annotator"] for x in of_type(lines, "claim")} == {"ben"}
    assert of_type(lines, "link") == []  # every gold link has one end by anna
    assert len(of_type(lines, "article")) == 4  # the corpus stays whole


def test_claim_type_filter(data):
    lines = jsonl(data.project, claim_type=["meeting", "date"])
    c = data.claims
    assert [x["id"] for x in of_type(lines, "claim")] == [c.meeting.pk, c.date.pk, c.talks.pk]
    assert [x["id"] for x in of_type(lines, "link")] == [
        data.links.across.pk,
        data.links.inside.pk,
    ]


def test_date_range_filter(data):
    from datetime import date

    lines = jsonl(data.project, published_from=date(2024, 6, 20), published_to=date(2024, 6, 20))
    assert [x["id"] for x in of_type(lines, "article")] == [data.articles.plain.pk]
    assert [x["id"] for x in of_type(lines, "claim")] == [
        data.claims.talks.pk,
        data.claims.treaty.pk,
    ]
    assert of_type(lines, "link") == []  # the other ends are in articles outside the range
    assert lines[0]["filters"]["published_from"] == "2024-06-20"
    since = jsonl(data.project, published_from=date(2024, 1, 1))
    articles = [x["id"] for x in of_type(since, "article")]
    assert articles == [data.articles.emoji.pk, data.articles.plain.pk]  # undated one is out


def test_an_annotator_may_export_gold(data, annotator):
    selection = selection_for(project=data.project, actor=annotator, annotator=["anna"])
    assert selection.filters.status == ("accepted",)
    assert selection.counts()["claims"] == 5
