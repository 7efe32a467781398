"""Claims in the project's other articles that a claim may be linked to, ranked, with reasons.

A candidate earns points for the same claim type, shared entities (participants, place, sources,
and known names or aliases in the quote), overlapping normalised dates, and similar wording.
Wording is PostgreSQL full-text search with the `german` configuration plus trigram similarity
on PostgreSQL, and a portable stem overlap on SQLite. On PostgreSQL the pool of candidates comes
from indexed lookups (text match, shared entities, compatible dates) so that ranking stays fast on
large projects; on SQLite every visible claim is scored.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

from claims.models import Claim, Entity, Project
from claims.suggest.entities import find_mentions

POOL_PER_SOURCE = 150
WEIGHTS = {"type": 2.0, "entity": 1.5, "date": 2.0, "date_differs": 0.5, "wording": 6.0}
# German function words that say nothing about what two claims share.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """aber alle als also am an auch auf aus bei bis da damit das dass de dem den der des die
        dies diese dieser doch dort durch ein eine einem einen einer eines er es für gegen hat hatte
        hätten habe haben hier ihr ihre im in ist ja jedoch jetzt kann kein man mehr mit nach nicht
        noch nun nur ob oder ohne sei seien sein seine sich sie sind so soll sollen über um und uns
        unter vom von vor war waren wie wir wird wurde wurden zu zum zur zwischen""",
    )
)
SUFFIXES = ("ungen", "ung", "en", "er", "es", "em", "e", "n", "s")


@dataclass
class Candidate:
    claim: Claim
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)


def stems(text: str) -> set[str]:
    """Content words, lower-cased and crudely stemmed: enough to see shared wording."""
    found = set()
    for word in re.findall(r"\w+", text.lower()):
        if len(word) < 3 or word in STOPWORDS or word.isdigit():
            continue
        for suffix in SUFFIXES:
            if len(word) - len(suffix) >= 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        found.add(word)
    return found


def dates_compatible(one: str, other: str) -> bool:
    """2024 and 2024-06-19 can describe the same time; 2024-06 and 2024-07 cannot."""
    return bool(one and other) and (one.startswith(other) or other.startswith(one))


def _entity_ids(claim: Claim, entities: list[Entity]) -> dict[int, str]:
    named = {e.pk: e.name for e in claim.participant_list}
    if claim.place_id:
        named[claim.place_id] = claim.place.name
    named.update({a.source_id: a.source.name for a in claim.source_list if a.source_id})
    named.update({m.entity_id: m.entity_name for m in find_mentions(claim.quote, entities)})
    return named


def _score(
    target: Claim, candidate: Claim, entities: list[Entity], target_entities: dict, wording: float
) -> Candidate:
    found = Candidate(candidate)
    if candidate.claim_type_id == target.claim_type_id:
        found.score += WEIGHTS["type"]
        found.reasons.append(f"same claim type ({candidate.claim_type.name})")
    shared = sorted(set(target_entities.items()) & set(_entity_ids(candidate, entities).items()))
    if shared:
        found.score += WEIGHTS["entity"] * min(len(shared), 3)
        found.entities = [name for _, name in shared]
        found.reasons.append("shared: " + ", ".join(found.entities))
    if dates_compatible(target.when, candidate.when):
        found.score += WEIGHTS["date"]
        found.reasons.append(f"dates overlap ({target.when} / {candidate.when})")
    elif target.when and candidate.when and len(target.when) == len(candidate.when):
        found.score += WEIGHTS["date_differs"]
        found.reasons.append(f"different date ({target.when} / {candidate.when})")
    common = sorted(stems(target.quote) & stems(candidate.quote))
    if wording > 0 and common:
        found.score += WEIGHTS["wording"] * wording
        found.reasons.append("similar wording: " + ", ".join(common[:6]))
    return found


def _overlap(one: set[str], other: set[str]) -> float:
    return len(one & other) / min(len(one), len(other)) if one and other else 0.0


def _pool_postgresql(
    target: Claim, base: QuerySet, target_entities: dict, names: set[str]
) -> dict[int, float]:
    """Candidate ids with their wording score, from indexed lookups only.

    `quote_search` is the stored german tsvector of migration 0004 (PostgreSQL only). The text
    query carries the names and aliases of the target's entities too, so a claim that only
    names one of them ("Schoigu lobte …") is found.
    """
    from django.contrib.postgres.search import TrigramSimilarity

    # The german configuration stems the words itself; stop words would only widen the match.
    words = {w for w in re.findall(r"\w{3,}", target.quote) if w.lower() not in STOPWORDS}
    words |= {f'"{name}"' for name in names if '"' not in name}
    words = " or ".join(sorted(words)) or target.quote
    tsquery = "websearch_to_tsquery('german'::regconfig, %s)"
    matches = RawSQL(  # noqa: S611 - constant SQL, the words go in as a parameter
        f'"claims_claim"."quote_search" @@ {tsquery}', [words], output_field=BooleanField()
    )
    rank = RawSQL(  # noqa: S611 - constant SQL, the words go in as a parameter
        f'ts_rank_cd("claims_claim"."quote_search", {tsquery}, 32)',
        [words],
        output_field=FloatField(),
    )
    ids = set(
        base.filter(matches)
        .annotate(rank=rank)
        .order_by("-rank")
        .values_list("pk", flat=True)[:POOL_PER_SOURCE]
    )
    if target_entities:
        shared = (
            Q(participants__in=target_entities)
            | Q(place__in=target_entities)
            | Q(attributions__source__in=target_entities)
        )
        ids |= set(base.filter(shared).values_list("pk", flat=True)[:POOL_PER_SOURCE])
    if target.when:
        compatible = base.filter(_compatible_when(target.when))
        ids |= set(compatible.values_list("pk", flat=True)[:POOL_PER_SOURCE])
    scored = Claim.objects.filter(pk__in=ids).annotate(
        rank=rank, similarity=TrigramSimilarity("quote", target.quote)
    )
    return {
        pk: min(1.0, 2 * rank + similarity)
        for pk, rank, similarity in scored.values_list("pk", "rank", "similarity")
    }


def _compatible_when(when: str) -> Q:
    shorter = [when[:4], when[:7]] if len(when) > 4 else []
    return Q(when=when) | Q(when__startswith=when + "-") | Q(when__in=shorter)


def _pool_portable(target: Claim, base: QuerySet) -> dict[int, float]:
    words = stems(target.quote)
    return {
        pk: _overlap(words, stems(quote))
        for pk, quote in base.values_list("pk", "quote").order_by("-pk")[:5000]
    }


def _matching(base: QuerySet, search: str) -> list[int]:
    """Claims whose quote or article title contains `search`, case folded as Unicode does it
    (SQL LIKE folds only ASCII on SQLite, and umlauts are everywhere here)."""
    wanted = search.strip().casefold()
    return [
        pk
        for pk, quote, title in base.values_list("pk", "quote", "article__title")
        if wanted in quote.casefold() or wanted in title.casefold()
    ]


def _day(claim: Claim) -> int:
    return claim.article.published.toordinal() if claim.article.published else 0


def link_candidates(
    target: Claim, user: AbstractBaseUser, *, search: str = "", limit: int = 20
) -> list[Candidate]:
    """The best claims to link `target` to, among those `user` may see in other articles."""
    from claims.selectors import candidate_base, claim_queryset, entity_list

    project: Project = target.article.project
    base = candidate_base(target, user)
    if search.strip():
        base = base.filter(pk__in=_matching(base, search))
    entities = entity_list(project)
    target_entities = _entity_ids(target, entities)
    if connection.vendor == "postgresql":
        names = {n for e in entities if e.pk in target_entities for n in [e.name, *e.aliases]}
        wording = _pool_postgresql(target, base, target_entities, names)
    else:
        wording = _pool_portable(target, base)
    pool = claim_queryset().select_related("article").filter(pk__in=wording)
    ranked = [_score(target, c, entities, target_entities, wording[c.pk]) for c in pool]
    ranked = [c for c in ranked if c.score > 0]
    ranked.sort(key=lambda c: (-c.score, _day(c.claim), c.claim.pk))
    return ranked[:limit]
