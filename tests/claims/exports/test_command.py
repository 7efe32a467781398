"""manage.py export_dataset: files, card, progress on stderr only, and clear errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims import exports
from tests.claims.exports.conftest import unzip


def command(*args, stdout=None) -> str:
    err = io.StringIO()
    call_command("export_dataset", *args, stdout=stdout or io.StringIO(), stderr=err)
    return err.getvalue()


def test_writes_the_file_and_its_card(data, tmp_path):
    output = tmp_path / "gold.jsonl"
    err = command(data.project.slug, "--format", "jsonl", "--output", str(output))
    lines = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert lines[0]["type"] == "dataset"
    assert sum(line["type"] == "claim" for line in lines) == 8
    card = (tmp_path / "gold.jsonl.card.md").read_text("utf-8")
    assert card.startswith("# Kim and Shoigu: Claimlens dataset")
    assert "| claims | 8 |" in card
    assert "4/4" in err  # the progress bar reached every article
    assert f"Wrote {output} and {output}.card.md." in err


def test_filters_reach_the_selection(data, tmp_path):
    output = tmp_path / "wide.jsonl"
    command(
        data.project.slug,
        "--output",
        str(output),
        "--status",
        "accepted",
        "--status",
        "submitted",
        "--annotator",
        "anna",
        "--claim-type",
        "statement",
        "--published-from",
        "2024-01-01",
        "--quiet",
    )
    lines = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    claims = [line["id"] for line in lines if line["type"] == "claim"]
    assert claims == [data.claims.family.pk, data.claims.formula.pk]
    assert lines[0]["filters"]["published_from"] == "2024-01-01"


def test_a_zip_format_has_its_card_inside(data, tmp_path):
    output = tmp_path / "gold.zip"
    err = command(data.project.slug, "--format", "huggingface", "--output", str(output), "--quiet")
    assert "README.md" in unzip(output.read_bytes())
    assert not (tmp_path / "gold.zip.card.md").exists()
    assert "it/s" not in err and "4/4" not in err  # --quiet: no bar


def test_stdout_gets_the_data_and_nothing_else(data):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = command(data.project.slug, "--format", "doccano", "--output", "-", stdout=stdout)
    stdout.flush()
    raw = stdout.buffer.getvalue()
    tasks = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert len(tasks) == 4
    assert "\r" not in raw.decode("utf-8").replace("\\r", "")  # no bar redraws in the data
    assert err == ""


def test_unknown_project(data, tmp_path):
    with pytest.raises(CommandError, match=f"No project “nope”; known: .*{data.project.slug}"):
        command("nope", "--output", str(tmp_path / "x.jsonl"))


def test_unknown_format(data, tmp_path):
    with pytest.raises(CommandError, match="Unknown format “xml”; known: jsonl, csv, w3c, brat"):
        command(data.project.slug, "--format", "xml", "--output", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_an_output_in_a_missing_folder_is_refused_by_name(data, tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CommandError, match=f"There is no folder {missing} to write x.jsonl into"):
        command(data.project.slug, "--output", str(missing / "x.jsonl"))
    assert not missing.exists()


def test_refused_filters(data, tmp_path):
    with pytest.raises(CommandError, match="Unknown status “gold”; known: draft, submitted"):
        command(data.project.slug, "--status", "gold", "--output", str(tmp_path / "x.jsonl"))
    with pytest.raises(CommandError, match="is not a date"):
        command(data.project.slug, "--published-to", "19.6.2024", "--output", "-")


def test_a_failed_export_leaves_no_file(data, tmp_path, monkeypatch):
    def broken(selection, progress):
        yield b"{}\n"
        raise RuntimeError("database went away")

    monkeypatch.setitem(exports._STREAMS, "jsonl", broken)
    with pytest.raises(RuntimeError, match="database went away"):
        command(data.project.slug, "--output", str(tmp_path / "gold.jsonl"), "--quiet")
    assert list(tmp_path.iterdir()) == []
