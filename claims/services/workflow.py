"""Assignments and reviews."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from claims.models import (
    Article,
    Assignment,
    AssignmentStatus,
    Claim,
    Decision,
    Label,
    Link,
    Project,
    Review,
    Role,
    Status,
)
from claims.services.base import (
    EDITORS,
    User,
    delete,
    lock,
    project_of,
    require_role,
    role_in,
    save,
)
from claims.services.claims import CHECKED as CLAIM_CHECKED
from claims.services.claims import claim_update
from claims.services.links import CHECKED as LINK_CHECKED


@transaction.atomic
def assignment_create(*, article: Article, annotator: User, actor: User | None) -> Assignment:
    project = article.project
    require_role(project, actor, {Role.MANAGER})
    if role_in(project, annotator) is None:
        raise ValidationError(f"{annotator} is not a member of “{project}”; add them first.")
    assignment, _ = Assignment.objects.get_or_create(
        article=article, annotator=annotator, defaults={"assigned_by": actor}
    )
    return assignment


@transaction.atomic
def assignment_auto(
    *, project: Project, k: int, actor: User | None, annotators: list[User] | None = None
) -> int:
    """Give every article of the project k annotators, the least loaded first.

    Existing assignments count towards both k and each annotator's load, so running it again
    changes nothing and loads stay within one article of each other. Returns how many were made.
    """
    require_role(project, actor, {Role.MANAGER})
    if annotators is None:
        annotators = [
            m.user
            for m in project.memberships.filter(role=Role.ANNOTATOR)
            .select_related("user")
            .order_by("user__username")
        ]
    if not 1 <= k <= len(annotators):
        raise ValidationError(
            f"k must be between 1 and the number of annotators ({len(annotators)}); it is {k}."
        )
    taken: dict[int, set[int]] = {}
    for article_id, user_id in Assignment.objects.filter(article__project=project).values_list(
        "article_id", "annotator_id"
    ):
        taken.setdefault(article_id, set()).add(user_id)
    load = {user.pk: sum(user.pk in ids for ids in taken.values()) for user in annotators}
    made = []
    for article in project.articles.order_by("published", "pk").only("pk"):
        have = taken.get(article.pk, set())
        free = sorted((u for u in annotators if u.pk not in have), key=lambda u: (load[u.pk], u.pk))
        for user in free[: max(0, k - len(have))]:
            made.append(Assignment(article=article, annotator=user, assigned_by=actor))
            load[user.pk] += 1
    bulk_create_with_history(made, Assignment, default_user=actor)
    return len(made)


@transaction.atomic
def assignment_delete(*, assignment: Assignment, actor: User | None) -> None:
    """Take an article back from an annotator; refused once they have work on it."""
    require_role(assignment.article.project, actor, {Role.MANAGER})
    made = assignment.article.claims.filter(created_by=assignment.annotator_id).count()
    if made:
        raise ValidationError(
            f"{assignment.annotator} has {made} claim{'s' if made != 1 else ''} on this article; "
            "it stays assigned so their work is not orphaned."
        )
    delete(assignment, actor)


@transaction.atomic
def assignment_submit(*, assignment: Assignment, actor: User) -> Assignment:
    """The annotator hands in an article: their draft claims and links become submitted."""
    if actor.pk != assignment.annotator_id:
        raise PermissionDenied("Only the assigned annotator can submit their work.")
    assignment.status = AssignmentStatus.SUBMITTED
    assignment.submitted_at = timezone.now()
    save(assignment, actor)
    for claim in assignment.article.claims.filter(created_by=actor, status=Status.DRAFT):
        claim.status, claim.version = Status.SUBMITTED, claim.version + 1
        save(claim, actor, checked=CLAIM_CHECKED)
    drafts = Link.objects.filter(
        from_claim__article=assignment.article, created_by=actor, status=Status.DRAFT
    )
    for link in drafts:
        link.status, link.version = Status.SUBMITTED, link.version + 1
        save(link, actor, checked=LINK_CHECKED)
    return assignment


@transaction.atomic
def review_decide(
    *, target: Claim | Link, decision: str, actor: User, version: int, comment: str = ""
) -> Review:
    """Accept (the target becomes gold) or reject a claim or a link."""
    model = type(target)
    claim = target if isinstance(target, Claim) else target.from_claim
    require_role(project_of(claim), actor, EDITORS)
    target = lock(model, target, version)
    if decision not in Decision.values:
        raise ValidationError({"decision": f"“{decision}” is neither accept nor reject."})
    target.status = Status.ACCEPTED if decision == Decision.ACCEPT else Status.REJECTED
    target.version += 1
    save(target, actor)
    review = Review(
        reviewer=actor, decision=decision, comment=comment, **{model._meta.model_name: target}
    )
    save(review, actor)
    return review


REVIEWABLE = (
    "claim_type",
    "when",
    "when_source",
    "polarity",
    "modality",
    "note",
    "start",
    "end",
    "quote",
)


def _plain(value: Any) -> Any:
    return getattr(value, "value", value) if isinstance(value, Label) else value


@transaction.atomic
def review_claim(
    *,
    claim: Claim,
    actor: User,
    version: int,
    decision: str,
    comment: str = "",
    changes: dict[str, Any] | None = None,
    alternatives: Iterable[Claim] = (),
) -> Review:
    """A reviewer's decision on one annotator's version of a claim.

    `changes` are corrections made before accepting, kept in the review as {field: [old, new]}.
    Accepting a version rejects its `alternatives` (the other annotators' versions of the same
    claim) that are not decided yet, so exactly one version becomes gold.
    """
    require_role(project_of(claim), actor, EDITORS)
    correction = {}
    if changes:
        before = Claim.objects.get(pk=claim.pk)
        claim = claim_update(claim=claim, actor=actor, version=version, **changes)
        version = claim.version
        correction = {
            field: [_plain(getattr(before, field)), _plain(getattr(claim, field))]
            for field in changes
            if field in REVIEWABLE and getattr(before, field) != getattr(claim, field)
        }
    review = review_decide(
        target=claim, decision=decision, actor=actor, version=version, comment=comment
    )
    if correction:
        review.correction = correction
        save(review, actor)
    if decision == Decision.ACCEPT:
        for other in alternatives:
            other = Claim.objects.get(pk=other.pk)
            if other.pk != claim.pk and other.status in (Status.DRAFT, Status.SUBMITTED):
                review_decide(
                    target=other,
                    decision=Decision.REJECT,
                    actor=actor,
                    version=other.version,
                    comment="Another version was accepted.",
                )
    return review
