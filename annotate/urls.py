from django.contrib import admin
from django.urls import path

admin.site.site_header = "Claimlens administration"
admin.site.site_title = "Claimlens"
admin.site.index_title = "Projects, articles, claims and links"

urlpatterns = [
    path("admin/", admin.site.urls),
]
