"""`manage.py check --deploy` under production settings (as `make check` runs it) finds nothing,
and those settings keep the protections the other tests check in development."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "annotate.example.org",
    "SECRET_KEY": secrets.token_urlsafe(50),
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Not the test run's own switches: a server never has them.
    ignored = ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_keep_the_policy_the_csrf_check_and_the_throttle():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE, "
        "'django.middleware.csrf.CsrfViewMiddleware' in s.MIDDLEWARE, "
        "'axes.middleware.AxesMiddleware' in s.MIDDLEWARE, "
        "s.AUTHENTICATION_BACKENDS[0], s.AXES_ENABLED, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_SECURE)"
    )

    result = manage("shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "axes.backends.AxesStandaloneBackend",
        "True",
        "True",
        "True",
    ]
