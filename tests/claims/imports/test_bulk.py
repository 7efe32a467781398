"""claims/services/bulk.py on its own: the whole-batch services imports are built from."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Article, Attribution, Claim, Entity, Link
from tests.factories import ARTICLE_TEXT, make_article, make_claim, make_project

pytestmark = pytest.mark.django_db


def at(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


def test_article_bulk_import_stores_texts_exactly_with_history(project, manager):
    rows = [
        {"title": "A", "text": "Eins\r\nZwei", "external_id": "a", "published": "2024-06-19"},
        {"title": "B", "text": "🇰🇵\u00a0Drei", "metadata": {"k": 1}},
    ]
    made = services.article_bulk_import(project=project, actor=manager, rows=rows)
    assert [a.text for a in made] == ["Eins\r\nZwei", "🇰🇵\u00a0Drei"]
    stored = Article.objects.get(external_id="a")
    assert stored.text_sha256 == services.text_sha256("Eins\r\nZwei")
    assert stored.history.get().history_user == manager


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                {"title": "A", "text": "x", "external_id": "a"},
                {"title": "B", "text": "y", "external_id": "a"},
            ],
            "Article 2: the project already has an article with the external id “a”.",
        ),
        (
            [{"title": "A", "text": "x\x00"}],
            "Article 1: text: The text contains a NUL character at position 1.",
        ),
        ([{"title": "", "text": "x"}], "Article 1: title: This field cannot be blank."),
        (
            [{"title": "A", "text": "x", "author": "Y"}],
            "Article 1: These fields of a article cannot",
        ),
    ],
)
def test_article_bulk_import_refuses_the_batch_naming_the_row(project, manager, rows, message):
    with pytest.raises(ValidationError) as refusal:
        services.article_bulk_import(project=project, actor=manager, rows=rows)
    assert refusal.value.messages[0].startswith(message)
    assert not Article.objects.exists()


def test_article_bulk_import_is_for_managers(project, annotator):
    with pytest.raises(PermissionDenied):
        services.article_bulk_import(
            project=project, actor=annotator, rows=[{"title": "A", "text": "x"}]
        )


def test_entity_bulk_create_refuses_a_name_the_project_has(project, annotator):
    services.entity_bulk_create(
        project=project,
        actor=annotator,
        rows=[{"kind": "agency", "name": " KCNA ", "aliases": ["kcna", "Agentur"]}],
    )
    assert Entity.objects.get().aliases == ["Agentur"]
    with pytest.raises(ValidationError, match="Entity 1: the project already has “KCNA”"):
        services.entity_bulk_create(
            project=project, actor=annotator, rows=[{"kind": "outlet", "name": "KCNA"}]
        )


def test_claim_bulk_import_writes_claims_with_participants_place_and_a_chain(
    article, manager, annotator
):
    kim, place = services.entity_bulk_create(
        project=article.project,
        actor=manager,
        rows=[{"kind": "person", "name": "Kim Jong-un"}, {"kind": "place", "name": "Pjöngjang"}],
    )
    row = {
        "article": article,
        **at(ARTICLE_TEXT, "Der Vertrag wurde im Juni\u00a02024 unterzeichnet"),
        "claim_type": "treaty_term",
        "created_by": annotator,
        "participants": [kim],
        "place": place,
        "attributions": [
            {
                "source_kind": "state_media",
                **{f"cue_{k}": v for k, v in at(ARTICLE_TEXT, "KCNA").items()},
            },
            {"source_kind": "official_person", "parent": 0, "form": "direct_quote"},
        ],
    }
    [claim] = services.claim_bulk_import(project=article.project, actor=manager, rows=[row])
    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.created_by, claim.status, claim.place) == (annotator, "submitted", place)
    assert list(claim.participants.all()) == [kim]
    kcna, putin = Attribution.objects.order_by("id")
    assert (kcna.cue_quote, kcna.created_by, putin.parent) == ("KCNA", annotator, kcna)


def test_a_bulk_imported_claim_comes_back_after_a_delete_with_its_participants(
    article, manager, annotator
):
    [kim] = services.entity_bulk_create(
        project=article.project, actor=manager, rows=[{"kind": "person", "name": "Kim"}]
    )
    row = {"article": article, **at(ARTICLE_TEXT, "so Putin"), "claim_type": "quote"}
    [claim] = services.claim_bulk_import(
        project=article.project, actor=manager, rows=[{**row, "participants": [kim]}]
    )
    services.claim_delete(claim=claim, actor=manager)
    restored = services.claim_restore(claim_id=claim.pk, actor=manager)
    assert list(restored.participants.all()) == [kim]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"created_by": "outsider"}, "Claim 1: otto is not a member of “Kim and Shoigu”."),
        (
            {"attributions": [{"source_kind": "generic", "parent": 0}]},
            "Claim 1: A source's parent 0 is not an earlier source.",
        ),
        ({"claim_type": "rumour"}, "Claim 1: “rumour” is not a claim type of Kim and Shoigu"),
        ({"when": "2024"}, "Claim 1: when_source: Say whether the date was typed or suggested."),
        ({"quote": "so Merz"}, "Claim 1: The claim's quote does not match the article"),
    ],
)
def test_claim_bulk_import_refuses_naming_the_row(article, manager, outsider, changes, message):
    if changes.get("created_by") == "outsider":
        changes["created_by"] = outsider
    row = {"article": article, **at(ARTICLE_TEXT, "so Putin"), "claim_type": "quote", **changes}
    with pytest.raises(ValidationError) as refusal:
        services.claim_bulk_import(project=article.project, actor=manager, rows=[row])
    assert refusal.value.messages[0].startswith(message)
    assert not Claim.objects.exists()


def test_claim_bulk_import_refuses_an_article_of_another_project(article, manager):
    other = make_article(make_project(manager=manager))
    row = {"article": other, **at(ARTICLE_TEXT, "so Putin"), "claim_type": "quote"}
    with pytest.raises(ValidationError, match="Claim 1: The article belongs to another project"):
        services.claim_bulk_import(project=article.project, actor=manager, rows=[row])


def test_link_bulk_create_links_claims_and_refuses_duplicates_of_stored_links(
    article, manager, annotator
):
    a = make_claim(article, annotator, "so Putin")
    b = make_claim(article, annotator, "Der Vertrag")
    services.link_bulk_create(
        project=article.project,
        actor=manager,
        rows=[{"from_claim": a, "to_claim": b, "relation": "refines"}],
    )
    assert Link.objects.get().created_by == manager
    with pytest.raises(
        ValidationError, match="Link 1: These two claims are already linked as “refines”"
    ):
        services.link_bulk_create(
            project=article.project,
            actor=manager,
            rows=[{"from_claim": a, "to_claim": b, "relation": "refines"}],
        )
    with pytest.raises(ValidationError, match="Link 1: A claim cannot be linked to itself"):
        services.link_bulk_create(
            project=article.project,
            actor=manager,
            rows=[{"from_claim": a, "to_claim": a, "relation": "agrees"}],
        )
    assert Link.objects.count() == 1


def test_link_bulk_create_refuses_claims_of_another_project(article, manager, annotator):
    other_project = make_project(manager=manager, annotator=[annotator])
    elsewhere = make_claim(make_article(other_project), annotator, "so Putin")
    here = make_claim(article, annotator, "so Putin")
    with pytest.raises(ValidationError, match="belong to another project"):
        services.link_bulk_create(
            project=article.project,
            actor=manager,
            rows=[{"from_claim": here, "to_claim": elsewhere, "relation": "agrees"}],
        )
