"""brat standoff: a zip with `<article id>.txt` and `.ann` per article, annotation.conf,
cross_article_links.tsv and a README.

In an .ann file a claim is `T<claim id>` (so cross_article_links.tsv can name it), a cue of a source
is a T numbered after the article's largest claim id, and each cue is tied to its claim by an
`Attribution` relation. Links inside one article are R lines; links across articles go to
cross_article_links.tsv. A span across a line break becomes fragments (`s e;s e`), as brat wants.
"""

from collections.abc import Iterator
from itertools import count

from django.db.models import F

from claims.exports.base import OFFSET_SENTENCE, Format, Progress, Selection
from claims.exports.card import dataset_card
from claims.exports.records import source_label
from claims.exports.walk import article_batches, each_link, release
from claims.exports.zipstream import ZipStream
from claims.models import Article, Attribution, Claim, Form, LabelKind, Modality, Polarity, Stance

FORMAT = Format(
    key="brat",
    name="brat standoff",
    filename=".zip",
    content_type="application/zip",
    description="Per article .txt and .ann (spans, attributes, in-article relations), "
    "cross-article links in a TSV.",
)

README = """# brat standoff export

- `<article id>.txt`: the article text exactly as stored (UTF-8, line ends as imported).
- `<article id>.ann`: T lines for claims (type = claim type, id `T<claim id>`) and for the cues
  of their sources (type `Cue`); A lines for polarity and modality of claims and for source kind,
  form and stance of cues; R lines `Attribution` (cue → claim) and one per link between two
  claims of the same article (type = relation); `#` AnnotatorNotes give each claim's sources and
  date.
- `cross_article_links.tsv`: links whose claims are in different articles: link id, relation,
  from article, from T id, to article, to T id, status, annotator.
- `annotation.conf`: the project's schema for brat.

Offsets in .ann files are character offsets counted in Unicode code points (0-based, end
exclusive), which is how brat counts them. {offsets} A span that crosses a line break is
written as fragments that leave the line break out.

"""


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span split at line breaks, which brat cannot show inside one fragment."""
    parts, begin = [], start
    for offset in range(start, end + 1):
        if offset == end or text[offset] in "\r\n":
            if offset > begin:
                parts.append((begin, offset))
            begin = offset + 1
    return parts or [(start, end)]


def t_line(tid: str, kind: str, text: str, start: int, end: int) -> str:
    parts = fragments(text, start, end)
    where = ";".join(f"{s} {e}" for s, e in parts)
    return f"{tid}\t{kind} {where}\t{' '.join(text[s:e] for s, e in parts)}"


def _claim_lines(claim: Claim, text: str, attributes: count) -> list[str]:
    tid = f"T{claim.pk}"
    lines = [t_line(tid, claim.claim_type.value, text, claim.start, claim.end)]
    lines.append(f"A{next(attributes)}\tPolarity {tid} {claim.polarity}")
    lines.append(f"A{next(attributes)}\tModality {tid} {claim.modality}")
    notes = [f"source: {source_label(a)}" for a in claim.source_list]
    notes += [f"when: {claim.when}"] if claim.when else []
    if notes:
        # A note is one line of one field: no tab or line break may stay in it.
        note = " ".join("; ".join(notes).split())
        lines.append(f"#{claim.pk}\tAnnotatorNotes {tid}\t{note}")
    return lines


def _cue_lines(source: Attribution, cue_id: int, text: str, ids: dict[str, count]) -> list[str]:
    tid, claim = f"T{cue_id}", f"T{source.claim_id}"
    attributes = [("SourceKind", source.source_kind.value), ("Form", source.form)]
    attributes += [("Stance", source.stance)]
    return [
        t_line(tid, "Cue", text, source.cue_start, source.cue_end),
        *(f"A{next(ids['A'])}\t{name} {tid} {value}" for name, value in attributes),
        f"R{next(ids['R'])}\tAttribution Arg1:{tid} Arg2:{claim}",
    ]


def ann(article: Article, links: list) -> str:
    ids = {"A": count(1), "R": count(1)}
    claims = article.selected_claims
    cue_ids = count(max((c.pk for c in claims), default=0) + 1)
    lines = []
    for claim in claims:
        lines += _claim_lines(claim, article.text, ids["A"])
        for source in claim.source_list:
            if source.cue_start is not None:
                lines += _cue_lines(source, next(cue_ids), article.text, ids)
    for link in links:
        lines.append(
            f"R{next(ids['R'])}\t{link.relation.value} Arg1:T{link.from_claim_id} "
            f"Arg2:T{link.to_claim_id}"
        )
    return "".join(line + "\n" for line in lines)


def _in_article_links(selection: Selection, batch: list[Article]) -> dict[int, list]:
    links = selection.links().filter(
        from_claim__article__in=[a.pk for a in batch],
        to_claim__article=F("from_claim__article"),
    )
    links = links.select_related("relation").annotate(article_id=F("from_claim__article_id"))
    found: dict[int, list] = {}
    for link in links.order_by("pk"):
        found.setdefault(link.article_id, []).append(link)
    return found


def _article_entries(archive: ZipStream, selection: Selection, progress: Progress | None):
    done, total = 0, selection.article_total
    for batch in article_batches(selection):
        links = _in_article_links(selection, batch)
        for article in batch:
            yield from archive.entry(f"{article.pk}.txt", [article.text])
            yield from archive.entry(f"{article.pk}.ann", [ann(article, links.get(article.pk, []))])
            release(article)
            done += 1
            if progress:
                progress(done, total)


def _cross_rows(selection: Selection) -> Iterator[str]:
    yield "link_id\trelation\tfrom_article\tfrom_t\tto_article\tto_t\tstatus\tannotator\n"
    for link in each_link(selection):
        if link.from_article_id != link.to_article_id:
            yield (
                f"{link.pk}\t{link.relation.value}\t{link.from_article_id}\tT{link.from_claim_id}"
                f"\t{link.to_article_id}\tT{link.to_claim_id}\t{link.status}"
                f"\t{link.created_by.get_username()}\n"
            )


def annotation_conf(selection: Selection) -> str:
    types = list(selection.labels(LabelKind.CLAIM_TYPE).values_list("value", flat=True))
    kinds = list(selection.labels(LabelKind.SOURCE_KIND).values_list("value", flat=True))
    relations = selection.labels(LabelKind.LINK_RELATION).values_list("value", flat=True)
    claim = "|".join(types) or "<ENTITY>"
    lines = ["[entities]", *types, "Cue", "", "[relations]"]
    lines += [f"Attribution\tArg1:Cue, Arg2:{claim}"]
    lines += [f"{relation}\tArg1:{claim}, Arg2:{claim}" for relation in relations]
    lines += ["", "[events]", "", "[attributes]"]
    lines += [f"Polarity\tArg:{claim}, Value:{'|'.join(Polarity.values)}"]
    lines += [f"Modality\tArg:{claim}, Value:{'|'.join(Modality.values)}"]
    lines += [f"SourceKind\tArg:Cue, Value:{'|'.join(kinds)}"]
    lines += [f"Form\tArg:Cue, Value:{'|'.join(Form.values)}"]
    lines += [f"Stance\tArg:Cue, Value:{'|'.join(Stance.values)}"]
    return "\n".join(lines) + "\n"


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    archive = ZipStream(selection.exported_at)
    yield from archive.entry("annotation.conf", [annotation_conf(selection)])
    yield from _article_entries(archive, selection, progress)
    yield from archive.entry("cross_article_links.tsv", _cross_rows(selection))
    readme = README.format(offsets=OFFSET_SENTENCE) + dataset_card(selection)
    yield from archive.entry("README.md", [readme])
    yield archive.close()
