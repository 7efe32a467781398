"""The article text with its claims drawn in: annotate/highlight.py."""

import html
import re
from itertools import pairwise

import pytest

from annotate.highlight import MAX_LANE, highlighted_text, lanes, pieces
from claims import services
from tests.factories import ARTICLE_TEXT, make_article

TEXT = "Kim traf Schoigu am Freitag in Pjöngjang."
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def plain(project):
    return make_article(project, text=TEXT)


def claim_at(article, user, start, end, claim_type="statement"):
    return services.claim_create(
        article=article,
        actor=user,
        start=start,
        end=end,
        quote=article.text[start:end],
        claim_type=claim_type,
    )


def text_of(markup: str) -> str:
    """What a browser shows: the markup without its tags, entities decoded."""
    return html.unescape(TAG.sub("", str(markup)))


def spans(found):
    return [(piece.start, piece.end, [claim.pk for claim in piece.claims]) for piece in found]


# lanes


def test_lanes_of_claims_that_do_not_overlap_are_all_the_first(plain, annotator):
    first = claim_at(plain, annotator, 0, 3)
    second = claim_at(plain, annotator, 4, 8)
    touching = claim_at(plain, annotator, 8, 16)

    assert lanes([touching, first, second]) == {first.pk: 0, second.pk: 0, touching.pk: 0}


def test_lanes_of_overlapping_claims_differ_and_a_freed_lane_is_reused(plain, annotator):
    outer = claim_at(plain, annotator, 0, 27)
    inner = claim_at(plain, annotator, 4, 8)
    crossing = claim_at(plain, annotator, 6, 16)
    later = claim_at(plain, annotator, 17, 27)

    assigned = lanes([later, crossing, inner, outer])

    assert assigned == {outer.pk: 0, inner.pk: 1, crossing.pk: 2, later.pk: 1}


def test_lanes_stop_at_the_last_lane_however_deep_the_nesting(plain, annotator):
    nested = [claim_at(plain, annotator, 0, len(TEXT) - depth) for depth in range(MAX_LANE + 3)]

    assigned = lanes(nested)

    assert [assigned[claim.pk] for claim in nested] == [*range(MAX_LANE), *[MAX_LANE] * 3]


# pieces


def test_pieces_without_claims_is_the_whole_text_in_one_piece():
    assert spans(pieces(len(TEXT), [])) == [(0, len(TEXT), [])]


def test_pieces_of_a_nested_claim_list_the_outer_claim_first(plain, annotator):
    outer = claim_at(plain, annotator, 0, 16)
    inner = claim_at(plain, annotator, 4, 8)

    assert spans(pieces(len(TEXT), [inner, outer])) == [
        (0, 4, [outer.pk]),
        (4, 8, [outer.pk, inner.pk]),
        (8, 16, [outer.pk]),
        (16, len(TEXT), []),
    ]


def test_pieces_of_crossing_claims_split_the_overlap_into_its_own_piece(plain, annotator):
    left = claim_at(plain, annotator, 0, 8)
    right = claim_at(plain, annotator, 4, 16)

    assert spans(pieces(len(TEXT), [right, left])) == [
        (0, 4, [left.pk]),
        (4, 8, [right.pk, left.pk]),  # the longer one is outermost
        (8, 16, [right.pk]),
        (16, len(TEXT), []),
    ]


def test_pieces_of_two_claims_on_the_same_span_keep_both_in_id_order(plain, annotator):
    first = claim_at(plain, annotator, 4, 16)
    second = claim_at(plain, annotator, 4, 16, claim_type="meeting")

    assert spans(pieces(len(TEXT), [second, first])) == [
        (0, 4, []),
        (4, 16, [first.pk, second.pk]),
        (16, len(TEXT), []),
    ]


def test_pieces_cover_the_text_exactly_once_in_order(plain, annotator):
    claims = [
        claim_at(plain, annotator, 0, 27),
        claim_at(plain, annotator, 4, 8),
        claim_at(plain, annotator, 6, 16),
        claim_at(plain, annotator, 28, len(TEXT)),
    ]

    found = pieces(len(TEXT), claims)

    assert found[0].start == 0
    assert found[-1].end == len(TEXT)
    assert all(a.end == b.start for a, b in pairwise(found))
    for piece in found:
        covering = {c.pk for c in claims if c.start <= piece.start and piece.end <= c.end}
        assert {c.pk for c in piece.claims} == covering


# highlighted_text


