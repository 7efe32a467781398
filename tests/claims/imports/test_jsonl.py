"""Canonical JSONL: read back lossless, or refused as a whole naming the line."""

import datetime

import pytest

from claims.imports import import_dataset
from claims.models import Article, Attribution, Claim, Entity, Label, Link, Status
from tests.claims.imports.helpers import (
    TEXT_A,
    TEXT_B,
    article,
    claim,
    dataset,
    jsonl,
    link,
    refused,
)

pytestmark = pytest.mark.django_db


def run(project, actor, raw: bytes, name: str = "claims.jsonl", **options):
    return import_dataset(
        project=project, actor=actor, format="jsonl", files=[(name, raw)], **options
    )


@pytest.fixture
def imported(project, manager, known_entities, canonical):
    return run(project, manager, jsonl(*canonical))


def test_the_report_counts_what_was_written_and_explains_the_choices(imported):
    assert (imported.articles, imported.claims, imported.attributions) == (2, 3, 3)
    assert (imported.links, imported.entities, imported.labels) == (2, 2, 2)
    assert imported.notes == [
        "the link_relation “cites” was created without its hotkey a, which “agrees” has",
        "1 claim by 'otto' (not a member) recorded as yours",
        "1 link by 'otto' (not a member) recorded as yours",
        "2 entities matched to the project's by kind and name or alias",
    ]


def test_articles_keep_their_fields_and_text_exactly(imported, project, manager):
    first, second = Article.objects.filter(project=project).order_by("external_id")
    assert (first.external_id, first.title, first.outlet) == ("ext-3", "Artikel 3", "RT DE")
    assert first.published == datetime.date(2024, 9, 14)
    assert first.text == TEXT_A
    assert second.text == TEXT_B
    assert second.metadata == {"section": "Welt"}
    assert first.created_by == manager
    assert first.history.get().history_user == manager


def test_claims_keep_span_type_date_status_and_member_annotators(
    imported, project, manager, annotator, annotator_b
):
    meeting, treaty, sanction = (
        Claim.objects.filter(article__project=project)
        .select_related("claim_type", "created_by")
        .order_by("article__external_id", "start")
    )
    assert TEXT_A[meeting.start : meeting.end] == meeting.quote
    assert meeting.quote.startswith("Kim Jong-un und Sergei Schoigu")
    assert (meeting.claim_type.value, meeting.when, meeting.when_source) == (
        "meeting",
        "2024-09-13",
        "typed",
    )
    assert (meeting.status, meeting.created_by) == (Status.ACCEPTED, annotator)
    assert (treaty.status, treaty.created_by) == (Status.SUBMITTED, manager)
    assert (treaty.polarity, treaty.modality, treaty.note) == ("negative", "hedged", "Datum unklar")
    assert (treaty.when, treaty.when_source) == ("2024-06", "suggested")
    # Code points: the flags before it and the no-break space inside count one each.
    assert (treaty.start, treaty.end) == (TEXT_A.index("Der Vertrag"), TEXT_A.index(", so"))
    assert sanction.quote == "traf Schoigu am 13.\u00a0September 2024 Kim Jong-un in 𝔸 Pjöngjang"
    assert TEXT_B[sanction.start : sanction.end] == sanction.quote
    assert sanction.prefix == TEXT_B[max(0, sanction.start - 32) : sanction.start]
    assert sanction.suffix == "."
    assert sanction.text_sha256 == sanction.article.text_sha256
    assert (sanction.claim_type.value, sanction.created_by) == ("sanction", annotator_b)
    assert meeting.history.get().history_user == manager


def test_participants_are_matched_entities_named_once_with_history(imported, known_entities):
    kim = known_entities[0]
    meeting = Claim.objects.get(claim_type__value="meeting")
    assert list(meeting.participants.all()) == [kim]
    sanction = Claim.objects.get(claim_type__value="sanction")
    assert list(sanction.participants.all()) == [kim]
    record = meeting.history.get()
    assert [row.entity_id for row in record.participants.all()] == [kim.pk]


def test_entities_are_matched_by_name_or_alias_else_created(imported, project, known_entities):
    assert Entity.objects.filter(project=project).count() == 4
    kcna = Entity.objects.get(project=project, name="KCNA")
    assert (kcna.kind, kcna.aliases, kcna.description) == (
        "agency",
        ["Nachrichtenagentur KCNA"],
        "Nordkoreas Agentur",
    )
    assert not Entity.objects.filter(name="RIA Novosti").exists()
    assert kcna.history.count() == 1


