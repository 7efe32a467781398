"""Claims and their attributions: claims/services/claims.py and attributions.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import (
    Attribution,
    Claim,
    EntityKind,
    Link,
    Project,
    Status,
    WhenSource,
)
from tests.factories import ARTICLE_TEXT, make_article, make_claim


def span(quote, occurrence=0, text=ARTICLE_TEXT):
    """Code point offsets of the `occurrence`-th appearance of `quote` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return {"start": start, "end": start + len(quote), "quote": quote}


def counts():
    return (
        Claim.objects.count(),
        Claim.history.count(),
        Attribution.objects.count(),
        Attribution.history.count(),
    )


def create(article, actor, **fields):
    fields = {**span("Der Vertrag"), "claim_type": "treaty_term", **fields}
    return services.claim_create(article=article, actor=actor, **fields)


def entity(project, name, kind=EntityKind.PERSON):
    return services.entity_create(project=project, kind=kind, name=name, actor=None)


# claim_create: spans in code points


@pytest.mark.parametrize(
    "quote",
    [
        "🇰🇵🤝🇷🇺",
        "🇰🇵",
        "Juni\u00a02024",
        "Pjo\u0308ngjang",
        "👨🏻‍🚒",
        "🇰🇵🤝🇷🇺 Der Vertrag wurde im Juni\u00a02024 unterzeichnet",
        "Feuerwehrleute.",
    ],
)
def test_claim_create_anchors_spans_of_emoji_flags_zwj_combining_marks_and_nbsp(
    article, annotator, quote
):
    claim = create(article, annotator, **span(quote))

    claim.refresh_from_db()
    assert ARTICLE_TEXT[claim.start : claim.end] == claim.quote == quote
    assert claim.prefix == ARTICLE_TEXT[max(0, claim.start - 32) : claim.start]
    assert claim.suffix == ARTICLE_TEXT[claim.end : claim.end + 32]
    assert claim.text_sha256 == article.text_sha256
    assert (claim.status, claim.version, claim.created_by) == (Status.DRAFT, 1, annotator)


def test_claim_create_over_the_whole_text_is_allowed(article, annotator):
    claim = create(article, annotator, start=0, end=len(ARTICLE_TEXT), quote=ARTICLE_TEXT)

    assert (claim.start, claim.end, claim.prefix, claim.suffix) == (0, len(ARTICLE_TEXT), "", "")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (-1, 5),
        (5, 5),
        (6, 5),
        (280, len(ARTICLE_TEXT) + 1),
        (len(ARTICLE_TEXT), len(ARTICLE_TEXT) + 1),
    ],
)
def test_claim_create_with_a_span_outside_the_text_or_empty_is_refused(
    article, annotator, start, end
):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, start=start, end=end, quote=ARTICLE_TEXT[max(start, 0) : end])

    (message,) = refusal.value.messages
    assert f"The claim's span [{start}, {end}) is not inside the article" in message
    assert f"which has {len(ARTICLE_TEXT)} characters (Unicode code points), or it is empty" in (
        message
    )
    assert counts() == before


@pytest.mark.parametrize(("start", "end"), [("0", "5"), (0.0, 5.0), (None, 5), (True, 5)])
def test_claim_create_with_offsets_that_are_not_whole_numbers_is_refused(
    article, annotator, start, end
):
    before = counts()

    with pytest.raises(ValidationError, match="start and end must be whole numbers"):
        create(article, annotator, start=start, end=end, quote="Kim J")

    assert counts() == before


def test_claim_create_with_a_quote_that_differs_from_the_text_is_refused(article, annotator):
    before = counts()
    where = span("Der Vertrag")

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, start=where["start"], end=where["end"], quote="Das Abkommen")

    (message,) = refusal.value.messages
    assert "The claim's quote does not match the article at [173, 184)" in message
    assert "the article has “Der Vertrag” there, the request sent “Das Abkommen”" in message
    assert counts() == before


