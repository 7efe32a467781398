"""Suggestions: German dates, attribution cues, known entities (claims/suggest/)."""

from datetime import date

import pytest

from claims import selectors, services
from claims.models import EntityKind
from claims.suggest import suggestions_for
from claims.suggest.cues import find_cues
from claims.suggest.dates import find_dates
from claims.suggest.entities import find_mentions
from tests.factories import make_article, make_claim

FRIDAY = date(2024, 9, 13)  # seed 000: Shoigu met Kim on Friday 13 September 2024
WEDNESDAY = date(2025, 6, 4)  # seed 001: "An diesem Mittwoch"


def dates(text, published):
    return [(found.quote, found.when) for found in find_dates(text, published)]


def cues(text):
    return [(found.quote, found.stance) for found in find_cues(text)]


# find_dates: weekdays and relative days, counted from publication


def test_am_freitag_in_an_article_of_a_friday_is_that_friday():
    text = "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche in Pjöngjang geführt."

    (found,) = find_dates(text, FRIDAY)

    assert (found.quote, found.when) == ("am Freitag", "2024-09-13")
    assert text[found.start : found.end] == "am Freitag"
    assert "2024-09-13" in found.reason


def test_am_freitag_at_the_start_of_a_sentence_is_found_too():
    assert dates("Am Freitag sind sie zusammengekommen.", FRIDAY) == [("Am Freitag", "2024-09-13")]


def test_an_diesem_mittwoch_in_an_article_of_a_wednesday_is_that_wednesday():
    text = "An diesem Mittwoch reiste Schoigu erneut nach Pjöngjang."

    assert dates(text, WEDNESDAY) == [("An diesem Mittwoch", "2025-06-04")]


def test_am_mittwoch_in_an_article_of_a_friday_is_two_days_before():
    assert dates("Sie trafen sich am Mittwoch.", FRIDAY) == [("am Mittwoch", "2024-09-11")]


@pytest.mark.parametrize("lead", ["vergangenen", "letzten", "am vergangenen"])
def test_last_friday_in_an_article_of_a_friday_is_the_friday_a_week_before(lead):
    assert dates(f"Sie reisten {lead} Freitag ab.", FRIDAY) == [(f"{lead} Freitag", "2024-09-06")]


def test_last_friday_after_a_word_ending_in_am_starts_at_vergangenen():
    text = "Er kam vergangenen Freitag an."

    (found,) = find_dates(text, FRIDAY)

    assert (found.quote, found.when) == ("vergangenen Freitag", "2024-09-06")
    assert found.start == text.index("vergangenen")


def test_naechsten_montag_is_the_monday_after_publication():
    assert dates("Er kommt nächsten Montag.", FRIDAY) == [("nächsten Montag", "2024-09-16")]


@pytest.mark.parametrize(
    ("word", "when"),
    [("gestern", "2025-06-03"), ("Gestern", "2025-06-03"), ("vorgestern", "2025-06-02")],
)
def test_relative_days_count_from_publication(word, when):
    assert dates(f"Das geschah {word} in Moskau.", WEDNESDAY) == [(word, when)]


def test_weekdays_and_relative_days_without_a_publication_date_are_not_suggested():
    assert dates("Sie trafen sich am Freitag, gestern war Ruhe.", None) == []


def test_a_weekday_inside_a_longer_word_is_not_a_date():
    assert dates("Sie trafen sich am Freitagmorgen.", FRIDAY) == []


# find_dates: calendar dates


def test_a_full_date_with_its_lead_in_is_that_day():
    text = "den Vertrag über Freundschaft vom 9. Februar 2000 ersetzen."

    (found,) = find_dates(text, FRIDAY)

    assert (found.quote, found.when) == ("vom 9. Februar 2000", "2000-02-09")
    assert text[found.start : found.end] == found.quote


def test_a_full_date_without_lead_in_is_that_day():
    assert dates("Am Ende stand der 9. Februar 2000.", FRIDAY) == [
        ("9. Februar 2000", "2000-02-09")
    ]


def test_im_juni_2024_is_the_month():
    assert dates("Der Vertrag wurde im Juni 2024 unterzeichnet.", FRIDAY) == [
        ("im Juni 2024", "2024-06")
    ]


def test_a_no_break_space_between_month_and_year_is_kept_in_the_quote():
    assert dates("Der Vertrag wurde im Juni\u00a02024 unterzeichnet.", FRIDAY) == [
        ("im Juni\u00a02024", "2024-06")
    ]


def test_a_day_and_month_before_publication_take_the_publication_year():
    assert dates("Das war am 21. März.", WEDNESDAY) == [("am 21. März", "2025-03-21")]


