"""Link candidates, ranked with their reasons: claims/suggest/candidates.py.

Every test here runs on SQLite (the portable stem overlap) and on PostgreSQL (german full-text
search and trigram similarity); what they assert holds on both.
"""

from datetime import date

import pytest
from django.db import connection

from claims import selectors, services
from claims.models import EntityKind, Status
from claims.suggest.candidates import dates_compatible, link_candidates, stems
from tests.factories import make_article, make_claim

TARGET = (
    "Während des jüngsten Besuchs von Putin in Nordkorea wurde ein Abkommen über "
    "strategische Partnerschaft unterzeichnet"
)
BEST = (
    "seit dem Abschluss des zwischenstaatlichen Vertrages über umfassende strategische "
    "Partnerschaft im Juni 2024"
)
SAME_TYPE_ONE_WORD = (
    "Das Abkommen regelt die Lieferung von Getreide und Dünger über die Häfen am Schwarzen Meer"
)
RELATED_OTHER_TYPE = "Russland und China vertiefen ihre strategische Zusammenarbeit in Asien"
SAME_ARTICLE = "Das Abkommen über strategische Partnerschaft gilt unbefristet"
# Candidates raised by one thing only: nothing in their wording is shared with any target here.
PLAIN = {
    "participant": "Die Delegation reiste am Abend wieder ab",
    "place": "Ein Feuerwerk erhellte den Himmel",
    "source": "Die Gespräche verliefen in freundlicher Atmosphäre",
    "nothing": "Der Rubel fiel gegenüber dem Dollar",
}
MEETING = "Kim Jong-un empfing den Gast im Palast"
ALIAS_QUOTE = "Schoigu lobte die Gastgeber"
SHOIGU_QUOTE = "Kim Jong-un empfing Shoigu im Palast"


def claim(article, user, quote, claim_type="statement", **fields):
    """A claim over `quote`, read back as every page reads it (with sources and participants)."""
    made = make_claim(article, user, quote, claim_type=claim_type, **fields)
    return selectors.claim_get_for_user(user, made.pk)


def article_with(project, *quotes, **fields):
    return make_article(project, text=". ".join(quotes) + ".", **fields)


def person(project, name, aliases=()):
    return services.entity_create(
        project=project, kind=EntityKind.PERSON, name=name, aliases=aliases, actor=None
    )


def add_source(made, actor, source):
    made.refresh_from_db()
    services.attribution_create(
        claim=made, actor=actor, version=made.version, source=source, source_kind="state_media"
    )


def quotes(candidates):
    return [candidate.claim.quote for candidate in candidates]


def reasons_of(candidates, quote):
    (found,) = [c for c in candidates if c.claim.quote == quote]
    return found.reasons


def accept(target, reviewer):
    target.refresh_from_db()
    services.review_decide(target=target, decision="accept", actor=reviewer, version=target.version)


@pytest.fixture
def treaty(project, annotator):
    """The target treaty claim, and in four other articles the best candidate and distractors."""
    home = article_with(project, TARGET, SAME_ARTICLE, title="Putin in Pjöngjang")
    target = claim(home, annotator, TARGET, "treaty_term")
    same_article = claim(home, annotator, SAME_ARTICLE, "treaty_term")
    best = claim(
        article_with(project, BEST, title="Moskau und Pjöngjang", outlet="RIA Nowosti"),
        annotator,
        BEST,
        "treaty_term",
    )
    one_word = claim(
        article_with(project, SAME_TYPE_ONE_WORD, title="Getreide"),
        annotator,
        SAME_TYPE_ONE_WORD,
        "treaty_term",
    )
    related = claim(
        article_with(project, RELATED_OTHER_TYPE, title="Österreich blickt nach Asien"),
        annotator,
        RELATED_OTHER_TYPE,
    )
    nothing = claim(article_with(project, PLAIN["nothing"]), annotator, PLAIN["nothing"])
    return {
        "target": target,
        "same_article": same_article,
        "best": best,
        "one_word": one_word,
        "related": related,
        "nothing": nothing,
    }