def test_claim_create_with_utf16_offsets_after_emoji_is_refused_mentioning_code_points(
    article, annotator
):
    """The browser counts the flags and the handshake as 10 units; they are 5 code points."""
    where = span("Der Vertrag")
    utf16_start = len(ARTICLE_TEXT[: where["start"]].encode("utf-16-le")) // 2
    assert utf16_start == where["start"] + 5
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, start=utf16_start, end=utf16_start + 11, quote="Der Vertrag")

    (message,) = refusal.value.messages
    assert "quote does not match" in message
    assert "Offsets are counted in Unicode code points" in message
    assert counts() == before


def test_claim_create_with_a_precomposed_quote_over_decomposed_text_is_refused(article, annotator):
    """The text is never normalised: ö (U+00F6) is not o + U+0308."""
    where = span("Pjo\u0308ngjang")
    before = counts()

    with pytest.raises(ValidationError, match="quote does not match"):
        create(article, annotator, start=where["start"], end=where["end"], quote="Pjöngjang")

    assert counts() == before


def test_claim_create_with_a_span_that_splits_a_flag_keeps_code_point_slicing(article, annotator):
    """An offset may fall inside a grapheme cluster, as it may in the browser."""
    where = span("🇰🇵")

    claim = create(article, annotator, start=where["start"], end=where["start"] + 1, quote="🇰")

    assert claim.quote == "🇰"


def test_claim_create_with_unknown_fields_is_refused(article, annotator):
    before = counts()

    with pytest.raises(ValidationError, match=r"cannot be changed here: \['version'\]"):
        create(article, annotator, version=7)

    assert counts() == before


# claim_create: labels, dates, entities


def test_claim_create_with_an_unknown_claim_type_lists_the_known_ones(article, annotator):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, claim_type="rumour")

    (message,) = refusal.value.messages
    assert message == (
        "“rumour” is not a claim type of Kim and Shoigu; known: date, meeting, treaty_term, "
        "quote, role, military_support, figure, statement."
    )
    assert counts() == before


@pytest.mark.parametrize("when", ["2024", "2024-06", "2024-06-19", "2024-02-29"])
def test_claim_create_accepts_timex_dates_at_each_precision(article, annotator, when):
    claim = create(article, annotator, when=when, when_source=WhenSource.TYPED)

    claim.refresh_from_db()
    assert claim.when == when
    assert claim.when_precision == {4: "year", 7: "month", 10: "day"}[len(when)]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2024-13", "“2024-13” has no month 13."),
        ("2024-00", "“2024-00” has no month 0."),
        ("2024-02-30", "“2024-02-30” is not a day of the calendar."),
        ("2023-02-29", "“2023-02-29” is not a day of the calendar."),
        (
            "June 2024",
            "“June 2024” is not a date at a precision the text gives: write 2024, 2024-06 "
            "or 2024-06-19.",
        ),
        ("24", "“24” is not a date at a precision"),
        ("2024-6-19", "“2024-6-19” is not a date at a precision"),
        ("2024-06-19T10:00", "“2024-06-19T10:00” is not a date at a precision"),
    ],
)
def test_claim_create_with_a_when_that_is_not_a_timex_date_is_refused(
    article, annotator, when, message
):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, when=when, when_source=WhenSource.TYPED)

    (got,) = refusal.value.message_dict["when"]
    assert got.startswith(message)
    assert counts() == before


def test_claim_create_with_a_when_but_no_when_source_is_refused(article, annotator):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, when="2024-06")

    assert refusal.value.message_dict == {
        "when_source": ["Say whether the date was typed or suggested."]
    }
    assert counts() == before


def test_claim_create_with_a_when_source_but_no_when_is_refused(article, annotator):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, when_source=WhenSource.SUGGESTED)

    assert refusal.value.message_dict == {"when_source": ["There is no date to have a source."]}
    assert counts() == before


