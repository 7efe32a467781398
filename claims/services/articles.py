"""Articles and entities."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import (
    Article,
    Entity,
    Project,
    Role,
)
from claims.services.base import (
    EDITORS,
    User,
    delete,
    refuse_unknown,
    require_member,
    require_role,
    save,
    text_sha256,
)


def _check_text(text: Any) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ValidationError({"text": "The article has no text."})
    if "\x00" in text:
        raise ValidationError(
            {"text": f"The text contains a NUL character at position {text.index(chr(0))}."}
        )


@transaction.atomic
def article_import(
    *,
    project: Project,
    title: str,
    text: str,
    outlet: str = "",
    url: str = "",
    published: date | None = None,
    language: str = "de",
    metadata: dict | None = None,
    external_id: str = "",
    actor: User | None,
) -> Article:
    """Store an article exactly as given: the text is never normalised."""
    require_role(project, actor, {Role.MANAGER})
    _check_text(text)
    article = Article(
        project=project,
        title=title,
        text=text,
        text_sha256=text_sha256(text),
        outlet=outlet,
        url=url,
        published=published,
        language=language,
        metadata=metadata or {},
        external_id=external_id,
        created_by=actor,
    )
    save(article, actor)
    return article


ARTICLE_FIELDS = {
    "title",
    "outlet",
    "url",
    "published",
    "language",
    "metadata",
    "text",
    "external_id",
}


@transaction.atomic
def article_update(*, article: Article, actor: User | None, **changes: Any) -> Article:
    require_role(article.project, actor, {Role.MANAGER})
    refuse_unknown(changes, ARTICLE_FIELDS, "article")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if "text" in changes and changes["text"] != article.text:
        anchored = article.claims.count()
        if anchored:
            raise ValidationError(
                {
                    "text": (
                        f"The text of “{article.title}” cannot change: {anchored} claim"
                        f"{'s are' if anchored != 1 else ' is'} anchored in it. "
                        "Import the new text as a new article instead."
                    )
                }
            )
        _check_text(changes["text"])
        article.text_sha256 = text_sha256(changes["text"])
    for field, value in changes.items():
        setattr(article, field, value)
    save(article, actor)
    return article


def _clean_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    seen, cleaned = {name.casefold()}, []
    for alias in aliases:
        if not isinstance(alias, str):
            raise ValidationError({"aliases": "Aliases are names (text)."})
        alias = alias.strip()
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            cleaned.append(alias)
    return cleaned


@transaction.atomic
def entity_create(
    *,
    project: Project,
    kind: str,
    name: str,
    aliases: Iterable[str] = (),
    description: str = "",
    actor: User | None,
) -> Entity:
    require_member(project, actor)
    name = name.strip()
    entity = Entity(
        project=project,
        kind=kind,
        name=name,
        description=description,
        aliases=_clean_aliases(name, aliases),
    )
    save(entity, actor)
    return entity


@transaction.atomic
def entity_update(*, entity: Entity, actor: User | None, **changes: Any) -> Entity:
    require_member(entity.project, actor)
    refuse_unknown(changes, {"kind", "name", "aliases", "description"}, "entity")
    for field, value in changes.items():
        setattr(entity, field, value.strip() if field == "name" else value)
    entity.aliases = _clean_aliases(entity.name, entity.aliases)
    save(entity, actor)
    return entity


@transaction.atomic
def article_delete(*, article: Article, actor: User | None) -> None:
    """Remove an article nothing is anchored in yet; history keeps it."""
    require_role(article.project, actor, {Role.MANAGER})
    article = Article.objects.select_for_update().get(pk=article.pk)
    anchored = article.claims.count()
    if anchored:
        raise ValidationError(
            f"“{article.title}” has {anchored} claim{'s' if anchored != 1 else ''}; "
            "delete them first so no annotation is lost with the article."
        )
    delete(article, actor)


@transaction.atomic
def entity_delete(*, entity: Entity, actor: User | None) -> None:
    """Remove an entity no claim or source refers to."""
    require_role(entity.project, actor, EDITORS)
    uses = (
        entity.claims_as_participant.count()
        + entity.claims_as_place.count()
        + entity.attributions.count()
    )
    if uses:
        raise ValidationError(
            f"“{entity.name}” is used {uses} time{'s' if uses != 1 else ''} in claims and "
            "sources; change those first."
        )
    delete(entity, actor)
