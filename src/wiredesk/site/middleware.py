"""Request and response layers of the editions' site.

EditionMiddleware: pick the edition from the host name when WIREDESK_HOST_ROUTING is on.
In production each edition has its own host ("switzerland.example.net"); the demo serves all
of them on one port under path prefixes ("/switzerland/"). Host routing maps the host to its
edition and serves that edition's prefix internally, so one URLconf serves both.

SecurityHeadersMiddleware: the headers every page carries. The site runs no JavaScript, so
the Content-Security-Policy allows scripts only from our own origin (the admin's) and no
inline script at all; JSON-LD blocks are data, which CSP does not block. Partner images are
the one thing loaded from elsewhere (img-src https:), lazily and without a Referer.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wiredesk.config import env_bool

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' https: data:",
        "style-src 'self'",
        # The sign-up box hides its honeypot with a style attribute; partner HTML has none
        # (nh3 strips them), so this allows our own templates' attributes only.
        "style-src-attr 'unsafe-inline'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# Paths that belong to the network, not to an edition: served as they are on every host.
NETWORK_PATHS = ("/admin/", "/static/", "/console/", "/newsletter/", "/metrics", "/healthz")


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
        if not request.path_info.startswith((prefix, *NETWORK_PATHS)):
            request.path_info = prefix + request.path_info.lstrip("/")


class SecurityHeadersMiddleware:
    """Set the security headers on every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
