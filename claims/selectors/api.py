"""Reads across all of a user's projects, for the API's lists: the same scoping as the pages.

A row of a project the user is not a member of is never in these querysets, so the API answers
404 for it exactly as the pages do; annotators see their own claims and links and gold ones.
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from claims.models import (
    Article,
    Assignment,
    Attribution,
    Claim,
    Entity,
    Link,
    Membership,
    Project,
    Review,
    Status,
)
from claims.selectors.core import User, claim_queryset
from claims.services import EDITORS


def _projects(user: User, roles=None) -> QuerySet:
    """Ids of the projects `user` belongs to (with one of `roles`), as a subquery."""
    if user.is_superuser:
        return Project.objects.values("pk")
    memberships = Membership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("project")


def _mine_or_gold(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}created_by": user}) | Q(**{f"{prefix}status": Status.ACCEPTED})


def project_list_for_api(user: User) -> QuerySet[Project]:
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Project.objects.filter(pk__in=_projects(user)).annotate(role=Subquery(role)).order_by("pk")
    )


def article_list_for_api(user: User) -> QuerySet[Article]:
    return Article.objects.filter(project__in=_projects(user)).order_by("pk")


def entity_list_for_api(user: User) -> QuerySet[Entity]:
    return Entity.objects.filter(project__in=_projects(user)).order_by("pk")


def claim_list_for_api(user: User) -> QuerySet[Claim]:
    """Everyone's claims in projects the user reviews or manages; elsewhere their own and gold."""
    everyone = Q(article__project__in=_projects(user, EDITORS))
    blind = Q(article__project__in=_projects(user)) & _mine_or_gold(user)
    return (
        claim_queryset()
        .filter(everyone | blind)
        .select_related("article")
        .defer("article__text")
        .order_by("pk")
    )


def attribution_list_for_api(user: User) -> QuerySet[Attribution]:
    claims = claim_list_for_api(user).values("pk")
    return (
        Attribution.objects.filter(claim__in=claims)
        .select_related("claim", "source", "source_kind")
        .order_by("pk")
    )


def link_list_for_api(user: User) -> QuerySet[Link]:
    """As on the pages: the link and the claims at both its ends must be visible."""
    everyone = Q(from_claim__article__project__in=_projects(user, EDITORS))
    blind = (
        Q(from_claim__article__project__in=_projects(user))
        & _mine_or_gold(user)
        & _mine_or_gold(user, "from_claim__")
        & _mine_or_gold(user, "to_claim__")
    )
    return (
        Link.objects.filter(everyone | blind)
        .select_related("relation", "created_by", "from_claim__article")
        .defer("from_claim__article__text")
        .order_by("pk")
    )


def assignment_list_for_api(user: User) -> QuerySet[Assignment]:
    """Managers and reviewers see the project's assignments; annotators their own."""
    everyone = Q(article__project__in=_projects(user, EDITORS))
    own = Q(article__project__in=_projects(user), annotator=user)
    return (
        Assignment.objects.filter(everyone | own)
        .select_related("article", "annotator", "assigned_by")
        .defer("article__text")
        .order_by("pk")
    )


def review_list_for_api(user: User) -> QuerySet[Review]:
    """Reviewers and managers see every review of their projects; annotators those of their work."""
    claims = Q(claim__article__project__in=_projects(user, EDITORS))
    links = Q(link__from_claim__article__project__in=_projects(user, EDITORS))
    member = _projects(user)
    own = Q(claim__created_by=user, claim__article__project__in=member) | Q(
        link__created_by=user, link__from_claim__article__project__in=member
    )
    return (
        Review.objects.filter(claims | links | own)
        .select_related("reviewer", "claim", "link")
        .order_by("pk")
    )
