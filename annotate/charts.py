"""Small SVG charts drawn on the server (no script, no inline style)."""

from django.utils.html import format_html, format_html_join

BAR, GAP, LABEL, WIDTH = 14, 10, 150, 260


def f1_by_type(rows: list[tuple[str, float | None, float | None]]) -> str:
    """Per claim type, two bars: exact-span F1 and overlap F1 (0 to 1)."""
    height = len(rows) * (2 * BAR + GAP) + 30
    parts = []
    for index, (name, exact, overlap) in enumerate(rows):
        y = 10 + index * (2 * BAR + GAP)
        parts.append(
            format_html('<text x="0" y="{}" class="chart-label">{}</text>', y + BAR + 3, name)
        )
        for offset, value, kind in ((0, exact, "exact"), (BAR, overlap, "overlap")):
            parts.append(_bar(y + offset, value, kind))
    axis = format_html(
        '<text x="{}" y="{}" class="chart-axis">0</text>'
        '<text x="{}" y="{}" class="chart-axis">1</text>',
        LABEL,
        height - 4,
        LABEL + WIDTH - 6,
        height - 4,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="Span F1 per claim type, exact and overlap">{}{}</svg>',
        LABEL + WIDTH + 50,
        height,
        LABEL + WIDTH + 50,
        height,
        format_html_join("", "{}", ((part,) for part in parts)),
        axis,
    )


def _bar(y: int, value: float | None, kind: str) -> str:
    if value is None:
        return format_html(
            '<text x="{}" y="{}" class="chart-none">no spans</text>', LABEL + 4, y + BAR - 3
        )
    length, shown = round(value * WIDTH), f"{value:.2f}"
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="bar {}"><title>{} {}</title></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        LABEL,
        y,
        max(1, length),
        BAR - 2,
        kind,
        kind,
        shown,
        LABEL + length + 4,
        y + BAR - 3,
        shown,
    )
