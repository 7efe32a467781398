import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from claims.models import Article, Assignment, Entity, Label, Membership, Project
from claims.services.seeds import SEEDS_DIR, demo_password

SHARED_SEEDS = json.loads((SEEDS_DIR / "metadata.json").read_text(encoding="utf-8"))


def snapshot() -> dict[str, list]:
    """Every row of every model of ours (history included), as plain values."""
    rows = {}
    for model in apps.get_app_config("claims").get_models():
        rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    rows["users"] = sorted(get_user_model().objects.values_list("username", "password"))
    return rows


@pytest.mark.django_db
def test_loading_the_seeds_twice_leaves_exactly_the_same_rows(settings):
    settings.DEBUG = True
    call_command("load_seeds", stdout=StringIO())
    first = snapshot()
    output = StringIO()
    call_command("load_seeds", stdout=output)
    assert snapshot() == first
    assert "nothing new" in output.getvalue()


@pytest.mark.django_db
def test_seed_articles_are_stored_byte_for_byte_with_their_metadata(settings):
    settings.DEBUG = False
    call_command("load_seeds", stdout=StringIO())
    project = Project.objects.get(slug="kim-shoigu-putin")
    assert project.articles.count() == 5
    for item in SHARED_SEEDS["articles"]:
        raw = (SEEDS_DIR / item["file"]).read_bytes()
        article = Article.objects.get(project=project, external_id=item["file"])
        assert article.text_sha256 == hashlib.sha256(raw).hexdigest()
        assert article.text.encode("utf-8") == raw
        assert (article.title, article.outlet, article.published.isoformat()) == (
            item["title"],
            item["outlet"],
            item["published"],
        )
    assert "\u00a0" in Article.objects.get(external_id="000_4a0a1ee8b9589300.txt").text


@pytest.mark.django_db
def test_the_demo_project_gets_the_default_schema_and_known_entities(settings):
    settings.DEBUG = False
    call_command("load_seeds", stdout=StringIO())
    project = Project.objects.get(slug="kim-shoigu-putin")
    assert Label.objects.filter(project=project).count() == 22
    shoigu = Entity.objects.get(project=project, name="Sergei Schoigu")
    assert {"Shoigu", "Sergej Schoigu"} <= set(shoigu.aliases)


@pytest.mark.django_db
def test_without_debug_no_demo_accounts_are_made(settings):
    settings.DEBUG = False
    output = StringIO()
    call_command("load_seeds", stdout=output)
    assert get_user_model().objects.count() == 0
    assert Membership.objects.count() == 0
    assert "no demo accounts" in output.getvalue()


@pytest.mark.django_db
def test_with_debug_demo_accounts_are_made_and_their_printed_passwords_work(settings):
    settings.DEBUG = True
    output = StringIO()
    call_command("load_seeds", stdout=output)
    printed = output.getvalue()
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"anna": "annotator", "ben": "annotator", "rita": "reviewer", "mona": "manager"}
    for username in ["anna", "ben", "rita", "mona", "admin"]:
        password = demo_password(username)
        assert f"password: {password}" in printed
        # The login throttle's backend needs the request a log-in comes with.
        request = RequestFactory().post("/accounts/login/")
        assert authenticate(request, username=username, password=password) is not None
    assert get_user_model().objects.get(username="admin").is_superuser
    assert Assignment.objects.filter(annotator__username="anna").count() == 5


@pytest.mark.django_db
def test_a_seed_file_that_changed_after_loading_is_refused_and_nothing_is_written(
    settings, tmp_path: Path
):
    settings.DEBUG = False
    call_command("load_seeds", stdout=StringIO())
    for path in SEEDS_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    changed = tmp_path / "000_4a0a1ee8b9589300.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + " Nachtrag.", encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match=r"000_4a0a1ee8b9589300\.txt differs"):
        call_command("load_seeds", "--directory", str(tmp_path), stdout=StringIO())
    assert snapshot() == before
