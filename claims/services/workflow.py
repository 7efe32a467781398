"""Assignments and reviews."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import (
    Article,
    Assignment,
    AssignmentStatus,
    Claim,
    Decision,
    Link,
    Review,
    Role,
    Status,
)
from claims.services.base import (
    EDITORS,
    User,
    lock,
    project_of,
    require_role,
    role_in,
    save,
)
from claims.services.claims import CHECKED as CLAIM_CHECKED
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
    target = lock(model, target, version)
    claim = target if isinstance(target, Claim) else target.from_claim
    require_role(project_of(claim), actor, EDITORS)
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
