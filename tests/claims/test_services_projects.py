"""Projects, members and the label schema: claims/services/projects.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Label, LabelKind, Membership, Project, Role
from tests.factories import make_claim

CLAIM_TYPES = [
    "date",
    "meeting",
    "treaty_term",
    "quote",
    "role",
    "military_support",
    "figure",
    "statement",
]
SOURCE_KINDS = [
    "state_media",
    "news_agency",
    "government_body",
    "official_person",
    "other_media",
    "anonymous",
    "generic",
    "unattributed",
]
LINK_RELATIONS = ["agrees", "contradicts", "refines", "same_event", "supersedes", "discusses"]


def labels_of(project, kind):
    return Label.objects.filter(project=project, kind=kind).order_by("position")


# project_create


def test_project_create_seeds_eight_claim_types_with_hotkeys_one_to_eight(manager):
    project = services.project_create(name="Seeds", slug="seeds", actor=manager)

    claim_types = labels_of(project, LabelKind.CLAIM_TYPE)
    assert [label.value for label in claim_types] == CLAIM_TYPES
    assert [label.hotkey for label in claim_types] == [str(n) for n in range(1, 9)]


def test_project_create_seeds_eight_source_kinds_and_six_link_relations(manager):
    project = services.project_create(name="Seeds", slug="seeds", actor=manager)

    assert [label.value for label in labels_of(project, LabelKind.SOURCE_KIND)] == SOURCE_KINDS
    relations = labels_of(project, LabelKind.LINK_RELATION)
    assert [label.value for label in relations] == LINK_RELATIONS
    assert {label.value for label in relations if label.symmetric} == {
        "agrees",
        "contradicts",
        "same_event",
    }
    assert Label.objects.filter(project=project).count() == 22


def test_project_create_makes_the_actor_its_manager(manager):
    project = services.project_create(name="Seeds", slug="seeds", actor=manager)

    assert services.role_in(project, manager) == Role.MANAGER
    assert Membership.objects.filter(project=project).count() == 1


def test_project_create_by_the_system_has_no_members(db):
    project = services.project_create(name="System", slug="system", actor=None)

    assert not Membership.objects.filter(project=project).exists()
    assert Label.objects.filter(project=project).count() == 22


def test_project_create_with_a_taken_slug_is_refused_and_writes_nothing(project, manager):
    projects, labels = Project.objects.count(), Label.objects.count()
    memberships = Membership.objects.count()

    with pytest.raises(ValidationError) as refusal:
        services.project_create(name="Copy", slug=project.slug, actor=manager)

    assert "slug" in refusal.value.message_dict
    assert Project.objects.count() == projects
    assert Label.objects.count() == labels
    assert Membership.objects.count() == memberships


# membership_set


def test_membership_set_by_a_non_manager_is_refused_and_adds_nobody(project, annotator, outsider):
    with pytest.raises(PermissionDenied, match="may not do this"):
        services.membership_set(project=project, user=outsider, role=Role.REVIEWER, actor=annotator)

    assert services.role_in(project, outsider) is None


def test_membership_set_changes_the_role_of_an_existing_member(project, manager, annotator):
    services.membership_set(project=project, user=annotator, role=Role.REVIEWER, actor=manager)

    assert services.role_in(project, annotator) == Role.REVIEWER


def test_membership_set_with_an_unknown_role_is_refused_and_adds_nobody(project, manager, outsider):
    with pytest.raises(ValidationError) as refusal:
        services.membership_set(project=project, user=outsider, role="boss", actor=manager)

    assert "role" in refusal.value.message_dict
    assert not Membership.objects.filter(project=project, user=outsider).exists()


# label_create / label_update / label_delete


def test_label_create_by_an_annotator_is_refused_and_writes_nothing(project, annotator):
    labels = Label.objects.count()

    with pytest.raises(PermissionDenied):
        services.label_create(
            project=project, kind=LabelKind.CLAIM_TYPE, value="weather", name="W", actor=annotator
        )

    assert Label.objects.count() == labels


def test_label_create_by_an_outsider_is_refused_and_writes_nothing(project, outsider):
    labels = Label.objects.count()

    with pytest.raises(PermissionDenied):
        services.label_create(
            project=project, kind=LabelKind.CLAIM_TYPE, value="weather", name="W", actor=outsider
        )

    assert Label.objects.count() == labels


def test_label_create_appends_the_label_after_the_existing_ones(project, manager):
    label = services.label_create(
        project=project, kind=LabelKind.CLAIM_TYPE, value="weather", name="Weather", actor=manager
    )

    assert label.position == 8
    assert label.history.get().history_user == manager


def test_label_create_with_a_taken_hotkey_is_refused_and_writes_nothing(project, manager):
    labels = Label.objects.count()

    with pytest.raises(ValidationError, match="hotkey"):
        services.label_create(
            project=project,
            kind=LabelKind.CLAIM_TYPE,
            value="weather",
            name="Weather",
            hotkey="1",
            actor=manager,
        )

    assert Label.objects.count() == labels


def test_label_create_with_a_value_already_in_the_schema_is_refused(project, manager):
    labels = Label.objects.count()

    with pytest.raises(ValidationError) as refusal:
        services.label_create(
            project=project, kind=LabelKind.CLAIM_TYPE, value="date", name="Date", actor=manager
        )

    assert "already exists" in " ".join(refusal.value.messages)
    assert Label.objects.count() == labels


def test_label_create_with_a_colour_that_is_not_hex_is_refused(project, manager):
    labels = Label.objects.count()

    with pytest.raises(ValidationError, match="Use a colour like #1f77b4"):
        services.label_create(
            project=project,
            kind=LabelKind.CLAIM_TYPE,
            value="weather",
            name="Weather",
            color="blue",
            actor=manager,
        )

    assert Label.objects.count() == labels


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (LabelKind.CLAIM_TYPE, "statement"),
        (LabelKind.SOURCE_KIND, "news_agency"),
        (LabelKind.LINK_RELATION, "agrees"),
    ],
)
def test_label_delete_of_a_label_in_use_is_refused_with_its_usage(
    project, article, manager, annotator, kind, value
):
    claim = make_claim(article, annotator, "Der Vertrag", claim_type="statement")
    other = make_claim(article, annotator, "so Putin", claim_type="statement")
    services.attribution_create(claim=claim, actor=annotator, source_kind="news_agency")
    services.link_create(from_claim=claim, to_claim=other, relation="agrees", actor=annotator)
    label = Label.objects.get(project=project, kind=kind, value=value)
    history = Label.history.count()

    with pytest.raises(ValidationError) as refusal:
        services.label_delete(label=label, actor=manager)

    (message,) = refusal.value.messages
    assert f"“{value}” is used by" in message
    assert "cannot be deleted; hide it instead" in message
    assert Label.objects.filter(pk=label.pk).exists()
    assert Label.history.count() == history


def test_label_delete_message_counts_every_annotation_using_it(
    project, article, manager, annotator
):
    make_claim(article, annotator, "Der Vertrag", claim_type="date")
    make_claim(article, annotator, "so Putin", claim_type="date")
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="date")

    with pytest.raises(ValidationError, match="used by 2 annotations"):
        services.label_delete(label=label, actor=manager)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (LabelKind.CLAIM_TYPE, "meeting"),
        (LabelKind.SOURCE_KIND, "generic"),
        (LabelKind.LINK_RELATION, "discusses"),
    ],
)
def test_label_delete_of_an_unused_label_removes_it_and_records_who(
    project, article, manager, annotator, kind, value
):
    make_claim(article, annotator, "Der Vertrag", claim_type="statement")
    label = Label.objects.get(project=project, kind=kind, value=value)
    pk = label.pk

    services.label_delete(label=label, actor=manager)

    assert not Label.objects.filter(pk=pk).exists()
    deleted = Label.history.get(id=pk, history_type="-")
    assert deleted.history_user == manager


def test_label_delete_by_a_reviewer_is_refused_and_keeps_the_label(project, reviewer):
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="meeting")

    with pytest.raises(PermissionDenied):
        services.label_delete(label=label, actor=reviewer)

    assert Label.objects.filter(pk=label.pk).exists()


def test_label_update_of_the_kind_of_a_label_in_use_is_refused(
    project, article, manager, annotator
):
    make_claim(article, annotator, "Der Vertrag", claim_type="figure")
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="figure")
    history = Label.history.count()

    with pytest.raises(ValidationError, match="“figure” is in use, so its kind cannot change"):
        services.label_update(label=label, kind=LabelKind.SOURCE_KIND, actor=manager)

    label.refresh_from_db()
    assert label.kind == LabelKind.CLAIM_TYPE
    assert Label.history.count() == history


def test_label_update_of_the_kind_of_an_unused_label_is_allowed(project, manager):
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="figure")

    services.label_update(label=label, kind=LabelKind.SOURCE_KIND, hotkey="", actor=manager)

    label.refresh_from_db()
    assert label.kind == LabelKind.SOURCE_KIND


def test_label_update_of_the_name_of_a_label_in_use_is_allowed(
    project, article, manager, annotator
):
    make_claim(article, annotator, "Der Vertrag", claim_type="figure")
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="figure")

    services.label_update(label=label, name="Number", hidden=True, actor=manager)

    label.refresh_from_db()
    assert (label.name, label.hidden, label.kind) == ("Number", True, LabelKind.CLAIM_TYPE)


def test_label_update_by_an_annotator_is_refused_and_changes_nothing(project, annotator):
    label = Label.objects.get(project=project, kind=LabelKind.CLAIM_TYPE, value="figure")

    with pytest.raises(PermissionDenied):
        services.label_update(label=label, name="Number", actor=annotator)

    label.refresh_from_db()
    assert label.name == "Figure"


def test_label_update_cannot_move_a_label_to_another_project(project, manager, outsider):
    other = Project.objects.get(memberships__user=outsider)
    label = services.label_create(
        project=project, kind=LabelKind.CLAIM_TYPE, value="weather", name="Weather", actor=manager
    )

    with pytest.raises(ValidationError, match=r"cannot be changed here: \['project'\]"):
        services.label_update(label=label, project=other, actor=manager)

    label.refresh_from_db()
    assert label.project_id == project.pk


# label_get: unknown values


@pytest.mark.parametrize(
    ("kind", "known"),
    [
        (LabelKind.CLAIM_TYPE, CLAIM_TYPES),
        (LabelKind.SOURCE_KIND, SOURCE_KINDS),
        (LabelKind.LINK_RELATION, LINK_RELATIONS),
    ],
)
def test_label_get_of_an_unknown_value_lists_the_known_values(project, kind, known):
    with pytest.raises(ValidationError) as refusal:
        services.label_get(project=project, kind=kind, value="gossip")

    (message,) = refusal.value.messages
    assert message.startswith("“gossip” is not a ")
    assert message.endswith(f"known: {', '.join(known)}.")


def test_label_get_of_a_label_of_another_kind_is_refused(project):
    relation = Label.objects.get(project=project, kind=LabelKind.LINK_RELATION, value="agrees")

    with pytest.raises(ValidationError, match="“agrees” is not a claim type of"):
        services.label_get(project=project, kind=LabelKind.CLAIM_TYPE, value=relation)


def test_label_get_of_a_label_of_another_project_is_refused(project, outsider):
    other = Project.objects.get(memberships__user=outsider)
    foreign = Label.objects.get(project=other, kind=LabelKind.CLAIM_TYPE, value="date")

    with pytest.raises(ValidationError, match=f"“date” is not a claim type of {project.name}"):
        services.label_get(project=project, kind=LabelKind.CLAIM_TYPE, value=foreign)
