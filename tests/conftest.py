import os
from pathlib import Path

import pytest

from tests.factories import UserFactory, make_article, make_project

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run
# beside it. The tests are synchronous, so the guard has nothing to protect here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing strength is Django's concern; here it only makes every test slower."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def manager(db):
    return UserFactory(username="mona")


@pytest.fixture
def annotator(db):
    return UserFactory(username="anna")


@pytest.fixture
def annotator_b(db):
    return UserFactory(username="ben")


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rita")


@pytest.fixture
def outsider(db):
    """A member of another project, and of nothing in `project`."""
    user = UserFactory(username="otto")
    make_project(name="Another team", annotator=[user])
    return user


@pytest.fixture
def project(manager, annotator, annotator_b, reviewer):
    return make_project(
        name="Kim and Shoigu",
        manager=manager,
        annotator=[annotator, annotator_b],
        reviewer=[reviewer],
    )


@pytest.fixture
def article(project):
    return make_article(project, title="Kim trifft Schoigu", outlet="RT DE")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium where it is installed (playwright cannot download browsers here)."""
    args = {**browser_type_launch_args}
    if CHROMIUM.exists():
        args["executable_path"] = str(CHROMIUM)
        args["args"] = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
    return args


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is unfinished work: the run fails."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped: skipped tests fail the run.", red=True)
        session.exitstatus = 1