# ranking


def test_link_candidates_rank_the_treaty_claim_of_another_article_first(treaty, annotator):
    found = link_candidates(treaty["target"], annotator)

    assert found[0].claim == treaty["best"]


def test_link_candidates_give_the_best_the_reasons_same_type_and_similar_wording(treaty, annotator):
    best = link_candidates(treaty["target"], annotator)[0]

    assert best.reasons[0] == "same claim type (Treaty term)"
    assert best.reasons[-1] == "similar wording: partnerschaft, strategisch"
    assert len(best.reasons) == 2
    assert best.score > 0


def test_link_candidates_never_include_the_target_nor_claims_of_its_own_article(treaty, annotator):
    found = quotes(link_candidates(treaty["target"], annotator))

    assert BEST in found
    assert TARGET not in found
    assert SAME_ARTICLE not in found


def test_link_candidates_rank_a_similar_claim_of_another_type_below_the_best_without_type_reason(
    treaty, annotator
):
    found = link_candidates(treaty["target"], annotator)

    order = quotes(found)
    assert order.index(RELATED_OTHER_TYPE) > order.index(BEST)
    assert reasons_of(found, RELATED_OTHER_TYPE) == ["similar wording: strategisch"]


def test_link_candidates_leave_out_a_claim_that_shares_nothing(treaty, annotator):
    found = quotes(link_candidates(treaty["target"], annotator))

    assert BEST in found
    assert PLAIN["nothing"] not in found


def test_link_candidates_rank_a_same_type_claim_sharing_one_word_below_the_best(treaty, annotator):
    found = link_candidates(treaty["target"], annotator)

    order = quotes(found)
    assert order.index(SAME_TYPE_ONE_WORD) > order.index(BEST)
    assert reasons_of(found, SAME_TYPE_ONE_WORD) == [
        "same claim type (Treaty term)",
        "similar wording: abkomm",
    ]


def test_link_candidates_order_is_best_then_same_type_one_word_then_other_type(treaty, annotator):
    found = quotes(link_candidates(treaty["target"], annotator))

    assert found == [BEST, SAME_TYPE_ONE_WORD, RELATED_OTHER_TYPE]


def test_stems_drop_function_words_short_words_and_numbers_and_strip_endings():
    assert stems("Der Vertrag über die Partnerschaften wurde 2024 in Moskau unterzeichnet") == {
        "vertrag",
        "partnerschaft",
        "moskau",
        "unterzeichnet",
    }


def test_stems_bring_inflected_forms_together():
    assert stems("strategische") == stems("strategischen") == {"strategisch"}
    assert stems("Vertrages") == stems("Vertrag") == {"vertrag"}


# shared entities


@pytest.fixture
def known(project):
    return {
        "schoigu": person(project, "Sergei Schoigu", ["Sergej Schoigu", "Schoigu", "Shoigu"]),
        "pjongjang": services.entity_create(
            project=project, kind=EntityKind.PLACE, name="Pjöngjang", actor=None
        ),
        "kcna": services.entity_create(
            project=project, kind=EntityKind.AGENCY, name="KCNA", actor=None
        ),
    }


def test_link_candidates_raise_a_claim_sharing_a_participant(project, annotator, known):
    schoigu = [known["schoigu"]]
    target = claim(
        article_with(project, MEETING), annotator, MEETING, "meeting", participants=schoigu
    )
    other = article_with(project, PLAIN["participant"])
    claim(other, annotator, PLAIN["participant"], participants=schoigu)

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["participant"]]
    assert found[0].reasons == ["shared: Sergei Schoigu"]
    assert found[0].entities == ["Sergei Schoigu"]


