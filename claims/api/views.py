"""The API's resources. Each list is a selector scoped to the user; each write is a service call.

A row outside the user's projects is not in the queryset, so it is a 404, as in the pages.
Reads answer with an ETag; PATCH, PUT and DELETE need If-Match (428 without, 412 when stale);
POST takes an `Idempotency-Key` header so a retried create makes one row.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from claims import selectors, services
from claims.api import serializers as s
from claims.api import transfer
from claims.api.concurrency import check_digest, etag
from claims.api.filters import AllowList, Cursor
from claims.models import Article, Entity, Idempotency, Project
from claims.services.articles import ARTICLE_FIELDS
from claims.services.base import idempotent_create

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Any unique string per create; a retry with the same key returns the first "
    "result instead of creating twice.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag you read. 412 if it changed since, 428 if missing.",
)
IF_MATCH_ONLY = extend_schema(parameters=[IF_MATCH])
WRITES = {
    "create": extend_schema(parameters=[IDEMPOTENCY_KEY]),
    "partial_update": extend_schema(parameters=[IF_MATCH]),
    "update": extend_schema(parameters=[IF_MATCH]),
    "destroy": extend_schema(parameters=[IF_MATCH]),
}


KEY_LENGTH = Idempotency._meta.get_field("key").max_length


class Resource(GenericViewSet):
    filter_backends = [AllowList]
    lookup_value_converter = "int"
    pagination_class = Cursor
    filters: dict[str, tuple[str, type]] = {}
    select: Callable = staticmethod(lambda user: None)

    def get_queryset(self):
        return self.select(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    def answer(self, instance, code: int = status.HTTP_200_OK, headers=None) -> Response:
        data = self.get_serializer(instance).data
        return Response(
            data, status=code, headers={"ETag": etag(instance, data), **(headers or {})}
        )

    def reread(self, instance):
        """The row as the list shows it (prefetches, scoping) after a write."""
        return self.get_queryset().get(pk=instance.pk)

    def valid(self, instance=None) -> dict:
        """The request's data as the serializer checks it; for a change, against `instance`,
        so that its unique fields (a project's slug) are not taken to clash with itself."""
        serializer = self.get_serializer(
            instance, data=self.request.data, partial=instance is not None
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def created(self, model: type, create: Callable[[], Any], whole: bool = False) -> Response:
        """Run a create once per Idempotency-Key; a replay answers 200 with the first result.

        `whole`: what `create` returns carries everything the serializer shows (its related rows
        as loaded objects), so a new row is answered as made instead of read back.
        """
        key = self.request.headers.get("Idempotency-Key", "")
        if len(key) > KEY_LENGTH:
            raise ValidationError(
                {"Idempotency-Key": f"At most {KEY_LENGTH} characters; this one has {len(key)}."}
            )
        made, new = idempotent_create(self.request.user, key, model, create)
        shown = made if new and whole else self.reread(made)
        code = status.HTTP_201_CREATED if new else status.HTTP_200_OK
        return self.answer(shown, code, {"Idempotent-Replayed": str(not new).lower()})

    def checked(self, instance):
        """The row locked for a write, after its ETag matched If-Match (rows without a version).

        The digest is taken of the row as it is under the lock, not as `instance` was read: a
        write committed in between changes the tag, so the stale If-Match is refused.
        """
        locked = self.get_queryset().select_for_update(of=("self",)).get(pk=instance.pk)
        check_digest(self.request, locked, self.get_serializer(locked).data)
        return locked

    def changes(self, data: dict, allowed: set[str]) -> dict:
        refused = sorted(set(data) - allowed)
        if refused:
            raise ValidationError({name: "This field cannot be changed here." for name in refused})
        return data


def _project(user, pk: int) -> Project:
    return selectors.project_get_for_user(user, pk=pk)


def _entities(project: Project, ids: list[int], field: str) -> list[Entity]:
    if not ids:
        return []
    found = {e.pk: e for e in Entity.objects.filter(project=project, pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: f"No entity {', '.join(missing)} in this project."})
    return [found[pk] for pk in ids]


def _entity(project: Project, pk: int | None, field: str) -> Entity | None:
    return None if pk is None else _entities(project, [pk], field)[0]


@extend_schema_view(create=WRITES["create"], partial_update=IF_MATCH_ONLY, update=IF_MATCH_ONLY)
class ProjectViewSet(Resource):
    """Projects you are a member of, with your role."""

    serializer_class = s.ProjectSerializer
    select = staticmethod(selectors.project_list_for_api)
    filters = {"slug": ("slug", str)}

    def create(self, request):
        data = self.valid()
        return self.created(Project, lambda: services.project_create(actor=request.user, **data))

    def partial_update(self, request, pk=None):
        instance = self.get_object()
        data = self.changes(self.valid(instance), {"name", "slug", "description", "guidelines"})
        with transaction.atomic():
            project = services.project_update(
                project=self.checked(instance), actor=request.user, **data
            )
        return self.answer(self.reread(project))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    @transfer.EXPORT_SCHEMA
    @action(
        detail=True,
        filter_backends=[],
        renderer_classes=transfer.EXPORT_RENDERERS,
        url_path="export",
    )
    def export(self, request, pk=None):
        return transfer.export(self, request)

    @transfer.IMPORT_SCHEMA
    @action(
        detail=True,
        methods=["post"],
        filter_backends=[],
        parser_classes=transfer.IMPORT_PARSERS,
        url_path="import",
        url_name="import",
    )
    def import_dataset(self, request, pk=None):
        return transfer.import_(self, request)


@extend_schema_view(**WRITES)
class ArticleViewSet(Resource):
    """Articles of your projects; the text is stored exactly as given."""

    serializer_class = s.ArticleSerializer
    select = staticmethod(selectors.article_list_for_api)
    filters = {
        "project": ("project", int),
        "outlet": ("outlet", str),
        "external_id": ("external_id", str),
        "published_from": ("published__gte", date),
        "published_to": ("published__lte", date),
    }

    def create(self, request):
        data = self.valid()
        project = _project(request.user, data.pop("project_id"))
        return self.created(
            Article,
            lambda: services.article_import(project=project, actor=request.user, **data),
        )

    def partial_update(self, request, pk=None):
        instance = self.get_object()
        data = self.changes(self.valid(instance), ARTICLE_FIELDS)
        with transaction.atomic():
            article = services.article_update(
                article=self.checked(instance), actor=request.user, **data
            )
        return self.answer(self.reread(article))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        instance = self.get_object()
        with transaction.atomic():
            services.article_delete(article=self.checked(instance), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(**WRITES)
class EntityViewSet(Resource):
    """People, outlets, agencies, places and documents, with the other names they go by."""

    serializer_class = s.EntitySerializer
    select = staticmethod(selectors.entity_list_for_api)
    filters = {"project": ("project", int), "kind": ("kind", str), "name": ("name", str)}

    def create(self, request):
        data = self.valid()
        project = _project(request.user, data.pop("project_id"))
        return self.created(
            Entity, lambda: services.entity_create(project=project, actor=request.user, **data)
        )

    def partial_update(self, request, pk=None):
        instance = self.get_object()
        data = self.changes(self.valid(instance), {"kind", "name", "aliases", "description"})
        with transaction.atomic():
            entity = services.entity_update(
                entity=self.checked(instance), actor=request.user, **data
            )
        return self.answer(self.reread(entity))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        instance = self.get_object()
        with transaction.atomic():
            services.entity_delete(entity=self.checked(instance), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
