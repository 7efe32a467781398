"""Reading a selection without holding it: keyset batches, and output gathered into chunks.

Memory must not grow with the project: articles are walked in keyset batches by id, each batch
with its selected claims, their sources, participants and labels fetched in a fixed number of
queries; links are walked afterwards, again in keyset batches. Nothing holds all claims at once.
"""

from collections.abc import Iterable, Iterator

from django.db.models import F, Prefetch, QuerySet

from claims.exports.base import Progress, Selection
from claims.models import Article, Entity, Link

ARTICLE_BATCH = 200
LINK_BATCH = 1000
ENTITY_BATCH = 1000


def each_article(
    selection: Selection, progress: Progress | None, *, claims: bool = True, text: bool = True
) -> Iterator[Article]:
    """Every selected article in id order, each with `selected_claims` when `claims` is set.

    `progress(done, total)` is called after the caller has handled each article.
    """
    total, done = selection.article_total, 0
    for batch in article_batches(selection, claims=claims, text=text):
        for article in batch:
            yield article
            release(article)
            done += 1
            if progress:
                progress(done, total)


def article_batches(
    selection: Selection, *, claims: bool = True, text: bool = True
) -> Iterator[list[Article]]:
    articles = selection.articles()
    if not text:
        articles = articles.defer("text", "metadata")
    if claims:
        rows = Prefetch("claims", queryset=selection.claim_rows(), to_attr="selected_claims")
        articles = articles.prefetch_related(rows)
    yield from keyset(articles, ARTICLE_BATCH)


def release(article: Article) -> None:
    """Break the back-references the prefetch made (claim → article, source → claim) once an
    article is written, so reference counting frees each batch at once; left as cycles they
    would wait for a full garbage collection and memory would grow with the project."""
    for claim in article.__dict__.pop("selected_claims", ()):
        claim._state.fields_cache.pop("article", None)
        for source in claim.__dict__.pop("source_list", ()):
            source._state.fields_cache.pop("claim", None)


def keyset(rows: QuerySet, size: int) -> Iterator[list]:
    """Batches of `rows` by ascending primary key; each batch is one query (plus prefetches)."""
    last = None
    while True:
        page = rows.order_by("pk")
        if last is not None:
            page = page.filter(pk__gt=last)
        batch = list(page[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def each_link(selection: Selection) -> Iterator[Link]:
    links = selection.links().select_related("relation", "created_by")
    links = links.annotate(
        from_article_id=F("from_claim__article_id"), to_article_id=F("to_claim__article_id")
    )
    for batch in keyset(links, LINK_BATCH):
        yield from batch


def each_entity(selection: Selection) -> Iterator[Entity]:
    for batch in keyset(Entity.objects.filter(project=selection.project), ENTITY_BATCH):
        yield from batch


CHUNK = 64 * 1024


def chunked(pieces: Iterable[bytes], size: int | None = None) -> Iterator[bytes]:
    """Pieces gathered into chunks of about `size` bytes: fewer, larger writes to a socket."""
    size = CHUNK if size is None else size
    buffer, held = [], 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    if held:
        yield b"".join(buffer)
