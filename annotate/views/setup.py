"""Project setup for managers: members, the label schema, guidelines, articles, assignment.

Every form posts to its own URL and comes back to the setup page: with a message when it
worked, and (status 422) with the reason and what was typed when it did not.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotate import forms
from annotate.markdown import render_markdown
from claims import selectors, services
from claims.models import Assignment, Label, Membership, Role

REFUSALS = (ValidationError, PermissionDenied)


def managed(view):
    """The project of `slug` for its managers; 404 for outsiders, 403 for other members."""

    @wraps(view)
    @login_required
    def wrapper(request, slug: str, *args, **kwargs):
        project = selectors.project_get_for_user(request.user, slug=slug)
        if selectors.role_in(project, request.user) != Role.MANAGER:
            raise PermissionDenied("Only the project's managers set it up.")
        return view(request, project, *args, **kwargs)

    return wrapper


def page(request, project, *, status: int = 200, **extra):
    context = {
        "project": project,
        "role": Role.MANAGER,
        "here": "setup",
        "members": project.memberships.select_related("user").order_by("role", "user__username"),
        "roles": Role.choices,
        "label_kinds": selectors.schema_with_usage(project),
        "guidelines_html": render_markdown(project.guidelines),
        "progress": selectors.annotator_progress(project),
        "coverage": selectors.article_coverage(project, request.user),
        "annotators": project.memberships.filter(role=Role.ANNOTATOR).select_related("user"),
        **extra,
    }
    return render(request, "annotate/setup.html", context, status=status)


def done(request, project, message: str, anchor: str):
    messages.success(request, message)
    return redirect(reverse("annotate:setup", args=[project.slug]) + f"#{anchor}")


def refused(request, project, error: Exception, section: str):
    words = " ".join(getattr(error, "messages", None) or [str(error)])
    return page(request, project, status=422, errors={section: words}, typed=request.POST)


@require_GET
@managed
def setup(request, project):
    return page(request, project)


@require_POST
@managed
def member_add(request, project):
    user = (
        get_user_model().objects.filter(username=request.POST.get("username", "").strip()).first()
    )
    try:
        if user is None:
            raise ValidationError("No account has that username; create it in the admin first.")
        services.membership_set(
            project=project, user=user, role=request.POST.get("role", ""), actor=request.user
        )
    except REFUSALS as error:
        return refused(request, project, error, "members")
    return done(request, project, f"{user} is now a member.", "members")


def _membership(project, pk: int) -> Membership:
    membership = project.memberships.select_related("user").filter(pk=pk).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


@require_POST
@managed
def member_update(request, project, pk: int):
    membership = _membership(project, pk)
    try:
        if request.POST.get("remove"):
            services.membership_remove(membership=membership, actor=request.user)
            return done(request, project, f"{membership.user} left the project.", "members")
        services.membership_set(
            project=project,
            user=membership.user,
            role=request.POST.get("role", ""),
            actor=request.user,
        )
    except REFUSALS as error:
        return refused(request, project, error, "members")
    return done(request, project, f"{membership.user} is now {request.POST['role']}.", "members")


@require_POST
@managed
def label_save(request, project, pk: int | None = None):
    form = forms.LabelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        data = form.cleaned_data
        if pk is None:
            services.label_create(project=project, actor=request.user, **data)
        else:
            label = Label.objects.filter(project=project, pk=pk).first()
            if label is None:
                raise Http404("No such label.")
            if request.POST.get("delete"):
                services.label_delete(label=label, actor=request.user)
                return done(request, project, f"“{label.value}” deleted.", "labels")
            data.pop("kind")
            services.label_update(label=label, actor=request.user, **data)
    except REFUSALS as error:
        return refused(request, project, error, "labels")
    return done(request, project, "Labels saved.", "labels")


@require_POST
@managed
def guidelines_save(request, project):
    try:
        services.project_update(
            project=project, actor=request.user, guidelines=request.POST.get("guidelines", "")
        )
    except REFUSALS as error:
        return refused(request, project, error, "guidelines")
    return done(request, project, "Guidelines saved.", "guidelines")


@require_POST
@managed
def articles_import(request, project):
    """Plain .txt files, one article each: the first line is the title. All or nothing."""
    files = request.FILES.getlist("files")
    try:
        if not files:
            raise ValidationError("Choose one or more .txt files.")
        with transaction.atomic():
            for upload in files:
                services.article_import(actor=request.user, project=project, **_txt_article(upload))
    except REFUSALS as error:
        return refused(request, project, error, "articles")
    return done(request, project, f"{len(files)} article(s) imported.", "articles")


def _txt_article(upload) -> dict:
    name = upload.name
    if not name.lower().endswith(".txt"):
        raise ValidationError(f"{name}: only .txt files here (one article per file).")
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(f"{name}: not UTF-8 text (byte {error.start}).") from None
    title = next((line.strip() for line in text.splitlines() if line.strip()), name)
    return {"title": title[:500], "text": text, "external_id": name}


@require_POST
@managed
def assign(request, project):
    try:
        if request.POST.get("k"):
            made = services.assignment_auto(
                project=project, k=int(request.POST["k"]), actor=request.user
            )
            return done(request, project, f"{made} assignment(s) made.", "assignment")
        article = project.articles.filter(pk=request.POST.get("article") or 0).first()
        user = get_user_model().objects.filter(pk=request.POST.get("annotator") or 0).first()
        if article is None or user is None:
            raise ValidationError("Choose an article and an annotator.")
        services.assignment_create(article=article, annotator=user, actor=request.user)
    except ValueError:
        return refused(request, project, ValidationError("k must be a whole number."), "assignment")
    except REFUSALS as error:
        return refused(request, project, error, "assignment")
    return done(request, project, f"{article.title} assigned to {user}.", "assignment")


@require_POST
@managed
def unassign(request, project, pk: int):
    assignment = Assignment.objects.filter(article__project=project, pk=pk).first()
    if assignment is None:
        raise Http404("No such assignment.")
    try:
        services.assignment_delete(assignment=assignment, actor=request.user)
    except REFUSALS as error:
        return refused(request, project, error, "assignment")
    return done(request, project, "Unassigned.", "assignment")
