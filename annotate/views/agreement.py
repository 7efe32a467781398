"""Agreement between annotators, for reviewers and managers."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotate.charts import f1_by_type
from claims import selectors, services
from claims.agreement import project_agreement
from claims.models import LabelKind


@require_GET
@login_required
def agreement(request, slug: str):
    project = selectors.project_get_for_user(request.user, slug=slug)
    role = selectors.role_in(project, request.user)
    if role not in services.EDITORS:
        raise PermissionDenied("Agreement is for the project's reviewers and managers.")
    result = project_agreement(project)
    names = dict(
        selectors.label_list(project, LabelKind.CLAIM_TYPE, include_hidden=True).values_list(
            "value", "name"
        )
    )
    charts = [
        (
            pair,
            f1_by_type(
                [
                    (names.get(t, t), pair.exact_f1[t], pair.overlap_f1[t])
                    for t in result.claim_types
                ]
            ),
        )
        for pair in result.pairs
    ]
    context = {"project": project, "role": role, "result": result, "charts": charts}
    return render(request, "annotate/agreement.html", context)
