"""Mentions of a project's known entities, by name or alias."""

import re
from dataclasses import dataclass

from claims.models import Entity


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    quote: str
    entity_id: int
    entity_name: str
    kind: str


def find_mentions(text: str, entities: list[Entity]) -> list[EntityMention]:
    """Every whole-word occurrence of a name or alias; the longest name wins where they overlap."""
    names: dict[str, Entity] = {}
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            names.setdefault(name, entity)
    if not names:
        return []
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
    return [
        EntityMention(
            m.start(),
            m.end(),
            m.group(),
            names[m.group()].pk,
            names[m.group()].name,
            names[m.group()].kind,
        )
        for m in pattern.finditer(text)
    ]
