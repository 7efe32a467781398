"""Every read a page or the API shows, already scoped to what the user may see.

A user sees a project only as its member; everything of a project they are not in is a 404.
Annotation is blind: an annotator sees their own claims and links, and gold ones; reviewers and
managers see everyone's.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from claims.models import (
    Article,
    Assignment,
    AssignmentStatus,
    Attribution,
    Claim,
    Dismissal,
    Entity,
    Label,
    LabelKind,
    Link,
    Project,
    Status,
)
from claims.services import EDITORS, role_in

User = AbstractBaseUser


def project_list_for_user(user: User) -> QuerySet[Project]:
    projects = Project.objects.all()
    if not user.is_superuser:
        projects = projects.filter(memberships__user=user)
    return projects.annotate(article_count=Count("articles", distinct=True)).order_by("name")


def project_get_for_user(user: User, *, pk: int | None = None, slug: str | None = None) -> Project:
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    project = project_list_for_user(user).filter(**lookup).first()
    if project is None:
        raise Http404("No such project.")
    return project


def label_list(project: Project, kind: str, *, include_hidden: bool = False) -> QuerySet[Label]:
    labels = Label.objects.filter(project=project, kind=kind)
    return labels if include_hidden else labels.filter(hidden=False)


def article_list_for_project(project: Project) -> QuerySet[Article]:
    return (
        Article.objects.filter(project=project)
        .defer("text")
        .annotate(claim_count=Count("claims"))
        .order_by("published", "title", "pk")
    )


def article_get_for_user(user: User, pk: int) -> Article:
    article = Article.objects.select_related("project").filter(pk=pk).first()
    if article is None or role_in(article.project, user) is None:
        raise Http404("No such article.")
    return article


def _visible_to(user: User, project: Project, queryset: QuerySet, owner: str) -> QuerySet:
    role = role_in(project, user)
    if role is None:
        return queryset.none()
    if role in EDITORS:
        return queryset
    return queryset.filter(Q(**{owner: user}) | Q(status=Status.ACCEPTED))


def _visible_links(user: User, project: Project, links: QuerySet[Link]) -> QuerySet[Link]:
    """Blind annotation for links: the link and the claims at both its ends must be visible."""
    role = role_in(project, user)
    if role is None:
        return links.none()
    if role in EDITORS:
        return links
    links = links.filter(Q(created_by=user) | Q(status=Status.ACCEPTED))
    for end in ("from_claim", "to_claim"):
        mine_or_gold = Q(**{f"{end}__created_by": user}) | Q(**{f"{end}__status": Status.ACCEPTED})
        links = links.filter(mine_or_gold)
    return links


def claim_queryset() -> QuerySet[Claim]:
    """Claims with everything a list or an export shows, in a fixed number of queries.

    Each claim carries `source_list` (its attributions, with source and kind) and
    `participant_list` as plain lists: a prefetch into the related managers would build a
    queryset per claim, which costs more than the queries themselves on long articles.
    """
    # Labels, people and sources are few and shared by many claims: fetched once each (a
    # prefetch shares one object per row fetched; a join would build one per claim).
    sources = Attribution.objects.prefetch_related("source", "source_kind", "parent__source")
    return Claim.objects.prefetch_related(
        "claim_type",
        "created_by",
        "place",
        Prefetch("participants", to_attr="participant_list"),
        Prefetch("attributions", queryset=sources.order_by("id"), to_attr="source_list"),
    )


def claim_list_for_article(
    article: Article, user: User, *, annotator: User | None = None
) -> QuerySet[Claim]:
    claims = _visible_to(
        user, article.project, claim_queryset().filter(article=article), "created_by"
    )
    if annotator is not None:
        claims = claims.filter(created_by=annotator)
    return claims.order_by("start", "end", "pk")


def claim_get_for_user(user: User, pk: int) -> Claim:
    claim = claim_queryset().select_related("article__project").filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    visible = _visible_to(user, claim.article.project, Claim.objects.filter(pk=pk), "created_by")
    if not visible.exists():
        raise Http404("No such claim.")
    return claim


def link_list_for_claim(claim: Claim, user: User) -> QuerySet[Link]:
    links = Link.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)).select_related(
        "relation", "created_by", "from_claim__article", "to_claim__article"
    )
    return _visible_links(user, claim.article.project, links).order_by("pk")


def entity_search(project: Project, query: str, *, limit: int = 20) -> QuerySet[Entity]:
    """Entities whose name or one of whose aliases contains `query`, case-insensitively."""
    entities = Entity.objects.filter(project=project)
    query = query.strip().casefold()
    if query:
        # Matched here, not in SQL: SQLite stores the aliases' JSON with non-ASCII escaped
        # ("Pj\u00f6ngjang") and folds case for ASCII only, and JSON text has quotes and commas.
        matches = [
            pk
            for pk, name, aliases in entities.values_list("pk", "name", "aliases")
            if query in name.casefold() or any(query in str(a).casefold() for a in aliases)
        ]
        entities = entities.filter(pk__in=matches)
    return entities.order_by("name")[:limit]


def attribution_get_for_user(user: User, pk: int) -> Attribution:
    attribution = Attribution.objects.filter(pk=pk).only("pk", "claim_id").first()
    if attribution is None:
        raise Http404("No such source.")
    claim_get_for_user(user, attribution.claim_id)
    return Attribution.objects.select_related("source", "source_kind").get(pk=pk)


def entity_get(project: Project, pk: int | None) -> Entity:
    entity = Entity.objects.filter(project=project, pk=pk).first() if pk else None
    if entity is None:
        raise ValidationError("Pick an entity of this project, or type a new name.")
    return entity


def entity_list(project: Project) -> list[Entity]:
    return list(Entity.objects.filter(project=project).order_by("name"))


def annotator_filter(project: Project, user: User, raw: str | None) -> User | None:
    """The annotator a reviewer or manager chose to look at; annotators only ever see their own."""
    if not raw or role_in(project, user) not in EDITORS:
        return None
    return get_user_model().objects.filter(pk=_int(raw), memberships__project=project).first()


def _int(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def article_annotators(article: Article) -> QuerySet:
    """Everyone who annotated or was assigned this article."""
    made = Claim.objects.filter(article=article).values("created_by")
    assigned = Assignment.objects.filter(article=article).values("annotator")
    return get_user_model().objects.filter(Q(pk__in=made) | Q(pk__in=assigned)).order_by("username")


def assignment_for(article: Article, user: User) -> Assignment | None:
    return Assignment.objects.filter(article=article, annotator=user).first()


def assignment_queue(project: Project, user: User) -> QuerySet[Assignment]:
    """The user's assigned articles, in reading order, each with how many claims they made."""
    return (
        Assignment.objects.filter(article__project=project, annotator=user)
        .select_related("article")
        .defer("article__text")
        .annotate(claim_count=Count("article__claims", filter=Q(article__claims__created_by=user)))
        .order_by("article__published", "article__title", "article_id")
    )


