"""Claims with their sources, links, assignments and reviews: the annotation work itself."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from claims import selectors, services
from claims.api import serializers as s
from claims.api.concurrency import expected_version
from claims.api.views import WRITES, Resource, _entities, _entity
from claims.models import Assignment, Attribution, Claim, Link, Review

CLAIM_CHANGES = {
    "start",
    "end",
    "quote",
    "claim_type",
    "when",
    "when_source",
    "participant_ids",
    "place_id",
    "polarity",
    "modality",
    "note",
}
SOURCE_FIELDS = {"parent_id", "source_id", "source_kind", "form", "stance"}
CUE_FIELDS = {"cue_start", "cue_end", "cue_quote"}


def _same(data: dict, field: str, current) -> None:
    """PUT sends the whole object: an unchanged read-only field is fine, a changed one is not."""
    if field in data and data.pop(field) != current:
        raise ValidationError({field.removesuffix("_id"): "This cannot change; make a new one."})


def _source_fields(claim: Claim, data: dict, parent=None) -> dict:
    """A source's fields as the services take them: entities and the cited source as rows."""
    project = claim.article.project
    fields = {key: value for key, value in data.items() if key in SOURCE_FIELDS | CUE_FIELDS}
    if "source_id" in fields:
        fields["source"] = _entity(project, fields.pop("source_id"), "source")
    if "parent_id" in fields:
        fields.pop("parent_id")
        fields["parent"] = parent
    return fields


def _parent(claim: Claim, pk: int | None) -> Attribution | None:
    if pk is None:
        return None
    parent = claim.attributions.filter(pk=pk).first()
    if parent is None:
        raise ValidationError({"parent": f"Claim {claim.pk} has no source {pk}."})
    return parent