def test_attributions_keep_their_chain_cues_and_sources(imported, known_entities):
    putin = Attribution.objects.get(claim__claim_type__value="treaty_term")
    assert (putin.source, putin.source_kind.value, putin.form) == (
        None,
        "official_person",
        "indirect",
    )
    assert TEXT_A[putin.cue_start : putin.cue_end] == putin.cue_quote == "so Putin"
    assert putin.cue_suffix == "."
    press, ria = Attribution.objects.filter(claim__claim_type__value="sanction").order_by("id")
    assert press.source.name == "Pressedienst des Sicherheitsrats"
    assert (press.parent, press.cue_start, press.cue_quote) == (None, None, "")
    assert ria.parent == press
    assert ria.source == known_entities[1]
    assert (ria.source_kind.value, ria.stance, ria.cue_quote) == (
        "state_media",
        "distancing",
        "Laut RIA Nowosti",
    )
    assert ria.created_by.username == "ben"
    assert putin.created_by.username == "mona"


def test_links_join_the_new_claims_with_relation_status_and_annotator(imported, manager):
    same, contra = Link.objects.select_related("from_claim", "to_claim").order_by("id")
    assert (same.from_claim.claim_type.value, same.to_claim.claim_type.value) == (
        "meeting",
        "sanction",
    )
    assert (same.relation.value, same.status, same.created_by.username) == (
        "same_event",
        "accepted",
        "anna",
    )
    assert (contra.relation.value, contra.status, contra.note) == (
        "contradicts",
        "submitted",
        "Jahr?",
    )
    assert contra.created_by == manager
    assert contra.history.get().history_user == manager


def test_labels_missing_from_the_project_are_created_as_listed(imported, project):
    sanction = Label.objects.get(project=project, value="sanction")
    assert (sanction.kind, sanction.name, sanction.color, sanction.hotkey) == (
        "claim_type",
        "Sanction",
        "#123456",
        "9",
    )
    assert sanction.description == "A measure against someone."
    cites = Label.objects.get(project=project, value="cites")
    assert (cites.kind, cites.hotkey) == ("link_relation", "")
    # Listed and already there: left as the project has it.
    assert Label.objects.get(project=project, value="meeting").hotkey == "2"


def test_crlf_between_records_is_read_and_text_inside_strings_is_kept(project, manager):
    text = "Zeile eins\r\nZeile zwei\u2028mit Trenner\n"
    raw = jsonl(dataset(), article(1, text), claim(2, 1, text, "Zeile zwei"), end="\r\n")
    report = run(project, manager, raw)
    assert report.claims == 1
    assert Article.objects.get(project=project).text == text


def test_a_status_missing_from_a_claim_is_the_imports(project, manager, canonical):
    records = [dataset(), article(1, TEXT_A), claim(2, 1, TEXT_A, "so Putin")]
    del records[2]["status"]
    run(project, manager, jsonl(*records), status=Status.DRAFT)
    assert Claim.objects.get().status == Status.DRAFT


def test_blank_lines_are_skipped_and_count_in_line_numbers(project, manager):
    raw = b"\n" + jsonl(dataset()) + b"\n" + jsonl({"type": "entity", "id": 1})
    with refused(r"claims.jsonl, line 4: the entity has no “kind”\."):
        run(project, manager, raw)


LINES = [dataset(), article(1, TEXT_A), claim(2, 1, TEXT_A, "so Putin")]


def replace(index: int, **changes) -> bytes:
    records = [dict(record) for record in LINES]
    records[index].update(changes)
    return jsonl(*records)


