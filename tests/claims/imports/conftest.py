"""Fixtures for the imports: the canonical file, and entities the project knows beforehand."""

import pytest

from claims import services
from tests.claims.imports.helpers import canonical_records


@pytest.fixture
def canonical() -> list[dict]:
    return canonical_records()


@pytest.fixture
def known_entities(project, manager):
    """What the project knows before the import: Kim by name, RIA Nowosti under another name."""
    return [
        services.entity_create(
            project=project, kind="person", name="Kim Jong-un", aliases=["Kim"], actor=manager
        ),
        services.entity_create(
            project=project,
            kind="agency",
            name="RIA Nowosti",
            aliases=["RIA Novosti", "RIA"],
            actor=manager,
        ),
    ]
