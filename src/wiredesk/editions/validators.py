"""Edition slugs that would be hidden behind the site's own top-level paths.

An edition is served under /<slug>/ on the network's host, and other editions are under
their /<slug>/ on a host-routed edition's host (site.hosting), where that edition's own
routes have no prefix. A slug equal to any top-level path routed on either is shadowed by
it. The list is a constant so models need not import the URL confs; a test
(tests/test_editions_slugs.py) derives the top-level paths from the URL confs and
compares, so the two cannot drift apart.
"""

from django.core.exceptions import ValidationError

RESERVED_SLUGS = frozenset(
    {
        # the project's URLconf (wiredesk.urls)
        "admin",
        "console",
        "metrics",
        "healthz",
        "newsletter",
        # the network's pages (site.urls)
        "robots.txt",
        "search",
        "img",
        # a host-routed edition's host (site.hosting): the network's pages under
        # /editions/ and the edition's own routes without a prefix (site.urls)
        "editions",
        "more",
        "a",
        "story",
        "country",
        "topic",
        "archive",
        "feed",
        "sitemap.xml",
        "news-sitemap.xml",
        # static files (STATIC_URL), served by WhiteNoise before any URLconf
        "static",
    }
)


def validate_not_reserved(value: str) -> None:
    """Refuse a slug that is one of the site's top-level paths (in any letter case)."""
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            "“%(value)s” is one of the site's own top-level paths (/%(value)s/), so the "
            "edition would be hidden behind it. Choose another slug.",
            code="reserved",
            params={"value": value},
        )
