"""What every service shares: who may do what, saving with history, version checks, spans."""

import hashlib
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims import offsets
from claims.models import (
    Claim,
    Entity,
    Idempotency,
    Label,
    LabelKind,
    Membership,
    Project,
    Role,
    WhenSource,
)
from claims.timex import timex_error

User = AbstractBaseUser
EDITORS = {Role.REVIEWER, Role.MANAGER}


class StaleVersion(ValidationError):
    """Someone else changed the object since the caller read it."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def role_in(project: Project, user: User | None) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.MANAGER
    return (
        Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    )


def require_role(project: Project, actor: User | None, roles: Iterable[str]) -> None:
    if actor is None:
        return
    if role_in(project, actor) not in set(roles):
        raise PermissionDenied(f"You may not do this in the project “{project}”.")


def require_member(project: Project, actor: User | None) -> None:
    require_role(project, actor, Role.values)


def require_editor_of(project: Project, owner_id: int, actor: User | None) -> None:
    """The author of an annotation may change it; so may the project's reviewers and managers."""
    if actor is not None and actor.pk == owner_id:
        require_member(project, actor)
        return
    require_role(project, actor, EDITORS)


def save(instance: Any, actor: User | None, *, checked: Collection[str] = ()) -> None:
    """Validate, save, and record `actor` in the history.

    `checked` names related fields the service loaded and checked itself: they are not looked up
    again, and the row's check constraints are left to the database, which enforces them anyway.
    This keeps the hot paths (claims) to a handful of queries.
    """
    instance.full_clean(exclude=checked, validate_constraints=not checked)
    instance._history_user = actor
    instance.save()


def idempotent(actor: User, key: str | None, model: type, create: Callable[[], Any]) -> Any:
    """Run `create` once per (actor, key): a retried request gets what the first one made."""
    return idempotent_create(actor, key, model, create)[0]


def idempotent_create(
    actor: User, key: str | None, model: type, create: Callable[[], Any]
) -> tuple[Any, bool]:
    """As `idempotent`, also saying whether this call made the object (False for a replay).

    The key's row is written before the object, in the same transaction, so a parallel request
    with the same key waits on its unique index and then finds the object the first one made.
    """
    if not key:
        return create(), True
    label = model._meta.label_lower
    record = Idempotency.objects.filter(user=actor, key=key).first()
    if record is None:
        try:
            with transaction.atomic():
                record = Idempotency.objects.create(user=actor, key=key, model=label)
                made = create()
                record.object_id = made.pk
                record.save(update_fields=["object_id"])
                return made, True
        except IntegrityError:
            record = Idempotency.objects.filter(user=actor, key=key).first()
            if record is None:
                raise
    if record.model != label:
        raise ValidationError("This request key was already used for something else.")
    made = model.objects.filter(pk=record.object_id).first()
    if made is None:
        raise ValidationError(
            f"This {model._meta.verbose_name} was made and has been deleted since."
        )
    return made, False


def delete(instance: Any, actor: User | None) -> None:
    instance._history_user = actor
    instance.delete()


def refuse_unknown(changes: dict, allowed: set[str], what: str) -> None:
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError(f"These fields of a {what} cannot be changed here: {unknown}.")


def project_entities(project: Project, entities: Iterable[Entity]) -> list[Entity]:
    entities = list(entities)
    for entity in entities:
        if entity.project_id != project.pk:
            raise ValidationError(f"The entity “{entity}” belongs to another project.")
    return entities


def check_span(text: str, start: Any, end: Any, quote: Any, what: str) -> offsets.Anchor:
    """Refuse a span that is not a non-empty slice of the text saying exactly `quote`."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise ValidationError(f"The {what}'s start and end must be whole numbers.")
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            f"The {what}'s span [{start}, {end}) is not inside the article, which has "
            f"{len(text)} characters (Unicode code points), or it is empty."
        )
    found = text[start:end]
    if quote != found:
        raise ValidationError(
            f"The {what}'s quote does not match the article at [{start}, {end}): the article has "
            f"“{shorten(found)}” there, the request sent “{shorten(str(quote))}”. "
            "Offsets are counted in Unicode code points."
        )
    return offsets.anchor(text, start, end)


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_when(when: str, when_source: str) -> None:
    if not when:
        if when_source:
            raise ValidationError({"when_source": "There is no date to have a source."})
        return
    problem = timex_error(when)
    if problem:
        raise ValidationError({"when": problem})
    if when_source not in {WhenSource.TYPED, WhenSource.SUGGESTED}:
        raise ValidationError({"when_source": "Say whether the date was typed or suggested."})


def lock(model: type, instance: Any, version: int | None) -> Any:
    """The row as it is now, locked until the transaction ends; refuse if `version` is stale."""
    name = model._meta.verbose_name
    try:
        current = model.objects.select_for_update().get(pk=instance.pk)
    except model.DoesNotExist:
        raise ValidationError(f"This {name} no longer exists: someone deleted it.") from None
    if version is not None and current.version != version:
        last = current.history.select_related("history_user").first()
        who = f" by {last.history_user}" if last and last.history_user else ""
        raise StaleVersion(
            f"This {name} was changed{who} since you opened it (you have version {version}, "
            f"it is now at version {current.version}). Reload it to see the change, then make "
            "yours again."
        )
    return current


def project_of(claim: Claim) -> Project:
    return Project.objects.get(articles__claims=claim)


def bump_version(claim: Claim, actor: User | None) -> None:
    claim.version += 1
    claim._history_user = actor
    claim.save(update_fields=["version", "updated_at"])


def label_get(*, project: Project, kind: str, value: str | Label) -> Label:
    """The project's label of this kind, given as a Label or by its value."""
    if isinstance(value, Label):
        if value.project_id != project.pk or value.kind != kind:
            raise ValidationError(
                f"“{value}” is not a {LabelKind(kind).label.lower()} of {project}."
            )
        return value
    label = Label.objects.filter(project=project, kind=kind, value=value).first()
    if label is None:
        known = ", ".join(
            Label.objects.filter(project=project, kind=kind).values_list("value", flat=True)
        )
        raise ValidationError(
            f"“{value}” is not a {LabelKind(kind).label.lower()} of {project}; known: {known}."
        )
    return label
