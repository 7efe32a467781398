"""Settings from the environment: annotate/config.py, and annotate/settings.py refusing to start."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from annotate.config import database_from_url, env_bool, env_int, env_list, env_origins

PROJECT_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ_" * 2

# env_bool


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on ", "True"])
def test_env_bool_reads_yes_words_as_true(raw):
    assert env_bool("DEBUG", False, environ={"DEBUG": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "OFF"])
def test_env_bool_reads_no_words_as_false(raw):
    assert env_bool("DEBUG", True, environ={"DEBUG": raw}) is False


@pytest.mark.parametrize("environ", [{}, {"DEBUG": ""}, {"DEBUG": "  "}])
def test_env_bool_unset_or_blank_gives_the_default(environ):
    assert env_bool("DEBUG", True, environ=environ) is True
    assert env_bool("DEBUG", False, environ=environ) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "ja", "y"])
def test_env_bool_refuses_other_words_naming_the_variable_and_the_value(raw):
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_bool("SECURE_COOKIES", True, environ={"SECURE_COOKIES": raw})

    message = str(refusal.value)
    assert message.startswith(f"SECURE_COOKIES={raw!r} is not a yes/no value")
    assert "'true'" in message
    assert "'false'" in message


# env_int


def test_env_int_reads_a_whole_number():
    assert env_int("CONN_MAX_AGE", 60, environ={"CONN_MAX_AGE": " 0 "}) == 0
    assert env_int("CONN_MAX_AGE", 60, environ={"CONN_MAX_AGE": "600"}) == 600


def test_env_int_unset_gives_the_default():
    assert env_int("CONN_MAX_AGE", 60, environ={}) == 60


@pytest.mark.parametrize("raw", ["sixty", "1.5", "1e3", "60s"])
def test_env_int_refuses_what_is_not_a_whole_number_naming_the_variable(raw):
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_int("CONN_MAX_AGE", 60, environ={"CONN_MAX_AGE": raw})

    assert str(refusal.value) == f"CONN_MAX_AGE={raw!r} is not a whole number."


def test_env_int_refuses_a_negative_number_naming_the_variable():
    with pytest.raises(ImproperlyConfigured) as refusal:
        env_int("SECURE_HSTS_SECONDS", 0, environ={"SECURE_HSTS_SECONDS": "-1"})

    assert str(refusal.value) == "SECURE_HSTS_SECONDS='-1' must not be negative."


# env_list


def test_env_list_splits_on_commas_and_drops_blanks():
    environ = {"ALLOWED_HOSTS": " annotate.example.org, ,localhost ,"}

    assert env_list("ALLOWED_HOSTS", [], environ=environ) == ["annotate.example.org", "localhost"]


@pytest.mark.parametrize("environ", [{}, {"ALLOWED_HOSTS": " "}])
def test_env_list_unset_or_blank_gives_a_copy_of_the_default(environ):
    default = ["localhost"]

    hosts = env_list("ALLOWED_HOSTS", default, environ=environ)

    assert hosts == ["localhost"]
    assert hosts is not default


# env_origins


def test_env_origins_accepts_scheme_and_host_with_or_without_a_port():
    environ = {"CSRF_TRUSTED_ORIGINS": "https://annotate.example.org,http://localhost:8000/"}

    assert env_origins("CSRF_TRUSTED_ORIGINS", environ=environ) == [
        "https://annotate.example.org",
        "http://localhost:8000/",
    ]


@pytest.mark.parametrize(
    "origin",
    [
        "annotate.example.org",
        "ftp://annotate.example.org",
        "https://annotate.example.org/login",
        "https://",
        "//annotate.example.org",
    ],
)
def test_env_origins_refuses_what_is_not_an_origin_naming_the_variable(origin):
    environ = {"CSRF_TRUSTED_ORIGINS": f"https://ok.example.org,{origin}"}

    with pytest.raises(ImproperlyConfigured) as refusal:
        env_origins("CSRF_TRUSTED_ORIGINS", environ=environ)

    message = str(refusal.value)
    assert message.startswith(f"CSRF_TRUSTED_ORIGINS has {origin!r}")
    assert "scheme and host, no path" in message


def test_env_origins_unset_is_empty():
    assert env_origins("CSRF_TRUSTED_ORIGINS", environ={}) == []


# database_from_url


def test_database_from_url_reads_postgres():
    config = database_from_url("postgres://claims:secret@db:5432/claims", conn_max_age=60)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["HOST"], config["PORT"]) == (
        "claims",
        "claims",
        "db",
        5432,
    )
    assert config["CONN_MAX_AGE"] == 60


def test_database_from_url_gives_sqlite_immediate_transactions_and_no_persistent_connections(
    tmp_path,
):
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", conn_max_age=60)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["CONN_MAX_AGE"] == 0
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "url", ["mysql://user:pw@db/claims", "oracle://db/claims", "claims.sqlite3", ""]
)
def test_database_from_url_refuses_other_databases_naming_database_url(url):
    with pytest.raises(ImproperlyConfigured) as refusal:
        database_from_url(url, conn_max_age=0)

    message = str(refusal.value)
    assert message.startswith("DATABASE_URL has scheme")
    assert "use postgres://user:password@host:5432/name or sqlite:///" in message


@pytest.mark.parametrize(
    "url",
    ["postgres://user@db:5432/", "postgres://user@db:5432", "sqlite://", "sqlite:///:memory:"],
)
def test_database_from_url_without_a_database_name_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL names no database"):
        database_from_url(url, conn_max_age=0)


@pytest.mark.parametrize("url", ["postgres://user@db:port/claims", "postgres://user@db:99999/x"])
def test_database_from_url_that_cannot_be_parsed_is_refused_naming_database_url(url):
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL cannot be read: "):
        database_from_url(url, conn_max_age=0)


# annotate.settings, imported in a fresh interpreter with a controlled environment

SETUP = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG)"
)


def start_django(tmp_path, **environ):
    env = {
        "DJANGO_SETTINGS_MODULE": "annotate.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONDONTWRITEBYTECODE": "1",
        **environ,
    }
    return subprocess.run(  # noqa: S603 - a fixed command line, our own interpreter
        [sys.executable, "-c", SETUP],
        cwd=PROJECT_DIR,
        env={k: v for k, v in env.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_start_in_debug_without_a_secret_key(tmp_path):
    """The control for the refusals below: the same command starts when nothing is wrong."""
    result = start_django(tmp_path, DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3 True"


def test_settings_start_in_production_with_a_strong_key_and_hosts(tmp_path):
    result = start_django(tmp_path, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="annotate.example.org")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3 False"


def test_settings_without_debug_and_without_a_secret_key_refuse_to_start(tmp_path):
    result = start_django(tmp_path, ALLOWED_HOSTS="annotate.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


def test_settings_with_a_weak_secret_key_refuse_to_start(tmp_path):
    result = start_django(tmp_path, SECRET_KEY="short", ALLOWED_HOSTS="annotate.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too weak" in result.stderr


def test_settings_with_a_mysql_database_url_refuse_to_start(tmp_path):
    result = start_django(tmp_path, DEBUG="1", DATABASE_URL="mysql://user:pw@db:3306/claims")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_URL has scheme 'mysql'" in result.stderr


def test_settings_with_a_nonsense_debug_refuse_to_start(tmp_path):
    result = start_django(tmp_path, DEBUG="sometimes")

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG='sometimes' is not a yes/no value" in result.stderr


def test_settings_in_production_without_allowed_hosts_refuse_to_start(tmp_path):
    result = start_django(tmp_path, SECRET_KEY=STRONG_KEY)

    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is empty" in result.stderr