def test_link_candidates_raise_a_claim_sharing_the_place(project, annotator, known):
    place = known["pjongjang"]
    target = claim(article_with(project, MEETING), annotator, MEETING, "meeting", place=place)
    claim(article_with(project, PLAIN["place"]), annotator, PLAIN["place"], place=place)

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["place"]]
    assert found[0].reasons == ["shared: Pjöngjang"]


def test_link_candidates_raise_a_claim_sharing_a_source(project, annotator, known):
    target = claim(article_with(project, MEETING), annotator, MEETING, "meeting")
    add_source(target, annotator, known["kcna"])
    other = claim(article_with(project, PLAIN["source"]), annotator, PLAIN["source"])
    add_source(other, annotator, known["kcna"])
    target = selectors.claim_get_for_user(annotator, target.pk)

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["source"]]
    assert found[0].reasons == ["shared: KCNA"]


def test_link_candidates_raise_a_claim_whose_quote_names_the_targets_participant_by_alias(
    project, annotator, known
):
    target = claim(
        article_with(project, MEETING),
        annotator,
        MEETING,
        "meeting",
        participants=[known["schoigu"]],
    )
    claim(article_with(project, ALIAS_QUOTE), annotator, ALIAS_QUOTE)

    found = link_candidates(target, annotator)

    assert quotes(found) == [ALIAS_QUOTE]
    assert found[0].reasons == ["shared: Sergei Schoigu"]


def test_link_candidates_raise_a_claim_naming_by_another_alias_whom_the_targets_quote_names(
    project, annotator, known
):
    target = claim(article_with(project, SHOIGU_QUOTE), annotator, SHOIGU_QUOTE, "meeting")
    claim(article_with(project, ALIAS_QUOTE), annotator, ALIAS_QUOTE)

    found = link_candidates(target, annotator)

    assert quotes(found) == [ALIAS_QUOTE]
    assert found[0].reasons == ["shared: Sergei Schoigu"]


def test_link_candidates_raise_a_participant_named_by_alias_in_the_targets_quote(
    project, annotator, known
):
    target = claim(article_with(project, ALIAS_QUOTE), annotator, ALIAS_QUOTE, "meeting")
    other = article_with(project, PLAIN["participant"])
    claim(other, annotator, PLAIN["participant"], participants=[known["schoigu"]])

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["participant"]]
    assert found[0].reasons == ["shared: Sergei Schoigu"]


def test_link_candidates_rank_more_shared_entities_higher(project, annotator, known):
    schoigu, place = [known["schoigu"]], known["pjongjang"]
    target = claim(
        article_with(project, MEETING),
        annotator,
        MEETING,
        "meeting",
        participants=schoigu,
        place=place,
    )
    one = article_with(project, PLAIN["participant"], published=date(2024, 1, 1))
    claim(one, annotator, PLAIN["participant"], participants=schoigu)
    two = article_with(project, PLAIN["place"], published=date(2024, 2, 1))
    claim(two, annotator, PLAIN["place"], participants=schoigu, place=place)

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["place"], PLAIN["participant"]]
    assert found[0].reasons == ["shared: Sergei Schoigu, Pjöngjang"]


# dates


@pytest.mark.parametrize(
    ("one", "other", "compatible"),
    [
        ("2024", "2024-06-19", True),
        ("2024-06-19", "2024", True),
        ("2024-06", "2024-06-19", True),
        ("2024-06-19", "2024-06-19", True),
        ("2024-06", "2024-07", False),
        ("2024-06-19", "2024-06-20", False),
        ("2023", "2024-09-13", False),
        ("", "2024", False),
        ("", "", False),
    ],
)
def test_dates_compatible_when_one_date_contains_the_other(one, other, compatible):
    assert dates_compatible(one, other) is compatible


def dated(project, user, quote, when, claim_type="statement", **fields):
    article = article_with(project, quote)
    return claim(article, user, quote, claim_type, when=when, when_source="typed", **fields)


