"""Agreement figures against a fixture computed by hand.

Annotators A and B on two articles (article 1 = the text below; offsets in code points):

    A: a1 [0,14)  meeting      state_media     B: b1 [0,14)  meeting   state_media
       a2 [15,25) date         none               b2 [18,25) date      none
       a3 [40,70) treaty_term  state_media        b3 [40,70) statement news_agency
                                                  b4 [26,39) statement none
       a5 [0,10) figure (article 2)               b5 [0,10) figure (article 2)
    links A: a1→a5 agrees, a3→a5 refines      links B: b1→b5 agrees, b3→b5 contradicts,
                                                       b4→b5 agrees

Exact matches with the same type: a1b1, a5b5 → F1 = 2·2/(4+5) = 4/9.
Overlap matches: a1b1, a2b2, a3b3, a5b5; same type in three → F1 = 2·3/9 = 2/3.
Per type (exact / overlap): meeting 1/1, date 0/1, treaty_term 0/0 (A has one, B none),
statement 0/0 (B has two, A none), figure 1/1.
Types over the 4 overlap pairs (m,m) (d,d) (t,s) (f,f): p_o = 3/4; p_e = 3·(1/4·1/4) = 3/16;
κ = (3/4 − 3/16)/(1 − 3/16) = 9/13. Krippendorff α (nominal): n = 8 values, counts m2 d2 f2 t1
s1, Σn_c² = 14, disagreeing pairs 2 → α = 1 − (n−1)·2/(n² − Σn_c²) = 1 − 7·2/50 = 18/25.
Source kinds (sm,sm) (none,none) (sm,na) (none,none): p_o = 3/4; p_e = ½·¼ + ½·½ = 3/8;
κ = (3/8)/(5/8) = 3/5. α: counts sm3 none4 na1, Σ = 26 → α = 1 − 14/38 = 12/19.
Links over matched claims: A's in B's ids {b1→b5 agrees, b3→b5 refines}; B's with both ends
matched {b1→b5 agrees, b3→b5 contradicts} (b4 is unmatched) → F1 = 2·1/4 = 1/2.
"""

import pytest

from claims import services
from claims.agreement import LinkEnd, Span, Work, agreement, project_agreement
from claims.models import Role
from tests.factories import make_article, make_project

TYPES = [
    "date",
    "meeting",
    "treaty_term",
    "quote",
    "role",
    "military_support",
    "figure",
    "statement",
]
TEXT = "Kim traf Putin am Freitag in Pjöngjang. Der Vertrag wurde unterzeichnet."
SECOND = "Zwei Stunden lang sprachen sie."
A = Work(
    spans=[
        Span(1, 1, 0, 14, "meeting", "state_media"),
        Span(2, 1, 15, 25, "date"),
        Span(3, 1, 40, 70, "treaty_term", "state_media"),
        Span(5, 2, 0, 10, "figure"),
    ],
    links=[LinkEnd(1, 5, "agrees"), LinkEnd(3, 5, "refines")],
)
B = Work(
    spans=[
        Span(11, 1, 0, 14, "meeting", "state_media"),
        Span(12, 1, 18, 25, "date"),
        Span(13, 1, 40, 70, "statement", "news_agency"),
        Span(14, 1, 26, 39, "statement"),
        Span(15, 2, 0, 10, "figure"),
    ],
    links=[LinkEnd(11, 15, "agrees"), LinkEnd(13, 15, "contradicts"), LinkEnd(14, 15, "agrees")],
)
EXPECTED = {
    "exact_all": 4 / 9,
    "overlap_all": 2 / 3,
    "kappa_type": 9 / 13,
    "alpha_type": 18 / 25,
    "kappa_source": 3 / 5,
    "alpha_source": 12 / 19,
    "link_f1": 1 / 2,
}


def check(pair):
    assert pair.exact_f1["all"] == pytest.approx(EXPECTED["exact_all"])
    assert pair.overlap_f1["all"] == pytest.approx(EXPECTED["overlap_all"])
    assert pair.kappa_type == pytest.approx(EXPECTED["kappa_type"])
    assert pair.alpha_type == pytest.approx(EXPECTED["alpha_type"])
    assert pair.kappa_source == pytest.approx(EXPECTED["kappa_source"])
    assert pair.alpha_source == pytest.approx(EXPECTED["alpha_source"])
    assert pair.link_f1 == pytest.approx(EXPECTED["link_f1"])
    per_type = {t: (pair.exact_f1[t], pair.overlap_f1[t]) for t in TYPES}
    assert per_type == {
        "meeting": (1.0, 1.0),
        "date": (0.0, 1.0),
        "treaty_term": (0.0, 0.0),
        "statement": (0.0, 0.0),
        "figure": (1.0, 1.0),
        "quote": (None, None),
        "role": (None, None),
        "military_support": (None, None),
    }
    assert (pair.articles, pair.spans, pair.matched) == (2, (4, 5), 4)


def test_pair_figures_equal_the_hand_computed_ones():
    result = agreement({"a": A, "b": B}, TYPES)
    (pair,) = result.pairs
    assert pair.annotators == ("a", "b")
    check(pair)
    # two annotators: alpha over all of them is the pair's
    assert result.alpha_type == pytest.approx(EXPECTED["alpha_type"])
    assert result.alpha_source == pytest.approx(EXPECTED["alpha_source"])


def test_undefined_figures_are_none_not_a_number():
    same = Work(spans=[Span(1, 1, 0, 5, "date")])
    other = Work(spans=[Span(2, 1, 0, 5, "date")])
    (pair,) = agreement({"a": same, "b": other}, ["date"]).pairs
    assert pair.exact_f1["all"] == 1.0
    assert (pair.kappa_type, pair.alpha_type, pair.link_f1) == (None, None, None)


def test_annotators_without_a_shared_article_make_no_pair():
    result = agreement(
        {"a": Work([Span(1, 1, 0, 5, "date")]), "b": Work([Span(2, 2, 0, 5, "date")])}, ["date"]
    )
    assert result.pairs == []


@pytest.mark.django_db
def test_project_agreement_from_the_database_gives_the_same_figures(manager):
    from tests.factories import UserFactory

    anna, ben = UserFactory(username="a"), UserFactory(username="b")
    project = make_project(manager=manager, annotator=[anna, ben])
    rita = UserFactory(username="rita")
    services.membership_set(project=project, user=rita, role=Role.REVIEWER, actor=None)
    first, second = make_article(project, text=TEXT), make_article(project, text=SECOND)
    articles = {1: first, 2: second}
    made = {}
    for user, work in ((anna, A), (ben, B)):
        for span in work.spans:
            article = articles[span.article]
            claim = services.claim_create(
                article=article,
                actor=user,
                start=span.start,
                end=span.end,
                quote=article.text[span.start : span.end],
                claim_type=span.claim_type,
            )
            if span.source_kind != "none":
                services.attribution_create(claim=claim, actor=user, source_kind=span.source_kind)
            made[span.id] = claim
        for link in work.links:
            services.link_create(
                from_claim=made[link.from_claim],
                to_claim=made[link.to_claim],
                relation=link.relation,
                actor=user,
            )
    # a reviewer's claims are not an annotator's: they do not count
    services.claim_create(article=first, actor=rita, start=0, end=3, quote="Kim", claim_type="role")

    result = project_agreement(project)

    (pair,) = result.pairs
    assert pair.annotators == ("a", "b")
    check(pair)
