"""Plain text: one article per file, metadata from metadata.json or a sidecar, or a .zip of them."""

import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from claims.imports import import_dataset
from claims.models import Article
from tests.claims.imports.helpers import refused

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR) / "seeds"


def run(project, actor, files):
    return import_dataset(project=project, actor=actor, format="txt", files=files)


def seed_files() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in sorted(SEEDS.iterdir())]


def zipped(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, raw in files:
            archive.writestr(name, raw)
    return buffer.getvalue()


def test_the_seed_folder_imports_with_its_metadata_json(project, manager):
    files = [(n, raw) for n, raw in seed_files() if n != "entities.json"]
    report = run(project, manager, files)
    assert (report.articles, report.claims, report.entities, report.labels) == (5, 0, 0, 0)
    listing = json.loads((SEEDS / "metadata.json").read_text())
    first = Article.objects.get(project=project, external_id="000_4a0a1ee8b9589300")
    entry = listing["articles"][0]
    assert first.text == (SEEDS / entry["file"]).read_bytes().decode("utf-8")
    assert (first.title, first.outlet) == (entry["title"], entry["outlet"])
    assert first.published == datetime.date.fromisoformat(entry["published"])
    assert first.language == "de"
    assert first.metadata == {"published_basis": entry["published_basis"]}
    assert first.created_by == manager


def test_a_zip_of_texts_and_sidecars_reads_like_the_files(project, manager):
    files = [
        ("folder/kim.txt", b"Kim trifft Schoigu\n\nText."),
        (
            "folder/kim.json",
            json.dumps({"title": "Kim", "outlet": "dpa", "rubric": "Welt"}).encode(),
        ),
        ("__MACOSX/folder/._kim.txt", b"\x00\x05junk"),
        ("folder/.DS_Store", b"\x00"),
    ]
    report = run(project, manager, [("upload.zip", zipped(files))])
    assert report.articles == 1
    article = Article.objects.get(project=project)
    assert (article.title, article.outlet, article.external_id) == ("Kim", "dpa", "kim")
    assert article.metadata == {"rubric": "Welt"}
    assert article.text == "Kim trifft Schoigu\n\nText."


def test_without_metadata_the_first_line_is_the_title_and_the_stem_the_external_id(
    project, manager
):
    run(project, manager, [("a-01.txt", "\n\n  Kim in Pjöngjang  \nText folgt.".encode())])
    article = Article.objects.get(project=project)
    assert (article.title, article.external_id) == ("Kim in Pjöngjang", "a-01")
    assert article.text == "\n\n  Kim in Pjöngjang  \nText folgt."


def test_a_title_too_long_for_the_field_is_cut_with_an_ellipsis(project, manager):
    run(project, manager, [("long.txt", ("Wort " * 200).encode())])
    title = Article.objects.get().title
    assert len(title) == 500
    assert title.endswith("…")


def test_crlf_line_ends_are_kept_and_reported(project, manager):
    files = [("a.txt", b"Titel\r\nZeile\r\n"), ("b.txt", b"Titel\r\nZeile"), ("c.txt", b"Nur LF\n")]
    report = run(project, manager, files)
    assert Article.objects.get(external_id="a").text == "Titel\r\nZeile\r\n"
    assert report.notes == ["kept CRLF line ends in 2 articles"]


def test_files_without_metadata_and_listed_files_not_given_are_reported(project, manager):
    listing = {"articles": [{"file": "a.txt", "title": "A"}, {"file": "gone.txt", "title": "G"}]}
    files = [("metadata.json", json.dumps(listing).encode()), ("a.txt", b"x"), ("b.txt", b"y")]
    report = run(project, manager, files)
    assert report.notes == [
        "1 file without metadata (b.txt): titled by their first line",
        "metadata.json lists files not given: gone.txt",
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("a.txt", b"")], r"a.txt: the file is empty\.$"),
        ([("a.txt", b"\xef\xbb\xbf")], r"a.txt: the file is empty\.$"),
        ([("a.txt", b" \n\t\r\n")], r"a.txt: the file holds no text\."),
        (
            [("a.txt", b"eins\nzwei\x07drei")],
            r"a.txt, line 2: the text contains a control character, U\+0007, at character 9 ",
        ),
        (
            [("a.txt", b"eins\r\n\x00")],
            r"a.txt, line 2: the text contains a NUL character, U\+0000, at character 6 ",
        ),
        (
            [("a.txt", b"ok\nK\xf6ln")],
            r"a.txt, line 2: not UTF-8: the byte 0xf6 at byte offset 4 \(invalid start byte\)\.",
        ),
        (
            [("a.txt", "Köln".encode("utf-16"))],
            r"a.txt, line 1: not UTF-8: the byte 0xff at byte offset 0 .* It starts with a UTF-16 "
            r"byte-order mark: save it as UTF-8\.",
        ),
        (
            [("a.txt", b"x"), ("metadata.json", b'{"articles": [{"file": "a.txt",}]}')],
            r"metadata.json, line 1: invalid JSON at column 32",
        ),
        (
            [("a.txt", b"x"), ("metadata.json", b'{"articles": [{"title": "A"}]}')],
            r"metadata.json, article 1: the entry has no “file”\.",
        ),
        (
            [("a.txt", b"x"), ("metadata.json", b'{"articles": {}}')],
            r"metadata.json: “articles” must be a list, not an object\.",
        ),
        (
            [
                ("a.txt", b"x"),
                ("metadata.json", b'{"articles": [{"file": "a.txt", "published": "13.9."}]}'),
            ],
            r"metadata.json, article 1: published: “13.9.” value has an invalid date format",
        ),
        (
            [("a.txt", b"x"), ("a.json", b'["A"]')],
            r"a.json: expected a JSON object, found a list\.",
        ),
        ([("a.txt", b"x"), ("b.json", b"{}")], r"b.json: no b.txt beside it\."),
        ([("a.txt", b"x"), ("notes.md", b"x")], r"notes.md: only .txt files, JSON metadata"),
        ([("a.txt", b"x"), ("sub/a.txt", b"y")], r"sub/a.txt: two files are named a.txt\."),
        ([("a.zip", b"PK no zip")], r"a.zip: not a zip file\."),
        ([("a.json", b"{}")], r"the upload: there is no .txt file in it\."),
    ],
)
def test_a_bad_upload_is_refused_naming_file_and_line(project, manager, files, message):
    with refused(message):
        run(project, manager, files)


def test_an_external_id_the_project_has_is_refused(project, manager):
    run(project, manager, [("a.txt", b"Erster")])
    with refused(r"a.txt: the project already has an article with the external id “a”"):
        run(project, manager, [("b.txt", b"Zweiter"), ("a.txt", b"Dritter")])
    assert Article.objects.filter(project=project).count() == 1
