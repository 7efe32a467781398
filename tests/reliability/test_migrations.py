"""A brand-new database of the kind the suite runs on (SQLite or PostgreSQL) migrates from
nothing to every migration, and the models have no change that lacks a migration: what CI runs,
as CI runs it (`manage.py` in a process of its own)."""

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
APPLIED = "SELECT app, name FROM django_migrations"


@dataclass
class Database:
    url: str
    applied: Callable[[], set[tuple[str, str]]]


def manage(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "fresh.sqlite3"

    def applied() -> set[tuple[str, str]]:
        with sqlite3.connect(path) as db:
            return set(db.execute(APPLIED).fetchall())

    yield Database(url=f"sqlite:///{path}", applied=applied)


def postgresql_database() -> Iterator[Database]:
    """A new database on the suite's server, dropped afterwards."""
    server = connection.settings_dict
    login = {
        "host": server["HOST"] or "localhost",
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "password": server["PASSWORD"] or None,
    }
    name = f"claimlens_fresh_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **login) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def applied() -> set[tuple[str, str]]:
        with psycopg.connect(dbname=name, **login) as db:
            return set(db.execute(APPLIED).fetchall())

    password = f":{quote(login['password'], safe='')}" if login["password"] else ""
    user = quote(login["user"], safe="")
    try:
        yield Database(
            url=f"postgres://{user}{password}@{login['host']}:{login['port']}/{name}",
            applied=applied,
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **login) as admin:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


@pytest.fixture
def empty_database(tmp_path) -> Iterator[Database]:
    if connection.vendor == "postgresql":
        yield from postgresql_database()
    else:
        yield from sqlite_database(tmp_path)


def test_an_empty_database_migrates_to_every_migration_and_the_models_need_none_more(
    empty_database,
):
    migrate = manage("migrate", "--noinput", url=empty_database.url)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    every = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    assert ("claims", "0001_initial") in every
    assert empty_database.applied() == every

    check = manage("makemigrations", "--check", "--dry-run", url=empty_database.url)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No changes detected" in check.stdout
