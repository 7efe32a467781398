"""The Django admin as a second desk: every model, writes through claims.services.

Each admin names the service calls for create, change and delete. The form runs the same call
inside a savepoint it rolls back, so a refusal shows as a form error with the service's words; the
real write happens once the form is valid.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from claims import services
from claims.models import (
    Article,
    Assignment,
    Attribution,
    Claim,
    Decision,
    Entity,
    Label,
    LabelKind,
    Link,
    Membership,
    Project,
    Review,
    Role,
)
from claims.services import EDITORS

EXCERPT_CONTEXT = 200


class _DryRun(Exception):
    pass


def _form_error(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def titled(title: str, base: type = admin.RelatedFieldListFilter) -> type:
    """A list filter with a title of ours instead of the field's verbose name."""

    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        self.title = title

    return type(f"{title.title().replace(' ', '')}Filter", (base,), {"__init__": __init__})


def label_filter(kind: str, path: str) -> type:
    class LabelFilter(admin.SimpleListFilter):
        title = LabelKind(kind).label.lower()
        parameter_name = path

        def lookups(self, request, model_admin):
            labels = Label.objects.filter(kind=kind).order_by("position", "value")
            return list(dict.fromkeys(labels.values_list("value", "name")))

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            return queryset.filter(**{path: self.value()}).distinct()

    return LabelFilter


class ProjectScoped:
    """The admin by project role: staff see the projects they review or manage, nothing else.

    `project_path` leads from the model to its Project. Managers may add and delete; reviewers
    view and change (through the services, which check again).
    """

    project_path = "project"

    def _projects(self, request, roles=EDITORS):
        return Membership.objects.filter(user=request.user, role__in=roles).values("project")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.project_path}__in": self._projects(request)})

    def _editor(self, request, roles=EDITORS) -> bool:
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (user.is_superuser or self._projects(request, roles).exists())
        )

    def has_module_permission(self, request):
        return self._editor(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request)

    def has_change_permission(self, request, obj=None):
        return self._editor(request)

    def has_add_permission(self, request, *args):
        return self._editor(request, {Role.MANAGER})

    def has_delete_permission(self, request, obj=None):
        return self._editor(request, {Role.MANAGER})