def test_claim_create_with_a_participant_of_another_project_is_refused(
    project, article, annotator, outsider
):
    other = Project.objects.get(memberships__user=outsider)
    kim = entity(project, "Kim Jong-un")
    foreign = entity(other, "Sergei Schoigu")
    before = counts()

    with pytest.raises(ValidationError, match="“Sergei Schoigu” belongs to another project"):
        create(article, annotator, participants=[kim, foreign])

    assert counts() == before


def test_claim_create_with_a_place_of_another_project_is_refused(article, annotator, outsider):
    other = Project.objects.get(memberships__user=outsider)
    foreign = entity(other, "Pjöngjang", EntityKind.PLACE)
    before = counts()

    with pytest.raises(ValidationError, match="“Pjöngjang” belongs to another project"):
        create(article, annotator, place=foreign)

    assert counts() == before


def test_claim_create_with_entities_of_the_project_stores_them(project, article, annotator):
    kim, shoigu = entity(project, "Kim Jong-un"), entity(project, "Sergei Schoigu")
    city = entity(project, "Pjöngjang", EntityKind.PLACE)

    claim = create(article, annotator, participants=[kim, shoigu], place=city)

    claim.refresh_from_db()
    assert set(claim.participants.all()) == {kim, shoigu}
    assert claim.place == city


# claim_create: who may


def test_claim_create_by_an_outsider_is_refused(article, outsider):
    before = counts()

    with pytest.raises(PermissionDenied):
        create(article, outsider)

    assert counts() == before


def test_claim_create_as_accepted_by_an_annotator_is_refused(article, annotator):
    before = counts()

    with pytest.raises(PermissionDenied):
        create(article, annotator, status=Status.ACCEPTED)

    assert counts() == before


def test_claim_create_as_accepted_by_a_reviewer_is_allowed(article, reviewer):
    claim = create(article, reviewer, status=Status.ACCEPTED)

    assert claim.status == Status.ACCEPTED


def test_claim_create_records_the_actor_in_history(article, annotator):
    claim = create(article, annotator)

    record = claim.history.get()
    assert (record.history_type, record.history_user) == ("+", annotator)


# claim_update


def test_claim_update_with_the_current_version_changes_it_and_raises_the_version(
    article, annotator
):
    claim = create(article, annotator)

    updated = services.claim_update(
        claim=claim, version=1, actor=annotator, claim_type="date", note="signed", **span("2024")
    )

    claim.refresh_from_db()
    assert claim.version == updated.version == 2
    assert (claim.claim_type.value, claim.note, claim.quote) == ("date", "signed", "2024")
    assert claim.prefix.endswith("im Juni\u00a0")
    assert claim.history.first().history_user == annotator


def test_claim_update_with_a_stale_version_names_who_changed_it_and_changes_nothing(
    article, annotator, reviewer
):
    claim = create(article, annotator)
    services.claim_update(claim=claim, version=1, actor=reviewer, note="checked")
    history = Claim.history.count()

    with pytest.raises(services.StaleVersion) as refusal:
        services.claim_update(claim=claim, version=1, actor=annotator, note="mine")

    (message,) = refusal.value.messages
    assert "This claim was changed by rita since you opened it" in message
    assert "(you have version 1, it is now at version 2)" in message
    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("checked", 2)
    assert Claim.history.count() == history


def test_stale_version_is_a_validation_error(article, annotator):
    claim = create(article, annotator)

    with pytest.raises(ValidationError):
        services.claim_update(claim=claim, version=5, actor=annotator, note="x")


def test_claim_update_with_a_span_outside_the_text_is_refused_and_changes_nothing(
    article, annotator
):
    claim = create(article, annotator)

    with pytest.raises(ValidationError, match="is not inside the article"):
        services.claim_update(
            claim=claim, version=1, actor=annotator, start=280, end=300, quote="x"
        )

    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.quote, claim.version) == (173, 184, "Der Vertrag", 1)


