"""Request and response layers of the editions' site.

EditionMiddleware: pick the edition from the host name when WIREDESK_HOST_ROUTING is on.
In production each edition has its own host ("switzerland.example.net"); the demo serves all
of them on one port under path prefixes ("/switzerland/"). Host routing maps the host to its
edition and serves the request with that edition's URLconf (site.hosting), whose URLs have
no prefix: the pages, and every link, feed, sitemap and canonical URL they carry.

SecurityHeadersMiddleware: the headers every page carries. The site runs no JavaScript, so
the Content-Security-Policy allows scripts only from our own origin (the admin's) and no
inline script at all; JSON-LD blocks are data, which CSP does not block. Partner images are
served from our own host (site.images), lazily and without a Referer, so nothing is loaded
from elsewhere.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from wiredesk.site.hosting import hosted_urlconf, hosts

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # partner images come through our host (site.images)
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


class EditionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.WIREDESK.host_routing:
            slug = self._edition_of_host(request)
            if slug:
                prefixed = f"/{slug}/"
                if request.path_info.startswith(prefixed):
                    return self._without_prefix(request, prefixed)
                request.urlconf = hosted_urlconf(slug)
        return self.get_response(request)

    @staticmethod
    def _edition_of_host(request: HttpRequest) -> str | None:
        from wiredesk.site.pages import version

        host = request.get_host().split(":")[0].lower()
        return hosts(version(request)).get(host)

    @staticmethod
    def _without_prefix(request: HttpRequest, prefixed: str) -> HttpResponse:
        """The edition's prefixed URL on its own host: one address per page."""
        script = request.path[: len(request.path) - len(request.path_info)]
        target = script + request.path_info[len(prefixed) - 1 :]
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


class SecurityHeadersMiddleware:
    """Set the security headers on every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
