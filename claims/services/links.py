"""Links: typed, directed relations between claims."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.models import (
    Claim,
    Label,
    LabelKind,
    Link,
    Project,
    Status,
)
from claims.services.base import (
    EDITORS,
    User,
    delete,
    label_get,
    lock,
    project_of,
    require_editor_of,
    require_member,
    role_in,
    save,
)

# Loaded and checked here; see base.save.
CHECKED = ("from_claim", "to_claim", "relation", "created_by")


def _check_link(link: Link, project: Project) -> None:
    if link.from_claim_id == link.to_claim_id:
        raise ValidationError("A claim cannot be linked to itself.")
    reverse = link.relation.symmetric
    duplicates = Link.objects.filter(
        from_claim=link.from_claim,
        to_claim=link.to_claim,
        relation=link.relation,
        created_by=link.created_by,
    )
    if reverse:
        duplicates = duplicates | Link.objects.filter(
            from_claim=link.to_claim,
            to_claim=link.from_claim,
            relation=link.relation,
            created_by=link.created_by,
        )
    if duplicates.exclude(pk=link.pk).exists():
        raise ValidationError(
            f"These two claims are already linked as “{link.relation.value}”"
            f"{' (in either direction)' if reverse else ''}."
        )


def _link_project(from_claim: Claim, to_claim: Claim, actor: User) -> Project:
    """The one project both claims belong to; refuses claims the actor may not see."""
    claims = list(
        Claim.objects.filter(pk__in=[from_claim.pk, to_claim.pk]).select_related("article__project")
    )
    if len({claim.article.project_id for claim in claims}) == 2:
        raise ValidationError(
            "These claims belong to different projects; links stay inside one project."
        )
    project = claims[0].article.project
    _require_visible(project, claims, actor)
    return project


def _require_visible(project: Project, claims: list[Claim], actor: User) -> None:
    """Blind annotation: an annotator links only their own claims and gold ones."""
    if role_in(project, actor) in EDITORS:
        return
    for claim in claims:
        if claim.created_by_id != actor.pk and claim.status != Status.ACCEPTED:
            raise PermissionDenied("You can link only your own claims and accepted ones.")


@transaction.atomic
def link_create(
    *, from_claim: Claim, to_claim: Claim, relation: Label | str, actor: User, note: str = ""
) -> Link:
    require_member(project_of(from_claim), actor)
    project = _link_project(from_claim, to_claim, actor)
    relation = label_get(project=project, kind=LabelKind.LINK_RELATION, value=relation)
    link = Link(
        from_claim=from_claim, to_claim=to_claim, relation=relation, note=note, created_by=actor
    )
    _check_link(link, project)
    try:
        with transaction.atomic():
            save(link, actor, checked=CHECKED)
    except IntegrityError:
        raise ValidationError(f"These two claims are already linked as “{relation}”.") from None
    return link


@transaction.atomic
def link_update(
    *,
    link: Link,
    actor: User | None,
    version: int,
    relation: Label | str | None = None,
    note: str | None = None,
    reverse: bool = False,
) -> Link:
    project = project_of(link.from_claim)
    require_editor_of(project, link.created_by_id, actor)
    link = lock(Link, link, version)
    if relation is not None:
        link.relation = label_get(project=project, kind=LabelKind.LINK_RELATION, value=relation)
    if note is not None:
        link.note = note
    if reverse:
        link.from_claim, link.to_claim = link.to_claim, link.from_claim
    _check_link(link, project)
    link.version += 1
    save(link, actor, checked=CHECKED)
    return link


@transaction.atomic
def link_delete(*, link: Link, actor: User | None, version: int | None = None) -> None:
    require_editor_of(project_of(link.from_claim), link.created_by_id, actor)
    link = lock(Link, link, version)
    delete(link, actor)
