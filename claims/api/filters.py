"""Allow-listed filters and cursor pagination for every list."""

from datetime import date

from django.core.exceptions import ValidationError
from drf_spectacular.plumbing import build_parameter_type
from drf_spectacular.utils import OpenApiParameter
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import CursorPagination

PAGING = {"cursor", "page_size"}
SCHEMAS = {
    int: {"type": "integer"},
    str: {"type": "string"},
    date: {"type": "string", "format": "date"},
}


class Cursor(CursorPagination):
    """Stable under inserts, and no COUNT(*) over a big table."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


BIGGEST_ID = 2**63 - 1  # PostgreSQL's bigint


def _parse(name: str, kind: type, raw: str):
    try:
        value = date.fromisoformat(raw) if kind is date else kind(raw)
        if kind is int and not -BIGGEST_ID <= value <= BIGGEST_ID:
            raise ValueError
        return value
    except ValueError:
        expected = {
            int: f"a whole number of at most {BIGGEST_ID}",
            date: "a date (YYYY-MM-DD)",
        }.get(kind, "text")
        raise ValidationError({name: f"Expected {expected}, got “{raw[:40]}”."}) from None


class AllowList(BaseFilterBackend):
    """The view's `filters` map a query parameter to (lookup, type); anything else is refused.

    A repeated parameter (`?status=draft&status=submitted`) matches any of its values.
    """

    def filter_queryset(self, request, queryset, view):
        allowed = getattr(view, "filters", {})
        unknown = set(request.query_params) - set(allowed) - PAGING
        if unknown:
            raise ValidationError(
                f"Unknown query parameter {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(allowed)) or 'none'}."
            )
        for name, (lookup, kind) in allowed.items():
            values = [_parse(name, kind, raw) for raw in request.query_params.getlist(name)]
            if len(values) == 1:
                queryset = queryset.filter(**{lookup: values[0]})
            elif values:
                queryset = queryset.filter(**{f"{lookup}__in": values})
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            build_parameter_type(
                name=name,
                schema=SCHEMAS[kind],
                location=OpenApiParameter.QUERY,
                description=f"Only rows whose {lookup.replace('__', ' ')} is this.",
            )
            for name, (lookup, kind) in getattr(view, "filters", {}).items()
        ]
