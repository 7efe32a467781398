"""Datasets in and out: the export screen with its streamed download, and the import screen."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from annotate import forms
from annotate.views.setup import managed
from claims import exports, imports, selectors
from claims.exports.response import CARD, export_response
from claims.models import LabelKind, Project, Role

REFUSALS = (ValidationError, PermissionDenied)


def export_form(project: Project, data) -> forms.ExportForm:
    members = project.memberships.select_related("user").order_by("user__username")
    return forms.ExportForm(
        data,
        annotators=[m.user.get_username() for m in members],
        claim_types=selectors.label_list(project, LabelKind.CLAIM_TYPE, include_hidden=True),
    )


def export_selection(project: Project, user, data) -> tuple[str, exports.Selection]:
    """The format and selection the request asks for; ExportRefused says what is wrong."""
    form = export_form(project, data)
    if not form.is_valid():
        words = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
        raise exports.ExportRefused(" ".join(words))
    key = form.cleaned_data["format"]
    if key not in exports.FORMATS and key != CARD:
        raise exports.ExportRefused(
            f"Unknown export format “{key}”; known: {', '.join(exports.FORMATS)}."
        )
    return key, exports.selection_for(project=project, actor=user, **form.filters())


def _member(request, slug: str) -> tuple[Project, str]:
    project = selectors.project_get_for_user(request.user, slug=slug)
    return project, selectors.role_in(project, request.user)


@require_GET
@login_required
def export_page(request, slug: str):
    project, role = _member(request, slug)
    data = request.GET if request.GET else None
    form = export_form(project, data)
    context = {"project": project, "role": role, "here": "export", "form": form}
    context["formats"] = exports.FORMATS.values()
    context["statuses"] = ["draft", "submitted", "accepted", "rejected"]
    status = 200
    try:
        _, selection = export_selection(project, request.user, request.GET or {"format": "jsonl"})
        context["counts"] = selection.counts()
        context["query"] = request.GET.urlencode() or "format=jsonl"
    except REFUSALS as error:
        context["refusal"] = " ".join(getattr(error, "messages", [str(error)]))
        status = 422
    return render(request, "annotate/export.html", context, status=status)


@require_GET
@login_required
def export_download(request, slug: str):
    project, role = _member(request, slug)
    try:
        key, selection = export_selection(project, request.user, request.GET)
    except REFUSALS as error:
        context = {"project": project, "role": role, "here": "export"}
        context["form"] = export_form(project, request.GET)
        context["refusal"] = " ".join(getattr(error, "messages", [str(error)]))
        context["formats"] = exports.FORMATS.values()
        return render(request, "annotate/export.html", context, status=422)
    return export_response(selection, key)


@require_http_methods(["GET", "POST"])
@managed
def import_page(request, project):
    context = {"project": project, "role": Role.MANAGER, "here": "import"}
    context["formats"] = imports.FORMATS.items()
    if request.method == "GET":
        return render(request, "annotate/import.html", context)
    form = forms.ImportForm(request.POST)
    files = request.FILES.getlist("files")
    try:
        if not form.is_valid() or form.cleaned_data["format"] not in imports.FORMATS:
            raise ValidationError(f"Choose a format: {', '.join(imports.FORMATS)}.")
        if not files:
            raise ValidationError("Choose one or more files to import.")
        context["report"] = imports.import_dataset(
            project=project,
            actor=request.user,
            format=form.cleaned_data["format"],
            files=[(upload.name, upload.read()) for upload in files],
            status=form.cleaned_data["status"] or "submitted",
        )
    except REFUSALS as error:
        context["refusal"] = " ".join(getattr(error, "messages", [str(error)]))
        context["status"] = 422
    template = "annotate/import.html#import-result" if request.htmx else "annotate/import.html"
    return render(request, template, context, status=context.pop("status", 200))
