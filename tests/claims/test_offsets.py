import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.offsets import (
    OffsetError,
    anchor,
    codepoint_to_utf16,
    utf16_length,
    utf16_span_to_codepoints,
    utf16_to_codepoint,
)

# Pieces the browser and Python count differently, or that look alike and are not.
TRICKY = [
    "🇰🇵",  # flag: two regional indicators, four UTF-16 units
    "🇷🇺",
    "👨🏻‍🚒",  # ZWJ sequence with a skin-tone modifier
    "👩‍👩‍👧‍👦",
    "🤝",
    "𝔸𝔹",  # mathematical letters outside the BMP
    "e\u0301",  # e + combining acute
    "o\u0308",
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "„Zitat“",
    "\u200d",  # a lone ZWJ
    "Pjöngjang",
    " ",
    "\n\n",
]
texts = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), min_size=0, max_size=30
).map("".join)


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) returns, for comparison."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


@settings(max_examples=1000)
@given(text=texts, data=st.data())
def test_every_codepoint_offset_survives_the_round_trip_through_utf16(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    u_start, u_end = codepoint_to_utf16(text, start), codepoint_to_utf16(text, end)
    assert utf16_slice(text, u_start, u_end) == text[start:end]
    assert utf16_span_to_codepoints(text, u_start, u_end) == (start, end)


@settings(max_examples=1000)
@given(text=texts, data=st.data())
def test_a_utf16_offset_maps_to_a_codepoint_or_is_refused_inside_a_surrogate_pair(text, data):
    offset = data.draw(st.integers(0, utf16_length(text)))
    units = text.encode("utf-16-le")
    splits_pair = (
        0 < offset < len(units) // 2
        and 0xDC00 <= int.from_bytes(units[2 * offset : 2 * offset + 2], "little") <= 0xDFFF
    )
    if splits_pair:
        with pytest.raises(OffsetError, match="surrogate pair"):
            utf16_to_codepoint(text, offset)
    else:
        point = utf16_to_codepoint(text, offset)
        assert codepoint_to_utf16(text, point) == offset
        assert text[:point] == utf16_slice(text, 0, offset)


def test_offsets_after_a_flag_and_a_zwj_sequence_differ_by_their_surrogates():
    text = "🇰🇵 und 👨🏻‍🚒 sagte"
    start = text.index("sagte")
    # the flag: 2 astral code points; the firefighter: man, skin tone, ZWJ, engine (3 astral)
    assert codepoint_to_utf16(text, start) == start + 2 + 3
    assert utf16_to_codepoint(text, start + 5) == start


def test_combining_marks_and_no_break_spaces_count_the_same_in_both_units():
    text = "Pjo\u0308ngjang\u00a0am Freitag"
    assert [codepoint_to_utf16(text, i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


@pytest.mark.parametrize("offset", [-1, 100])
def test_offsets_outside_the_text_are_refused_in_both_directions(offset):
    with pytest.raises(OffsetError, match="outside the text"):
        utf16_to_codepoint("🤝 ja", offset)
    with pytest.raises(OffsetError, match="outside the text"):
        codepoint_to_utf16("🤝 ja", offset)


def test_anchor_keeps_32_code_points_of_context_on_each_side():
    text = "x" * 40 + "QUOTE" + "🤝" * 40
    span = anchor(text, 40, 45)
    assert (span.quote, span.prefix, span.suffix) == ("QUOTE", "x" * 32, "🤝" * 32)