def test_claim_update_of_start_and_end_without_the_quote_is_refused(article, annotator):
    claim = create(article, annotator)

    with pytest.raises(ValidationError, match="quote does not match"):
        services.claim_update(claim=claim, version=1, actor=annotator, start=0, end=11)

    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (173, 184, 1)


def test_claim_update_with_a_utf16_offset_is_refused_mentioning_code_points(article, annotator):
    claim = create(article, annotator)

    with pytest.raises(ValidationError, match="Offsets are counted in Unicode code points"):
        services.claim_update(
            claim=claim, version=1, actor=annotator, start=178, end=189, quote="Der Vertrag"
        )

    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.version) == (173, 184, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"when": "2024-02-30", "when_source": WhenSource.TYPED}, "when"),
        ({"when": "Juni 2024", "when_source": WhenSource.TYPED}, "when"),
        ({"when": "2024"}, "when_source"),
    ],
)
def test_claim_update_with_a_bad_when_is_refused_and_changes_nothing(
    article, annotator, changes, field
):
    claim = create(article, annotator)

    with pytest.raises(ValidationError) as refusal:
        services.claim_update(claim=claim, version=1, actor=annotator, **changes)

    assert field in refusal.value.message_dict
    claim.refresh_from_db()
    assert (claim.when, claim.when_source, claim.version) == ("", "", 1)


def test_claim_update_with_an_unknown_claim_type_lists_the_known_ones(article, annotator):
    claim = create(article, annotator)

    with pytest.raises(ValidationError, match="known: date, meeting, treaty_term"):
        services.claim_update(claim=claim, version=1, actor=annotator, claim_type="rumour")

    claim.refresh_from_db()
    assert (claim.claim_type.value, claim.version) == ("treaty_term", 1)


def test_claim_update_with_a_participant_of_another_project_changes_nothing(
    project, article, annotator, outsider
):
    kim = entity(project, "Kim Jong-un")
    claim = create(article, annotator, participants=[kim])
    foreign = entity(Project.objects.get(memberships__user=outsider), "Sergei Schoigu")
    history = Claim.history.count()

    with pytest.raises(ValidationError, match="belongs to another project"):
        services.claim_update(
            claim=claim, version=1, actor=annotator, participants=[foreign], note="changed"
        )

    claim.refresh_from_db()
    assert list(claim.participants.all()) == [kim]
    assert (claim.note, claim.version) == ("", 1)
    assert Claim.history.count() == history


def test_claim_update_with_a_place_of_another_project_changes_nothing(article, annotator, outsider):
    claim = create(article, annotator)
    foreign = entity(Project.objects.get(memberships__user=outsider), "Moskau", EntityKind.PLACE)

    with pytest.raises(ValidationError, match="“Moskau” belongs to another project"):
        services.claim_update(claim=claim, version=1, actor=annotator, place=foreign)

    claim.refresh_from_db()
    assert (claim.place, claim.version) == (None, 1)


def test_claim_update_of_its_status_is_refused(article, annotator):
    claim = create(article, annotator)

    with pytest.raises(ValidationError, match=r"cannot be changed here: \['status'\]"):
        services.claim_update(claim=claim, version=1, actor=annotator, status=Status.ACCEPTED)

    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Status.DRAFT, 1)


@pytest.mark.parametrize("who", ["annotator_b", "outsider"])
def test_claim_update_by_someone_who_is_not_its_author_nor_an_editor_is_refused(
    article, annotator, request, who
):
    claim = create(article, annotator)

    with pytest.raises(PermissionDenied):
        services.claim_update(
            claim=claim, version=1, actor=request.getfixturevalue(who), note="mine now"
        )

    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("", 1)


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_claim_update_by_a_reviewer_or_manager_is_allowed(article, annotator, request, who):
    claim = create(article, annotator)

    services.claim_update(claim=claim, version=1, actor=request.getfixturevalue(who), note="ok")

    claim.refresh_from_db()
    assert (claim.note, claim.version) == ("ok", 2)


