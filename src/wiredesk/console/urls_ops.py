"""/metrics and /healthz, meant for the root URLconf (outside the admin login):

path("", include("wiredesk.console.urls_ops")),   # before the site's catch-all
"""

from django.urls import path

from wiredesk.console import ops

urlpatterns = [
    path("metrics", ops.metrics, name="metrics"),
    path("healthz", ops.healthz, name="healthz"),
]
