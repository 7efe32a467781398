"""The project's claims across articles: clusters to compare, conflicts, and the map."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotate.graphmap import claim_map
from claims import selectors
from claims.models import LabelKind


def _context(request, slug: str) -> dict:
    project = selectors.project_get_for_user(request.user, slug=slug)
    return {
        "project": project,
        "role": selectors.role_in(project, request.user),
        "link_relations": selectors.label_list(project, LabelKind.LINK_RELATION),
    }


@require_GET
@login_required
def compare(request, slug: str):
    context = _context(request, slug)
    context["clusters"] = selectors.claim_clusters(context["project"], request.user)
    return render(request, "annotate/compare.html", context)


@require_GET
@login_required
def conflicts(request, slug: str):
    context = _context(request, slug)
    project = context["project"]
    context["links"] = selectors.conflict_links(project, request.user)
    context["role_conflicts"] = selectors.role_conflicts(project, request.user)
    return render(request, "annotate/conflicts.html", context)


@require_GET
@login_required
def graph_map(request, slug: str):
    context = _context(request, slug)
    links = selectors.link_list_for_project(context["project"], request.user)
    context.update(links=links, svg=claim_map(links) if links else "")
    return render(request, "annotate/map.html", context)
