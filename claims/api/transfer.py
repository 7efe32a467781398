"""Export and import of a whole project through the API: /projects/{id}/export/ and /import/."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from claims import exports, imports
from claims.exports.response import CARD, export_response
from claims.models import Role, Status
from claims.services.base import require_role


class AnyMedia(BaseRenderer):
    """Lets a client that asks for a zip, Markdown or anything else reach the export."""

    media_type = "*/*"
    format = "export"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)


class ExportQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=[*exports.FORMATS, CARD], default="jsonl")
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=Status.values), required=False
    )
    annotator = serializers.ListField(child=serializers.CharField(max_length=150), required=False)
    claim_type = serializers.ListField(child=serializers.CharField(max_length=50), required=False)
    published_from = serializers.DateField(required=False)
    published_to = serializers.DateField(required=False)


class ImportRequest(serializers.Serializer):
    format = serializers.ChoiceField(choices=list(imports.FORMATS))
    files = serializers.ListField(child=serializers.FileField(), min_length=1)
    status = serializers.ChoiceField(
        choices=[Status.SUBMITTED, Status.ACCEPTED], default=Status.SUBMITTED
    )


class ImportAnswer(serializers.Serializer):
    articles = serializers.IntegerField()
    claims = serializers.IntegerField()
    attributions = serializers.IntegerField()
    links = serializers.IntegerField()
    entities = serializers.IntegerField()
    labels = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())


def _query(params) -> dict:
    lists = ("status", "annotator", "claim_type")
    data = {key: params.getlist(key) if key in lists else params.get(key) for key in params}
    unknown = set(data) - set(ExportQuery().fields)
    if unknown:
        raise ValidationError(f"Unknown query parameter {', '.join(sorted(unknown))}.")
    query = ExportQuery(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data


EXPORT_SCHEMA = extend_schema(
    parameters=[
        OpenApiParameter("format", OpenApiTypes.STR, enum=[*exports.FORMATS, CARD]),
        *[
            OpenApiParameter(name, OpenApiTypes.STR, many=True, explode=True)
            for name in ("status", "annotator", "claim_type")
        ],
        OpenApiParameter("published_from", OpenApiTypes.DATE),
        OpenApiParameter("published_to", OpenApiTypes.DATE),
    ],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The export, streamed; gold only by default."
        )
    },
)
IMPORT_SCHEMA = extend_schema(
    request={"multipart/form-data": ImportRequest}, responses=ImportAnswer
)


def export(view, request):
    """The project's dataset in `format`, streamed as it is made."""
    project = view.get_object()
    query = _query(request.query_params)
    key = query.pop("format")
    selection = exports.selection_for(project=project, actor=request.user, **query)
    return export_response(selection, key)


def import_(view, request):
    """Read files into the project (managers); a bad line refuses the whole import."""
    project = view.get_object()
    require_role(project, request.user, {Role.MANAGER})
    form = ImportRequest(data=request.data)
    form.is_valid(raise_exception=True)
    files = [(upload.name, upload.read()) for upload in form.validated_data["files"]]
    report = imports.import_dataset(
        project=project,
        actor=request.user,
        format=form.validated_data["format"],
        files=files,
        status=form.validated_data["status"],
    )
    return Response(ImportAnswer(report).data, status=status.HTTP_201_CREATED)


IMPORT_PARSERS = [MultiPartParser]
EXPORT_RENDERERS = [JSONRenderer, AnyMedia]