def test_link_candidates_give_compatible_dates_the_reason_dates_overlap(project, annotator):
    target = dated(project, annotator, MEETING, "2024", "meeting")
    dated(project, annotator, PLAIN["nothing"], "2024-06-19")

    found = link_candidates(target, annotator)

    assert quotes(found) == [PLAIN["nothing"]]
    assert found[0].reasons == ["dates overlap (2024 / 2024-06-19)"]


def test_link_candidates_give_a_month_inside_the_targets_day_the_reason_dates_overlap(
    project, annotator
):
    target = dated(project, annotator, MEETING, "2024-06-19", "meeting")
    dated(project, annotator, PLAIN["nothing"], "2024-06")

    found = link_candidates(target, annotator)

    assert found[0].reasons == ["dates overlap (2024-06-19 / 2024-06)"]


def test_link_candidates_give_another_day_the_reason_different_date(project, annotator, known):
    schoigu = [known["schoigu"]]
    target = dated(project, annotator, MEETING, "2024-06-19", "meeting", participants=schoigu)
    dated(project, annotator, PLAIN["participant"], "2024-06-20", participants=schoigu)

    found = link_candidates(target, annotator)

    assert found[0].reasons == [
        "shared: Sergei Schoigu",
        "different date (2024-06-19 / 2024-06-20)",
    ]


def test_link_candidates_give_no_date_reason_to_incompatible_dates_of_other_precision(
    project, annotator, known
):
    schoigu = [known["schoigu"]]
    target = dated(project, annotator, MEETING, "2023", "meeting", participants=schoigu)
    dated(project, annotator, PLAIN["participant"], "2024-09-13", participants=schoigu)

    found = link_candidates(target, annotator)

    assert found[0].reasons == ["shared: Sergei Schoigu"]


def test_link_candidates_rank_a_compatible_date_above_a_different_one(project, annotator, known):
    schoigu = [known["schoigu"]]
    target = dated(project, annotator, MEETING, "2024-06-19", "meeting", participants=schoigu)
    dated(project, annotator, PLAIN["participant"], "2024-06-20", participants=schoigu)
    dated(project, annotator, PLAIN["place"], "2024-06", participants=schoigu)

    assert quotes(link_candidates(target, annotator)) == [PLAIN["place"], PLAIN["participant"]]


# narrowing with a search


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Juni", [BEST]),
        ("juni 2024", [BEST]),
        ("zusammenarbeit", [RELATED_OTHER_TYPE]),
        ("Getreide", [SAME_TYPE_ONE_WORD]),
        ("  ", [BEST, SAME_TYPE_ONE_WORD, RELATED_OTHER_TYPE]),
        ("nirgendwo erwähnt", []),
    ],
)
def test_link_candidates_with_a_search_keep_only_claims_whose_quote_has_it(
    treaty, annotator, search, expected
):
    assert quotes(link_candidates(treaty["target"], annotator, search=search)) == expected


def test_link_candidates_with_a_search_keep_claims_of_articles_whose_title_has_it(
    treaty, annotator
):
    found = link_candidates(treaty["target"], annotator, search="moskau und")

    assert quotes(found) == [BEST]


def test_link_candidates_with_a_search_never_bring_in_the_targets_own_article(treaty, annotator):
    found = link_candidates(treaty["target"], annotator, search="Putin in Pjöngjang")

    assert found == []


def test_link_candidates_with_a_search_in_lower_case_find_a_title_with_a_capital_umlaut(
    treaty, annotator
):
    found = link_candidates(treaty["target"], annotator, search="österreich")

    assert quotes(found) == [RELATED_OTHER_TYPE]


def test_link_candidates_stop_at_the_limit(treaty, annotator):
    found = link_candidates(treaty["target"], annotator, limit=2)

    assert quotes(found) == [BEST, SAME_TYPE_ONE_WORD]


# blind annotation


