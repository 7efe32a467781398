"""CoNLL: tokens slice the text at their offsets, and BIO tags give back the claim spans."""

from claims.exports.conll import tokens
from tests.claims.exports.conftest import EMOJI_TEXT, export


def parse(text: str) -> dict[int, list[tuple[str, int, int, str]]]:
    articles, current = {}, None
    for line in text.split("\n"):
        if line.startswith("# article = "):
            current = articles.setdefault(int(line.removeprefix("# article = ")), [])
        elif line and not line.startswith("# "):
            token, start, end, tag = line.split("\t")
            current.append((token, int(start), int(end), tag))
    return articles


def spans(rows) -> list[tuple[int, int, str]]:
    found = []
    for _, start, end, tag in rows:
        if tag.startswith("B-"):
            found.append([start, end, tag[2:]])
        elif tag.startswith("I-"):
            assert found and found[-1][2] == tag[2:], "I- continues the span before it"
            found[-1][1] = end
    return [tuple(span) for span in found]


def test_header_states_offsets_and_overlap_rule(data):
    text = export(data.project, "conll").decode()
    header = text.split("\n\n", 1)[0]
    assert "# offset_unit = unicode_code_point" in header
    assert "the outermost, first-starting claim wins" in header
    assert f"# article = {data.articles.emoji.pk}\n# left_out = {data.claims.date.pk}\n" in text


def test_tokens_slice_the_text_and_tags_give_back_the_claims(data):
    parsed = parse(export(data.project, "conll").decode())
    articles = {a.pk: a for a in vars(data.articles).values()}
    assert list(parsed) == [a.pk for a in vars(data.articles).values()]
    c = data.claims
    expected = {
        data.articles.emoji.pk: [c.meeting, c.family, c.said, c.troops],  # date is nested
        data.articles.plain.pk: [c.talks, c.treaty],
        data.articles.old.pk: [c.minister],
        data.articles.empty.pk: [],
    }
    for pk, rows in parsed.items():
        text = articles[pk].text
        for token, start, end, _ in rows:
            assert text[start:end] == token
        assert spans(rows) == [(x.start, x.end, x.claim_type.value) for x in expected[pk]]


def test_tokens_keep_graphemes_whole():
    text = EMOJI_TEXT
    found = [text[s:e] for s, e in tokens(text)]
    assert "👨\u200d👩\u200d👧\u200d👦" in found
    assert "🇩🇪" in found
    assert "Pjo\u0308ngjang" in found
    assert "𝐀" in found
    assert "\u00a0" not in "".join(found)


def test_sentences_break_after_full_stops_but_not_after_ordinals(data):
    text = export(data.project, "conll").decode()
    block = text.split(f"# article = {data.articles.emoji.pk}\n", 1)[1].split("# article", 1)[0]
    sentences = [s for s in block.split("\n\n") if s.strip()]
    first_tokens = [s.split("\n")[1 if s.startswith("# ") else 0].split("\t")[0] for s in sentences]
    assert first_tokens == ["Kim", "👨\u200d👩\u200d👧\u200d👦", "Nach", "Die", "Zweiter", "Der"]
