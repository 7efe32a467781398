"""The demo project: the five seed articles, known entities and, for development, demo accounts.

Loading twice changes nothing: every step looks for what it would create first.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, Entity, Project, Role
from claims.services.articles import article_import, entity_create
from claims.services.base import text_sha256
from claims.services.projects import membership_set, project_create
from claims.services.workflow import assignment_create

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
DEMO_PROJECT = {"slug": "kim-shoigu-putin", "name": "Kim, Shoigu and Putin meetings"}
DEMO_ACCOUNTS = [
    ("anna", Role.ANNOTATOR),
    ("ben", Role.ANNOTATOR),
    ("rita", Role.REVIEWER),
    ("mona", Role.MANAGER),
    ("admin", None),
]


@dataclass
class SeedReport:
    project: Project
    created: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def demo_password(username: str) -> str:
    """Stable for one installation (derived from its SECRET_KEY), so it can be printed again."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo:{username}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode()[:16].lower()


@transaction.atomic
def seeds_load(*, directory: Path = SEEDS_DIR, demo_accounts: bool) -> SeedReport:
    project = Project.objects.filter(slug=DEMO_PROJECT["slug"]).first()
    report = SeedReport(project=project)
    if project is None:
        report.project = project_create(**DEMO_PROJECT, actor=None)
        report.created.append(f"project {DEMO_PROJECT['slug']}")
    _load_articles(report, directory)
    _load_entities(report, directory)
    if demo_accounts:
        _load_accounts(report)
    return report


def _load_articles(report: SeedReport, directory: Path) -> None:
    metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    for item in metadata["articles"]:
        text = (directory / item["file"]).read_bytes().decode("utf-8")
        existing = Article.objects.filter(project=report.project, external_id=item["file"]).first()
        if existing is not None:
            if existing.text_sha256 != text_sha256(text):
                raise ValidationError(
                    f"The seed {item['file']} differs from the article loaded from it before; "
                    "seed texts never change once loaded."
                )
            continue
        article_import(
            project=report.project,
            external_id=item["file"],
            title=item["title"],
            text=text,
            outlet=item["outlet"],
            published=date.fromisoformat(item["published"]),
            language=metadata.get("language", "de"),
            actor=None,
            metadata={"published_basis": item["published_basis"]},
        )
        report.created.append(f"article {item['file']}")


def _load_entities(report: SeedReport, directory: Path) -> None:
    listing = json.loads((directory / "entities.json").read_text(encoding="utf-8"))
    known = set(Entity.objects.filter(project=report.project).values_list("name", flat=True))
    for item in listing["entities"]:
        if item["name"] not in known:
            entity_create(project=report.project, actor=None, **item)
            report.created.append(f"entity {item['name']}")


def _load_accounts(report: SeedReport) -> None:
    users = get_user_model()
    articles = list(report.project.articles.order_by("external_id"))
    for username, role in DEMO_ACCOUNTS:
        password = demo_password(username)
        user = users.objects.filter(username=username).first()
        if user is None:
            # reviewers and managers also work in the admin, scoped to their projects
            user = users.objects.create_user(
                username=username,
                password=password,
                is_staff=role in (None, Role.REVIEWER, Role.MANAGER),
                is_superuser=role is None,
            )
            report.created.append(f"account {username}")
        shown = password if user.check_password(password) else "(changed since; not shown)"
        report.accounts.append((username, role or "superuser", shown))
        if role is not None:
            membership_set(project=report.project, user=user, role=role, actor=None)
        if role == Role.ANNOTATOR:
            for article in articles:
                assignment_create(article=article, annotator=user, actor=None)