def next_assignment(project: Project, user: User) -> Assignment | None:
    return assignment_queue(project, user).exclude(status=AssignmentStatus.SUBMITTED).first()


def article_coverage(project: Project, user: User) -> QuerySet[Article]:
    """For reviewers and managers: every article, with its assignments and claims counted."""
    if role_in(project, user) not in EDITORS:
        return Article.objects.none()
    submitted = Q(assignments__status=AssignmentStatus.SUBMITTED)
    return (
        Article.objects.filter(project=project)
        .defer("text")
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count("assignments", filter=submitted, distinct=True),
            claim_count=Count("claims", distinct=True),
        )
        .order_by("published", "title", "pk")
    )


def dismissed_keys(article: Article, user: User) -> set[str]:
    return set(Dismissal.objects.filter(article=article, user=user).values_list("key", flat=True))


def entity_named(project: Project, name: str) -> Entity | None:
    """The project's entity with this name or alias, compared without case."""
    wanted = name.strip().casefold()
    for entity in Entity.objects.filter(project=project).only("pk", "name", "aliases"):
        if wanted == entity.name.casefold() or wanted in map(str.casefold, entity.aliases):
            return Entity.objects.get(pk=entity.pk)
    return None


def candidate_base(target: Claim, user: User) -> QuerySet[Claim]:
    """Claims `user` may link `target` to: visible ones in the project's other articles."""
    project = target.article.project
    others = Claim.objects.filter(article__project=project).exclude(article=target.article_id)
    return _visible_to(user, project, others, "created_by")


