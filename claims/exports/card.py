"""The dataset card: what an export holds, how it was selected, how to read its offsets.

Counts come from aggregate queries. Agreement uses claims/agreement.py, which loads every
annotator claim of the project; it runs only when some article has two or more annotators and
the project is small enough for that to stay cheap.
"""

import json

from django.db.models import Count

from claims.agreement import Agreement, project_agreement
from claims.exports.base import OFFSET_SENTENCE, Selection, iso_seconds
from claims.models import Claim, LabelKind, Role

AGREEMENT_CLAIM_LIMIT = 50_000
UNSPECIFIED_LICENCE = "unspecified — set by the project manager"
KIND_TITLES = {
    LabelKind.CLAIM_TYPE: ("Claims per claim type", "claim type", "claim_types"),
    LabelKind.SOURCE_KIND: ("Sources per source kind", "source kind", "source_kinds"),
    LabelKind.LINK_RELATION: ("Links per relation", "relation", "relations"),
}


def licence(selection: Selection) -> str:
    metadata = getattr(selection.project, "metadata", None) or {}
    return metadata.get("license") or metadata.get("licence") or UNSPECIFIED_LICENCE


def cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]


def dataset_card(selection: Selection, counts: dict | None = None) -> str:
    counts = counts if counts is not None else selection.counts()
    parts = [
        _heading(selection),
        _selection_section(selection, counts),
        _offsets_section(),
        _counts_section(selection, counts),
        _agreement_section(selection),
        _schema_section(selection),
        f"## Licence\n\n{licence(selection)}\n",
    ]
    return "\n".join(parts)


def _heading(selection: Selection) -> str:
    project = selection.project
    lines = [
        f"# {project.name}: Claimlens dataset",
        "",
        f"Exported {iso_seconds(selection.exported_at)} (UTC) from the Claimlens project "
        f"“{project.name}” (`{project.slug}`).",
    ]
    if project.description:
        lines += ["", project.description.strip()]
    return "\n".join(lines) + "\n"


def _listed(values: tuple[str, ...], every: str) -> str:
    return ", ".join(values) if values else every


def _selection_section(selection: Selection, counts: dict) -> str:
    filters = selection.filters
    status = _listed(filters.status, "")
    start, end = filters.published_from, filters.published_to
    dates = f"from {start or 'any date'} to {end or 'any date'}" if start or end else "any date"
    lines = [
        "## Selection",
        "",
        f"- Status: {status}" + (" (gold: accepted by a reviewer)" if filters.is_gold else ""),
        f"- Annotators: {_listed(filters.annotator, 'all')}",
        f"- Claim types: {_listed(filters.claim_type, 'all')}",
        f"- Published: {dates}",
        f"- Articles: every article of the project published in that range ({counts['articles']})"
        f", with or without selected claims; {counts['articles_with_claims']} have claims.",
        "- Links: those in the selected statuses whose two claims are both in the export.",
    ]
    return "\n".join(lines) + "\n"


def _offsets_section() -> str:
    return (
        "## Offsets\n\n"
        f"{OFFSET_SENTENCE} Unit: `unicode_code_point`. The article text is exactly as "
        "imported, never normalised: no-break spaces, emoji, combining marks and CRLF line ends "
        "are kept, and each counts as the code points it is made of.\n"
    )


def _counts_section(selection: Selection, counts: dict) -> str:
    sources = sum(counts["source_kinds"].values())
    totals = [
        ["articles", counts["articles"]],
        ["articles with claims", counts["articles_with_claims"]],
        ["claims", counts["claims"]],
        ["sources (attributions)", sources],
        ["links", counts["links"]],
    ]
    lines = ["## Counts", "", *table(["", "count"], totals)]
    for kind, (title, column, key) in KIND_TITLES.items():
        values = list(selection.labels(kind).values_list("value", flat=True))
        values += [v for v in counts[key] if v not in values]
        rows = [[value, counts[key].get(value, 0)] for value in values]
        lines += ["", f"### {title}", "", *table([column, "count"], rows)]
    annotators = [[name, n] for name, n in counts["annotators"].items()]
    lines += ["", "### Annotators", "", *table(["annotator", "claims"], annotators)]
    return "\n".join(lines) + "\n"


def _annotator_claims(selection: Selection):
    project = selection.project
    annotators = project.memberships.filter(role=Role.ANNOTATOR).values("user")
    return Claim.objects.filter(article__project=project, created_by__in=annotators)


def _agreement_section(selection: Selection) -> str:
    claims = _annotator_claims(selection)
    shared = (
        claims.order_by()
        .values("article")
        .annotate(annotators=Count("created_by", distinct=True))
        .filter(annotators__gte=2)
    )
    head = "## Agreement\n\n"
    if not selection.with_agreement:
        return head + "Shown in exports made by the project's reviewers and managers.\n"
    if not shared.exists():
        return head + "No article was annotated by two or more annotators.\n"
    if claims.count() > AGREEMENT_CLAIM_LIMIT:
        return head + (
            f"Not computed here: the project has more than {AGREEMENT_CLAIM_LIMIT} annotator "
            "claims. Use the project's agreement page.\n"
        )
    return head + _agreement_text(project_agreement(selection.project))


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _agreement_text(result: Agreement) -> str:
    intro = (
        "Between annotators on the articles they both annotated, over all their claims "
        "(any status, not only this export's): span F1 exact and by overlap, Cohen's kappa on "
        "claim type and source kind of overlap-matched spans, link F1 over matched claims.\n\n"
    )
    header = ["annotators", "articles", "spans", "matched", "exact F1", "overlap F1"]
    header += ["κ type", "κ source", "link F1"]
    rows = [
        [
            " & ".join(pair.annotators),
            pair.articles,
            f"{pair.spans[0]} / {pair.spans[1]}",
            pair.matched,
            _figure(pair.exact_f1["all"]),
            _figure(pair.overlap_f1["all"]),
            _figure(pair.kappa_type),
            _figure(pair.kappa_source),
            _figure(pair.link_f1),
        ]
        for pair in result.pairs
    ]
    alphas = (
        f"\n\nKrippendorff's alpha over all annotators: claim type {_figure(result.alpha_type)}, "
        f"source kind {_figure(result.alpha_source)}.\n"
    )
    return intro + "\n".join(table(header, rows)) + alphas


def _schema_section(selection: Selection) -> str:
    lines = ["## Label schema"]
    for kind, name in LabelKind.choices:
        rows = [
            [label.value, label.name, label.description + (" (hidden)" if label.hidden else "")]
            for label in selection.labels(kind)
        ]
        lines += ["", f"### {name}s", "", *table(["value", "name", "description"], rows)]
    return "\n".join(lines) + "\n"


def front_matter(selection: Selection, counts: dict) -> str:
    """YAML for the Hugging Face Hub: one config per file, so each loads on its own."""
    languages = selection.articles().order_by().values_list("language", flat=True).distinct()
    given = licence(selection)
    lines = ["---", "language:"]
    lines += [f"- {json.dumps(code)}" for code in sorted(set(languages)) or ["de"]]
    lines += [
        f"license: {json.dumps(given if given != UNSPECIFIED_LICENCE else 'unknown')}",
        f"pretty_name: {json.dumps(selection.project.name, ensure_ascii=False)}",
        "task_categories:",
        "- token-classification",
        "configs:",
    ]
    for name in ("claims", "articles", "links"):
        lines += [f"- config_name: {name}", f"  data_files: {name}.jsonl"]
        lines += ["  default: true"] if name == "claims" else []
    return "\n".join(lines) + "\n---\n\n"
