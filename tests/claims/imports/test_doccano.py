"""doccano JSONL: spans in either of doccano's shapes, code point offsets, the import's status."""

import pytest

from claims.imports import import_dataset
from claims.models import Article, Claim, Status
from tests.claims.imports.helpers import TEXT_A, jsonl, refused, span

pytestmark = pytest.mark.django_db


def run(project, actor, raw: bytes, **options):
    return import_dataset(
        project=project, actor=actor, format="doccano", files=[("export.jsonl", raw)], **options
    )


def triple(text: str, quote: str, label: str) -> list:
    found = span(text, quote)
    return [found["start"], found["end"], label]


def test_label_triples_become_submitted_claims_of_the_importer(project, manager):
    line = {
        "id": 17,
        "text": TEXT_A,
        "label": [triple(TEXT_A, "Juni\u00a02024", "date"), triple(TEXT_A, "🤝", "meeting")],
        "meta": {"title": "Kim trifft Schoigu", "outlet": "RT DE", "source": "crawl-7"},
        "Comments": [],
    }
    report = run(project, manager, jsonl(line))
    assert (report.articles, report.claims, report.notes) == (1, 2, [])
    article = Article.objects.get(project=project)
    assert (article.title, article.outlet, article.external_id) == (
        "Kim trifft Schoigu",
        "RT DE",
        "",
    )
    assert article.metadata == {"id": 17, "Comments": [], "source": "crawl-7"}
    meeting, date = Claim.objects.order_by("start")
    assert (date.quote, date.claim_type.value) == ("Juni\u00a02024", "date")
    assert (meeting.quote, meeting.start, meeting.end) == (
        "🤝",
        TEXT_A.index("🤝"),
        TEXT_A.index("🤝") + 1,
    )
    assert {c.status for c in (date, meeting)} == {Status.SUBMITTED}
    assert {c.created_by for c in (date, meeting)} == {manager}


def test_the_labels_key_and_the_entities_shape_are_read_too(project, manager):
    by_labels = {"text": "Kim traf Putin.", "labels": [[0, 3, "role"]]}
    by_entities = {
        "id": 3,
        "text": "Putin traf Kim.",
        "entities": [{"id": 1, "start_offset": 11, "end_offset": 14, "label": "role"}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 1, "type": "x"}],
    }
    report = run(project, manager, jsonl(by_labels, by_entities), status=Status.ACCEPTED)
    assert report.notes == ["1 relation between spans left out"]
    assert sorted(Claim.objects.values_list("quote", "status")) == [
        ("Kim", "accepted"),
        ("Kim", "accepted"),
    ]
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Kim traf Putin.",
        "Putin traf Kim.",
    ]


def test_a_line_without_spans_is_an_article_alone(project, manager):
    report = run(project, manager, jsonl({"text": "Nur Text."}, {"text": "Mehr.", "label": []}))
    assert (report.articles, report.claims) == (2, 0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"label": []}, r"export.jsonl, line 1: the line has no “text”\."),
        (
            {"text": 5},
            r"export.jsonl, line 1: “text” must be text \(a string\), not a whole number",
        ),
        (
            {"text": "Kim", "label": [[0, 3, "rumour"]]},
            r"export.jsonl, line 1, span 1: “rumour” is not a claim type of Kim and Shoigu; known: "
            r"date, meeting, treaty_term, quote, role, military_support, figure, statement\.",
        ),
        (
            {"text": "Kim", "label": [[0, 4, "role"]]},
            r"export.jsonl, line 1, span 1: The claim's span \[0, 4\) is not inside the article, "
            r"which has 3 characters",
        ),
        (
            {"text": "Kim", "label": [[2, 2, "role"]]},
            r"export.jsonl, line 1, span 1: The claim's span \[2, 2\)",
        ),
        (
            {"text": "Kim", "label": ["positive"]},
            r"export.jsonl, line 1, span 1: a span is \[start, end, \"type\"\], not 'positive'\.",
        ),
        (
            {"text": "Kim", "label": [["0", 3, "role"]]},
            r"export.jsonl, line 1, span 1: “start” must be a whole number, not text",
        ),
        ({"text": "Kim", "label": {"0": "role"}}, r"export.jsonl, line 1: “label” must be a list"),
        (
            {"text": "Kim", "entities": [{"start_offset": 0, "label": "role"}]},
            r"export.jsonl, line 1, span 1: the span has no “end_offset”\.",
        ),
        (
            {"text": "Kim", "label": [], "entities": []},
            r"export.jsonl, line 1: spans come under one key, this line has label and entities\.",
        ),
        (
            {"text": "K\x1bm"},
            r"export.jsonl, line 1: the text contains a control character, U\+001B",
        ),
        (
            {"text": "Kim", "meta": {"published": "gestern"}},
            r"export.jsonl, line 1: published: “gestern” value has an invalid date format",
        ),
        ({"text": "Kim", "meta": "RT"}, r"export.jsonl, line 1: “meta” must be an object"),
        (
            {"text": "Kim", "meta": {"external_id": [1]}},
            r"export.jsonl, line 1: “external_id” must be text, not list: \[1\]\.",
        ),
        (
            {"text": "Kim", "meta": {"published": 5}},
            r"export.jsonl, line 1: “published” must be text, not int: 5\.",
        ),
    ],
)
def test_a_bad_line_is_refused_naming_line_and_span(project, manager, line, message):
    good = {"text": "Erste Zeile.", "label": [[0, 5, "statement"]]}
    # A good line first: the refusal names the bad one, and the good one is not written either.
    with refused(message.replace("line 1", "line 2")):
        run(project, manager, jsonl(good, line))


def test_a_null_article_field_in_meta_takes_the_default(project, manager):
    run(project, manager, jsonl({"text": "Kim", "meta": {"outlet": None, "url": None}}))
    article = Article.objects.get(project=project)
    assert (article.outlet, article.url, article.metadata) == ("", "", {})


def test_an_external_id_in_meta_that_the_project_has_is_refused(project, manager):
    run(project, manager, jsonl({"text": "A", "meta": {"external_id": 7}}))
    with refused(
        r"export.jsonl, line 1: the project already has an article with the external id “7”"
    ):
        run(project, manager, jsonl({"text": "B", "external_id": "7"}))


def test_invalid_json_is_refused_naming_the_line(project, manager):
    with refused(r"export.jsonl, line 2: invalid JSON at column 9: Expecting ':' delimiter\."):
        run(project, manager, jsonl({"text": "A"}) + b'{"text" "B"}\n')


def test_claims_by_the_system_are_refused_for_want_of_a_user(project):
    with refused(r"export.jsonl, line 1, span 1: these claims need a user to be recorded as"):
        run(project, None, jsonl({"text": "Kim", "label": [[0, 3, "role"]]}))


def test_articles_alone_may_be_imported_by_the_system(project):
    assert run(project, None, jsonl({"text": "Kim"})).articles == 1
    assert Article.objects.get().created_by is None
