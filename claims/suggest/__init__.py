"""Suggestions for one article: help, never decisions. An annotator accepts or dismisses each.

Dates become date claims; cues and mentions of known sources become the sourcing of the claim
the annotator has selected. A suggestion someone accepted (its span is already a claim or a cue)
or dismissed no longer shows for them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from claims.models import Claim, Entity, EntityKind
from claims.suggest.cues import find_cues
from claims.suggest.dates import find_dates
from claims.suggest.entities import find_mentions

SOURCE_KINDS = {EntityKind.AGENCY, EntityKind.OUTLET, EntityKind.ORGANISATION}
SOURCE_KIND_OF_ENTITY = {
    EntityKind.AGENCY: "news_agency",
    EntityKind.OUTLET: "other_media",
    EntityKind.ORGANISATION: "government_body",
    EntityKind.PERSON: "official_person",
}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "date", "cue" or "source"
    start: int
    end: int
    quote: str
    reason: str
    when: str = ""
    stance: str = "neutral"
    entity: Entity | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start}:{self.end}"

    @property
    def source_kind(self) -> str:
        return SOURCE_KIND_OF_ENTITY.get(self.entity.kind, "generic") if self.entity else "generic"


def suggestions_for(
    text: str,
    published: date | None,
    *,
    claims: Iterable[Claim],  # from selectors.claim_queryset(), with source_list
    entities: list[Entity],
    dismissed: set[str],
) -> list[Suggestion]:
    claims = list(claims)
    taken = {(c.start, c.end) for c in claims}
    taken |= {(a.cue_start, a.cue_end) for c in claims for a in c.source_list if a.cue_start}
    mentions = find_mentions(text, entities)
    found = [
        Suggestion("date", d.start, d.end, d.quote, d.reason, when=d.when)
        for d in find_dates(text, published)
    ]
    cues = find_cues(text)
    for cue in cues:
        inside = [m for m in mentions if cue.start <= m.start and m.end <= cue.end]
        entity = _entity(entities, inside[0].entity_id) if inside else None
        found.append(
            Suggestion(
                "cue", cue.start, cue.end, cue.quote, cue.reason, stance=cue.stance, entity=entity
            )
        )
    for mention in mentions:
        in_cue = any(c.start <= mention.start and mention.end <= c.end for c in cues)
        if mention.kind in SOURCE_KINDS and not in_cue:
            found.append(
                Suggestion(
                    "source",
                    mention.start,
                    mention.end,
                    mention.quote,
                    f"known source: {mention.entity_name}",
                    entity=_entity(entities, mention.entity_id),
                )
            )
    shown = [s for s in found if (s.start, s.end) not in taken and s.key not in dismissed]
    return sorted(shown, key=lambda s: (s.start, s.end, s.kind))


def _entity(entities: list[Entity], pk: int) -> Entity:
    return next(entity for entity in entities if entity.pk == pk)