def test_a_day_and_month_after_publication_take_the_year_before():
    assert dates("Das war am 21. Juli.", WEDNESDAY) == [("am 21. Juli", "2024-07-21")]


def test_a_month_without_year_after_publication_takes_the_year_before():
    assert dates("Im Oktober reiste er.", WEDNESDAY) == [("Im Oktober", "2024-10")]


def test_a_numeric_date_is_that_day():
    assert dates("Stand: 01.06.2023, 12:00 Uhr", FRIDAY) == [("01.06.2023", "2023-06-01")]


def test_a_year_with_its_lead_in_is_the_year():
    assert dates("Die Vereinbarung gilt seit 2023.", FRIDAY) == [("seit 2023", "2023")]


def test_dates_are_listed_in_text_order_with_spans_that_slice_the_text():
    text = "Am 13. April 2024 begann es, im Juni 2024 folgte der Vertrag, gestern die Reise."

    found = find_dates(text, FRIDAY)

    assert [(d.quote, d.when) for d in found] == [
        ("Am 13. April 2024", "2024-04-13"),
        ("im Juni 2024", "2024-06"),
        ("gestern", "2024-09-12"),
    ]
    assert all(text[d.start : d.end] == d.quote for d in found)


def test_an_invalid_numeric_date_is_ignored():
    assert dates("Das Treffen war am 31.02.2024 geplant.", FRIDAY) == []


def test_an_invalid_calendar_date_is_never_suggested_as_a_day():
    found = find_dates("Das Treffen war am 31. Februar 2024 geplant.", FRIDAY)

    assert not [d for d in found if len(d.when) == 10]


def test_an_invalid_calendar_date_is_ignored_altogether():
    assert dates("Das Treffen war am 31. Februar 2024 geplant.", FRIDAY) == []


# find_cues


def test_nach_angaben_takes_the_noun_phrase_up_to_the_verb():
    text = "Nach Angaben der Nachrichtenagentur KCNA erörterten sie den Ausbau der Zusammenarbeit."

    (found,) = find_cues(text)

    assert found.quote == "Nach Angaben der Nachrichtenagentur KCNA"
    assert (found.start, found.end) == (0, len("Nach Angaben der Nachrichtenagentur KCNA"))
    assert (found.reason, found.stance) == ("attribution frame", "neutral")


def test_so_after_a_comma_with_a_name_is_a_cue():
    text = "Der Vertrag wurde im Juni 2024 unterzeichnet, so Putin."

    (found,) = find_cues(text)

    assert found.quote == "so Putin"
    assert text[found.start : found.end] == "so Putin"


def test_so_without_a_comma_before_it_is_no_cue():
    assert cues("Er sagte es so deutlich wie nie.") == [("sagte", "neutral")]


def test_wie_die_agentur_berichtete_is_one_cue_from_wie_to_the_verb():
    text = "Wie die Nachrichtenagentur KCNA berichtete, besprachen die Beamten den Ausbau."

    assert cues(text) == [("Wie die Nachrichtenagentur KCNA berichtete", "neutral")]


def test_laut_takes_the_name_after_it():
    assert cues("Laut KCNA sei die Zusammenarbeit strategisch.") == [("Laut KCNA", "neutral")]


def test_a_reporting_verb_is_suggested_alone():
    assert cues("Die Regierung gab bekannt, dass sie reist.") == [("gab bekannt", "neutral")]


def test_angeblich_is_a_distancing_cue():
    (found,) = find_cues("Nordkorea habe angeblich Munition geliefert.")

    assert (found.quote, found.reason, found.stance) == (
        "angeblich",
        "distancing marker",
        "distancing",
    )


def test_soll_haben_is_a_distancing_cue_over_the_whole_phrase():
    assert cues("Nordkorea soll Munition geliefert haben.") == [
        ("soll Munition geliefert haben", "distancing")
    ]


def test_a_verb_inside_a_frame_is_not_suggested_twice():
    text = "sagte Kim nach Angaben der russischen Nachrichtenagentur Interfax am Mittwoch."

    assert cues(text) == [
        ("sagte", "neutral"),
        ("nach Angaben der russischen Nachrichtenagentur Interfax", "neutral"),
    ]


# find_mentions


@pytest.fixture
def known(project):
    def entity(kind, name, aliases=()):
        return services.entity_create(
            project=project, kind=kind, name=name, aliases=aliases, actor=None
        )

    return {
        "kcna": entity(EntityKind.AGENCY, "KCNA", ["Nachrichtenagentur KCNA"]),
        "schoigu": entity(EntityKind.PERSON, "Sergei Schoigu", ["Schoigu", "Shoigu"]),
        "kim": entity(EntityKind.PERSON, "Kim Jong-un", ["Kim"]),
        "ria": entity(EntityKind.AGENCY, "RIA Nowosti", ["RIA"]),
    }


