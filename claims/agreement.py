"""How much annotators agree, on the articles two or more of them annotated.

- Span F1, exact (same start and end) and overlap (spans share a character, matched one to one,
  largest overlap first), per claim type and over all: 2·matches / (spans of one + of the other).
- Cohen's kappa (scikit-learn) and Krippendorff's alpha (the `krippendorff` package, nominal) on
  the claim type and on the source kind of the spans matched by overlap. A claim's source kind is
  that of its first source (the first one marked), or "none".
- Link agreement: links whose two ends are both matched, compared relation and direction
  included, as F1.
Pairs are computed per annotator pair; alpha also over all annotators at once.
"""

import math
import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

import krippendorff
import numpy as np

NO_SOURCE = "none"


@dataclass(frozen=True)
class Span:
    id: int
    article: int
    start: int
    end: int
    claim_type: str
    source_kind: str = NO_SOURCE


@dataclass(frozen=True)
class LinkEnd:
    from_claim: int
    to_claim: int
    relation: str


@dataclass
class Work:
    """One annotator's spans and links."""

    spans: list[Span] = field(default_factory=list)
    links: list[LinkEnd] = field(default_factory=list)


def f1(matched: int, one: int, other: int) -> float | None:
    return 2 * matched / (one + other) if one + other else None


def match_exact(one: list[Span], other: list[Span]) -> list[tuple[Span, Span]]:
    free = defaultdict(list)
    for span in other:
        free[span.article, span.start, span.end].append(span)
    pairs = []
    for span in one:
        partners = free[span.article, span.start, span.end]
        if partners:
            pairs.append((span, partners.pop(0)))
    return pairs


def match_overlap(one: list[Span], other: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one, the largest overlaps first (ties: the closer starts, then the earlier)."""
    candidates = []
    for a in one:
        for b in other:
            shared = min(a.end, b.end) - max(a.start, b.start)
            if a.article == b.article and shared > 0:
                candidates.append((-shared, abs(a.start - b.start), a.start, b.start, a, b))
    candidates.sort(key=lambda c: c[:4])
    used_a, used_b, pairs = set(), set(), []
    for *_, a, b in candidates:
        if a.id not in used_a and b.id not in used_b:
            used_a.add(a.id)
            used_b.add(b.id)
            pairs.append((a, b))
    return pairs


def span_f1(one: list[Span], other: list[Span], matcher, claim_type: str | None = None):
    if claim_type is not None:
        one = [s for s in one if s.claim_type == claim_type]
        other = [s for s in other if s.claim_type == claim_type]
        pairs = matcher(one, other)
    else:
        pairs = [(a, b) for a, b in matcher(one, other) if a.claim_type == b.claim_type]
    return f1(len(pairs), len(one), len(other))


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa; None where it is undefined (no pairs, or one category only)."""
    if not pairs:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # Imported here: scikit-learn takes a second to load, and only this screen needs it.
        from sklearn.metrics import cohen_kappa_score

        value = cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs])
    return None if math.isnan(value) else float(value)


def alpha(units: list[dict[str, str]], coders: list[str]) -> float | None:
    """Krippendorff's alpha (nominal) over units, each {coder: value}; missing values allowed."""
    values = sorted({v for unit in units for v in unit.values()})
    paired = [unit for unit in units if len(unit) >= 2]
    if not paired or len(values) < 2:
        return None
    code = {value: number for number, value in enumerate(values)}
    data = np.full((len(coders), len(paired)), np.nan)
    for column, unit in enumerate(paired):
        for row, coder in enumerate(coders):
            if coder in unit:
                data[row, column] = code[unit[coder]]
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def link_f1(one: Work, other: Work, pairs: list[tuple[Span, Span]]) -> float | None:
    """Links between matched claims, in the other annotator's claim ids, relation included."""
    mapped = {a.id: b.id for a, b in pairs}
    matched_b = set(mapped.values())
    translated = {
        (mapped[link.from_claim], mapped[link.to_claim], link.relation)
        for link in one.links
        if link.from_claim in mapped and link.to_claim in mapped
    }
    theirs = {
        (link.from_claim, link.to_claim, link.relation)
        for link in other.links
        if link.from_claim in matched_b and link.to_claim in matched_b
    }
    return f1(len(translated & theirs), len(translated), len(theirs))


