"""The article text with its claims drawn in, overlapping and nested ones included.

The text is cut at every claim boundary. Each piece is wrapped in one <mark> per claim covering
it, outermost (longest) first, so nested claims nest in the markup and crossing ones are split
into pieces that share a data-claim id. Each claim gets a lane (the lowest free one when the
claims are laid out by start), and its underline is drawn that far below the text, so a claim's
line is at the same height along its whole length. The text inside is exactly the article's:
the browser counts offsets over it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import conditional_escape, format_html, format_html_join

from claims.models import Claim

MAX_LANE = 7


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    claims: tuple[Claim, ...]  # outermost first


def lanes(claims: Iterable[Claim]) -> dict[int, int]:
    """Interval colouring: overlapping claims get different lanes, the lowest one free."""
    lane_ends: list[int] = []
    assigned: dict[int, int] = {}
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.pk)):
        for lane, end in enumerate(lane_ends):
            if end <= claim.start:
                lane_ends[lane] = claim.end
                break
        else:
            lane, _ = len(lane_ends), lane_ends.append(claim.end)
        assigned[claim.pk] = min(lane, MAX_LANE)
    return assigned


def pieces(text_length: int, claims: Sequence[Claim]) -> list[Piece]:
    """The text cut at every claim boundary, each piece with the claims that cover it."""
    cuts = sorted({0, text_length, *(c.start for c in claims), *(c.end for c in claims)})
    ordered = sorted(claims, key=lambda c: (c.start, -c.end, c.pk))
    result, active = [], []
    position = 0
    for start, end in pairwise(cuts):
        while position < len(ordered) and ordered[position].start <= start:
            active.append(ordered[position])
            position += 1
        active = [claim for claim in active if claim.end > start]
        covering = sorted(active, key=lambda c: (-(c.end - c.start), c.start, c.pk))
        result.append(Piece(start, end, tuple(covering)))
    return result


def highlighted_text(text: str, claims: Sequence[Claim], *, selected: int | None = None) -> str:
    lane_of = lanes(claims)
    parts = []
    for piece in pieces(len(text), claims):
        html = conditional_escape(text[piece.start : piece.end])
        for claim in reversed(piece.claims):
            html = format_html(
                '<mark class="claim ct-{type} lane-{lane}{selected}" data-claim="{pk}"'
                "{first}>{inner}</mark>",
                type=claim.claim_type.value,
                lane=lane_of[claim.pk],
                selected=" selected" if claim.pk == selected else "",
                pk=claim.pk,
                first=format_html(' id="claim-{}-start"', claim.pk)
                if claim.start == piece.start
                else "",
                inner=html,
            )
        parts.append(html)
    return format_html_join("", "{}", ((part,) for part in parts))