# claim_delete


def test_claim_delete_removes_its_attributions_chain_and_links_with_history_by_the_actor(
    project, article, annotator, reviewer
):
    claim = create(article, annotator)
    other = make_claim(make_article(project), annotator, "so Putin")
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    ria = services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", parent=press
    )
    echo = services.attribution_create(
        claim=claim, actor=annotator, source_kind="other_media", parent=ria
    )
    out = services.link_create(from_claim=claim, to_claim=other, relation="agrees", actor=annotator)
    back = services.link_create(
        from_claim=other, to_claim=claim, relation="refines", actor=annotator
    )
    pks = {
        Claim: [claim.pk],
        Attribution: [press.pk, ria.pk, echo.pk],
        Link: [out.pk, back.pk],
    }

    services.claim_delete(claim=claim, actor=reviewer)

    for model, ids in pks.items():
        assert not model.objects.filter(pk__in=ids).exists()
        for pk in ids:
            deleted = model.history.get(id=pk, history_type="-")
            assert deleted.history_user == reviewer, (model, pk)
    assert Claim.objects.filter(pk=other.pk).exists()


def test_claim_delete_with_a_stale_version_is_refused_and_deletes_nothing(
    article, annotator, reviewer
):
    claim = create(article, annotator)
    services.attribution_create(claim=claim, actor=reviewer, source_kind="news_agency")
    before = counts()

    with pytest.raises(services.StaleVersion, match="changed by rita"):
        services.claim_delete(claim=claim, actor=annotator, version=1)

    assert counts() == before


def test_claim_delete_by_another_annotator_is_refused_and_deletes_nothing(
    article, annotator, annotator_b
):
    claim = create(article, annotator)
    services.attribution_create(claim=claim, actor=annotator, source_kind="news_agency")
    before = counts()

    with pytest.raises(PermissionDenied):
        services.claim_delete(claim=claim, actor=annotator_b)

    assert counts() == before


def test_claim_delete_by_an_outsider_is_refused(article, annotator, outsider):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.claim_delete(claim=claim, actor=outsider)

    assert counts() == before


def test_claim_delete_of_a_claim_already_deleted_says_so(article, annotator):
    claim = create(article, annotator)
    stale = Claim.objects.get(pk=claim.pk)
    services.claim_delete(claim=claim, actor=annotator)

    with pytest.raises(ValidationError, match="This claim no longer exists: someone deleted it"):
        services.claim_delete(claim=stale, actor=annotator)


# attributions: cue spans


def test_attribution_create_with_a_cue_stores_its_quote_and_context_and_raises_the_version(
    article, annotator
):
    claim = create(article, annotator)
    cue = span("so Putin")

    attribution = services.attribution_create(
        claim=claim,
        actor=annotator,
        version=1,
        source_kind="official_person",
        form="indirect",
        cue_start=cue["start"],
        cue_end=cue["end"],
        cue_quote=cue["quote"],
    )

    attribution.refresh_from_db()
    assert (attribution.cue_start, attribution.cue_end) == (cue["start"], cue["end"])
    assert attribution.cue_quote == "so Putin"
    assert attribution.cue_prefix == ARTICLE_TEXT[cue["start"] - 32 : cue["start"]]
    assert attribution.cue_suffix == ARTICLE_TEXT[cue["end"] : cue["end"] + 32]
    claim.refresh_from_db()
    assert claim.version == 2


def test_attribution_create_with_a_cue_over_emoji_is_anchored_in_code_points(article, annotator):
    claim = create(article, annotator)
    cue = span("🤝🇷🇺 Der")

    attribution = services.attribution_create(
        claim=claim,
        actor=annotator,
        source_kind="generic",
        cue_start=cue["start"],
        cue_end=cue["end"],
        cue_quote=cue["quote"],
    )

    assert ARTICLE_TEXT[attribution.cue_start : attribution.cue_end] == "🤝🇷🇺 Der"


