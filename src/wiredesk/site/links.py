"""URLs of the editions' pages, reversed once and reused.

A page build reverses a dozen URLs (its countries, topics, "See also" links), and Django's
`reverse` costs tens of microseconds each; most repeat across pages (an edition's front,
its countries and topics). `site_url` keeps each result per URLconf and script prefix, so a
host-routed edition (site.hosting), whose URLs have no /<slug>/ prefix, keeps its own.
Article URLs are unique per article: `article_url` puts the article's part after its
edition's front-page URL, in the shape of the "site:article" route (tested against
`reverse` in tests/test_site_hosting.py).
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify


@lru_cache(maxsize=8192)
def _reversed(urlconf: object, prefix: str, name: str, args: tuple) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def site_url(name: str, *args: object) -> str:
    """reverse(name, args=args) under the current request's URLconf, memoised."""
    return _reversed(get_urlconf(), get_script_prefix(), name, args)


def article_slug(headline: str) -> str:
    return slugify(headline)[:80] or "story"


def article_url(edition_slug: str, article_id: int, slug: str) -> str:
    """reverse("site:article", args=[edition_slug, article_id, slug]), without reversing."""
    return f"{site_url('site:front', edition_slug)}a/{article_id}/{slug}/"
