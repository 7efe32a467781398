"""Articles and entities: claims/services/articles.py."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Article, Entity, EntityKind, Project
from tests.factories import ARTICLE_TEXT, make_article, make_claim

NEW_TEXT = "Ein anderer Text über 🇰🇵 und 🇷🇺."


# article_import


def test_article_import_keeps_the_text_exactly_and_stores_its_sha256(project, manager):
    article = services.article_import(
        project=project, title="Kim", text=ARTICLE_TEXT, actor=manager
    )

    article.refresh_from_db()
    assert article.text == ARTICLE_TEXT
    assert article.text_sha256 == services.text_sha256(ARTICLE_TEXT)
    assert article.created_by == manager


def test_article_import_does_not_normalise_combining_marks(project, manager):
    decomposed = "Pjo\u0308ngjang"

    article = services.article_import(project=project, title="NFD", text=decomposed, actor=manager)

    article.refresh_from_db()
    assert article.text == decomposed
    assert len(article.text) == 10


@pytest.mark.parametrize("text", ["", "   \n\t", None])
def test_article_import_without_text_is_refused_and_writes_nothing(project, manager, text):
    articles = Article.objects.count()

    with pytest.raises(ValidationError) as refusal:
        services.article_import(project=project, title="Empty", text=text, actor=manager)

    assert refusal.value.message_dict == {"text": ["The article has no text."]}
    assert Article.objects.count() == articles


def test_article_import_with_a_nul_character_is_refused_naming_its_position(project, manager):
    articles = Article.objects.count()

    with pytest.raises(ValidationError, match="NUL character at position 3"):
        services.article_import(project=project, title="NUL", text="abc\x00def", actor=manager)

    assert Article.objects.count() == articles


@pytest.mark.parametrize("who", ["annotator", "reviewer", "outsider"])
def test_article_import_by_anyone_but_a_manager_is_refused(project, request, who):
    articles = Article.objects.count()

    with pytest.raises(PermissionDenied):
        services.article_import(
            project=project, title="Kim", text=ARTICLE_TEXT, actor=request.getfixturevalue(who)
        )

    assert Article.objects.count() == articles


def test_article_import_with_a_taken_external_id_is_refused(project, manager):
    make_article(project, external_id="rt-1")
    articles = Article.objects.count()

    with pytest.raises(ValidationError, match="external"):
        services.article_import(
            project=project, title="Again", text="Text", external_id="rt-1", actor=manager
        )

    assert Article.objects.count() == articles


# article_update: text is immutable once anything is anchored


def test_article_update_of_the_text_with_a_claim_anchored_is_refused(article, manager, annotator):
    make_claim(article, annotator, "Der Vertrag")
    history = Article.history.count()

    with pytest.raises(ValidationError) as refusal:
        services.article_update(article=article, text=NEW_TEXT, actor=manager)

    (message,) = refusal.value.message_dict["text"]
    assert "cannot change: 1 claim is anchored in it" in message
    assert "Import the new text as a new article instead" in message
    stored = Article.objects.get(pk=article.pk)
    assert stored.text == ARTICLE_TEXT
    assert stored.text_sha256 == services.text_sha256(ARTICLE_TEXT)
    assert Article.history.count() == history


def test_article_update_of_the_text_counts_the_claims_anchored(article, manager, annotator):
    make_claim(article, annotator, "Der Vertrag")
    make_claim(article, annotator, "so Putin")

    with pytest.raises(ValidationError, match="2 claims are anchored in it"):
        services.article_update(article=article, text=NEW_TEXT, actor=manager)


def test_article_update_of_the_text_with_only_another_annotators_claim_is_refused(
    article, manager, annotator_b
):
    make_claim(article, annotator_b, "🇰🇵🤝🇷🇺")

    with pytest.raises(ValidationError, match="cannot change"):
        services.article_update(article=article, text=NEW_TEXT, actor=manager)

    assert Article.objects.get(pk=article.pk).text == ARTICLE_TEXT


def test_article_update_of_the_text_with_nothing_anchored_recomputes_the_sha256(article, manager):
    services.article_update(article=article, text=NEW_TEXT, actor=manager)

    stored = Article.objects.get(pk=article.pk)
    assert stored.text == NEW_TEXT
    assert stored.text_sha256 == services.text_sha256(NEW_TEXT)
    assert stored.text_sha256 != services.text_sha256(ARTICLE_TEXT)


def test_article_update_with_the_same_text_while_anchored_is_allowed(article, manager, annotator):
    make_claim(article, annotator, "Der Vertrag")

    services.article_update(article=article, text=ARTICLE_TEXT, title="Same", actor=manager)

    assert Article.objects.get(pk=article.pk).title == "Same"


def test_article_update_of_title_outlet_and_published_while_anchored_is_allowed(
    article, manager, annotator
):
    make_claim(article, annotator, "Der Vertrag")

    services.article_update(
        article=article,
        title="Kim empfängt Schoigu",
        outlet="TASS",
        published=date(2024, 6, 21),
        actor=manager,
    )

    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.outlet, stored.published) == (
        "Kim empfängt Schoigu",
        "TASS",
        date(2024, 6, 21),
    )
    assert stored.text == ARTICLE_TEXT
    assert stored.history.first().history_user == manager


def test_article_update_to_an_empty_text_is_refused(article, manager):
    with pytest.raises(ValidationError, match="The article has no text"):
        services.article_update(article=article, text="  ", actor=manager)

    assert Article.objects.get(pk=article.pk).text == ARTICLE_TEXT


def test_article_update_of_the_sha256_directly_is_refused(article, manager):
    with pytest.raises(ValidationError, match=r"cannot be changed here: \['text_sha256'\]"):
        services.article_update(article=article, text_sha256="0" * 64, actor=manager)

    assert Article.objects.get(pk=article.pk).text_sha256 == services.text_sha256(ARTICLE_TEXT)


def test_article_update_cannot_move_an_article_to_another_project(article, manager, outsider):
    other = Project.objects.get(memberships__user=outsider)

    with pytest.raises(ValidationError, match=r"cannot be changed here: \['project'\]"):
        services.article_update(article=article, project=other, actor=manager)

    assert Article.objects.get(pk=article.pk).project_id == article.project_id


@pytest.mark.parametrize("who", ["annotator", "reviewer", "outsider"])
def test_article_update_by_anyone_but_a_manager_is_refused(article, request, who):
    with pytest.raises(PermissionDenied):
        services.article_update(
            article=article, title="Changed", actor=request.getfixturevalue(who)
        )

    assert Article.objects.get(pk=article.pk).title == "Kim trifft Schoigu"


# entities


def test_entity_create_drops_aliases_that_repeat_the_name_or_each_other(project, annotator):
    entity = services.entity_create(
        project=project,
        kind=EntityKind.PERSON,
        name=" Sergei Schoigu ",
        aliases=["Schoigu", "schoigu", "sergei schoigu", " Shoigu ", ""],
        actor=annotator,
    )

    entity.refresh_from_db()
    assert entity.name == "Sergei Schoigu"
    assert entity.aliases == ["Schoigu", "Shoigu"]


def test_entity_create_with_an_alias_that_is_not_text_is_refused(project, annotator):
    with pytest.raises(ValidationError, match="Aliases are names"):
        services.entity_create(
            project=project, kind=EntityKind.PERSON, name="Kim", aliases=[42], actor=annotator
        )

    assert not Entity.objects.filter(project=project).exists()


def test_entity_create_with_a_name_already_taken_is_refused(project, annotator):
    services.entity_create(project=project, kind=EntityKind.AGENCY, name="KCNA", actor=annotator)

    with pytest.raises(ValidationError) as refusal:
        services.entity_create(
            project=project, kind=EntityKind.OUTLET, name="KCNA", actor=annotator
        )

    assert "already exists" in " ".join(refusal.value.messages)
    assert Entity.objects.filter(project=project).count() == 1


def test_entity_create_with_an_unknown_kind_is_refused(project, annotator):
    with pytest.raises(ValidationError) as refusal:
        services.entity_create(project=project, kind="planet", name="Mars", actor=annotator)

    assert "kind" in refusal.value.message_dict
    assert not Entity.objects.filter(project=project).exists()


def test_entity_create_by_an_outsider_is_refused(project, outsider):
    with pytest.raises(PermissionDenied):
        services.entity_create(project=project, kind=EntityKind.AGENCY, name="KCNA", actor=outsider)

    assert not Entity.objects.filter(project=project).exists()


def test_entity_update_by_an_outsider_is_refused_and_changes_nothing(project, annotator, outsider):
    entity = services.entity_create(
        project=project, kind=EntityKind.AGENCY, name="KCNA", actor=annotator
    )

    with pytest.raises(PermissionDenied):
        services.entity_update(entity=entity, name="Changed", actor=outsider)

    entity.refresh_from_db()
    assert entity.name == "KCNA"


def test_entity_update_cannot_move_an_entity_to_another_project(project, annotator, outsider):
    entity = services.entity_create(
        project=project, kind=EntityKind.AGENCY, name="KCNA", actor=annotator
    )
    other = Project.objects.get(memberships__user=outsider)

    with pytest.raises(ValidationError, match=r"cannot be changed here: \['project'\]"):
        services.entity_update(entity=entity, project=other, actor=annotator)

    entity.refresh_from_db()
    assert entity.project_id == project.pk
