"""CSV: a zip of claims.csv (one row per claim, its sources joined), links.csv and README.md.

RFC 4180 quoting by Python's csv module: quotes, commas and line breaks inside a field survive.
A text cell that a spreadsheet would run as a formula gets a leading apostrophe (see `cell`).
"""

import csv
import io
from collections.abc import Iterable, Iterator

from claims.exports.base import OFFSET_SENTENCE, Format, Progress, Selection, iso
from claims.exports.card import dataset_card
from claims.exports.records import source_label
from claims.exports.walk import each_article, each_link
from claims.exports.zipstream import ZipStream
from claims.models import Article, Claim, Link

FORMAT = Format(
    key="csv",
    name="CSV tables",
    filename=".zip",
    content_type="application/zip",
    description="A zip of claims.csv and links.csv (with a README), for spreadsheets.",
)

CLAIM_COLUMNS = [
    "claim_id",
    "article_id",
    "article_external_id",
    "article_title",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "claim_type",
    "when",
    "when_source",
    "participants",
    "place",
    "polarity",
    "modality",
    "sources",
    "source_kinds",
    "cues",
    "note",
    "status",
    "annotator",
    "created_at",
    "updated_at",
]
LINK_COLUMNS = [
    "link_id",
    "from_claim",
    "to_claim",
    "from_article",
    "to_article",
    "relation",
    "note",
    "status",
    "annotator",
    "created_at",
    "updated_at",
]
JOIN = " | "
# What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

README = """# CSV export

- `claims.csv`: one row per claim. `sources`, `source_kinds` and `cues` list the claim's sources
  in the order they were marked, joined by ` | `; `participants` likewise.
- `links.csv`: one row per link (directed: from_claim → to_claim), with the articles of both ends.

Files are UTF-8 without a byte-order mark, comma-separated, quoted as RFC 4180 says (a field with
a comma, quote or line break is in double quotes, quotes doubled); rows end in CRLF.
A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading
`'`, so that a spreadsheet shows it instead of running it as a formula; drop that `'` to get the
text as annotated (the JSONL export carries every text exactly).
{offsets}

"""


def cell(value):
    """The value as a spreadsheet should show it: text that would start a formula gets a leading
    apostrophe, which spreadsheets read as "this is text"; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def claim_row(article: Article, claim: Claim) -> list:
    sources = claim.source_list
    return [
        claim.pk,
        article.pk,
        article.external_id,
        article.title,
        claim.start,
        claim.end,
        claim.quote,
        claim.prefix,
        claim.suffix,
        claim.claim_type.value,
        claim.when,
        claim.when_source,
        JOIN.join(entity.name for entity in claim.participant_list),
        claim.place.name if claim.place else "",
        claim.polarity,
        claim.modality,
        JOIN.join(source_label(a) for a in sources),
        JOIN.join(a.source_kind.value for a in sources),
        JOIN.join(a.cue_quote for a in sources if a.cue_quote),
        claim.note,
        claim.status,
        claim.created_by.get_username(),
        iso(claim.created_at),
        iso(claim.updated_at),
    ]


def link_row(link: Link) -> list:
    return [
        link.pk,
        link.from_claim_id,
        link.to_claim_id,
        link.from_article_id,
        link.to_article_id,
        link.relation.value,
        link.note,
        link.status,
        link.created_by.get_username(),
        iso(link.created_at),
        iso(link.updated_at),
    ]


def _claim_rows(selection: Selection, progress: Progress | None) -> Iterator[list]:
    for article in each_article(selection, progress, text=False):
        for claim in article.selected_claims:
            yield claim_row(article, claim)


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    archive = ZipStream(selection.exported_at)
    claims = _rows(CLAIM_COLUMNS, _claim_rows(selection, progress))
    yield from archive.entry("claims.csv", claims)
    links = _rows(LINK_COLUMNS, (link_row(link) for link in each_link(selection)))
    yield from archive.entry("links.csv", links)
    readme = README.format(offsets=OFFSET_SENTENCE) + dataset_card(selection)
    yield from archive.entry("README.md", [readme])
    yield archive.close()