@pytest.mark.parametrize(
    ("start", "end"),
    [(-3, 2), (10, 10), (12, 10), (280, len(ARTICLE_TEXT) + 5)],
)
def test_attribution_create_with_a_cue_outside_the_text_or_empty_is_refused(
    article, annotator, start, end
):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(
            claim=claim,
            actor=annotator,
            source_kind="generic",
            cue_start=start,
            cue_end=end,
            cue_quote=ARTICLE_TEXT[max(start, 0) : end] or "x",
        )

    (message,) = refusal.value.messages
    assert f"The cue's span [{start}, {end}) is not inside the article" in message
    assert counts() == before
    claim.refresh_from_db()
    assert claim.version == 1


def test_attribution_create_with_a_cue_quote_that_differs_is_refused(article, annotator):
    claim = create(article, annotator)
    cue = span("so Putin")
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(
            claim=claim,
            actor=annotator,
            source_kind="official_person",
            cue_start=cue["start"],
            cue_end=cue["end"],
            cue_quote="so Lawrow",
        )

    (message,) = refusal.value.messages
    assert "The cue's quote does not match the article" in message
    assert "“so Putin” there, the request sent “so Lawrow”" in message
    assert counts() == before


def test_attribution_create_with_a_utf16_cue_offset_is_refused_mentioning_code_points(
    article, annotator
):
    claim = create(article, annotator)
    cue = span("so Putin")
    utf16_start = len(ARTICLE_TEXT[: cue["start"]].encode("utf-16-le")) // 2
    before = counts()

    with pytest.raises(ValidationError, match="Offsets are counted in Unicode code points"):
        services.attribution_create(
            claim=claim,
            actor=annotator,
            source_kind="official_person",
            cue_start=utf16_start,
            cue_end=utf16_start + len("so Putin"),
            cue_quote="so Putin",
        )

    assert counts() == before


def test_attribution_create_with_a_cue_start_but_no_end_is_refused(article, annotator):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(ValidationError, match="cue's start and end must be whole numbers"):
        services.attribution_create(
            claim=claim, actor=annotator, source_kind="generic", cue_start=219
        )

    assert counts() == before


def test_attribution_update_with_a_bad_cue_changes_nothing(article, annotator):
    claim = create(article, annotator)
    cue = span("so Putin")
    attribution = services.attribution_create(
        claim=claim, actor=annotator, source_kind="official_person", **_cue(cue)
    )

    with pytest.raises(ValidationError, match="is not inside the article"):
        services.attribution_update(
            attribution=attribution,
            actor=annotator,
            version=2,
            cue_start=cue["start"],
            cue_end=len(ARTICLE_TEXT) + 1,
            cue_quote="so Putin",
        )

    attribution.refresh_from_db()
    assert (attribution.cue_start, attribution.cue_end) == (cue["start"], cue["end"])
    claim.refresh_from_db()
    assert claim.version == 2


def test_attribution_update_can_remove_the_cue(article, annotator):
    claim = create(article, annotator)
    attribution = services.attribution_create(
        claim=claim, actor=annotator, source_kind="official_person", **_cue(span("so Putin"))
    )

    services.attribution_update(
        attribution=attribution, actor=annotator, version=2, cue_start=None, cue_end=None
    )

    attribution.refresh_from_db()
    assert (attribution.cue_start, attribution.cue_end, attribution.cue_quote) == (None, None, "")
    assert (attribution.cue_prefix, attribution.cue_suffix) == ("", "")


def _cue(where):
    return {"cue_start": where["start"], "cue_end": where["end"], "cue_quote": where["quote"]}


# attributions: labels, entities, who may


