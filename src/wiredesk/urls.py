from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("console/", include("wiredesk.console.urls")),
    path("", include("wiredesk.console.urls_ops")),  # /metrics and /healthz
    path("newsletter/", include("wiredesk.newsletter.urls")),
    path("", include("wiredesk.site.urls")),
]