class ServiceAdmin(ProjectScoped, SimpleHistoryAdmin):
    """Saves and deletes through the services; `create`/`update` return the saved object."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def create(self, request, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, request, obj: Any, changes: dict[str, Any], version: int | None) -> Any:
        raise NotImplementedError

    def remove(self, request, obj: Any) -> None:
        obj._history_user = request.user
        obj.delete()

    def write(self, request, form: forms.ModelForm, change: bool) -> Any:
        if not change:
            return self.create(request, dict(form.cleaned_data))
        original = type(form.instance).objects.get(pk=form.instance.pk)
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in form.cleaned_data and name != "loaded_version"
        }
        return self.update(request, original, changes, form.cleaned_data.get("loaded_version"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [name for name in kwargs["fields"] if name != "loaded_version"]
        base = super().get_form(request, obj, change, **kwargs)
        model_admin = self

        class ServiceForm(base):
            if obj is not None and hasattr(obj, "version"):
                loaded_version = forms.IntegerField(widget=forms.HiddenInput, initial=obj.version)

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    with transaction.atomic():
                        model_admin.write(request, self, change)
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as error:
                    _form_error(self, error)
                except PermissionDenied as error:
                    self.add_error(None, str(error))

        return ServiceForm

    def save_form(self, request, form, change):
        return self.write(request, form, change)

    def save_model(self, request, obj, form, change):
        """Saved already, through the services, in save_form."""

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        try:
            self.remove(request, obj)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


# --- projects and schema ----------------------------------------------------------------------


@admin.register(Project)
class ProjectAdmin(ServiceAdmin):
    project_path = "pk"

    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def create(self, request, data):
        return services.project_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.project_update(project=obj, actor=request.user, **changes)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["project", "role"]
    search_fields = ["user__username", "project__name"]
    autocomplete_fields = ["user", "project"]

    def create(self, request, data):
        return services.membership_set(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        if {"project", "user"} & changes.keys():
            raise ValidationError("Remove this membership and add a new one instead.")
        return services.membership_set(
            project=obj.project, user=obj.user, actor=request.user, **changes
        )

    def remove(self, request, obj):
        services.membership_remove(membership=obj, actor=request.user)


@admin.register(Label)
class LabelAdmin(ServiceAdmin):
    list_display = ["value", "name", "kind", "project", "hotkey", "colour", "hidden", "position"]
    list_filter = ["project", "kind", "hidden"]
    search_fields = ["value", "name", "description"]

    @admin.display(description="colour")
    def colour(self, label: Label) -> str:
        return format_html(
            # An SVG fill, not a style attribute: the security policy allows no inline style.
            '<svg width="18" height="12" aria-hidden="true"><rect width="18" height="12" '
            'fill="{}"/></svg> {}',
            label.color,
            label.color,
        )

    def create(self, request, data):
        return services.label_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.label_update(label=obj, actor=request.user, **changes)

    def remove(self, request, obj):
        services.label_delete(label=obj, actor=request.user)


# --- articles and entities --------------------------------------------------------------------


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    list_display = ["title", "outlet", "published", "language", "project", "claim_count"]
    list_filter = ["project", "outlet", "language", "published"]
    search_fields = ["title", "outlet", "url", "external_id", "text"]
    date_hierarchy = "published"
    readonly_fields = ["text_sha256", "created_by", "created_at", "updated_at"]
    fields = [
        "project",
        "title",
        "outlet",
        "url",
        "published",
        "language",
        "external_id",
        "text",
        "metadata",
        *readonly_fields,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")

    @admin.display(description="claims")
    def claim_count(self, article: Article) -> int:
        return article.claims.count()

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "project"] if obj else self.readonly_fields

    def create(self, request, data):
        data.pop("text_sha256", None)
        return services.article_import(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.article_update(article=obj, actor=request.user, **changes)


@admin.register(Entity)
class EntityAdmin(ServiceAdmin):
    list_display = ["name", "kind", "alias_list", "project"]
    list_filter = ["project", "kind"]
    search_fields = ["name", "aliases", "description"]

    @admin.display(description="aliases")
    def alias_list(self, entity: Entity) -> str:
        return ", ".join(entity.aliases)

    def create(self, request, data):
        return services.entity_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.entity_update(entity=obj, actor=request.user, **changes)


# --- claims, sources, links -------------------------------------------------------------------


def span_in_context(text: str, start: int, end: int, context: int = EXCERPT_CONTEXT) -> str:
    """The span highlighted inside its surroundings; escaped, so article text stays inert."""
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    return format_html(
        '<span class="span-excerpt">{}{}<mark>{}</mark>{}{}</span>',
        "…" if start > context else "",
        before,
        text[start:end],
        after,
        "…" if end + context < len(text) else "",
    )


class AttributionInline(admin.TabularInline):
    """Shown for reading; sources are edited on their own page so the services check them."""

    model = Attribution
    fk_name = "claim"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["source", "source_kind", "form", "stance", "cue_quote", "parent"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # shown inside a claim the user may already see

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description="Accept the selected (they become gold)")
def accept_selected(model_admin, request, queryset):
    _decide(model_admin, request, queryset, Decision.ACCEPT)


@admin.action(description="Reject the selected")
def reject_selected(model_admin, request, queryset):
    _decide(model_admin, request, queryset, Decision.REJECT)


def _decide(model_admin, request, queryset, decision: str) -> None:
    done = 0
    for target in queryset:
        try:
            services.review_decide(
                target=target, decision=decision, actor=request.user, version=target.version
            )
            done += 1
        except (ValidationError, PermissionDenied) as error:
            model_admin.message_user(request, f"{target}: {error}", messages.ERROR)
    model_admin.message_user(request, f"{decision.title()}ed {done} of {len(queryset)}.")


@admin.register(Claim)
class ClaimAdmin(ServiceAdmin):
    project_path = "article__project"

    list_display = ["excerpt", "claim_type", "when", "status", "created_by", "article_title"]
    list_filter = [
        "status",
        label_filter(LabelKind.CLAIM_TYPE, "claim_type__value"),
        ("article__project", titled("project")),
        ("article__outlet", titled("outlet", admin.AllValuesFieldListFilter)),
        ("created_by", titled("annotator")),
        label_filter(LabelKind.SOURCE_KIND, "attributions__source_kind__value"),
        ("article", titled("article", admin.RelatedOnlyFieldListFilter)),
        "modality",
        "polarity",
    ]
    list_select_related = ["claim_type", "created_by", "article"]
    # the history page shows what each step changed, beside who and when
    history_list_display = ["status", "claim_type", "when", "note", "version"]
    search_fields = ["quote", "note", "article__title", "created_by__username"]
    autocomplete_fields = ["article", "participants", "place"]
    readonly_fields = [
        "in_article",
        "prefix",
        "suffix",
        "text_sha256",
        "status",
        "version",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [AttributionInline]
    actions = [accept_selected, reject_selected]

    @admin.display(description="claim in its article excerpt")
    def excerpt(self, claim: Claim) -> str:
        return format_html("{}<mark>{}</mark>{}", claim.prefix, claim.quote, claim.suffix)

    @admin.display(description="article", ordering="article__title")
    def article_title(self, claim: Claim) -> str:
        return claim.article.title

    @admin.display(description="in the article")
    def in_article(self, claim: Claim) -> str:
        return span_in_context(claim.article.text, claim.start, claim.end)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "article"] if obj else self.readonly_fields

    def create(self, request, data):
        return services.claim_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.claim_update(claim=obj, actor=request.user, version=version, **changes)

    def remove(self, request, obj):
        services.claim_delete(claim=obj, actor=request.user)


@admin.register(Attribution)
class AttributionAdmin(ServiceAdmin):
    project_path = "claim__article__project"

    list_display = ["claim", "source", "source_kind", "form", "stance", "cue_quote"]
    list_filter = [
        label_filter(LabelKind.SOURCE_KIND, "source_kind__value"),
        "form",
        "stance",
        ("claim__article__project", titled("project")),
        ("created_by", titled("annotator")),
    ]
    list_select_related = ["claim", "source", "source_kind"]
    search_fields = ["cue_quote", "source__name", "claim__quote"]
    autocomplete_fields = ["claim", "source", "parent"]
    readonly_fields = ["cue_prefix", "cue_suffix", "created_by", "created_at", "updated_at"]

    def create(self, request, data):
        return services.attribution_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        claim_version = Claim.objects.values_list("version", flat=True).get(pk=obj.claim_id)
        return services.attribution_update(
            attribution=obj, actor=request.user, version=claim_version, **changes
        )

    def remove(self, request, obj):
        services.attribution_delete(attribution=obj, actor=request.user, version=None)


@admin.register(Link)
class LinkAdmin(ServiceAdmin):
    project_path = "from_claim__article__project"

    list_display = ["from_claim", "relation", "to_claim", "status", "created_by"]
    list_filter = [
        "status",
        label_filter(LabelKind.LINK_RELATION, "relation__value"),
        ("from_claim__article__project", titled("project")),
        ("created_by", titled("annotator")),
    ]
    list_select_related = ["from_claim", "to_claim", "relation", "created_by"]
    history_list_display = ["status", "relation", "note", "version"]
    search_fields = ["from_claim__quote", "to_claim__quote", "note"]
    autocomplete_fields = ["from_claim", "to_claim"]
    readonly_fields = ["status", "version", "created_by", "created_at", "updated_at"]
    actions = [accept_selected, reject_selected]

    def create(self, request, data):
        return services.link_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        return services.link_update(link=obj, actor=request.user, version=version, **changes)

    def remove(self, request, obj):
        services.link_delete(link=obj, actor=request.user)


# --- workflow ---------------------------------------------------------------------------------


@admin.register(Assignment)
class AssignmentAdmin(ServiceAdmin):
    project_path = "article__project"

    list_display = ["article", "annotator", "status", "created_at", "submitted_at"]
    list_filter = ["status", ("article__project", titled("project")), "annotator"]
    list_select_related = ["article", "annotator"]
    search_fields = ["article__title", "annotator__username"]
    autocomplete_fields = ["article", "annotator"]
    readonly_fields = ["status", "assigned_by", "created_at", "submitted_at"]

    def create(self, request, data):
        return services.assignment_create(actor=request.user, **data)

    def update(self, request, obj, changes, version):
        raise ValidationError(
            "An assignment's article and annotator do not change; delete it and assign again."
        )


@admin.register(Review)
class ReviewAdmin(ProjectScoped, admin.ModelAdmin):
    """Reviews are made on the review screen and by the bulk actions; here they are read."""

    project_path = "claim__article__project"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        projects = self._projects(request)
        return queryset.filter(
            Q(claim__article__project__in=projects)
            | Q(link__from_claim__article__project__in=projects)
        )

    list_display = ["created_at", "decision", "claim", "link", "reviewer"]
    list_filter = ["decision", "reviewer"]
    list_select_related = ["claim", "link", "reviewer"]
    search_fields = ["comment", "claim__quote"]
    readonly_fields = ["claim", "link", "reviewer", "decision", "correction", "comment"]

    def has_add_permission(self, request):
        return False
