"""Reading settings from the environment.

Every reader refuses a value it cannot understand with ImproperlyConfigured naming the variable,
so a typo in a deployment stops the server at start instead of changing behaviour quietly.
"""

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={environ[name]!r} is not a yes/no value; use one of "
        f"{sorted(TRUE_WORDS)} or {sorted(FALSE_WORDS)}."
    )


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name}={raw!r} must not be negative.")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name, "")
    if not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origins(name: str, environ: Mapping[str, str] = os.environ) -> list[str]:
    origins = env_list(name, [], environ)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
            raise ImproperlyConfigured(
                f"{name} has {origin!r}; each origin must look like https://annotate.example.org "
                "(scheme and host, no path), separated by commas."
            )
    return origins


def database_from_url(url: str, *, conn_max_age: int) -> dict:
    """Parse DATABASE_URL; only SQLite and PostgreSQL are supported."""
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL has scheme {scheme!r}; use postgres://user:password@host:5432/name "
            "or sqlite:///absolute/path.sqlite3."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
    if not config.get("NAME") or config["NAME"] == ":memory:":
        raise ImproperlyConfigured("DATABASE_URL names no database (add /name at the end).")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # IMMEDIATE makes concurrent writers queue instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config
