from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotate.views import (
    agreement,
    data,
    graph,
    links,
    projects,
    review,
    setup,
    sources,
    suggestions,
    workspace,
)

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
    path("projects/<slug:slug>/compare/", graph.compare, name="compare"),
    path("projects/<slug:slug>/conflicts/", graph.conflicts, name="conflicts"),
    path("projects/<slug:slug>/map/", graph.graph_map, name="map"),
    path("projects/<slug:slug>/agreement/", agreement.agreement, name="agreement"),
    path("projects/<slug:slug>/export/", data.export_page, name="export"),
    path("projects/<slug:slug>/export/download/", data.export_download, name="export-download"),
    path("projects/<slug:slug>/import/", data.import_page, name="import"),
    path("projects/<slug:slug>/setup/", setup.setup, name="setup"),
    path("projects/<slug:slug>/setup/members/", setup.member_add, name="member-add"),
    path("projects/<slug:slug>/setup/members/<int:pk>/", setup.member_update, name="member-update"),
    path("projects/<slug:slug>/setup/labels/", setup.label_save, name="label-add"),
    path("projects/<slug:slug>/setup/labels/<int:pk>/", setup.label_save, name="label-update"),
    path("projects/<slug:slug>/setup/guidelines/", setup.guidelines_save, name="guidelines"),
    path("projects/<slug:slug>/setup/articles/", setup.articles_import, name="articles-import"),
    path("projects/<slug:slug>/setup/assign/", setup.assign, name="assign"),
    path("projects/<slug:slug>/setup/assign/<int:pk>/delete/", setup.unassign, name="unassign"),
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
    path("articles/<int:pk>/review/", review.review, name="review"),
    path("claims/<int:pk>/review/", review.claim_review, name="claim-review"),
    path("links/<int:pk>/review/", review.link_review, name="link-review"),
    path("claims/<int:pk>/", workspace.claim_form, name="claim-form"),
    path("claims/<int:pk>/delete/", workspace.claim_delete, name="claim-delete"),
    path("claims/<int:pk>/entities/", sources.claim_entity, name="claim-entity"),
    path("claims/<int:pk>/sources/", sources.attribution_create, name="attribution-create"),
    path("claims/<int:pk>/links/", links.link_panel, name="link-panel"),
    path("claims/<int:pk>/links/new/", links.link_create, name="link-create"),
    path("links/<int:pk>/", links.link_update, name="link-update"),
    path("links/<int:pk>/delete/", links.link_delete, name="link-delete"),
    path("sources/<int:pk>/", sources.attribution_update, name="attribution-update"),
    path("sources/<int:pk>/delete/", sources.attribution_delete, name="attribution-delete"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("", include((site, "annotate"))),
]
