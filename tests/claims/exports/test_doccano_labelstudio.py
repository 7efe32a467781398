"""doccano JSONL and Label Studio JSON: their shapes, and spans that slice the text."""

import json

from tests.claims.exports.conftest import EMOJI_TEXT, export


def test_doccano_shape_and_spans(data):
    lines = export(data.project, "doccano").decode().split("\n")
    assert lines[-1] == ""
    tasks = [json.loads(line) for line in lines[:-1]]
    assert len(tasks) == 4
    first = tasks[0]
    assert list(first) == ["text", "label", "meta"]
    assert first["text"] == EMOJI_TEXT
    c = data.claims
    assert first["label"] == [
        [c.meeting.start, c.meeting.end, "meeting"],
        [c.date.start, c.date.end, "date"],
        [c.family.start, c.family.end, "statement"],
        [164, 205, "quote"],
        [c.troops.start, c.troops.end, "figure"],
    ]
    assert first["meta"]["offset_unit"] == "unicode_code_point"
    assert first["meta"]["article_id"] == data.articles.emoji.pk
    assert [x["id"] for x in first["meta"]["claims"]] == [
        c.meeting.pk,
        c.date.pk,
        c.family.pk,
        c.said.pk,
        c.troops.pk,
    ]
    for task in tasks:
        quotes = [task["text"][s:e] for s, e, _ in task["label"]]
        assert all(quotes)
    assert tasks[3]["label"] == []


def test_labelstudio_shape_and_spans(data):
    tasks = json.loads(export(data.project, "labelstudio"))
    assert isinstance(tasks, list) and len(tasks) == 4
    first = tasks[0]
    assert first["data"]["text"] == EMOJI_TEXT
    assert first["data"]["meta"]["offset_unit"] == "unicode_code_point"
    (annotation,) = first["annotations"]
    region = annotation["result"][3]
    assert region == {
        "id": f"claim-{data.claims.said.pk}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": 164,
            "end": 205,
            "text": '„Russland, unser Freund, "hilft"\r\nimmer.“',
            "labels": ["quote"],
        },
    }
    for task in tasks:
        for result in task["annotations"][0]["result"]:
            value = result["value"]
            assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
    assert tasks[3]["annotations"] == [{"result": []}]
