"""The domain of ../design/domain.md: projects, articles, claims, attributions, entities, links.

Offsets are Unicode code points, 0-based, half-open, as Python slices a str. Every span stores its
quote, up to 32 code points of context on each side, and (for claims) the article's text_sha256:
the W3C TextPositionSelector and TextQuoteSelector together, so a span can be re-anchored and
checked. Rules that need the article text are enforced in claims/services.py; rules a database can
check on one row are constraints here.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords

CONTEXT_LENGTH = 32
HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #1f77b4.")
SHA256_HEX = RegexValidator(r"^[0-9a-f]{64}$", "Not a SHA-256 hex digest.")


class Role(models.TextChoices):
    ANNOTATOR = "annotator", "Annotator"
    REVIEWER = "reviewer", "Reviewer"
    MANAGER = "manager", "Manager"


class Status(models.TextChoices):
    """Life of a claim or a link; an accepted one is gold."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Project(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    guidelines = models.TextField(blank=True, help_text="Markdown, shown beside the workspace.")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="projects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user"),
        ]
        ordering = ["project", "user"]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"


class LabelKind(models.TextChoices):
    CLAIM_TYPE = "claim_type", "Claim type"
    SOURCE_KIND = "source_kind", "Source kind"
    LINK_RELATION = "link_relation", "Link relation"


class Label(models.Model):
    """One value of a project's schema. A label in use is protected: hide it instead."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="labels")
    kind = models.CharField(max_length=20, choices=LabelKind.choices)
    value = models.SlugField(max_length=50, help_text="The name in exports and the API.")
    name = models.CharField(max_length=100, help_text="The name people read.")
    description = models.TextField(blank=True)
    color = models.CharField(max_length=7, default="#888888", validators=[HEX_COLOUR])
    hotkey = models.CharField(max_length=1, blank=True)
    symmetric = models.BooleanField(
        default=False, help_text="Link relations only: A→B means the same as B→A."
    )
    hidden = models.BooleanField(default=False, help_text="Not offered for new annotations.")
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "value"], name="label_unique_value"),
            models.UniqueConstraint(
                fields=["project", "kind", "hotkey"],
                condition=~Q(hotkey=""),
                name="label_unique_hotkey",
            ),
        ]
        ordering = ["project", "kind", "position", "value"]

    def __str__(self) -> str:
        return self.value


class Article(models.Model):
    """One news text. Its text is never normalised, and never changes once a span is anchored."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles")
    external_id = models.CharField(
        max_length=200, blank=True, help_text="Its id where it came from (file name, import id)."
    )
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="de")
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64, validators=[SHA256_HEX])
    metadata = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"],
                condition=~Q(external_id=""),
                name="article_unique_external_id",
            ),
        ]
        indexes = [models.Index(fields=["project", "published"])]
        ordering = ["project", "published", "title"]

    def __str__(self) -> str:
        return self.title


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    OUTLET = "outlet", "Outlet"
    AGENCY = "agency", "News agency"
    PLACE = "place", "Place"
    DOCUMENT = "document", "Document"