@dataclass
class PairAgreement:
    annotators: tuple[str, str]
    articles: int
    spans: tuple[int, int]
    matched: int
    exact_f1: dict[str, float | None]
    overlap_f1: dict[str, float | None]
    kappa_type: float | None
    kappa_source: float | None
    alpha_type: float | None
    alpha_source: float | None
    link_f1: float | None


def pair_agreement(names: tuple[str, str], one: Work, other: Work, types: list[str]):
    shared = {s.article for s in one.spans} & {s.article for s in other.spans}
    a = [s for s in one.spans if s.article in shared]
    b = [s for s in other.spans if s.article in shared]
    pairs = match_overlap(a, b)
    type_pairs = [(x.claim_type, y.claim_type) for x, y in pairs]
    source_pairs = [(x.source_kind, y.source_kind) for x, y in pairs]
    as_units = [{names[0]: x, names[1]: y} for x, y in type_pairs]
    source_units = [{names[0]: x, names[1]: y} for x, y in source_pairs]
    return PairAgreement(
        annotators=names,
        articles=len(shared),
        spans=(len(a), len(b)),
        matched=len(pairs),
        exact_f1={"all": span_f1(a, b, match_exact)}
        | {t: span_f1(a, b, match_exact, t) for t in types},
        overlap_f1={"all": span_f1(a, b, match_overlap)}
        | {t: span_f1(a, b, match_overlap, t) for t in types},
        kappa_type=kappa(type_pairs),
        kappa_source=kappa(source_pairs),
        alpha_type=alpha(as_units, list(names)),
        alpha_source=alpha(source_units, list(names)),
        link_f1=link_f1(one, other, pairs),
    )


def units_across(works: dict[str, Work]) -> list[dict[str, Span]]:
    """Spans of all annotators grouped into units: chains of overlap matches between pairs."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for (name_a, a), (name_b, b) in combinations(works.items(), 2):
        for x, y in match_overlap(a.spans, b.spans):
            parent[root((name_a, x.id))] = root((name_b, y.id))
    spans = {(name, s.id): s for name, work in works.items() for s in work.spans}
    groups: dict = defaultdict(dict)
    for node in parent:
        groups[root(node)].setdefault(node[0], spans[node])
    return list(groups.values())


@dataclass
class Agreement:
    pairs: list[PairAgreement]
    claim_types: list[str]
    alpha_type: float | None = None
    alpha_source: float | None = None
    annotators: list[str] = field(default_factory=list)


def agreement(works: dict[str, Work], claim_types: Iterable[str]) -> Agreement:
    types = list(claim_types)
    names = sorted(works)
    pairs = [
        pair_agreement((x, y), works[x], works[y], types)
        for x, y in combinations(names, 2)
        if {s.article for s in works[x].spans} & {s.article for s in works[y].spans}
    ]
    units = units_across(works)
    return Agreement(
        pairs=pairs,
        claim_types=types,
        alpha_type=alpha([{n: s.claim_type for n, s in u.items()} for u in units], names),
        alpha_source=alpha([{n: s.source_kind for n, s in u.items()} for u in units], names),
        annotators=names,
    )


def project_agreement(project) -> Agreement:
    """Agreement among the project's annotators on the articles they share."""
    from claims.models import Claim, LabelKind, Link, Role
    from claims.selectors import label_list

    annotators = dict(
        project.memberships.filter(role=Role.ANNOTATOR).values_list("user_id", "user__username")
    )
    claims = (
        Claim.objects.filter(article__project=project, created_by__in=annotators)
        .select_related("claim_type")
        .prefetch_related("attributions__source_kind")
    )
    works: dict[str, Work] = {name: Work() for name in annotators.values()}
    for claim in claims:
        sources = sorted(claim.attributions.all(), key=lambda a: a.pk)
        works[annotators[claim.created_by_id]].spans.append(
            Span(
                claim.pk,
                claim.article_id,
                claim.start,
                claim.end,
                claim.claim_type.value,
                sources[0].source_kind.value if sources else NO_SOURCE,
            )
        )
    links = Link.objects.filter(
        from_claim__article__project=project, created_by__in=annotators
    ).values_list("created_by_id", "from_claim_id", "to_claim_id", "relation__value")
    for user_id, from_claim, to_claim, relation in links:
        works[annotators[user_id]].links.append(LinkEnd(from_claim, to_claim, relation))
    types = label_list(project, LabelKind.CLAIM_TYPE).values_list("value", flat=True)
    return agreement({name: work for name, work in works.items() if work.spans}, types)