def test_find_mentions_the_longest_alias_wins_where_names_overlap(known):
    text = "Nach Angaben der Nachrichtenagentur KCNA traf Sergei Schoigu ein."

    found = find_mentions(text, list(known.values()))

    assert [(m.quote, m.entity_name, m.kind) for m in found] == [
        ("Nachrichtenagentur KCNA", "KCNA", "agency"),
        ("Sergei Schoigu", "Sergei Schoigu", "person"),
    ]
    assert all(text[m.start : m.end] == m.quote for m in found)


def test_find_mentions_finds_each_alias_as_its_entity(known):
    found = find_mentions("Schoigu, Kim und RIA; später KCNA.", list(known.values()))

    assert [(m.quote, m.entity_id) for m in found] == [
        ("Schoigu", known["schoigu"].pk),
        ("Kim", known["kim"].pk),
        ("RIA", known["ria"].pk),
        ("KCNA", known["kcna"].pk),
    ]


def test_find_mentions_only_whole_words(known):
    assert find_mentions("Kimchi und RIAD und Schoigus", list(known.values())) == []


def test_find_mentions_without_entities_is_empty():
    assert find_mentions("Kim traf Schoigu.", []) == []


# suggestions_for


SUGGEST_TEXT = (
    "Kim und Schoigu trafen sich am Freitag. "
    "Nach Angaben der Nachrichtenagentur KCNA sprachen sie lange. "
    "Auch RIA meldete das Treffen."
)


def suggestions(article, user, dismissed=frozenset()):
    return suggestions_for(
        article.text,
        article.published,
        claims=selectors.claim_list_for_article(article, user),
        entities=selectors.entity_list(article.project),
        dismissed=set(dismissed),
    )


def keys(found):
    return [(s.kind, s.quote) for s in found]


@pytest.fixture
def news(project, known):
    return make_article(project, text=SUGGEST_TEXT, published=FRIDAY)


def test_suggestions_for_lists_dates_cues_and_sources_in_text_order(news, annotator, known):
    found = suggestions(news, annotator)

    assert keys(found) == [
        ("date", "am Freitag"),
        ("cue", "Nach Angaben der Nachrichtenagentur KCNA"),
        ("source", "RIA"),
        ("cue", "meldete"),
    ]
    assert found[0].when == "2024-09-13"
    assert found[1].entity == known["kcna"]
    assert found[1].source_kind == "news_agency"
    assert found[2].entity == known["ria"]
    start = SUGGEST_TEXT.index("am Freitag")
    assert found[0].key == f"date:{start}:{start + len('am Freitag')}"


def test_suggestions_for_hides_dismissed_keys(news, annotator):
    date_key = suggestions(news, annotator)[0].key

    found = suggestions(news, annotator, dismissed={date_key})

    assert ("date", "am Freitag") not in keys(found)
    assert len(found) == 3


def test_suggestions_for_hides_a_span_that_is_already_a_claim(news, annotator):
    make_claim(news, annotator, "am Freitag", claim_type="date")

    assert ("date", "am Freitag") not in keys(suggestions(news, annotator))


def test_suggestions_for_keeps_a_span_only_partly_claimed(news, annotator):
    make_claim(news, annotator, "Freitag", claim_type="date")

    assert ("date", "am Freitag") in keys(suggestions(news, annotator))


def test_suggestions_for_hides_a_span_that_is_already_a_cue(news, annotator):
    cue = "Nach Angaben der Nachrichtenagentur KCNA"
    claim = make_claim(news, annotator, "sprachen sie lange")
    start = SUGGEST_TEXT.index(cue)
    services.attribution_create(
        claim=claim,
        actor=annotator,
        version=claim.version,
        source_kind="state_media",
        cue_start=start,
        cue_end=start + len(cue),
        cue_quote=cue,
    )

    assert ("cue", cue) not in keys(suggestions(news, annotator))


def test_suggestions_for_hides_only_what_the_viewer_can_see_claimed(news, annotator, annotator_b):
    make_claim(news, annotator, "am Freitag", claim_type="date")

    assert ("date", "am Freitag") in keys(suggestions(news, annotator_b))


def test_suggestions_for_without_a_publication_date_suggests_no_relative_dates(
    project, known, annotator
):
    article = make_article(project, text=SUGGEST_TEXT)

    assert [s for s in suggestions(article, annotator) if s.kind == "date"] == []
