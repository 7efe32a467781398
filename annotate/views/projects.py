"""Project list, an annotator's queue, and each project's label colours."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims import selectors
from claims.models import LabelKind


@require_GET
@login_required
def home(request):
    return redirect("annotate:project-list")


@require_GET
@login_required
def project_list(request):
    projects = selectors.project_list_for_user(request.user)
    return render(request, "annotate/projects.html", {"projects": projects})


@require_GET
@login_required
def queue(request, slug: str):
    project = selectors.project_get_for_user(request.user, slug=slug)
    context = {
        "project": project,
        "role": selectors.role_in(project, request.user),
        "assignments": selectors.assignment_queue(project, request.user),
        "coverage": selectors.article_coverage(project, request.user),
    }
    return render(request, "annotate/queue.html", context)


@require_GET
@login_required
def label_css(request, slug: str):
    """Colours as CSS custom properties, so no page needs an inline style (CSP)."""
    project = selectors.project_get_for_user(request.user, slug=slug)
    rules = []
    for label in selectors.label_list(project, LabelKind.CLAIM_TYPE, include_hidden=True):
        rules.append(f".ct-{label.value} {{ --c: {label.color}; }}")
    for label in selectors.label_list(project, LabelKind.LINK_RELATION, include_hidden=True):
        rules.append(f".rel-{label.value} {{ --c: {label.color}; }}")
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response