def link_get_for_user(user: User, pk: int) -> Link:
    link = Link.objects.select_related("from_claim__article__project", "relation").filter(pk=pk)
    found = link.first()
    if found is None:
        raise Http404("No such link.")
    project = found.from_claim.article.project
    if not _visible_links(user, project, link).exists():
        raise Http404("No such link.")
    return found


def link_list_for_project(project: Project, user: User) -> list[Link]:
    links = Link.objects.filter(from_claim__article__project=project).select_related(
        "relation",
        "created_by",
        "from_claim__article",
        "to_claim__article",
        "from_claim__claim_type",
        "to_claim__claim_type",
    )
    links = links.defer("from_claim__article__text", "to_claim__article__text")
    return list(_visible_links(user, project, links).order_by("pk"))


CLUSTER_RELATIONS = {"agrees", "same_event", "refines"}
CONFLICT_RELATIONS = {"contradicts", "supersedes"}


@dataclass
class Cluster:
    """Claims connected through agrees, same_event and refines, with the links around them."""

    claims: list[Claim]
    links: list[Link] = field(default_factory=list)
    tensions: list[Link] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return sorted({claim.article.outlet for claim in self.claims if claim.article.outlet})


def _components(links: list[Link]) -> list[set[int]]:
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for link in links:
        parent[root(link.from_claim_id)] = root(link.to_claim_id)
    groups: dict[int, set[int]] = {}
    for node in parent:
        groups.setdefault(root(node), set()).add(node)
    return list(groups.values())


def claim_clusters(project: Project, user: User) -> list[Cluster]:
    """Every cluster of two or more claims the user may see, largest first."""
    links = link_list_for_project(project, user)
    joining = [link for link in links if link.relation.value in CLUSTER_RELATIONS]
    components = _components(joining)
    members = {pk for component in components for pk in component}
    visible = claim_queryset().select_related("article").filter(pk__in=members)
    claims = {claim.pk: claim for claim in _visible_to(user, project, visible, "created_by")}
    clusters = []
    for component in components:
        shown = [claims[pk] for pk in component if pk in claims]
        if len(shown) < 2:
            continue
        day = [c.article.published.toordinal() if c.article.published else 0 for c in shown]
        ordered = [claim for _, claim in sorted(zip(day, shown, strict=True), key=_by_day)]
        inside = [link for link in links if link.from_claim_id in component]
        clusters.append(
            Cluster(
                claims=ordered,
                links=[link for link in inside if link.relation.value in CLUSTER_RELATIONS],
                tensions=[
                    link
                    for link in links
                    if link.relation.value in CONFLICT_RELATIONS
                    and (link.from_claim_id in component or link.to_claim_id in component)
                ],
            )
        )
    return sorted(clusters, key=lambda cluster: -len(cluster.claims))


def _by_day(pair: tuple[int, Claim]) -> tuple[int, int]:
    return pair[0], pair[1].pk


@dataclass
class RoleConflict:
    entity: str
    one: Claim
    other: Claim


def _as_of(claim: Claim) -> str:
    """The time a role claim speaks of: its date, or else the year its article appeared."""
    if claim.when:
        return claim.when
    return f"{claim.article.published.year:04d}" if claim.article.published else ""


def _wording(claim: Claim) -> str:
    return " ".join(claim.quote.casefold().split())


def role_conflicts(project: Project, user: User) -> list[RoleConflict]:
    """Role claims about the same entity whose times overlap but whose wording differs."""
    from claims.suggest.candidates import dates_compatible
    from claims.suggest.entities import find_mentions

    roles = (
        claim_queryset()
        .select_related("article")
        .filter(article__project=project, claim_type__value="role")
    )
    roles = list(_visible_to(user, project, roles, "created_by"))
    entities = entity_list(project)
    about: dict[int, list[Claim]] = {}
    names = {entity.pk: entity.name for entity in entities}
    for claim in roles:
        ids = {p.pk for p in claim.participant_list}
        ids |= {m.entity_id for m in find_mentions(claim.quote, entities) if m.kind == "person"}
        for pk in ids:
            about.setdefault(pk, []).append(claim)
    found = []
    for pk, claims in about.items():
        for index, one in enumerate(claims):
            for other in claims[index + 1 :]:
                if (
                    one.article_id != other.article_id
                    and _wording(one) != _wording(other)
                    and (dates_compatible(_as_of(one), _as_of(other)))
                ):
                    found.append(RoleConflict(names.get(pk, "?"), one, other))
    return sorted(found, key=lambda c: (c.entity, c.one.article_id, c.other.article_id, c.one.pk))


