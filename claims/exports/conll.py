"""CoNLL (BIO): per article `# article = <id>`, then `token<TAB>start<TAB>end<TAB>tag` lines,
a blank line between sentences.

Tokens are runs of letters and digits, single punctuation marks, or runs of symbols (emoji, flags);
combining marks, zero-width joiners and variation selectors stay with the token they follow, so a
token never splits a grapheme. Where claims overlap, the claim that starts first (the longer one on
a tie, then the older) keeps its tokens and the other is left out of the tags; a token is tagged
when it overlaps a claim.
"""

import unicodedata
from collections.abc import Iterator

from claims.exports.base import OFFSET_SENTENCE, Format, Progress, Selection
from claims.exports.walk import each_article
from claims.models import Claim

FORMAT = Format(
    key="conll",
    name="CoNLL BIO",
    filename=".conll",
    content_type="text/plain; charset=utf-8",
    description="Tokens with BIO claim-type tags and their code-point offsets.",
)

HEADER = f"""# Claimlens CoNLL export: one token per line, token<TAB>start<TAB>end<TAB>tag.
# offset_unit = unicode_code_point: {OFFSET_SENTENCE}
# Tags are BIO over claim types (B-<type>, I-<type>, O); a token is tagged when it overlaps a claim.
# Nested or overlapping claims: the outermost, first-starting claim wins (longer first on equal
# starts, then the older); claims it overlaps are left out, and `# left_out = ...` names them.
# A sentence ends after . ! ? … followed by a space (not after a number, as in "19. Juni"), or
# at a blank line. Comment lines start with "# " and have no tab; token lines have three tabs.

"""
ENDINGS = {".", "!", "?", "…"}


def _kind(char: str) -> str:
    category = unicodedata.category(char)
    if char.isspace():
        return "space"
    if category[0] in "MC" or (category == "Sk" and 0x1F3FB <= ord(char) <= 0x1F3FF):
        return "joiner"  # combining marks, ZWJ, variation selectors, skin tones
    if category[0] in "LN" or char == "_":
        return "word"
    return "symbol" if category[0] == "S" else "punct"


def tokens(text: str) -> Iterator[tuple[int, int]]:
    start, current = None, ""
    for offset, char in enumerate(text):
        kind = _kind(char)
        if kind == "joiner" and start is not None:
            continue
        if start is not None and (kind != current or kind == "punct"):
            yield start, offset
            start = None
        if kind != "space" and start is None:
            start, current = offset, "word" if kind == "joiner" else kind
    if start is not None:
        yield start, len(text)


def winners(claims: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """Claims that keep their tokens (first-starting wins) and those left out."""
    kept, left = [], []
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.pk)):
        if kept and claim.start < kept[-1].end:
            left.append(claim)
        else:
            kept.append(claim)
    return kept, left


def tagged(text: str, claims: list[Claim]) -> Iterator[tuple[int, int, str]]:
    kept, index, previous = claims, 0, None
    for start, end in tokens(text):
        while index < len(kept) and kept[index].end <= start:
            index += 1
        claim = kept[index] if index < len(kept) and kept[index].start < end else None
        if claim is None:
            yield start, end, "O"
        else:
            prefix = "I" if claim is previous else "B"
            yield start, end, f"{prefix}-{claim.claim_type.value}"
        previous = claim


def _sentence_lines(text: str, kept: list[Claim]) -> Iterator[str]:
    """Token lines, with "" where a sentence ends: after . ! ? … (not after a number) once
    whitespace follows (closing quotes stay with their sentence), and at a blank line."""
    pending, before, last_end = False, "", None
    for start, end, tag in tagged(text, kept):
        gap = text[last_end:start] if last_end is not None else ""
        if (pending and gap) or "\n\n" in gap.replace("\r", ""):
            yield ""
            pending = False
        elif pending and _kind(text[start]) not in ("punct", "symbol"):
            pending = False
        token = text[start:end]
        yield f"{token}\t{start}\t{end}\t{tag}"
        if token in ENDINGS and not before.isdigit():
            pending = True
        before, last_end = token, end


def article_block(article) -> str:
    kept, left = winners(article.selected_claims)
    lines = [f"# article = {article.pk}"]
    if left:
        lines.append(f"# left_out = {' '.join(str(c.pk) for c in left)}")
    lines += _sentence_lines(article.text, kept)
    return "\n".join(lines) + "\n\n"


def stream(selection: Selection, progress: Progress | None) -> Iterator[bytes]:
    yield HEADER.encode("utf-8")
    for article in each_article(selection, progress):
        yield article_block(article).encode("utf-8")
