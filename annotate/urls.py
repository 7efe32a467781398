from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotate.views import projects, sources, suggestions, workspace

admin.site.site_header = "Claimlens administration"
admin.site.site_title = "Claimlens"
admin.site.index_title = "Projects, articles, claims and links"

app_name = "annotate"
site = [
    path("", projects.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="annotate/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("projects/", projects.project_list, name="project-list"),
    path("projects/<slug:slug>/", projects.queue, name="queue"),
    path("projects/<slug:slug>/labels.css", projects.label_css, name="label-css"),
    path("projects/<slug:slug>/entities/", sources.entity_options, name="entity-options"),
    path("articles/<int:pk>/", workspace.workspace, name="workspace"),
    path("articles/<int:pk>/claims/", workspace.claim_create, name="claim-create"),
    path("articles/<int:pk>/metadata/", workspace.article_metadata, name="article-metadata"),
    path("articles/<int:pk>/submit/", workspace.article_submit, name="article-submit"),
    path("articles/<int:pk>/undo/", workspace.claim_undo, name="claim-undo"),
    path("articles/<int:pk>/suggestions/", suggestions.suggestions, name="suggestions"),
    path(
        "articles/<int:pk>/suggestions/accept/",
        suggestions.suggestion_accept,
        name="suggestion-accept",
    ),
    path(
        "articles/<int:pk>/suggestions/dismiss/",
        suggestions.suggestion_dismiss,
        name="suggestion-dismiss",
    ),
    path("claims/<int:pk>/", workspace.claim_form, name="claim-form"),
    path("claims/<int:pk>/delete/", workspace.claim_delete, name="claim-delete"),
    path("claims/<int:pk>/entities/", sources.claim_entity, name="claim-entity"),
    path("claims/<int:pk>/sources/", sources.attribution_create, name="attribution-create"),
    path("sources/<int:pk>/", sources.attribution_update, name="attribution-update"),
    path("sources/<int:pk>/delete/", sources.attribution_delete, name="attribution-delete"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((site, "annotate"))),
]
