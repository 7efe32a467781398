"""What every format shares: which data an export carries (a Selection), who may ask for it,
and how times are written. claims/exports/walk.py reads the selection in batches."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from claims.models import (
    Article,
    Attribution,
    Claim,
    Entity,
    Label,
    LabelKind,
    Link,
    Membership,
    Project,
    Role,
    Status,
)
from claims.services import role_in

GOLD = (Status.ACCEPTED.value,)
OFFSET_UNIT = "unicode_code_point"
OFFSET_SENTENCE = (
    "Offsets are Unicode code points, 0-based, half-open [start, end): "
    "text[start:end] == quote in Python."
)

Progress = Callable[[int, int], None]


class ExportRefused(ValidationError):
    """The filters ask for something the person may not export, or name unknown values."""


@dataclass(frozen=True)
class Format:
    key: str
    name: str
    filename: str
    content_type: str
    description: str


@dataclass(frozen=True)
class Filters:
    status: tuple[str, ...] = GOLD
    annotator: tuple[str, ...] = ()
    claim_type: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None

    def as_dict(self) -> dict:
        return {
            "status": list(self.status),
            "annotator": list(self.annotator),
            "claim_type": list(self.claim_type),
            "published_from": self.published_from.isoformat() if self.published_from else None,
            "published_to": self.published_to.isoformat() if self.published_to else None,
        }

    @property
    def is_gold(self) -> bool:
        return self.status == GOLD


@dataclass
class Selection:
    """One export's data: a project's articles in a date range and their claims that match.

    `exported_at` is fixed when the selection is made, so every file of one export (data, card,
    file name) states the same time.
    """

    project: Project
    filters: Filters = field(default_factory=Filters)
    # Agreement figures compare annotators' work: blind annotators do not get them.
    with_agreement: bool = True
    exported_at: datetime = field(default_factory=lambda: timezone.now().astimezone(UTC))

    def articles(self) -> QuerySet[Article]:
        articles = Article.objects.filter(project=self.project)
        if self.filters.published_from:
            articles = articles.filter(published__gte=self.filters.published_from)
        if self.filters.published_to:
            articles = articles.filter(published__lte=self.filters.published_to)
        return articles.order_by("pk")

    def claims(self) -> QuerySet[Claim]:
        """The selected claims of the selected articles (what links are checked against)."""
        claims = self._claim_filters(Claim.objects.filter(article__project=self.project))
        if self.filters.published_from:
            claims = claims.filter(article__published__gte=self.filters.published_from)
        if self.filters.published_to:
            claims = claims.filter(article__published__lte=self.filters.published_to)
        return claims

    def _claim_filters(self, claims: QuerySet[Claim]) -> QuerySet[Claim]:
        claims = claims.filter(status__in=self.filters.status)
        if self.filters.annotator:
            claims = claims.filter(created_by__username__in=self.filters.annotator)
        if self.filters.claim_type:
            claims = claims.filter(claim_type__value__in=self.filters.claim_type)
        return claims

    def claim_rows(self) -> QuerySet[Claim]:
        """Claims with everything a format writes, for prefetching onto a batch of articles.

        Each claim gets plain lists, `participant_list` and `source_list` (sources in the order
        they were marked): to_attr spares a queryset object per claim and relation.
        """
        sources = Attribution.objects.select_related("source_kind", "source").order_by("pk")
        participants = Entity.objects.order_by("pk")
        return (
            self._claim_filters(Claim.objects.all())
            .select_related("claim_type", "created_by", "place")
            .prefetch_related(
                Prefetch("participants", queryset=participants, to_attr="participant_list"),
                Prefetch("attributions", queryset=sources, to_attr="source_list"),
            )
            .order_by("start", "-end", "pk")
        )

    def links(self) -> QuerySet[Link]:
        """Links in the selected statuses whose two claims are both selected."""
        selected = self.claims().values("pk")
        return Link.objects.filter(
            status__in=self.filters.status, from_claim__in=selected, to_claim__in=selected
        )

    def labels(self, kind: str | None = None) -> QuerySet[Label]:
        labels = Label.objects.filter(project=self.project)
        if kind:
            labels = labels.filter(kind=kind)
        return labels.order_by("kind", "position", "value")

    @cached_property
    def article_total(self) -> int:
        return self.articles().count()

    def counts(self) -> dict:
        """Aggregates for the progress indicator and the dataset card; no row is loaded."""
        claims = self.claims()
        links = self.links()
        sources = Attribution.objects.filter(claim__in=claims.values("pk"))
        return {
            "articles": self.article_total,
            "articles_with_claims": claims.order_by().values("article").distinct().count(),
            "claims": claims.count(),
            "links": links.count(),
            "claim_types": _tally(claims, "claim_type__value"),
            "source_kinds": _tally(sources, "source_kind__value"),
            "relations": _tally(links, "relation__value"),
            "annotators": _tally(claims, "created_by__username"),
        }


def _tally(rows: QuerySet, key: str) -> dict[str, int]:
    counted = rows.order_by().values_list(key).annotate(n=Count("pk")).order_by(key)
    return dict(counted)


def selection_for(
    *,
    project: Project,
    actor: AbstractBaseUser | None,
    status: Iterable[str] | None = None,
    annotator: Iterable[str] | None = None,
    claim_type: Iterable[str] | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
) -> Selection:
    """The selection these filters describe, or ExportRefused saying what is wrong.

    `actor=None` is a management command and may export anything.
    """
    filters = Filters(
        status=_unique(status) or GOLD,
        annotator=_unique(annotator),
        claim_type=_unique(claim_type),
        published_from=published_from,
        published_to=published_to,
    )
    _check_values(project, filters)
    if actor is not None:
        _check_actor(project, actor, filters)
    blind = actor is not None and role_in(project, actor) == Role.ANNOTATOR
    return Selection(project=project, filters=filters, with_agreement=not blind)


def _unique(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if isinstance(values, str):  # one value given bare, not as a list of one
        values = [values]
    return tuple(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def _check_values(project: Project, filters: Filters) -> None:
    _refuse_unknown("status", filters.status, Status.values)
    members = Membership.objects.filter(project=project).values_list("user__username", flat=True)
    _refuse_unknown("annotator", filters.annotator, sorted(members))
    types = Label.objects.filter(project=project, kind=LabelKind.CLAIM_TYPE)
    _refuse_unknown("claim type", filters.claim_type, types.values_list("value", flat=True))
    start, end = filters.published_from, filters.published_to
    if start and end and start > end:
        raise ExportRefused(
            f"The date range is empty: “published from” ({start}) is after “published to” ({end})."
        )


def _refuse_unknown(what: str, given: Iterable[str], known: Iterable[str]) -> None:
    known = list(known)
    unknown = [value for value in given if value not in known]
    if unknown:
        names = ", ".join(f"“{value}”" for value in unknown)
        raise ExportRefused(
            f"Unknown {what} {names}; known: {', '.join(known) or 'none'}."
            + (" Annotators are named by username." if what == "annotator" else "")
        )


def _check_actor(project: Project, actor: AbstractBaseUser, filters: Filters) -> None:
    role = role_in(project, actor)
    if role is None:
        raise ExportRefused(f"You are not a member of the project “{project}”.")
    if role != Role.ANNOTATOR:
        return
    # Blind annotation: an annotator sees other people's work only once it is gold.
    if not filters.is_gold:
        raise ExportRefused(
            "Annotators may export gold (accepted) claims only; "
            "ask a reviewer or manager for other statuses."
        )
    others = [name for name in filters.annotator if name != actor.get_username()]
    if others:
        raise ExportRefused(
            f"Annotators may export only their own claims by annotator, not those of "
            f"{', '.join(others)}; leave the annotator filter empty for all gold claims."
        )


def iso(moment: datetime | None) -> str | None:
    """UTC with a Z, to the microsecond: what the database holds."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def iso_seconds(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
