"""What the API shows and accepts. Field names are domain.md's; writes go through the services.

Labels travel as their `value` (`claim_type: "meeting"`), entities and claims as ids, people as
usernames. Offsets are Unicode code points, 0-based, half-open.
"""

from rest_framework import serializers

from claims.api.filters import BIGGEST_ID
from claims.models import (
    Article,
    Assignment,
    Attribution,
    Claim,
    Decision,
    Entity,
    Link,
    Project,
    Review,
)


class Id(serializers.IntegerField):
    """A row's id (or, for a new claim's sources, an index): never negative, and within
    PostgreSQL's bigint, so an absurd number is a 400 rather than an overflow."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=BIGGEST_ID, **kwargs)


class LabelValue(serializers.CharField):
    """A label shown and accepted by its value; the services check it against the schema."""

    def to_representation(self, value):
        return getattr(value, "value", value)


class Username(serializers.CharField):
    def to_representation(self, value):
        return getattr(value, "username", value)


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, allow_null=True, help_text="Yours.")

    class Meta:
        model = Project
        fields = ["id", "name", "slug", "description", "guidelines", "role", "created_at"]
        read_only_fields = ["id", "role", "created_at"]


class ArticleSerializer(serializers.ModelSerializer):
    # A plain id: the view finds the project among the user's own, so a stranger learns nothing.
    project = Id(source="project_id")

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "external_id",
            "title",
            "outlet",
            "url",
            "published",
            "language",
            "text",
            "text_sha256",
            "metadata",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "text_sha256", "created_at", "updated_at"]


class EntitySerializer(serializers.ModelSerializer):
    project = Id(source="project_id")
    aliases = serializers.ListField(child=serializers.CharField(max_length=300), required=False)

    class Meta:
        model = Entity
        fields = ["id", "project", "kind", "name", "aliases", "description"]
        read_only_fields = ["id"]


class AttributionSerializer(serializers.ModelSerializer):
    claim = Id(source="claim_id")
    parent = Id(source="parent_id", allow_null=True, required=False)
    source = Id(source="source_id", allow_null=True, required=False)
    source_kind = LabelValue(max_length=50)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "claim",
            "parent",
            "source",
            "source_kind",
            "form",
            "stance",
            "cue_start",
            "cue_end",
            "cue_quote",
        ]
        read_only_fields = ["id"]


class NestedAttributionSerializer(AttributionSerializer):
    """A claim's sources, inside the claim; `parent` is an index into the list on create."""

    claim = None

    class Meta(AttributionSerializer.Meta):
        fields = [field for field in AttributionSerializer.Meta.fields if field != "claim"]


class ClaimSerializer(serializers.ModelSerializer):
    project = Id(source="article.project_id", read_only=True)
    article = Id(source="article_id")
    claim_type = LabelValue(max_length=50)
    participants = serializers.ListField(child=Id(), source="participant_ids", required=False)
    place = Id(source="place_id", allow_null=True, required=False)
    annotator = Username(source="created_by", read_only=True)
    attributions = NestedAttributionSerializer(
        many=True, source="source_list", required=False, help_text="Its sources."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "project",
            "article",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "text_sha256",
            "claim_type",
            "when",
            "when_source",
            "participants",
            "place",
            "polarity",
            "modality",
            "note",
            "status",
            "version",
            "annotator",
            "attributions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "prefix",
            "suffix",
            "text_sha256",
            "version",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        if not hasattr(instance, "participant_list"):
            instance.participant_list = list(instance.participants.all())
        if not hasattr(instance, "source_list"):
            instance.source_list = list(instance.attributions.order_by("pk"))
        instance.participant_ids = [entity.pk for entity in instance.participant_list]
        return super().to_representation(instance)


class LinkSerializer(serializers.ModelSerializer):
    project = Id(source="from_claim.article.project_id", read_only=True)
    from_claim = Id(source="from_claim_id")
    to_claim = Id(source="to_claim_id")
    relation = LabelValue(max_length=50)
    annotator = Username(source="created_by", read_only=True)

    class Meta:
        model = Link
        fields = [
            "id",
            "project",
            "from_claim",
            "to_claim",
            "relation",
            "note",
            "status",
            "version",
            "annotator",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "version", "created_at", "updated_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    project = Id(source="article.project_id", read_only=True)
    article = Id(source="article_id")
    annotator = Username(max_length=150)
    assigned_by = Username(read_only=True, allow_null=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "project",
            "article",
            "annotator",
            "status",
            "assigned_by",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = ["id", "assigned_by", "created_at", "submitted_at"]


class ReviewSerializer(serializers.ModelSerializer):
    claim = Id(source="claim_id", allow_null=True, required=False)
    link = Id(source="link_id", allow_null=True, required=False)
    version = serializers.IntegerField(
        write_only=True, help_text="The version of the claim or link you decided on."
    )
    decision = serializers.ChoiceField(choices=Decision.choices)
    reviewer = Username(read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "claim",
            "link",
            "version",
            "decision",
            "comment",
            "correction",
            "reviewer",
            "created_at",
        ]
        read_only_fields = ["id", "correction", "reviewer", "created_at"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