@pytest.fixture
def blind(project, annotator, annotator_b, reviewer):
    """Anna's target; the same treaty words in three other articles: Anna's draft, Ben's gold
    claim and Ben's draft."""
    target = claim(article_with(project, TARGET), annotator, TARGET, "treaty_term")
    annas = claim(article_with(project, BEST), annotator, BEST, "treaty_term")
    bens_gold = claim(article_with(project, BEST), annotator_b, BEST, "treaty_term")
    accept(bens_gold, reviewer)
    bens_draft = claim(article_with(project, BEST), annotator_b, BEST, "treaty_term")
    return {"target": target, "annas": annas, "bens_gold": bens_gold, "bens_draft": bens_draft}


def pks(candidates):
    return {candidate.claim.pk for candidate in candidates}


def test_link_candidates_of_an_annotator_are_their_own_claims_and_gold_ones(blind, annotator):
    found = pks(link_candidates(blind["target"], annotator))

    assert found == {blind["annas"].pk, blind["bens_gold"].pk}


def test_link_candidates_of_an_annotator_leave_out_another_annotators_draft_even_searched_for(
    blind, annotator
):
    found = pks(link_candidates(blind["target"], annotator, search="Juni"))

    assert blind["bens_draft"].pk not in found


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_link_candidates_of_a_reviewer_or_manager_show_everyones_claims(blind, request, who):
    user = request.getfixturevalue(who)
    target = selectors.claim_get_for_user(user, blind["target"].pk)

    found = pks(link_candidates(target, user))

    assert found == {blind["annas"].pk, blind["bens_gold"].pk, blind["bens_draft"].pk}


def test_link_candidates_of_an_annotator_leave_out_another_annotators_submitted_and_rejected(
    blind, annotator, annotator_b, reviewer
):
    rejected = claim(article_with(blind["target"].article.project, BEST), annotator_b, BEST)
    rejected.refresh_from_db()
    services.review_decide(target=rejected, decision="reject", actor=reviewer, version=1)
    submitted = claim(
        article_with(blind["target"].article.project, BEST),
        annotator_b,
        BEST,
        status=Status.SUBMITTED,
    )

    found = pks(link_candidates(blind["target"], annotator))

    assert rejected.pk not in found
    assert submitted.pk not in found


# queries


def many_candidates(project, annotator, known, count: int):
    """`count` treaty claims in other articles, each with a participant, a source and a date."""
    for number in range(count):
        other = article_with(project, BEST, title=f"Vertrag {number}", published=date(2024, 6, 20))
        made = claim(
            other,
            annotator,
            BEST,
            "treaty_term",
            participants=[known["schoigu"]],
            place=known["pjongjang"],
            when="2024-06",
            when_source="typed",
        )
        add_source(made, annotator, known["kcna"])
    target = claim(
        article_with(project, TARGET),
        annotator,
        TARGET,
        "treaty_term",
        participants=[known["schoigu"]],
        place=known["pjongjang"],
        when="2024",
        when_source="typed",
    )
    add_source(target, annotator, known["kcna"])
    return selectors.claim_get_for_user(annotator, target.pk)


# Role, entities, the pool (PostgreSQL: text match, shared entities, compatible dates, scores),
# the candidates with their participants and sources; each claim's type, author and place and
# each source's entity, kind and cited source are fetched once per kind, not joined per row.
CANDIDATE_QUERIES = {"sqlite": 11, "postgresql": 14}


@pytest.mark.parametrize("count", [5, 60])
def test_link_candidates_take_a_fixed_number_of_queries_however_many_candidates(
    project, annotator, known, django_assert_num_queries, count
):
    target = many_candidates(project, annotator, known, count)

    with django_assert_num_queries(CANDIDATE_QUERIES[connection.vendor]):
        found = link_candidates(target, annotator)

    assert len(found) == min(count, 20)
    assert found[0].reasons[:2] == [
        "same claim type (Treaty term)",
        "shared: Sergei Schoigu, Pjöngjang, KCNA",
    ]
