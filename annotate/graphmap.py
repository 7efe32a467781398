"""The claim graph as an SVG drawn on the server: articles as columns in publication order,
their linked claims as nodes, links as coloured arrows. Every node links to the workspace.
Colours come from classes (labels.css), so the drawing needs no inline style.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from claims.models import Claim, Link

COLUMN, ROW, TOP, LEFT, RADIUS = 230, 54, 96, 30, 9


@dataclass(frozen=True)
class Node:
    claim: Claim
    x: int
    y: int


def layout(links: list[Link]) -> tuple[dict[int, Node], list, int, int]:
    """Claims placed by article (columns, by date) and by position in the article (rows)."""
    claims = {link.from_claim_id: link.from_claim for link in links}
    claims |= {link.to_claim_id: link.to_claim for link in links}
    articles = sorted(
        {claim.article for claim in claims.values()},
        key=lambda a: (a.published.toordinal() if a.published else 0, a.pk),
    )
    column = {article.pk: index for index, article in enumerate(articles)}
    nodes: dict[int, Node] = {}
    rows: dict[int, int] = {}
    for claim in sorted(claims.values(), key=lambda c: (c.article_id, c.start, c.pk)):
        row = rows.get(claim.article_id, 0)
        rows[claim.article_id] = row + 1
        x = LEFT + column[claim.article_id] * COLUMN + 20
        nodes[claim.pk] = Node(claim, x, TOP + row * ROW)
    width = LEFT * 2 + max(len(articles), 1) * COLUMN
    height = TOP + max(rows.values(), default=1) * ROW + 20
    return nodes, articles, width, height


def _edge(link: Link, nodes: dict[int, Node]) -> str:
    one, other = nodes[link.from_claim_id], nodes[link.to_claim_id]
    # Arcs below the row they leave, so they do not run through the labels beside the nodes;
    # links inside one column swing out to the left.
    if one.x == other.x:
        controls = (one.x - 60, one.y, other.x - 60, other.y)
    else:
        dip = ROW * 0.8 if abs(other.y - one.y) < ROW else 0
        third = (other.x - one.x) / 3
        controls = (one.x + third, one.y + dip, other.x - third, other.y + dip)
    return format_html(
        '<path class="edge rel-{}" d="M {} {} C {} {}, {} {}, {} {}" marker-end="url(#arrow)">'
        "<title>{}: “{}” → “{}”</title></path>",
        link.relation.value,
        one.x,
        one.y,
        *controls,
        other.x,
        other.y,
        link.relation.name,
        Truncator(one.claim.quote).chars(80),
        Truncator(other.claim.quote).chars(80),
    )


def _node(node: Node) -> str:
    claim = node.claim
    href = reverse("annotate:workspace", args=[claim.article_id]) + f"?claim={claim.pk}"
    return format_html(
        '<a href="{}" class="node" data-claim="{}"><circle class="ct-{}" cx="{}" cy="{}" r="{}">'
        '<title>{}</title></circle><text x="{}" y="{}">{}</text></a>',
        href,
        claim.pk,
        claim.claim_type.value,
        node.x,
        node.y,
        RADIUS,
        claim.quote,
        node.x + RADIUS + 4,
        node.y + 4,
        Truncator(claim.quote).chars(30),
    )


def _article(article, index: int) -> str:
    x = LEFT + index * COLUMN
    return format_html(
        '<a href="{}" class="article-node"><rect x="{}" y="16" width="{}" height="48" rx="5">'
        '</rect><text x="{}" y="36">{}</text><text x="{}" y="54" class="muted">{}</text></a>',
        reverse("annotate:workspace", args=[article.pk]),
        x,
        COLUMN - 20,
        x + 8,
        Truncator(article.title).chars(30),
        x + 8,
        f"{article.outlet or 'outlet unknown'} · {article.published or 'undated'}",
    )


def claim_map(links: list[Link]) -> str:
    nodes, articles, width, height = layout(links)
    return format_html(
        '<svg id="claim-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" '
        'height="{}" role="img" aria-label="Claims and their links across articles">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'class="arrow"></path></marker></defs>{}{}{}</svg>',
        width,
        height,
        width,
        height,
        format_html_join("", "{}", ((_article(a, i),) for i, a in enumerate(articles))),
        format_html_join("", "{}", ((_edge(link, nodes),) for link in links)),
        format_html_join("", "{}", ((_node(node),) for node in nodes.values())),
    )
