"""Assigning articles: by hand, and automatically with k annotators per article."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Assignment
from tests.factories import UserFactory, make_article, make_claim, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten(manager):
    people = [UserFactory(username=name) for name in ("ada", "bo", "cy")]
    project = make_project(manager=manager, annotator=people)
    for number in range(10):
        make_article(project, text=f"Artikel {number}: Kim traf Putin.")
    return project, people


def test_k2_over_10_articles_and_3_annotators_gives_2_each_and_balanced_loads(ten, manager):
    project, _ = ten
    made = services.assignment_auto(project=project, k=2, actor=manager)
    assert made == 20
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert set(per_article.values()) == {2} and len(per_article) == 10
    loads = Counter(Assignment.objects.values_list("annotator__username", flat=True))
    assert sorted(loads) == ["ada", "bo", "cy"]
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sorted(loads.values()) == [6, 7, 7]


def test_automatic_assignment_counts_what_is_assigned_already_and_repeats_as_a_no_op(ten, manager):
    project, (ada, _, _) = ten
    first = project.articles.order_by("pk").first()
    services.assignment_create(article=first, annotator=ada, actor=manager)
    services.assignment_auto(project=project, k=2, actor=manager)
    before = sorted(Assignment.objects.values_list("article_id", "annotator_id"))
    assert services.assignment_auto(project=project, k=2, actor=manager) == 0
    assert sorted(Assignment.objects.values_list("article_id", "annotator_id")) == before
    assert Assignment.objects.filter(article=first).count() == 2
    loads = Counter(Assignment.objects.values_list("annotator_id", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1


@pytest.mark.parametrize("k", [0, 4])
def test_k_outside_one_to_the_number_of_annotators_is_refused(ten, manager, k):
    project, _ = ten
    with pytest.raises(ValidationError, match=rf"k must be between 1 and .*\(3\); it is {k}"):
        services.assignment_auto(project=project, k=k, actor=manager)
    assert not Assignment.objects.exists()


def test_only_a_manager_assigns(ten):
    project, (ada, _, _) = ten
    with pytest.raises(PermissionDenied):
        services.assignment_auto(project=project, k=1, actor=ada)
    assert not Assignment.objects.exists()


def test_unassigning_is_refused_once_the_annotator_has_claims_there(
    project, article, annotator, manager
):
    assignment = services.assignment_create(article=article, annotator=annotator, actor=manager)
    make_claim(article, annotator, "so Putin")
    with pytest.raises(ValidationError, match="anna has 1 claim on this article"):
        services.assignment_delete(assignment=assignment, actor=manager)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_unassigning_before_any_work_removes_it(project, article, annotator, manager):
    assignment = services.assignment_create(article=article, annotator=annotator, actor=manager)
    services.assignment_delete(assignment=assignment, actor=manager)
    assert not Assignment.objects.exists()