@extend_schema_view(**WRITES)
class ClaimViewSet(Resource):
    """Claims with their sources nested; annotators see their own and gold ones."""

    serializer_class = s.ClaimSerializer
    select = staticmethod(selectors.claim_list_for_api)
    filters = {
        "project": ("article__project", int),
        "article": ("article", int),
        "status": ("status", str),
        "claim_type": ("claim_type__value", str),
        "annotator": ("created_by__username", str),
        "when": ("when__startswith", str),
    }

    def create(self, request):
        data = self.valid()
        article = selectors.article_get_for_user(request.user, data.pop("article_id"))
        sources = data.pop("source_list", [])
        data["participants"] = _entities(
            article.project, data.pop("participant_ids", []), "participants"
        )
        if "place_id" in data:
            data["place"] = _entity(article.project, data.pop("place_id"), "place")

        def create() -> Claim:
            claim = services.claim_create(article=article, actor=request.user, **data)
            claim.participant_list, claim.source_list = data["participants"], []
            _add_sources(claim, sources, request.user)
            return claim

        with transaction.atomic():
            # Each source moves the claim's version on: a claim with sources is read back.
            return self.created(Claim, create, whole=not sources)

    def partial_update(self, request, pk=None):
        claim = self.get_object()
        data = self.valid(claim)
        _same(data, "article_id", claim.article_id)
        _same(data, "status", claim.status)
        if "source_list" in data:
            raise ValidationError({"attributions": "Change sources at /api/v1/attributions/."})
        changes = self.changes(data, CLAIM_CHANGES)
        project = claim.article.project
        if "participant_ids" in changes:
            changes["participants"] = _entities(
                project, changes.pop("participant_ids"), "participants"
            )
        if "place_id" in changes:
            changes["place"] = _entity(project, changes.pop("place_id"), "place")
        version = expected_version(request, claim)
        claim = services.claim_update(claim=claim, actor=request.user, version=version, **changes)
        return self.answer(self.reread(claim))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        claim = self.get_object()
        version = expected_version(request, claim)
        services.claim_delete(claim=claim, actor=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _add_sources(claim: Claim, sources: list[dict], actor) -> None:
    """A new claim's sources; each `parent` is the index of an earlier one in the list."""
    made: list[Attribution] = []
    for number, item in enumerate(sources):
        index = item.get("parent_id")
        if index is not None and not 0 <= index < number:
            raise ValidationError(
                {"attributions": f"Source {number}: parent must be the index of an earlier one."}
            )
        parent = made[index] if index is not None else None
        fields = _source_fields(claim, item, parent)
        made.append(services.attribution_create(claim=claim, actor=actor, **fields))


@extend_schema_view(**WRITES)
class AttributionViewSet(Resource):
    """A claim's sources. Their ETag is the claim's version: the two change together."""

    serializer_class = s.AttributionSerializer
    select = staticmethod(selectors.attribution_list_for_api)
    filters = {"claim": ("claim", int), "source_kind": ("source_kind__value", str)}

    def create(self, request):
        data = self.valid()
        claim = selectors.claim_get_for_user(request.user, data.pop("claim_id"))
        version = expected_version(request, claim) if "If-Match" in request.headers else None
        fields = _source_fields(claim, data, _parent(claim, data.get("parent_id")))
        return self.created(
            Attribution,
            lambda: services.attribution_create(
                claim=claim, actor=request.user, version=version, **fields
            ),
        )

    def partial_update(self, request, pk=None):
        attribution = self.get_object()
        claim = attribution.claim
        data = self.valid(attribution)
        _same(data, "claim_id", claim.pk)
        self.changes(data, SOURCE_FIELDS | CUE_FIELDS)
        fields = _source_fields(claim, data, _parent(claim, data.get("parent_id")))
        version = expected_version(request, attribution)
        attribution = services.attribution_update(
            attribution=attribution, actor=request.user, version=version, **fields
        )
        return self.answer(self.reread(attribution))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        attribution = self.get_object()
        version = expected_version(request, attribution)
        services.attribution_delete(attribution=attribution, actor=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(**WRITES)
class LinkViewSet(Resource):
    """Typed, directed relations between claims; swap from_claim and to_claim to reverse one."""

    serializer_class = s.LinkSerializer
    select = staticmethod(selectors.link_list_for_api)
    filters = {
        "project": ("from_claim__article__project", int),
        "claim": ("from_claim", int),
        "from_claim": ("from_claim", int),
        "to_claim": ("to_claim", int),
        "relation": ("relation__value", str),
        "status": ("status", str),
        "annotator": ("created_by__username", str),
    }

    def create(self, request):
        data = self.valid()
        ends = [
            selectors.claim_get_for_user(request.user, data.pop(end))
            for end in ("from_claim_id", "to_claim_id")
        ]
        return self.created(
            Link,
            lambda: services.link_create(
                from_claim=ends[0], to_claim=ends[1], actor=request.user, **data
            ),
        )

    def partial_update(self, request, pk=None):
        link = self.get_object()
        data = self.valid(link)
        now = (link.from_claim_id, link.to_claim_id)
        asked = (data.pop("from_claim_id", now[0]), data.pop("to_claim_id", now[1]))
        if asked not in (now, now[::-1]):
            raise ValidationError({"to_claim": "A link's claims cannot change; only reverse."})
        self.changes(data, {"relation", "note"})
        link = services.link_update(
            link=link,
            actor=request.user,
            version=expected_version(request, link),
            reverse=asked != now,
            **data,
        )
        return self.answer(self.reread(link))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        link = self.get_object()
        services.link_delete(link=link, actor=request.user, version=expected_version(request, link))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(**WRITES)
class AssignmentViewSet(Resource):
    """Who annotates which article. PATCH `{"status": "submitted"}` hands an article in."""

    serializer_class = s.AssignmentSerializer
    select = staticmethod(selectors.assignment_list_for_api)
    filters = {
        "project": ("article__project", int),
        "article": ("article", int),
        "annotator": ("annotator__username", str),
        "status": ("status", str),
    }

    def create(self, request):
        data = self.valid()
        article = selectors.article_get_for_user(request.user, data["article_id"])
        annotator = (
            get_user_model()
            .objects.filter(username=data["annotator"], memberships__project=article.project)
            .first()
        )
        if annotator is None:
            raise ValidationError({"annotator": f"No member named “{data['annotator']}”."})
        return self.created(
            Assignment,
            lambda: services.assignment_create(
                article=article, annotator=annotator, actor=request.user
            ),
        )

    def partial_update(self, request, pk=None):
        instance = self.get_object()
        data = self.valid(instance)
        if data != {"status": "submitted"}:
            raise ValidationError({"status": "Only {“status”: “submitted”} can be sent here."})
        with transaction.atomic():
            assignment = services.assignment_submit(
                assignment=self.checked(instance), actor=request.user
            )
        return self.answer(self.reread(assignment))

    def update(self, request, pk=None):
        return self.partial_update(request, pk)

    def destroy(self, request, pk=None):
        instance = self.get_object()
        with transaction.atomic():
            services.assignment_delete(assignment=self.checked(instance), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(create=WRITES["create"])
class ReviewViewSet(Resource):
    """Reviewers' decisions; accepting makes a claim or link gold. Reviews are never changed."""

    serializer_class = s.ReviewSerializer
    select = staticmethod(selectors.review_list_for_api)
    filters = {
        "claim": ("claim", int),
        "link": ("link", int),
        "decision": ("decision", str),
        "reviewer": ("reviewer__username", str),
    }

    def create(self, request):
        data = self.valid()
        claim, link = data.get("claim_id"), data.get("link_id")
        if (claim is None) == (link is None):
            raise ValidationError({"claim": "Name either a claim or a link."})
        target = (
            selectors.claim_get_for_user(request.user, claim)
            if claim is not None
            else selectors.link_get_for_user(request.user, link)
        )
        return self.created(
            Review,
            lambda: services.review_decide(
                target=target,
                decision=data["decision"],
                actor=request.user,
                version=data["version"],
                comment=data.get("comment", ""),
            ),
        )
