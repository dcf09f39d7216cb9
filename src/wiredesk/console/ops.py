"""Endpoints for machines: Prometheus metrics and a health check.

Neither needs a login: they are meant for the monitoring network (restrict them at the
proxy if the site is public). /healthz answers 200 when the database answers a query and
503 otherwise, so a load balancer takes a process out when its database is gone.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from wiredesk.console.metrics import exposition

log = logging.getLogger("wiredesk.console")


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.error("health check failed: %s", exc, extra={"check": "database"})
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
