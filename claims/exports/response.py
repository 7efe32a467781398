"""An export as an HTTP download: streamed as it is made, for the export screen and the API."""

from django.http import StreamingHttpResponse

from claims.exports import FORMATS, Selection, dataset_card, export_filename, export_stream

CARD = "card"


def export_response(selection: Selection, key: str) -> StreamingHttpResponse:
    """The export (or with `card`, the dataset card alone) as an attachment.

    `X-Export-Articles` tells a client how many articles are coming, for its progress display.
    """
    if key == CARD:
        body = [dataset_card(selection).encode()]
        content_type = "text/markdown; charset=utf-8"
        name = export_filename(selection, "jsonl").removesuffix(".jsonl") + ".card.md"
    else:
        body = export_stream(selection, key)
        content_type = FORMATS[key].content_type
        name = export_filename(selection, key)
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Export-Articles"] = str(selection.article_total)
    response["Cache-Control"] = "no-store"
    return response
