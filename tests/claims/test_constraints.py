"""The database's own guard: Meta.constraints and on_delete rules hold even past the services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from claims import services
from claims.models import (
    Article,
    Assignment,
    Attribution,
    Claim,
    Entity,
    EntityKind,
    Label,
    LabelKind,
    Link,
    Membership,
    Review,
    Role,
    WhenSource,
)
from tests.factories import ARTICLE_TEXT, make_article, make_claim

DER_VERTRAG = ARTICLE_TEXT.index("Der Vertrag")
FLAGS = ARTICLE_TEXT.index("🇰🇵🤝🇷🇺")


def label(project, kind=LabelKind.CLAIM_TYPE, value="statement"):
    return Label.objects.get(project=project, kind=kind, value=value)


def claim_row(article, user, **fields):
    """A Claim built directly, without the services."""
    values = {
        "article": article,
        "start": DER_VERTRAG,
        "end": DER_VERTRAG + 11,
        "quote": "Der Vertrag",
        "text_sha256": article.text_sha256,
        "claim_type": label(article.project),
        "created_by": user,
        **fields,
    }
    return Claim(**values)


def refused_by_database(instance):
    """Saving `instance` raises IntegrityError, and no row is left behind."""
    model = type(instance)
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()
    assert model.objects.count() == before
    return True


def constraint_messages(instance):
    with pytest.raises(ValidationError) as refusal:
        instance.validate_constraints()
    return refusal.value.messages


# claims


def test_a_valid_claim_row_passes_every_constraint(article, annotator):
    claim = claim_row(article, annotator)

    claim.validate_constraints()
    claim.save()

    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_claim_row_over_emoji_fits_its_span_counted_in_code_points(article, annotator):
    """The database counts the quote as Python does: two flags and a handshake are 5."""
    claim = claim_row(article, annotator, start=FLAGS, end=FLAGS + 5, quote="🇰🇵🤝🇷🇺")

    claim.validate_constraints()
    claim.save()

    assert Claim.objects.get(pk=claim.pk).quote == "🇰🇵🤝🇷🇺"


def test_a_claim_row_over_emoji_with_a_utf16_length_is_refused(article, annotator):
    claim = claim_row(article, annotator, start=FLAGS, end=FLAGS + 10, quote="🇰🇵🤝🇷🇺")

    assert constraint_messages(claim) == ["Constraint “claim_quote_fits_span” is violated."]
    assert refused_by_database(claim)


@pytest.mark.parametrize(("start", "end"), [(10, 10), (12, 10)])
def test_an_empty_or_backwards_claim_row_is_refused(article, annotator, start, end):
    claim = claim_row(article, annotator, start=start, end=end, quote="")

    assert "Constraint “claim_span_not_empty” is violated." in constraint_messages(claim)
    assert refused_by_database(claim)


def test_a_claim_row_whose_quote_is_longer_than_its_span_is_refused(article, annotator):
    claim = claim_row(article, annotator, end=DER_VERTRAG + 3)

    assert constraint_messages(claim) == ["Constraint “claim_quote_fits_span” is violated."]
    assert refused_by_database(claim)


def test_a_claim_row_with_a_negative_start_is_refused(article, annotator):
    claim = claim_row(article, annotator, start=-1, end=10, quote="x" * 11)

    assert refused_by_database(claim)


@pytest.mark.parametrize(
    ("when", "when_source"), [("2024", WhenSource.NONE), ("", WhenSource.TYPED)]
)
def test_a_claim_row_with_half_a_date_is_refused(article, annotator, when, when_source):
    claim = claim_row(article, annotator, when=when, when_source=when_source)

    assert constraint_messages(claim) == ["Constraint “claim_when_has_source” is violated."]
    assert refused_by_database(claim)


def test_an_article_with_claims_cannot_be_deleted(article, annotator):
    make_claim(article, annotator, "Der Vertrag")

    with pytest.raises(ProtectedError), transaction.atomic():
        article.delete()

    assert Article.objects.filter(pk=article.pk).exists()


def test_a_label_in_use_cannot_be_deleted_even_past_the_services(project, article, annotator):
    make_claim(article, annotator, "Der Vertrag", claim_type="figure")
    figure = label(project, value="figure")

    with pytest.raises(ProtectedError), transaction.atomic():
        figure.delete()

    assert Label.objects.filter(pk=figure.pk).exists()


def test_an_entity_used_as_a_place_cannot_be_deleted(project, article, annotator):
    city = services.entity_create(
        project=project, kind=EntityKind.PLACE, name="Pjöngjang", actor=None
    )
    make_claim(article, annotator, "Der Vertrag", place=city)

    with pytest.raises(ProtectedError), transaction.atomic():
        city.delete()

    assert Entity.objects.filter(pk=city.pk).exists()


# attributions


def attribution_row(claim, **fields):
    values = {
        "claim": claim,
        "source_kind": label(claim.article.project, LabelKind.SOURCE_KIND, "generic"),
        "created_by": claim.created_by,
        **fields,
    }
    return Attribution(**values)


@pytest.mark.parametrize(
    "cue",
    [
        {"cue_end": 5, "cue_quote": "x"},
        {"cue_quote": "so Putin"},
        {"cue_start": 5, "cue_end": 5, "cue_quote": ""},
        {"cue_start": 5, "cue_quote": ""},
    ],
)
def test_an_attribution_row_with_an_incomplete_or_empty_cue_is_refused(article, annotator, cue):
    attribution = attribution_row(make_claim(article, annotator, "Der Vertrag"), **cue)

    assert "Constraint “attribution_cue_complete” is violated." in constraint_messages(attribution)
    assert refused_by_database(attribution)


def test_an_attribution_row_whose_cue_quote_does_not_fit_is_refused(article, annotator):
    start = ARTICLE_TEXT.index("so Putin")
    attribution = attribution_row(
        make_claim(article, annotator, "Der Vertrag"),
        cue_start=start,
        cue_end=start + 2,
        cue_quote="so Putin",
    )

    assert constraint_messages(attribution) == [
        "Constraint “attribution_cue_quote_fits_span” is violated."
    ]
    assert refused_by_database(attribution)


def test_an_attribution_row_citing_itself_is_refused(article, annotator):
    attribution = attribution_row(make_claim(article, annotator, "Der Vertrag"))
    attribution.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Attribution.objects.filter(pk=attribution.pk).update(parent=attribution)

    attribution.refresh_from_db()
    assert attribution.parent_id is None


def test_a_cited_attribution_cannot_be_deleted_on_its_own(article, annotator):
    claim = make_claim(article, annotator, "Der Vertrag")
    cited = services.attribution_create(claim=claim, actor=annotator, source_kind="generic")
    services.attribution_create(
        claim=claim, actor=annotator, source_kind="state_media", parent=cited
    )

    with pytest.raises(RestrictedError), transaction.atomic():
        cited.delete()

    assert Attribution.objects.filter(pk=cited.pk).exists()


# links


def link_row(from_claim, to_claim, user, relation="agrees"):
    project = from_claim.article.project
    return Link(
        from_claim=from_claim,
        to_claim=to_claim,
        relation=label(project, LabelKind.LINK_RELATION, relation),
        created_by=user,
    )


def test_a_link_row_from_a_claim_to_itself_is_refused(article, annotator):
    claim = make_claim(article, annotator, "Der Vertrag")
    link = link_row(claim, claim, annotator)

    assert constraint_messages(link) == ["Constraint “link_not_to_itself” is violated."]
    assert refused_by_database(link)


def test_a_duplicate_link_row_by_the_same_annotator_is_refused(project, article, annotator):
    one = make_claim(article, annotator, "Der Vertrag")
    two = make_claim(make_article(project), annotator, "so Putin")
    link_row(one, two, annotator).save()
    duplicate = link_row(one, two, annotator)

    assert constraint_messages(duplicate) == [
        "Link with this From claim, To claim, Relation and Created by already exists."
    ]
    assert refused_by_database(duplicate)


# reviews


def test_a_review_row_of_nothing_or_of_two_things_is_refused(project, article, annotator, reviewer):
    claim = make_claim(article, annotator, "Der Vertrag")
    other = make_claim(make_article(project), annotator, "so Putin")
    link = services.link_create(
        from_claim=claim, to_claim=other, relation="agrees", actor=annotator
    )

    for target in ({}, {"claim": claim, "link": link}):
        review = Review(reviewer=reviewer, decision="accept", **target)
        assert constraint_messages(review) == ["Constraint “review_one_target” is violated."]
        assert refused_by_database(review)


# uniqueness


def test_a_second_membership_of_the_same_user_is_refused(project, annotator):
    assert refused_by_database(Membership(project=project, user=annotator, role=Role.REVIEWER))


def test_a_second_assignment_of_the_same_article_to_the_same_annotator_is_refused(
    article, annotator
):
    Assignment.objects.create(article=article, annotator=annotator)

    assert refused_by_database(Assignment(article=article, annotator=annotator))


def test_two_labels_with_one_hotkey_of_one_kind_are_refused(project):
    clash = Label(project=project, kind=LabelKind.CLAIM_TYPE, value="weather", name="W", hotkey="1")

    assert constraint_messages(clash) == ["Constraint “label_unique_hotkey” is violated."]
    assert refused_by_database(clash)


def test_labels_without_a_hotkey_may_be_many(project):
    Label.objects.create(project=project, kind=LabelKind.CLAIM_TYPE, value="a", name="A")
    Label.objects.create(project=project, kind=LabelKind.CLAIM_TYPE, value="b", name="B")

    assert Label.objects.filter(project=project, hotkey="").count() == 8 + 2


def test_two_articles_with_one_external_id_in_a_project_are_refused(project):
    make_article(project, external_id="rt-1")
    clash = Article(
        project=project, title="Again", text="x", text_sha256="0" * 64, external_id="rt-1"
    )

    assert refused_by_database(clash)


def test_articles_without_an_external_id_may_be_many(project):
    make_article(project)
    make_article(project)

    assert Article.objects.filter(project=project, external_id="").count() == 2


def test_two_entities_with_one_name_in_a_project_are_refused(project):
    Entity.objects.create(project=project, kind=EntityKind.AGENCY, name="KCNA")

    assert refused_by_database(Entity(project=project, kind=EntityKind.OUTLET, name="KCNA"))
