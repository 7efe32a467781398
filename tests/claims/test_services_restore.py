"""Undoing a delete (claim_restore) and retried creates (claim_create with an idempotency key)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Attribution, Claim, Entity, EntityKind, Idempotency, Link
from claims.services.base import idempotent
from tests.factories import ARTICLE_TEXT, make_article, make_claim

CUE = "Nach Angaben der Nachrichtenagentur KCNA"


def cue(quote=CUE, text=ARTICLE_TEXT):
    start = text.index(quote)
    return {"cue_start": start, "cue_end": start + len(quote), "cue_quote": quote}


def entity(project, name, kind=EntityKind.PERSON):
    return services.entity_create(project=project, kind=kind, name=name, actor=None)


def counts():
    return (Claim.objects.count(), Attribution.objects.count(), Link.objects.count())


def source(claim, actor, **fields):
    claim.refresh_from_db()
    fields.setdefault("source_kind", "state_media")
    return services.attribution_create(claim=claim, actor=actor, version=claim.version, **fields)


def delete(claim, actor):
    claim.refresh_from_db()
    services.claim_delete(claim=claim, actor=actor, version=claim.version)


@pytest.fixture
def sourced(project, article, annotator):
    """A claim with two participants, a place and a chain of sources: RIA citing KCNA."""
    kim, shoigu = entity(project, "Kim Jong-un"), entity(project, "Sergei Schoigu")
    place = entity(project, "Pjöngjang", EntityKind.PLACE)
    claim = make_claim(
        article,
        annotator,
        "Kim Jong-un und Sergei Schoigu haben am Freitag Gespräche",
        claim_type="meeting",
        participants=[kim, shoigu],
        place=place,
        when="2024-09-13",
        when_source="suggested",
        note="erstes Treffen",
    )
    kcna = entity(project, "KCNA", EntityKind.AGENCY)
    ria = entity(project, "RIA Nowosti", EntityKind.AGENCY)
    # The citing source is made first, the cited one later: the chain runs from a lower id
    # to a higher one, as "add the source it cites" makes it.
    citing = source(claim, annotator, source=ria, source_kind="news_agency")
    cited = source(claim, annotator, source=kcna, **cue())
    claim.refresh_from_db()
    services.attribution_update(
        attribution=citing, actor=annotator, version=claim.version, parent=cited
    )
    claim.refresh_from_db()
    return {
        "claim": claim,
        "participants": {kim.pk, shoigu.pk},
        "place": place,
        "citing": citing,
        "cited": cited,
    }


# claim_restore


def test_claim_restore_brings_the_claim_back_under_its_id_with_its_fields_and_participants(
    sourced, annotator
):
    claim = sourced["claim"]
    delete(claim, annotator)
    assert not Claim.objects.filter(pk=claim.pk).exists()

    restored = services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert restored.pk == claim.pk
    again = Claim.objects.get(pk=claim.pk)
    assert (again.quote, again.start, again.end, again.claim_type.value) == (
        claim.quote,
        claim.start,
        claim.end,
        "meeting",
    )
    assert (again.when, again.when_source, again.note, again.place) == (
        "2024-09-13",
        "suggested",
        "erstes Treffen",
        sourced["place"],
    )
    assert {p.pk for p in again.participants.all()} == sourced["participants"]
    assert again.version == claim.version + 1
    assert again.history.first().history_user == annotator


def test_claim_restore_brings_back_the_chain_of_sources(sourced, annotator):
    claim, citing, cited = sourced["claim"], sourced["citing"], sourced["cited"]
    delete(claim, annotator)
    assert not Attribution.objects.filter(claim_id=claim.pk).exists()

    services.claim_restore(claim_id=claim.pk, actor=annotator)

    restored = {a.pk: a for a in Attribution.objects.filter(claim_id=claim.pk)}
    assert set(restored) == {citing.pk, cited.pk}
    assert restored[citing.pk].parent_id == cited.pk
    assert restored[citing.pk].source.name == "RIA Nowosti"
    assert (restored[cited.pk].cue_start, restored[cited.pk].cue_quote) == (
        ARTICLE_TEXT.index(CUE),
        CUE,
    )


def test_claim_restore_brings_back_links_whose_other_claim_still_exists(
    project, article, annotator
):
    other_article = make_article(project, title="Zweiter Bericht")
    claim = make_claim(article, annotator, "Der Vertrag")
    kept = make_claim(other_article, annotator, "so Putin")
    gone = make_claim(other_article, annotator, "Feuerwehrleute")
    outgoing = services.link_create(
        from_claim=claim, to_claim=kept, relation="agrees", actor=annotator
    )
    incoming = services.link_create(
        from_claim=kept, to_claim=claim, relation="refines", actor=annotator
    )
    services.link_create(from_claim=claim, to_claim=gone, relation="agrees", actor=annotator)
    delete(claim, annotator)
    delete(gone, annotator)

    services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert set(Link.objects.values_list("pk", flat=True)) == {outgoing.pk, incoming.pk}


def test_claim_restore_of_a_claim_that_was_never_deleted_is_refused(article, annotator):
    before = counts()

    with pytest.raises(ValidationError) as refusal:
        services.claim_restore(claim_id=987654, actor=annotator)

    assert refusal.value.messages == ["There is no deleted claim to bring back."]
    assert counts() == before


def test_claim_restore_of_a_claim_that_exists_is_refused(article, annotator):
    claim = make_claim(article, annotator, "Der Vertrag")
    history = claim.history.count()

    with pytest.raises(ValidationError) as refusal:
        services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert refusal.value.messages == ["This claim exists; there is nothing to bring back."]
    assert claim.history.count() == history


def test_claim_restore_after_the_article_text_changed_is_refused(article, annotator, manager):
    claim = make_claim(article, annotator, "Der Vertrag")
    delete(claim, annotator)
    # Possible only now: no claim is anchored in the article any more.
    services.article_update(article=article, actor=manager, text=ARTICLE_TEXT + " Nachtrag.")

    with pytest.raises(ValidationError) as refusal:
        services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert refusal.value.messages == [
        "The article's text has changed since; the claim cannot go back."
    ]
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_claim_restore_of_another_annotators_claim_is_refused(sourced, annotator, annotator_b):
    claim = sourced["claim"]
    delete(claim, annotator)
    before = counts()

    with pytest.raises(PermissionDenied):
        services.claim_restore(claim_id=claim.pk, actor=annotator_b)

    assert counts() == before
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_claim_restore_by_a_reviewer_of_an_annotators_claim_is_allowed(
    sourced, annotator, reviewer
):
    claim = sourced["claim"]
    delete(claim, reviewer)

    services.claim_restore(claim_id=claim.pk, actor=reviewer)

    assert Claim.objects.get(pk=claim.pk).created_by == annotator


def test_claim_restore_twice_is_refused_the_second_time(sourced, annotator):
    claim = sourced["claim"]
    delete(claim, annotator)
    services.claim_restore(claim_id=claim.pk, actor=annotator)
    before, history = counts(), Claim.history.count()

    with pytest.raises(ValidationError) as refusal:
        services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert refusal.value.messages == ["This claim exists; there is nothing to bring back."]
    assert (counts(), Claim.history.count()) == (before, history)


def test_claim_restore_after_a_second_delete_brings_back_the_claim_as_last_deleted(
    sourced, annotator
):
    claim = sourced["claim"]
    delete(claim, annotator)
    services.claim_restore(claim_id=claim.pk, actor=annotator)
    restored = Claim.objects.get(pk=claim.pk)
    services.claim_update(claim=restored, actor=annotator, version=restored.version, note="zwei")
    delete(claim, annotator)

    services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert Claim.objects.get(pk=claim.pk).note == "zwei"
    assert Attribution.objects.filter(claim_id=claim.pk).count() == 2


def test_claim_restore_does_not_bring_back_a_source_removed_after_an_earlier_undo(
    sourced, annotator
):
    claim, citing, cited = sourced["claim"], sourced["citing"], sourced["cited"]
    delete(claim, annotator)
    services.claim_restore(claim_id=claim.pk, actor=annotator)
    restored = Claim.objects.get(pk=claim.pk)
    services.attribution_delete(
        attribution=Attribution.objects.get(pk=citing.pk),
        actor=annotator,
        version=restored.version,
    )
    delete(claim, annotator)

    services.claim_restore(claim_id=claim.pk, actor=annotator)

    assert list(Attribution.objects.filter(claim_id=claim.pk).values_list("pk", flat=True)) == [
        cited.pk
    ]


# claim_create with an idempotency key


def create(article, actor, key, quote="Der Vertrag"):
    start = article.text.index(quote)
    return services.claim_create(
        article=article,
        actor=actor,
        start=start,
        end=start + len(quote),
        quote=quote,
        claim_type="treaty_term",
        idempotency_key=key,
    )


def test_claim_create_with_the_same_key_twice_makes_one_claim_and_returns_it_again(
    article, annotator
):
    first = create(article, annotator, "key-1")

    second = create(article, annotator, "key-1")

    assert second == first
    assert (second.quote, second.start) == (first.quote, first.start)
    assert Claim.objects.count() == 1
    assert Idempotency.objects.get().object_id == first.pk


def test_claim_create_with_the_same_key_and_another_span_returns_the_first_claim(
    article, annotator
):
    first = create(article, annotator, "key-1")

    again = create(article, annotator, "key-1", quote="so Putin")

    assert again == first
    assert list(Claim.objects.values_list("quote", flat=True)) == ["Der Vertrag"]


def test_claim_create_with_two_keys_makes_two_claims(article, annotator):
    first = create(article, annotator, "key-1")
    second = create(article, annotator, "key-2")

    assert first != second
    assert Claim.objects.count() == 2


def test_claim_create_with_the_same_key_by_two_annotators_makes_a_claim_each(
    article, annotator, annotator_b
):
    create(article, annotator, "shared")
    create(article, annotator_b, "shared")

    assert sorted(Claim.objects.values_list("created_by__username", flat=True)) == ["anna", "ben"]


def test_claim_create_refused_leaves_its_key_free_for_the_retry(article, annotator):
    with pytest.raises(ValidationError):
        services.claim_create(
            article=article,
            actor=annotator,
            start=0,
            end=3,
            quote="Xyz",
            claim_type="statement",
            idempotency_key="key-1",
        )
    assert not Idempotency.objects.exists()

    claim = create(article, annotator, "key-1")

    assert Claim.objects.get() == claim


def test_claim_create_with_a_key_used_for_another_model_is_refused(project, article, annotator):
    made = idempotent(
        annotator,
        "key-1",
        Entity,
        lambda: services.entity_create(
            project=project, kind=EntityKind.PERSON, name="Kim", actor=annotator
        ),
    )
    assert Idempotency.objects.get().model == "claims.entity"

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, "key-1")

    assert refusal.value.messages == ["This request key was already used for something else."]
    assert not Claim.objects.exists()
    assert list(Entity.objects.filter(project=project)) == [made]


def test_claim_create_with_the_key_of_a_claim_deleted_since_says_so(article, annotator):
    claim = create(article, annotator, "key-1")
    delete(claim, annotator)

    with pytest.raises(ValidationError) as refusal:
        create(article, annotator, "key-1")

    assert refusal.value.messages == ["This claim was made and has been deleted since."]
    assert not Claim.objects.exists()