def test_attribution_create_with_an_unknown_source_kind_lists_the_known_ones(article, annotator):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(claim=claim, actor=annotator, source_kind="blog")

    (message,) = refusal.value.messages
    assert message == (
        "“blog” is not a source kind of Kim and Shoigu; known: state_media, news_agency, "
        "government_body, official_person, other_media, anonymous, generic, unattributed."
    )
    assert counts() == before


def test_attribution_create_without_a_source_kind_is_refused(article, annotator):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(claim=claim, actor=annotator)

    assert refusal.value.message_dict == {"source_kind": ["Say what kind of source this is."]}
    assert counts() == before


def test_attribution_create_with_a_source_of_another_project_is_refused(
    article, annotator, outsider
):
    claim = create(article, annotator)
    foreign = entity(Project.objects.get(memberships__user=outsider), "KCNA", EntityKind.AGENCY)
    before = counts()

    with pytest.raises(ValidationError, match="“KCNA” belongs to another project"):
        services.attribution_create(
            claim=claim, actor=annotator, source_kind="state_media", source=foreign
        )

    assert counts() == before


def test_attribution_update_to_a_source_of_another_project_changes_nothing(
    project, article, annotator, outsider
):
    claim = create(article, annotator)
    kcna = entity(project, "KCNA", EntityKind.AGENCY)
    attribution = services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", source=kcna
    )
    foreign = entity(Project.objects.get(memberships__user=outsider), "TASS", EntityKind.AGENCY)

    with pytest.raises(ValidationError, match="“TASS” belongs to another project"):
        services.attribution_update(
            attribution=attribution, actor=annotator, version=2, source=foreign
        )

    attribution.refresh_from_db()
    assert attribution.source == kcna


def test_attribution_create_with_a_source_of_the_project_stores_it(project, article, annotator):
    claim = create(article, annotator)
    kcna = entity(project, "KCNA", EntityKind.AGENCY)

    attribution = services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", source=kcna
    )

    attribution.refresh_from_db()
    assert (attribution.source, attribution.source_kind.value) == (kcna, "state_media")


@pytest.mark.parametrize("who", ["annotator_b", "outsider"])
def test_attribution_create_by_someone_not_the_author_nor_an_editor_is_refused(
    article, annotator, request, who
):
    claim = create(article, annotator)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.attribution_create(
            claim=claim, actor=request.getfixturevalue(who), source_kind="generic"
        )

    assert counts() == before


def test_attribution_create_with_a_stale_claim_version_is_refused(article, annotator, reviewer):
    claim = create(article, annotator)
    services.claim_update(claim=claim, version=1, actor=reviewer, note="checked")
    before = counts()

    with pytest.raises(services.StaleVersion, match="changed by rita"):
        services.attribution_create(claim=claim, actor=annotator, version=1, source_kind="generic")

    assert counts() == before


def test_attribution_update_with_a_stale_version_names_who_changed_it_and_changes_nothing(
    article, annotator, reviewer
):
    claim = create(article, annotator)
    attribution = services.attribution_create(claim=claim, actor=annotator, source_kind="generic")
    services.attribution_update(
        attribution=attribution, actor=reviewer, version=2, source_kind="anonymous"
    )
    history = Attribution.history.count()

    with pytest.raises(services.StaleVersion) as refusal:
        services.attribution_update(
            attribution=attribution, actor=annotator, version=2, stance="distancing"
        )

    (message,) = refusal.value.messages
    assert "This claim was changed by rita since you opened it" in message
    assert "(you have version 2, it is now at version 3)" in message
    attribution.refresh_from_db()
    assert (attribution.source_kind.value, attribution.stance) == ("anonymous", "neutral")
    assert Attribution.history.count() == history


def test_attribution_update_with_the_current_version_raises_the_claims_version(article, annotator):
    claim = create(article, annotator)
    attribution = services.attribution_create(claim=claim, actor=annotator, source_kind="generic")

    services.attribution_update(
        attribution=attribution, actor=annotator, version=2, stance="distancing"
    )

    attribution.refresh_from_db()
    claim.refresh_from_db()
    assert (attribution.stance, claim.version) == ("distancing", 3)