def without(index: int, key: str) -> bytes:
    records = [dict(record) for record in LINES]
    del records[index][key]
    return jsonl(*records)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            jsonl(dataset()) + b'{"type": "article", "id": 1,\n',
            r"claims.jsonl, line 2: invalid JSON at column 29: Expecting property name",
        ),
        (
            jsonl(dataset()) + b"[1, 2]\n",
            r"claims.jsonl, line 2: expected a JSON object, found a list",
        ),
        (without(2, "quote"), r"claims.jsonl, line 3: the claim has no “quote”\."),
        (without(1, "text"), r"claims.jsonl, line 2: the article has no “text”\."),
        (
            replace(2, start="7"),
            r"claims.jsonl, line 3: “start” must be a whole number, not text \(a string\)\.",
        ),
        (
            replace(2, start=True),
            r"claims.jsonl, line 3: “start” must be a whole number, not true or false\.",
        ),
        (
            replace(2, end=10**6),
            r"claims.jsonl, line 3: The claim's span \[\d+, 1000000\) is not inside the article",
        ),
        (
            replace(2, quote="so Merz"),
            r"claims.jsonl, line 3: the claim's quote is not text\[\d+:\d+\]: the article has "
            r"“so Putin” there, the file has “so Merz”\.",
        ),
        (
            replace(2, claim_type="rumour"),
            r"claims.jsonl, line 3: “rumour” is not a claim type of Kim and Shoigu; known: date, "
            r"meeting, treaty_term, quote, role, military_support, figure, statement\.",
        ),
        (
            replace(2, article=9),
            r"claims.jsonl, line 3: “article” names article 9, which no earlier",
        ),
        (replace(2, place=7), r"claims.jsonl, line 3: “place” names entity 7, which no earlier"),
        (
            replace(2, participants=[1]),
            r"claims.jsonl, line 3: “participants” names entity 1, which no earlier line",
        ),
        (replace(2, status="gold"), r"claims.jsonl, line 3: status: Value 'gold' is not a valid"),
        (
            replace(2, when="Juni 2024", when_source="typed"),
            r"claims.jsonl, line 3: when: “Juni 2024” is not a date",
        ),
        (replace(2, when="2024"), r"claims.jsonl, line 3: when_source: Say whether the date was"),
        (
            replace(1, text="Kim\x00Putin"),
            r"claims.jsonl, line 2: the text contains a NUL character, U\+0000, at character 3 ",
        ),
        (
            replace(1, text="Kim \x07 Putin"),
            r"claims.jsonl, line 2: the text contains a control character, U\+0007, at character 4",
        ),
        (replace(1, text=" \n "), r"claims.jsonl, line 2: text: The article has no text\."),
        (
            replace(1, text_sha256="0" * 64),
            r"claims.jsonl, line 2: “text_sha256” does not match the text",
        ),
        (
            replace(1, published="14.09.2024"),
            r"claims.jsonl, line 2: published: “14.09.2024” value",
        ),
        (
            replace(0, format_version=2),
            r"claims.jsonl, line 1: “format_version” is 2; this import reads 1",
        ),
        (
            replace(0, offset_unit="utf16_code_unit"),
            r"claims.jsonl, line 1: offsets in “utf16_code_unit” cannot be read",
        ),
        (replace(1, type="dataset"), r"claims.jsonl, line 2: a second “dataset” line"),
        (
            replace(1, type="review"),
            r"claims.jsonl, line 2: unknown type “review”; known: dataset, entity",
        ),
        (
            jsonl(*LINES[1:]),
            r"claims.jsonl, line 1: the file must start with its “dataset” line, not a “article”",
        ),
        (b"", r"claims.jsonl: the file is empty\.$"),
        (b"\n\r\n  \n", r"claims.jsonl: the file is empty: it holds no JSON lines\."),
    ],
)
def test_a_malformed_file_is_refused_at_its_line_and_nothing_is_written(
    project, manager, raw, message
):
    with refused(message):
        run(project, manager, raw)


def test_a_null_in_a_column_that_takes_none_is_refused_by_name_not_by_the_database(
    project, manager
):
    labels = [{"kind": "claim_type", "value": "rumour", "name": "Gerücht", "description": None}]
    with refused(
        r"claims.jsonl, line 1, label 1: “description” cannot be null: leave it out or give a "
        r"value\."
    ):
        run(project, manager, jsonl(dataset(labels), article(1, TEXT_A)))


def test_a_cue_that_is_not_the_text_is_refused(project, manager):
    records = [dict(r) for r in LINES]
    records[2]["attributions"] = [
        {"id": 1, "source_kind": "generic", "cue_start": 0, "cue_end": 3, "cue_quote": "Kom"}
    ]
    with refused(
        r"claims.jsonl, line 3, attribution 1: the cue's quote is not text\[0:3\]: the article "
        r"has “Kim” there, the file has “Kom”"
    ):
        run(project, manager, jsonl(*records))