def test_highlighted_text_without_claims_is_the_text_escaped(project):
    article = make_article(project, text="A <b>bold</b> & 'quoted' claim.")

    markup = highlighted_text(article.text, [])

    assert markup == "A &lt;b&gt;bold&lt;/b&gt; &amp; &#x27;quoted&#x27; claim."


def test_highlighted_text_escapes_a_script_tag_inside_and_around_a_claim(project, annotator):
    article = make_article(project, text='Er schrieb <script>alert("x")</script> & ging.')
    start = article.text.index("script>")
    claim = claim_at(article, annotator, start, start + len('script>alert("x")</script'))

    markup = str(highlighted_text(article.text, [claim]))

    assert "<script" not in markup
    assert "</script" not in markup
    assert f'&lt;<mark class="claim ct-statement lane-0" data-claim="{claim.pk}"' in markup
    assert "script&gt;alert(&quot;x&quot;)&lt;/script</mark>&gt; &amp; ging." in markup
    assert text_of(markup) == article.text


def test_highlighted_text_marks_a_claim_with_its_type_lane_id_and_start_anchor(plain, annotator):
    claim = claim_at(plain, annotator, 4, 16, claim_type="meeting")

    markup = str(highlighted_text(TEXT, [claim]))

    assert markup == (
        "Kim "
        f'<mark class="claim ct-meeting lane-0" data-claim="{claim.pk}" '
        f'id="claim-{claim.pk}-start">traf Schoigu</mark>'
        " am Freitag in Pjöngjang."
    )


def test_highlighted_text_marks_the_selected_claim_only(plain, annotator):
    chosen = claim_at(plain, annotator, 0, 3)
    other = claim_at(plain, annotator, 4, 8)

    markup = str(highlighted_text(TEXT, [chosen, other], selected=chosen.pk))

    assert f'class="claim ct-statement lane-0 selected" data-claim="{chosen.pk}"' in markup
    assert f'class="claim ct-statement lane-0" data-claim="{other.pk}"' in markup
    assert markup.count(" selected") == 1


def test_highlighted_text_nests_an_inner_claim_inside_the_outer_one(plain, annotator):
    outer = claim_at(plain, annotator, 0, 16)
    inner = claim_at(plain, annotator, 4, 8, claim_type="meeting")

    markup = str(highlighted_text(TEXT, [inner, outer]))

    assert markup == (
        f'<mark class="claim ct-statement lane-0" data-claim="{outer.pk}" '
        f'id="claim-{outer.pk}-start">Kim </mark>'
        f'<mark class="claim ct-statement lane-0" data-claim="{outer.pk}">'
        f'<mark class="claim ct-meeting lane-1" data-claim="{inner.pk}" '
        f'id="claim-{inner.pk}-start">traf</mark></mark>'
        f'<mark class="claim ct-statement lane-0" data-claim="{outer.pk}"> Schoigu</mark>'
        " am Freitag in Pjöngjang."
    )


def test_highlighted_text_splits_crossing_claims_with_one_start_anchor_each(plain, annotator):
    left = claim_at(plain, annotator, 0, 8)
    right = claim_at(plain, annotator, 4, 16)

    markup = str(highlighted_text(TEXT, [left, right]))

    assert markup.count(f'data-claim="{left.pk}"') == 2
    assert markup.count(f'data-claim="{right.pk}"') == 2
    assert markup.count(f'id="claim-{left.pk}-start"') == 1
    assert markup.count(f'id="claim-{right.pk}-start"') == 1
    assert f'lane-1" data-claim="{right.pk}" id="claim-{right.pk}-start">' in markup
    assert text_of(markup) == TEXT


def test_highlighted_text_keeps_emoji_flags_zwj_combining_marks_and_nbsp_unchanged(
    project, annotator
):
    article = make_article(project)
    flags = ARTICLE_TEXT.index("🇰🇵")
    firefighter = ARTICLE_TEXT.index("👨🏻‍🚒")
    claims = [
        claim_at(article, annotator, flags, flags + 2),  # one flag: two code points
        claim_at(article, annotator, flags + 1, ARTICLE_TEXT.index("Vertrag")),  # splits it
        claim_at(article, annotator, ARTICLE_TEXT.index("Juni"), ARTICLE_TEXT.index(" unter")),
        claim_at(article, annotator, firefighter, len(ARTICLE_TEXT)),
    ]

    markup = str(highlighted_text(ARTICLE_TEXT, claims))

    assert text_of(markup) == ARTICLE_TEXT
    assert "Juni\u00a02024" in markup
    assert "Pjo\u0308ngjang" in markup
    assert "&nbsp;" not in markup
