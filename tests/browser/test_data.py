"""Datasets in and out, in Chromium: an upload with its report, a download with its progress."""

import json

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Project
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCCANO = (
    '{"text": "Kim traf Schoigu 🇰🇵 in Pjöngjang.", "label": [[0, 16, "meeting"]]}\n'
    '{"text": "Putin kam am 19. Juni.", "label": [[0, 9, "statement"]]}\n'
)


def test_a_manager_imports_a_doccano_file_then_downloads_the_dataset(
    live_server, page, seeded, tmp_path
):
    project = Project.objects.get()
    upload = tmp_path / "team.jsonl"
    upload.write_text(DOCCANO, encoding="utf-8")
    log_in(page, live_server, "mona")

    page.goto(f"{live_server.url}/projects/{project.slug}/import/")
    page.get_by_label("doccano JSONL").check()
    page.get_by_label("Files").set_input_files(str(upload))
    page.get_by_label("Claims from doccano and Label Studio are").select_option("accepted")
    page.get_by_role("button", name="Import").click()

    expect(page.locator("#import-result")).to_contain_text("Imported 2 articles, 2 claims")
    assert Claim.objects.get(quote="Kim traf Schoigu").status == "accepted"

    page.get_by_role("link", name="Export").click()
    expect(page.locator("#export-counts")).to_contain_text("2 claims")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download").click()
    download = waiting.value
    expect(page.locator("#export-progress .transfer-status")).to_contain_text("Done")
    lines = [json.loads(line) for line in download.path().read_text(encoding="utf-8").splitlines()]
    assert download.suggested_filename.endswith(".jsonl")
    assert sorted(r["quote"] for r in lines if r["type"] == "claim") == [
        "Kim traf Schoigu",
        "Putin kam",
    ]


def test_a_refused_import_names_the_line_and_imports_nothing(live_server, page, seeded, tmp_path):
    project = Project.objects.get()
    before = project.articles.count()
    upload = tmp_path / "broken.jsonl"
    upload.write_text(DOCCANO + '{"text": "x", "label": [[0, 5, "meeting"]]}\n', encoding="utf-8")
    log_in(page, live_server, "mona")

    page.goto(f"{live_server.url}/projects/{project.slug}/import/")
    page.get_by_label("doccano JSONL").check()
    page.get_by_label("Files").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()

    expect(page.locator("#import-result .error")).to_contain_text("line 3")
    expect(page.locator("#import-result .error")).to_contain_text("Nothing was imported")
    assert project.articles.count() == before
