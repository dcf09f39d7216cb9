"""URLs in feeds: resolved as feedparser resolves them, and only http(s) let through.

Relative URLs inside entry HTML are resolved here by a regular expression instead of
feedparser's SGML re-serialisation: we sanitize with nh3 later anyway, and the expression leaves
the partner's markup untouched but for the URL itself.
"""

import re
import urllib.parse

from wiredesk.ingest.feeds import upstream
from wiredesk.ingest.feeds.types import FeedData

_EXTRA_SLASHES = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # feedparser's, "+-." too


def join_url(base: str, href: str) -> str:
    """urljoin as feedparser applies it to links, ids and xml:base: slashes after "scheme://"
    dropped ("http:////x" -> "http://x"), and '' for what urljoin refuses. Any scheme passes."""
    href = _EXTRA_SLASHES.sub(r"\1\3", href)
    try:
        return urllib.parse.urljoin(base, href)
    except ValueError:
        return ""


def absolute_url(base: str, href: str) -> str:
    """Resolve a link the way feedparser does (only safe schemes survive, else '').

    No link stays no link: feedparser's resolver would give the base itself.
    """
    href = href.strip()
    if not base or not href:
        return href
    return upstream.make_safe_absolute_uri(base, href)


_URL_ATTR = re.compile(
    r"""(<[a-zA-Z][^>]*?\s(?:href|src|cite|longdesc|action|background|poster|usemap)\s*=\s*)"""
    r"""(?:"([^"]*)"|'([^']*)')""",
)
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|#|//")


def resolve_html_urls(html: str, base: str) -> str:
    """Make the relative URLs in an HTML fragment absolute against `base`.

    Only quoted attribute values are touched; absolute URLs, fragments and
    scheme-relative URLs are left as they are.
    """
    if not base or "=" not in html:
        return html

    def fix(match: re.Match[str]) -> str:
        quote = '"' if match.group(2) is not None else "'"
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if not value or _ABSOLUTE.match(value):
            return match.group(0)
        return f"{match.group(1)}{quote}{absolute_url(base, value)}{quote}"

    return _URL_ATTR.sub(fix, html)


_SCHEME = re.compile(r"[\x00-\x20]*([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def safe_url(url: str) -> str:
    """Links we fetch and print must be http(s): javascript:, data:, file: ... become ''.

    The scheme is read as browsers read it (WHATWG URL): controls and spaces before it
    are skipped and tabs and newlines anywhere dropped, so "java\tscript:" is javascript:.
    """
    match = _SCHEME.match(_TAB_OR_NEWLINE.sub("", url))
    return url if not match or match.group(1).lower() in ("http", "https") else ""


def drop_unsafe_urls(feed: FeedData) -> None:
    """Blank every link, image and enclosure of the feed that is not http(s) or relative."""
    feed.link = safe_url(feed.link)
    for entry in feed.entries:
        entry.link, entry.image = safe_url(entry.link), safe_url(entry.image)
        entry.enclosures = [x for x in entry.enclosures if safe_url(x.href)]