@pytest.mark.parametrize(
    ("attributions", "message"),
    [
        (
            [{"id": 1, "source_kind": "generic", "parent": 2}, {"id": 2, "source_kind": "generic"}],
            r"claims.jsonl, line 3, attribution 1: “parent” 2 is not an attribution listed before",
        ),
        (
            [{"id": 1, "source_kind": "generic"}, {"id": 1, "source_kind": "generic"}],
            r"claims.jsonl, line 3, attribution 2: the attribution id 1 comes twice",
        ),
        (
            [{"id": 1, "source_kind": "rumour"}],
            r"claims.jsonl, line 3, attribution 1: “rumour” is not a source kind of Kim and "
            r"Shoigu; known: state_media",
        ),
        ([{"id": 1}], r"claims.jsonl, line 3, attribution 1: the attribution has no “source_kind”"),
        (
            [{"id": 1, "source_kind": "generic", "source": 4}],
            r"claims.jsonl, line 3, attribution 1: “source” names entity 4, which no earlier line",
        ),
        (
            [{"id": 1, "source_kind": "generic", "form": "shouted"}],
            r"claims.jsonl, line 3, attribution 1: form: Value 'shouted' is not a valid choice",
        ),
        (["so Putin"], r"claims.jsonl, line 3, attribution 1: expected a JSON object, found text"),
    ],
)
def test_a_bad_attribution_is_refused_naming_line_and_attribution(
    project, manager, attributions, message
):
    records = [dict(r) for r in LINES]
    records[2]["attributions"] = attributions
    with refused(message):
        run(project, manager, jsonl(*records))


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ([link(1, 2, 2)], r"claims.jsonl, line 5: A claim cannot be linked to itself\."),
        (
            [link(1, 2, 3), link(2, 3, 2)],
            r"claims.jsonl, line 6: These two claims are already linked as “agrees” \(in either",
        ),
        (
            [link(1, 2, 3, "refines"), link(2, 2, 3, "refines")],
            r"claims.jsonl, line 6: These two claims are already linked as “refines”\.$",
        ),
        ([link(1, 2, 9)], r"claims.jsonl, line 5: “to_claim” names claim 9, which no earlier"),
        ([link(1, 2, 3, "cites")], r"claims.jsonl, line 5: “cites” is not a link relation of"),
        (
            [link(1, 2, 3), link(1, 3, 2, "refines")],
            r"claims.jsonl, line 6: the link id 1 was defined on an earlier line\.",
        ),
    ],
)
def test_a_bad_link_is_refused_naming_its_line(project, manager, links, message):
    records = [*LINES, claim(3, 1, TEXT_A, "Der Vertrag"), *links]
    with refused(message):
        run(project, manager, jsonl(*records))


def test_an_external_id_the_project_has_is_refused_naming_it(project, manager):
    run(project, manager, jsonl(dataset(), article(1, TEXT_A)))
    with refused(
        r"claims.jsonl, line 2: the project already has an article with the external id “ext-1”"
    ):
        run(project, manager, jsonl(dataset(), article(1, TEXT_B)))


def test_an_external_id_twice_in_the_file_is_refused(project, manager):
    raw = jsonl(dataset(), article(1, TEXT_A), article(2, TEXT_B, external_id="ext-1"))
    with refused(r"claims.jsonl, line 3: the project already has an article with the external id"):
        run(project, manager, raw)


def test_an_entity_name_the_project_gives_another_kind_is_refused(project, manager, known_entities):
    raw = jsonl(dataset(), {"type": "entity", "id": 1, "kind": "place", "name": "Kim Jong-un"})
    with refused(
        r"claims.jsonl, line 2: the project has an entity named “Kim Jong-un” of the kind person, "
        r"not place"
    ):
        run(project, manager, raw)


def test_an_unknown_label_kind_in_the_dataset_line_is_refused(project, manager):
    raw = jsonl(dataset(labels=[{"kind": "mood", "value": "happy"}]))
    with refused(
        r"claims.jsonl, line 1, label 1: “mood” is not a kind of label; known: claim_type"
    ):
        run(project, manager, raw)


def test_a_bad_new_label_is_refused(project, manager):
    raw = jsonl(dataset(labels=[{"kind": "claim_type", "value": "x", "color": "red"}]))
    with refused(r"claims.jsonl, line 1, label 1: color: Use a colour like #1f77b4\."):
        run(project, manager, raw)


def test_a_system_import_of_claims_without_member_annotators_is_refused(project):
    records = [dict(r) for r in LINES]
    records[2]["annotator"] = "otto"
    with refused(r"claims.jsonl, line 3: these claims need a user to be recorded as"):
        run(project, None, jsonl(*records))


def test_a_system_import_keeps_member_annotators(project, annotator):
    report = run(project, None, jsonl(*LINES))
    assert report.notes == []
    claim_ = Claim.objects.get()
    assert claim_.created_by == annotator
    assert claim_.history.get().history_user is None
