"""Pick the edition from the host name when WIREDESK_HOST_ROUTING is on.

In production each edition has its own host ("switzerland.example.net"); the
demo serves all of them on one port under path prefixes ("/switzerland/").
Host routing maps the host to its edition and serves that edition's prefix
internally, so one URLconf serves both.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wiredesk.config import env_bool


class EditionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.enabled = env_bool("WIREDESK_HOST_ROUTING")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.enabled:
            self._route_by_host(request)
        return self.get_response(request)

    def _route_by_host(self, request: HttpRequest) -> None:
        from wiredesk.editions.models import Edition

        host = request.get_host().split(":")[0].lower()
        slug = Edition.objects.filter(host=host, active=True).values_list("slug", flat=True).first()
        if not slug:
            return
        prefix = f"/{slug}/"
        if not (
            request.path_info.startswith(prefix)
            or request.path_info.startswith("/admin/")
            or request.path_info.startswith("/static/")
        ):
            request.path_info = prefix + request.path_info.lstrip("/")