# attributions: parent chains


def test_attribution_create_with_a_parent_on_another_claim_is_refused(article, annotator):
    claim = create(article, annotator)
    other = make_claim(article, annotator, "so Putin")
    foreign_parent = services.attribution_create(
        claim=other, actor=annotator, source_kind="official_person"
    )
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(
            claim=claim, actor=annotator, source_kind="state_media", parent=foreign_parent
        )

    assert refusal.value.message_dict == {
        "parent": ["A cited source must belong to the same claim."]
    }
    assert counts() == before


def test_attribution_update_making_a_cycle_is_refused_and_changes_nothing(article, annotator):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    ria = services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", parent=press
    )
    echo = services.attribution_create(
        claim=claim, actor=annotator, source_kind="other_media", parent=ria
    )
    history = Attribution.history.count()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_update(attribution=press, actor=annotator, version=4, parent=echo)

    assert refusal.value.message_dict == {
        "parent": ["A source cannot cite itself, even through others."]
    }
    press.refresh_from_db()
    assert press.parent is None
    assert Attribution.history.count() == history
    claim.refresh_from_db()
    assert claim.version == 4


def test_attribution_update_citing_itself_is_refused(article, annotator):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")

    with pytest.raises(ValidationError, match="cannot cite itself"):
        services.attribution_update(attribution=press, actor=annotator, version=2, parent=press)

    press.refresh_from_db()
    assert press.parent is None


def test_attribution_update_making_a_cycle_through_a_stale_parent_object_is_refused(
    article, annotator
):
    """The chain is read from the database, not from whatever objects the caller holds."""
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    ria = services.attribution_create(claim=claim, actor=annotator, source_kind="state_media")
    services.attribution_update(attribution=ria, actor=annotator, version=3, parent=press)
    assert ria.parent is None  # the caller's object still shows no parent

    with pytest.raises(ValidationError, match="cannot cite itself, even through others"):
        services.attribution_update(attribution=press, actor=annotator, version=4, parent=ria)

    press.refresh_from_db()
    assert press.parent is None


def test_attribution_delete_of_a_cited_source_is_refused_and_deletes_nothing(article, annotator):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", parent=press
    )
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_delete(attribution=press, actor=annotator, version=3)

    assert refusal.value.messages == ["1 other source cites this one; remove or change them first."]
    assert counts() == before
    claim.refresh_from_db()
    assert claim.version == 3


def test_attribution_delete_of_an_uncited_source_deletes_it_with_history(article, annotator):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    ria = services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", parent=press
    )
    pk = ria.pk

    services.attribution_delete(attribution=ria, actor=annotator, version=3)

    assert list(Attribution.objects.filter(claim=claim)) == [press]
    assert Attribution.history.get(id=pk, history_type="-").history_user == annotator
    claim.refresh_from_db()
    assert claim.version == 4


def test_attribution_delete_with_a_stale_version_is_refused(article, annotator, reviewer):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    services.claim_update(claim=claim, version=2, actor=reviewer, note="checked")
    before = counts()

    with pytest.raises(services.StaleVersion, match="changed by rita"):
        services.attribution_delete(attribution=press, actor=annotator, version=2)

    assert counts() == before


def test_attribution_create_citing_a_deleted_source_is_refused(article, annotator):
    claim = create(article, annotator)
    press = services.attribution_create(claim=claim, actor=annotator, source_kind="government_body")
    stale = Attribution.objects.get(pk=press.pk)
    services.attribution_delete(attribution=press, actor=annotator, version=2)
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.attribution_create(
            claim=claim, actor=annotator, source_kind="state_media", parent=stale
        )

    assert refusal.value.message_dict == {
        "parent": ["The cited source no longer exists: someone deleted it."]
    }
    assert counts() == before
