"""Hugging Face folder: three JSONL files pyarrow reads, and a card with YAML front matter."""

import io
import json

import pyarrow.json as pj

from claims.exports import selection_for
from tests.claims.exports.conftest import export, unzip


def table(files: dict[str, bytes], name: str):
    return pj.read_json(io.BytesIO(files[name]))


def test_files_and_row_counts_match_the_selection(data):
    files = unzip(export(data.project, "huggingface"))
    assert sorted(files) == ["README.md", "articles.jsonl", "claims.jsonl", "links.jsonl"]
    counts = selection_for(project=data.project, actor=None).counts()
    assert table(files, "articles.jsonl").num_rows == counts["articles"] == 4
    assert table(files, "claims.jsonl").num_rows == counts["claims"] == 8
    assert table(files, "links.jsonl").num_rows == counts["links"] == 3


def test_wider_selection_still_reads_as_one_schema(data):
    files = unzip(export(data.project, "huggingface", status=["accepted", "submitted", "draft"]))
    claims = table(files, "claims.jsonl")
    assert claims.num_rows == 11  # all but the rejected one
    assert table(files, "links.jsonl").num_rows == 5
    assert claims.schema.field("sources").type.value_type.get_field_index("cue_start") >= 0


def test_claim_rows_slice_their_article_text(data):
    files = unzip(export(data.project, "huggingface"))
    texts = {row["id"]: row["text"] for row in table(files, "articles.jsonl").to_pylist()}
    rows = table(files, "claims.jsonl").to_pylist()
    for row in rows:
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["quote"]
        assert row["offset_unit"] == "unicode_code_point"
    said = next(row for row in rows if row["id"] == data.claims.said.pk)
    assert [s["source"] for s in said["sources"]] == ["Kim Jong-un", "KCNA"]
    articles = table(files, "articles.jsonl").to_pylist()
    assert json.loads(articles[1]["metadata"]) == {"basis": "inferred", "pages": [1, 2]}


def test_readme_is_a_dataset_card_with_front_matter(data):
    readme = unzip(export(data.project, "huggingface"))["README.md"].decode()
    front, card = readme.split("\n---\n\n", 1)
    assert front.splitlines() == [
        "---",
        "language:",
        '- "de"',
        'license: "unknown"',
        'pretty_name: "Kim and Shoigu"',
        "task_categories:",
        "- token-classification",
        "configs:",
        "- config_name: claims",
        "  data_files: claims.jsonl",
        "  default: true",
        "- config_name: articles",
        "  data_files: articles.jsonl",
        "- config_name: links",
        "  data_files: links.jsonl",
    ]
    assert card.startswith("# Kim and Shoigu: Claimlens dataset\n")
    assert "| articles | 4 |" in card
    assert "| claims | 8 |" in card
    assert "| links | 3 |" in card
    assert "| meeting | 2 |" in card
    assert "unspecified — set by the project manager" in card
