"""Editions on their own host names, with URLs that carry no /<slug>/ prefix.

With WIREDESK_HOST_ROUTING on, EditionMiddleware finds the edition whose `host` is the
request's host and serves the request with that edition's URLconf (`request.urlconf`, which
Django uses both to resolve the request and for every `reverse` and `{% url %}` while it
runs). That URLconf is the project's, with the site's routes replaced by:

1. the edition's routes without a prefix ("/", "/a/12/slug/", "/feed/rss/"): their
   `edition` segment is a converter that matches the empty string, reads as the edition's
   slug and writes nothing, so `reverse("site:article", args=[slug, 12, "s"])` gives
   "/a/12/s/" with no caller knowing about hosts;
2. the network's pages under /editions/ (the list of editions and its search box), and
   the image proxy (site.images) at /img/ as on the network's host;
3. the other editions under their prefixes, as on the network's own host (a converter
   that refuses this edition's slug, so its URLs come from (1) only).

Links, canonical URLs, feeds and sitemaps all follow, being reversed. The edition's own
prefixed URLs ("/switzerland/..." on switzerland.example.net) redirect to the bare ones.
"""

import re
import threading
from functools import cache
from types import ModuleType

from django.conf import settings
from django.urls import URLResolver, include, path, register_converter
from django.urls.converters import get_converters


class HostedEdition:
    """The empty edition segment of a host-routed edition (its slug is the class's)."""

    slug = ""
    regex = ""

    def to_python(self, value: str) -> str:
        return self.slug

    def to_url(self, value: str) -> str:
        if value != self.slug:
            raise ValueError("another edition")
        return ""


class OtherEdition:
    """Another edition's /<slug>/ segment on a host-routed edition's host."""

    slug = ""
    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if value == self.slug:
            raise ValueError("the host's own edition has no prefix")
        return value

    def to_url(self, value: str) -> str:
        return self.to_python(value)


# Django refuses a converter name registered twice, and threads may ask for the same
# edition's URLconf at once: building one is serialised.
_lock = threading.RLock()


def _converter(base: type, slug: str) -> str:
    """Register (once) a converter class bound to this slug; returns its name."""
    name = f"{base.__name__.lower()}-{re.sub(r'[^-a-zA-Z0-9_]', '', slug)}"
    with _lock:
        if name not in get_converters():
            register_converter(type(f"{base.__name__}_{slug}", (base,), {"slug": slug}), name)
    return name


def hosted_urlconf(slug: str) -> ModuleType:
    """The project's URLconf with the site's routes as seen on this edition's own host."""
    with _lock:
        return _hosted_urlconf(slug)


@cache
def _hosted_urlconf(slug: str) -> ModuleType:
    from importlib import import_module

    from wiredesk.site import images, sitemaps, urls, views

    site_patterns = [
        *urls.edition_patterns(f"<{_converter(HostedEdition, slug)}:edition>"),
        path("editions/", views.network_index, name="index"),
        path("editions/search/", views.network_search, name="network_search"),
        path("editions/robots.txt", sitemaps.robots_txt, name="robots"),
        path("img/", images.image, name="image"),
        *urls.edition_patterns(f"<{_converter(OtherEdition, slug)}:edition>/"),
    ]
    root = import_module(settings.ROOT_URLCONF)
    module = ModuleType(f"{root.__name__}__hosted_{slug}")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("", include((site_patterns, urls.app_name)))
        if isinstance(entry, URLResolver) and entry.app_name == urls.app_name
        else entry
        for entry in root.urlpatterns
    ]
    return module


def hosts(version: str) -> dict[str, str]:
    """Host name -> slug of every active edition that has one, cached per content version."""
    from wiredesk.editions.models import Edition
    from wiredesk.site.cache import cached

    def load() -> dict[str, str]:
        rows = Edition.objects.filter(active=True).exclude(host="").values_list("host", "slug")
        return {host.lower(): slug for host, slug in rows}

    return cached(version, "hosts", load)
