"""Label Studio JSON: tasks with `labels` results; predictions and other results left out."""

import json

import pytest

from claims.imports import import_dataset
from claims.models import Article, Claim, Status
from tests.claims.imports.helpers import TEXT_A, TEXT_B, refused, span

pytestmark = pytest.mark.django_db


def run(project, actor, tasks, **options):
    raw = tasks if isinstance(tasks, bytes) else json.dumps(tasks, ensure_ascii=False).encode()
    return import_dataset(
        project=project, actor=actor, format="labelstudio", files=[("export.json", raw)], **options
    )


def result(text: str, quote: str, *labels: str, kind: str = "labels", with_text=True) -> dict:
    found = span(text, quote)
    value = {"start": found["start"], "end": found["end"], "labels": list(labels)}
    if with_text:
        value["text"] = quote
    return {"id": "r1", "from_name": "label", "to_name": "text", "type": kind, "value": value}


def task(text: str, *results: dict, **data) -> dict:
    return {
        "id": 101,
        "data": {"text": text, **data},
        "annotations": [{"id": 1, "completed_by": 4, "result": list(results)}],
        "predictions": [],
    }


def test_labels_results_become_claims_with_the_imports_status(project, manager):
    tasks = [
        task(
            TEXT_A,
            result(TEXT_A, "Juni\u00a02024", "date"),
            result(TEXT_A, "so Putin", "quote", "statement"),
            title="Kim trifft Schoigu",
            meta={"outlet": "RT DE", "batch": 3},
        ),
        task(TEXT_B, result(TEXT_B, "𝔸 Pjöngjang", "statement", with_text=False)),
    ]
    report = run(project, manager, tasks, status=Status.ACCEPTED)
    assert (report.articles, report.claims, report.notes) == (2, 4, [])
    first = Article.objects.get(text=TEXT_A)
    assert (first.title, first.outlet, first.metadata) == (
        "Kim trifft Schoigu",
        "RT DE",
        {"batch": 3},
    )
    assert Article.objects.get(text=TEXT_B).title == TEXT_B
    claims = Claim.objects.order_by("article__id", "start", "claim_type__value")
    assert [(c.quote, c.claim_type.value) for c in claims] == [
        ("Juni\u00a02024", "date"),
        ("so Putin", "quote"),
        ("so Putin", "statement"),
        ("𝔸 Pjöngjang", "statement"),
    ]
    last = claims.last()
    assert (last.start, last.end) == (TEXT_B.index("𝔸"), len(TEXT_B) - 1)
    assert {(c.status, c.created_by) for c in claims} == {(Status.ACCEPTED, manager)}


def test_predictions_cancelled_annotations_and_other_results_are_left_out_and_counted(
    project, manager
):
    one = task(TEXT_A, result(TEXT_A, "so Putin", "quote"))
    one["predictions"] = [{"result": [result(TEXT_A, "Kim", "role")]}]
    one["annotations"].append(
        {"was_cancelled": True, "result": [result(TEXT_A, "Kim Jong-un", "role")]}
    )
    one["annotations"][0]["result"].append({"type": "choices", "value": {"choices": ["ok"]}})
    report = run(project, manager, [one])
    assert report.claims == 1
    assert report.notes == [
        "1 “choices” result left out",
        "1 cancelled annotation left out",
        "1 prediction left out",
    ]


def test_exports_before_label_studio_1_name_annotations_completions(project, manager):
    old = task("Kim traf Putin.", result("Kim traf Putin.", "Putin", "role"))
    old["completions"] = old.pop("annotations")
    assert run(project, manager, [old]).claims == 1


def test_utf16_offsets_are_refused_with_the_reason(project, manager):
    # After the flags and the handshake (5 code points, 10 UTF-16 code units), UTF-16 offsets
    # run 5 ahead.
    start = TEXT_A.index("Der Vertrag")
    value = {"start": start + 5, "end": start + 16, "text": "Der Vertrag", "labels": ["date"]}
    tasks = [
        {
            "data": {"text": TEXT_A},
            "annotations": [{"result": [{"type": "labels", "value": value}]}],
        }
    ]
    with refused(
        rf"export.json, task 1, annotation 1, result 1: the span's text is not "
        rf"text\[{start + 5}:{start + 16}\] but text\[{start}:{start + 11}\]: these offsets count "
        r"UTF-16 code units"
    ):
        run(project, manager, tasks)


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        (b"", r"export.json: the file is empty\.$"),
        (b"[]", r"export.json: the file is empty: its list holds no tasks\."),
        (
            b'{"data": {}}',
            r"export.json: a Label Studio export is a JSON list of tasks, not an object\.",
        ),
        (
            b'[{"data": {"text": "Kim"}},\n {"data": }]',
            r"export.json, line 2: invalid JSON at column 11",
        ),
        ([{"id": 9, "text": "Kim"}], r"export.json, task 1 \(id 9\): the task has no “data”\."),
        ([{"data": {"title": "Kim"}}], r"export.json, task 1: the task's data has no “text”\."),
        (
            [{"data": {"text": ["Kim"]}}],
            r"export.json, task 1: “text” must be text \(a string\), not a list",
        ),
        (
            [task("Kim traf Putin.", result("Kim traf Putin.", "Putin", "rumour"))],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: “rumour” is not a claim type "
            r"of Kim and Shoigu; known: date, meeting",
        ),
        (
            [task("Kim traf Putin.", result("Kim traf Putin.", "Putin"))],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: the span has no label\.",
        ),
        (
            [
                task(
                    "Kim traf Putin.",
                    {
                        "type": "labels",
                        "value": {"start": 0, "end": 3, "text": "Kom", "labels": ["role"]},
                    },
                )
            ],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: the span's quote is not "
            r"text\[0:3\]: the article has “Kim” there, the file has “Kom”\.",
        ),
        (
            [
                task(
                    "Kim traf Putin.",
                    {"type": "labels", "value": {"start": 0, "end": 99, "labels": ["role"]}},
                )
            ],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: The claim's span "
            r"\[0, 99\) is not inside the article",
        ),
        (
            [
                task(
                    "Kim",
                    {"type": "labels", "value": {"start": "/p[1]", "end": 3, "labels": ["role"]}},
                )
            ],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: “start” must be a whole "
            r"number",
        ),
        (
            [task("Kim", {"value": {}})],
            r"export.json, task 1 \(id 101\), annotation 1, result 1: the result has no “type”\.",
        ),
        (
            [{"data": {"text": "Kim"}, "annotations": [{"id": 1}]}],
            r"export.json, task 1, annotation 1: the annotation has no “result”\.",
        ),
        (
            [{"data": {"text": "K\x00m"}}],
            r"export.json, task 1: the text contains a NUL character, U\+0000, at character 1 ",
        ),
    ],
)
def test_a_bad_export_is_refused_naming_the_task_and_nothing_is_written(
    project, manager, tasks, message
):
    with refused(message):
        run(project, manager, tasks)


def test_a_duplicate_external_id_is_refused_naming_the_task(project, manager):
    tasks = [
        {"data": {"text": "A", "external_id": "x"}},
        {"data": {"text": "B", "meta": {"external_id": "x"}}},
    ]
    with refused(
        r"export.json, task 2: the project already has an article with the external id “x”"
    ):
        run(project, manager, tasks)