class Entity(models.Model):
    """A named actor, outlet, agency, place or document, with the other names it goes by."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    name = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="entity_unique_name"),
        ]
        ordering = ["project", "name"]

    def __str__(self) -> str:
        return self.name


class Polarity(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class Modality(models.TextChoices):
    ACTUAL = "actual", "Actual"
    HEDGED = "hedged", "Hedged"
    HYPOTHETICAL = "hypothetical", "Hypothetical"


class WhenSource(models.TextChoices):
    NONE = "", "—"
    TYPED = "typed", "Typed by the annotator"
    SUGGESTED = "suggested", "Suggested and confirmed"


class Claim(models.Model):
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    start = models.PositiveIntegerField(help_text="Code point offset, inclusive.")
    end = models.PositiveIntegerField(help_text="Code point offset, exclusive.")
    quote = models.TextField()
    prefix = models.CharField(max_length=CONTEXT_LENGTH, blank=True)
    suffix = models.CharField(max_length=CONTEXT_LENGTH, blank=True)
    text_sha256 = models.CharField(max_length=64, validators=[SHA256_HEX])
    claim_type = models.ForeignKey(
        Label,
        on_delete=models.PROTECT,
        related_name="claims",
        limit_choices_to={"kind": LabelKind.CLAIM_TYPE},
    )
    when = models.CharField(
        max_length=10,
        blank=True,
        help_text="TIMEX3 date at the text's precision: 2024, 2024-06, 2024-06-19.",
    )
    when_source = models.CharField(
        max_length=10, choices=WhenSource.choices, blank=True, default=WhenSource.NONE
    )
    participants = models.ManyToManyField(Entity, blank=True, related_name="claims_as_participant")
    place = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="claims_as_place"
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE)
    modality = models.CharField(max_length=15, choices=Modality.choices, default=Modality.ACTUAL)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every change.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(
                condition=Exact(Length("quote"), F("end") - F("start")),
                name="claim_quote_fits_span",
            ),
            models.CheckConstraint(
                condition=Q(when="", when_source="") | (~Q(when="") & ~Q(when_source="")),
                name="claim_when_has_source",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start", "end"]),
            models.Index(fields=["created_by", "article"]),
            models.Index(fields=["status"]),
        ]
        ordering = ["article", "start", "end", "id"]

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 60 else self.quote[:59] + "…"
        return f"{quote} [{self.start}:{self.end}]"

    @property
    def when_precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}.get(len(self.when), "")


class Form(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "Direct quote"
    INDIRECT = "indirect", "Indirect"
    REPORTED = "reported", "Reported"
    NONE = "none", "None"


class Stance(models.TextChoices):
    NEUTRAL = "neutral", "Neutral"
    DISTANCING = "distancing", "Distancing"


class Attribution(models.Model):
    """Who the article says a claim comes from.

    `parent` is the attribution this source cites: for "RIA Nowosti, citing the press service of
    the Security Council" the RIA Nowosti attribution has the press service's as its parent.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    # RESTRICT, not PROTECT: deleting a claim may take a whole chain of its sources with it.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="citing"
    )
    source = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="attributions"
    )
    source_kind = models.ForeignKey(
        Label,
        on_delete=models.PROTECT,
        related_name="attributions",
        limit_choices_to={"kind": LabelKind.SOURCE_KIND},
    )
    form = models.CharField(max_length=15, choices=Form.choices, default=Form.REPORTED)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.NEUTRAL)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    cue_quote = models.TextField(blank=True)
    cue_prefix = models.CharField(max_length=CONTEXT_LENGTH, blank=True)
    cue_suffix = models.CharField(max_length=CONTEXT_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attributions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True, cue_end__isnull=True, cue_quote="")
                | Q(cue_start__isnull=False, cue_end__isnull=False, cue_end__gt=F("cue_start")),
                name="attribution_cue_complete",
            ),
            models.CheckConstraint(
                condition=Q(cue_start__isnull=True)
                | Exact(Length("cue_quote"), F("cue_end") - F("cue_start")),
                name="attribution_cue_quote_fits_span",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="attribution_not_own_parent"),
        ]
        ordering = ["claim", "id"]

    def __str__(self) -> str:
        return f"{self.source or self.source_kind} → claim {self.claim_id}"


class Link(models.Model):
    """A typed, directed relation between two claims, usually in different articles."""

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    relation = models.ForeignKey(
        Label,
        on_delete=models.PROTECT,
        related_name="links",
        limit_choices_to={"kind": LabelKind.LINK_RELATION},
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="links"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="link_not_to_itself"
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "relation", "created_by"],
                name="link_unique_per_annotator",
            ),
        ]
        ordering = ["from_claim", "to_claim", "id"]

    def __str__(self) -> str:
        return f"claim {self.from_claim_id} {self.relation} claim {self.to_claim_id}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Assignment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    annotator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    status = models.CharField(
        max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "annotator"], name="assignment_unique_annotator"
            ),
        ]
        ordering = ["article", "annotator"]

    def __str__(self) -> str:
        return f"{self.article} → {self.annotator} ({self.status})"


class Decision(models.TextChoices):
    ACCEPT = "accept", "Accept"
    REJECT = "reject", "Reject"


class Review(models.Model):
    """A reviewer's decision on a claim or a link, with an optional correction and comment."""

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    link = models.ForeignKey(
        Link, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    correction = models.JSONField(
        default=dict, blank=True, help_text="The fields the reviewer changed: {field: [old, new]}."
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, link__isnull=True)
                | Q(claim__isnull=True, link__isnull=False),
                name="review_one_target",
            ),
        ]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        target = f"claim {self.claim_id}" if self.claim_id else f"link {self.link_id}"
        return f"{self.decision} {target} by {self.reviewer}"


class Idempotency(models.Model):
    """A client's key for one create request: a retry with the same key gets the same object."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    model = models.CharField(max_length=50)
    object_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "idempotency keys"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.model} {self.object_id}"


class Dismissal(models.Model):
    """A suggestion an annotator dismissed on an article; it stays hidden for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="dismissals")
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article", "key"], name="dismissal_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.user} dismissed {self.key} in article {self.article_id}"
