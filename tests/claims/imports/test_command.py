"""manage.py import_dataset: a progress bar on stderr, the report on stdout, refusals as errors."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import connections

from claims.models import Article, Claim
from tests.claims.imports.helpers import TEXT_A, article, claim, dataset, jsonl, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def canonical_path(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes(
        jsonl(dataset(), article(1, TEXT_A), claim(2, 1, TEXT_A, "so Putin", annotator="otto"))
    )
    return path


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dataset", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_import_as_a_manager_prints_the_report(project, manager, canonical_path):
    out, err = command(project.slug, "--format", "jsonl", canonical_path, "--as", "mona")
    assert out == (
        f"Imported into “Kim and Shoigu” ({project.slug}): 1 article, 1 claim, 0 attributions, "
        "0 links, 0 new entities, 0 new labels.\n"
        "  - 1 claim by 'otto' (not a member) recorded as yours\n"
    )
    assert "items" in err  # the progress bar
    assert Claim.objects.get().created_by == manager


def test_the_status_option_applies_to_claims_that_carry_none(project, manager, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_bytes(jsonl({"text": "Kim traf Putin.", "label": [[0, 3, "role"]]}))
    command(project.slug, "--format", "doccano", path, "--as", "mona", "--status", "accepted")
    assert Claim.objects.get().status == "accepted"


def test_the_system_imports_texts_without_a_user(project, tmp_path):
    (tmp_path / "a.txt").write_text("Kim in Pjöngjang\nText.")
    (tmp_path / "b.txt").write_text("Putin in Moskau\nText.")
    out, _ = command(project.slug, "--format", "txt", tmp_path / "a.txt", tmp_path / "b.txt")
    assert out.startswith(f"Imported into “Kim and Shoigu” ({project.slug}): 2 articles, 0 claims")
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Kim in Pjöngjang",
        "Putin in Moskau",
    ]


def test_a_refused_file_is_a_command_error_naming_the_line(project, manager, tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_bytes(jsonl(dataset()) + b"{oops}\n")
    with pytest.raises(CommandError, match=r"^claims.jsonl, line 2: invalid JSON at column 2"):
        command(project.slug, "--format", "jsonl", path, "--as", "mona")


def test_a_refusal_exits_non_zero_and_writes_nothing(
    project, manager, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes the connections when it ends, the test's own among them.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "claims.jsonl"
    path.write_bytes(jsonl(dataset(), article(1, "Kim\x07")))
    before = snapshot()
    utility = ManagementUtility(
        [
            "manage.py",
            "import_dataset",
            project.slug,
            "--format",
            "jsonl",
            str(path),
            "--as",
            "mona",
        ]
    )
    with pytest.raises(SystemExit) as exit_:
        utility.execute()
    assert exit_.value.code == 1
    assert "claims.jsonl, line 2: the text contains a control character, U+0007" in (
        capsys.readouterr().err
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nowhere", "--format", "txt", "a.txt"), r"There is no project “nowhere”\."),
        (("{slug}", "--format", "txt", "a.txt", "--as", "nobody"), r"There is no user “nobody”\."),
        (
            ("{slug}", "--format", "txt", "a.txt", "--as", "anna"),
            r"anna is not a manager of “Kim and Shoigu”; only managers import\.",
        ),
        (("{slug}", "--format", "txt", "/nonexistent/a.txt"), r"/nonexistent/a.txt: No such file"),
    ],
)
def test_what_the_command_cannot_start_with_is_an_error(project, args, message):
    args = [arg.replace("{slug}", project.slug) for arg in args]
    with pytest.raises(CommandError, match=message):
        command(*args)
