"""Fixtures of other test modules that the security tests walk: the site's request table
(tests/annotate/test_workspace.py) and the API's (tests/api/test_permissions.py)."""

from tests.annotate.test_workspace import reachable, work  # noqa: F401
from tests.api.conftest import api, claim, kcna, other_article  # noqa: F401
from tests.api.test_api import everything  # noqa: F401