def conflict_links(project: Project, user: User) -> list[Link]:
    return [
        link
        for link in link_list_for_project(project, user)
        if link.relation.value in CONFLICT_RELATIONS
    ]


def schema_with_usage(project: Project) -> list[tuple[str, str, list[Label]]]:
    """The project's labels by kind, each with `used`: how many annotations carry it."""
    used: dict[int, int] = {}
    for model, field_name in (
        (Claim, "claim_type"),
        (Attribution, "source_kind"),
        (Link, "relation"),
    ):
        rows = model.objects.filter(**{f"{field_name}__project": project}).values(field_name)
        for row in rows.annotate(n=Count("pk")):
            used[row[field_name]] = used.get(row[field_name], 0) + row["n"]
    labels = list(Label.objects.filter(project=project).order_by("kind", "position", "value"))
    for label in labels:
        label.used = used.get(label.pk, 0)
    return [
        (kind, name, [label for label in labels if label.kind == kind])
        for kind, name in LabelKind.choices
    ]


def annotator_progress(project: Project) -> list[dict]:
    """Per annotator: articles assigned, in progress and submitted."""
    counts = (
        Assignment.objects.filter(article__project=project)
        .values("annotator__username")
        .annotate(
            assigned=Count("pk"),
            in_progress=Count("pk", filter=Q(status=AssignmentStatus.IN_PROGRESS)),
            submitted=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)),
        )
        .order_by("annotator__username")
    )
    return list(counts)


@dataclass
class ReviewUnit:
    """One claim as each annotator marked it (matched by overlap), and what differs."""

    versions: dict[str, Claim]
    differs: set[str] = field(default_factory=set)

    @property
    def start(self) -> int:
        return min(claim.start for claim in self.versions.values())

    @property
    def decided(self) -> bool:
        return any(c.status == Status.ACCEPTED for c in self.versions.values())


def _fingerprint(claim: Claim, links: dict[int, set]) -> dict[str, object]:
    return {
        "span": (claim.start, claim.end),
        "type": claim.claim_type_id,
        "date": claim.when,
        "sources": tuple(sorted((a.source_id or 0, a.source_kind_id) for a in claim.source_list)),
        "links": frozenset(links.get(claim.pk, set())),
    }


def review_units(article: Article, user: User) -> tuple[list[str], list[ReviewUnit]]:
    """For reviewers: the annotators of `article` and its claims aligned across them."""
    from claims.agreement import Span, Work, units_across

    if role_in(article.project, user) not in EDITORS:
        raise Http404("Only reviewers and managers review.")
    claims = {c.pk: c for c in claim_queryset().filter(article=article).order_by("start", "pk")}
    works: dict[str, Work] = {}
    for claim in claims.values():
        span = Span(claim.pk, article.pk, claim.start, claim.end, claim.claim_type.value)
        works.setdefault(claim.created_by.get_username(), Work()).spans.append(span)
    links: dict[int, set] = {}
    for link in Link.objects.filter(from_claim__article=article).select_related("relation"):
        links.setdefault(link.from_claim_id, set()).add((link.relation.value, link.to_claim_id))
    grouped = [{name: claims[s.id] for name, s in unit.items()} for unit in units_across(works)]
    placed = {claim.pk for unit in grouped for claim in unit.values()}
    grouped += [
        {claim.created_by.get_username(): claim}
        for claim in claims.values()
        if claim.pk not in placed
    ]
    units = []
    for versions in grouped:
        prints = [_fingerprint(claim, links) for claim in versions.values()]
        differs = {key for key in prints[0] if len({repr(p[key]) for p in prints}) > 1}
        units.append(ReviewUnit(versions, differs))
    return sorted(works), sorted(units, key=lambda unit: unit.start)


def review_links(article: Article, user: User) -> list[Link]:
    """Every link from a claim of `article`, for reviewers."""
    if role_in(article.project, user) not in EDITORS:
        raise Http404("Only reviewers and managers review.")
    links = Link.objects.filter(from_claim__article=article).select_related(
        "relation", "created_by", "from_claim", "to_claim__article"
    )
    return list(links.defer("to_claim__article__text").order_by("from_claim__start", "pk"))
