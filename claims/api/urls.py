"""/api/v1/: resources, the token, the schema and its docs page (served from our static files)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import annotations, auth, views

router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_root_view = False
router.include_format_suffixes = False
router.register("projects", views.ProjectViewSet, basename="project")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("claims", annotations.ClaimViewSet, basename="claim")
router.register("attributions", annotations.AttributionViewSet, basename="attribution")
router.register("links", annotations.LinkViewSet, basename="link")
router.register("assignments", annotations.AssignmentViewSet, basename="assignment")
router.register("reviews", annotations.ReviewViewSet, basename="review")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("auth/token/", auth.token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
