"""The one place where browser offsets (UTF-16 code units) become ours (code points) and back.

Python slices a str by code points; a browser's Range and String index by UTF-16 code units, where
every code point above U+FFFF (most emoji, regional-indicator flags, mathematical letters) takes
two. Grapheme clusters (ZWJ sequences, combining marks) are several code points in both schemes and
need no special case: an offset may fall inside one, as it may in the browser.
"""

from dataclasses import dataclass

from claims.models import CONTEXT_LENGTH


class OffsetError(ValueError):
    """An offset that does not fall on a code point boundary of the text, or lies outside it."""


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def codepoint_to_utf16(text: str, offset: int) -> int:
    if not 0 <= offset <= len(text):
        raise OffsetError(f"offset {offset} is outside the text (0–{len(text)} code points)")
    return utf16_length(text[:offset])


def utf16_to_codepoint(text: str, offset: int) -> int:
    encoded = text.encode("utf-16-le")
    if not 0 <= offset <= len(encoded) // 2:
        raise OffsetError(
            f"offset {offset} is outside the text (0–{len(encoded) // 2} UTF-16 code units)"
        )
    try:
        return len(encoded[: 2 * offset].decode("utf-16-le"))
    except UnicodeDecodeError:
        raise OffsetError(
            f"UTF-16 offset {offset} falls between the two halves of a surrogate pair"
        ) from None


def utf16_span_to_codepoints(text: str, start: int, end: int) -> tuple[int, int]:
    return utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)


@dataclass(frozen=True)
class Anchor:
    """A span as the W3C position and quote selectors describe it."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def anchor(text: str, start: int, end: int) -> Anchor:
    return Anchor(
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )
