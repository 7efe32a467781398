"""Projects, their members and their label schema."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Label,
    Membership,
    Project,
    Role,
)
from claims.schema import default_labels
from claims.services.base import (
    User,
    delete,
    refuse_unknown,
    require_role,
    save,
)

LABEL_FIELDS = {
    "kind",
    "value",
    "name",
    "description",
    "color",
    "hotkey",
    "symmetric",
    "hidden",
    "position",
}


@transaction.atomic
def project_create(
    *, name: str, slug: str, description: str = "", guidelines: str = "", actor: User | None
) -> Project:
    project = Project(name=name, slug=slug, description=description, guidelines=guidelines)
    save(project, actor)
    for position, label in enumerate(default_labels()):
        save(Label(project=project, position=position, **label._asdict()), actor)
    if actor is not None:
        membership_set(project=project, user=actor, role=Role.MANAGER, actor=None)
    return project


@transaction.atomic
def project_update(*, project: Project, actor: User | None, **changes: Any) -> Project:
    require_role(project, actor, {Role.MANAGER})
    refuse_unknown(changes, {"name", "slug", "description", "guidelines"}, "project")
    for field, value in changes.items():
        setattr(project, field, value)
    save(project, actor)
    return project


@transaction.atomic
def membership_set(*, project: Project, user: User, role: str, actor: User | None) -> Membership:
    require_role(project, actor, {Role.MANAGER})
    if role not in Role.values:
        raise ValidationError({"role": f"“{role}” is not a role; use one of {Role.values}."})
    membership, _ = Membership.objects.get_or_create(
        project=project, user=user, defaults={"role": role}
    )
    if membership.role != role:
        membership.role = role
        save(membership, actor)
    else:
        membership.full_clean()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User | None) -> None:
    """Take someone out of a project; their annotations stay, and so does one manager at least."""
    project = membership.project
    require_role(project, actor, {Role.MANAGER})
    managers = Membership.objects.select_for_update().filter(project=project, role=Role.MANAGER)
    if membership.role == Role.MANAGER and managers.count() == 1:
        raise ValidationError(
            f"{membership.user} is the last manager of “{project}”; "
            "make someone else manager first."
        )
    delete(membership, actor)


def label_usage(label: Label) -> int:
    return label.claims.count() + label.attributions.count() + label.links.count()


@transaction.atomic
def label_create(
    *, project: Project, kind: str, value: str, name: str, actor: User | None, **fields: Any
) -> Label:
    require_role(project, actor, {Role.MANAGER})
    position = Label.objects.filter(project=project, kind=kind).count()
    label = Label(project=project, kind=kind, value=value, name=name, position=position, **fields)
    save(label, actor)
    return label


@transaction.atomic
def label_update(*, label: Label, actor: User | None, **changes: Any) -> Label:
    require_role(label.project, actor, {Role.MANAGER})
    refuse_unknown(changes, LABEL_FIELDS, "label")
    if "kind" in changes and changes["kind"] != label.kind and label_usage(label):
        raise ValidationError(
            f"The label “{label.value}” is in use, so its kind cannot change; create a new label."
        )
    for field, value in changes.items():
        setattr(label, field, value)
    save(label, actor)
    return label


@transaction.atomic
def label_delete(*, label: Label, actor: User | None) -> None:
    require_role(label.project, actor, {Role.MANAGER})
    used = label_usage(label)
    if used:
        raise ValidationError(
            f"The {label.get_kind_display().lower()} “{label.value}” is used by {used} "
            f"annotation{'s' if used != 1 else ''} and cannot be deleted; hide it instead."
        )
    delete(label, actor)
