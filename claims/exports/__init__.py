"""Dataset exports, one module per format (docs/formats.md), all streamed.

    selection = selection_for(project=project, actor=user, status=["accepted"])
    for chunk in export_stream(selection, "jsonl", progress=lambda done, total: ...):
        ...

A selection is made once and used for the data, the card and the file name alike.
"""

from collections.abc import Callable, Iterator

from django.utils.text import slugify

from claims.exports import (
    brat,
    conll,
    csv,
    doccano,
    huggingface,
    jsonl,
    labelstudio,
    w3c,
)
from claims.exports.base import ExportRefused, Format, Selection, selection_for
from claims.exports.card import dataset_card as _card
from claims.exports.walk import chunked

_MODULES = (jsonl, csv, w3c, brat, conll, huggingface, doccano, labelstudio)
FORMATS: dict[str, Format] = {module.FORMAT.key: module.FORMAT for module in _MODULES}
_STREAMS = {module.FORMAT.key: module.stream for module in _MODULES}

__all__ = [
    "FORMATS",
    "ExportRefused",
    "Format",
    "Selection",
    "dataset_card",
    "export_filename",
    "export_stream",
    "selection_for",
]


def _format(key: str) -> Format:
    if key not in FORMATS:
        raise ExportRefused(f"Unknown export format “{key}”; known: {', '.join(FORMATS)}.")
    return FORMATS[key]


def export_stream(
    selection: Selection, key: str, progress: Callable[[int, int], None] | None = None
) -> Iterator[bytes]:
    """The export as bytes chunks; `progress(articles_done, articles_total)` as it goes.

    An unknown format is refused at once, before anything is read.
    """
    _format(key)
    return _run(selection, key, progress)


def _run(selection: Selection, key: str, progress) -> Iterator[bytes]:
    if progress:
        progress(0, selection.article_total)
    yield from chunked(_STREAMS[key](selection, progress))


def dataset_card(selection: Selection) -> str:
    """The Markdown card: selection, counts, agreement, schema, licence, offset unit."""
    return _card(selection)


def export_filename(selection: Selection, key: str) -> str:
    """E.g. "kim-and-shoigu-gold-2026-11-24.jsonl": project, statuses, date of the export."""
    name = slugify(selection.project.name) or selection.project.slug
    filters = selection.filters
    statuses = "gold" if filters.is_gold else "-".join(filters.status)
    return f"{name}-{statuses}-{selection.exported_at:%Y-%m-%d}{_format(key).filename}"
