"""Find a site's feeds from its home page: `<link rel="alternate" type="...">` in the HTML.

This is what `wiredesk sources add URL` runs on the page it fetched. Only the feed media types
count (RSS, Atom, RDF and JSON Feed): rel="alternate" also names translations and print
versions. URLs are resolved against the page's `<base href>` when it has one, else against the
page URL (after redirects, so pass the final one), and only http(s) results are kept, each once,
in document order: the first is the site's main feed by convention.
"""

from typing import NamedTuple
from urllib.parse import urljoin

import lxml.html
from lxml import etree

FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/rdf+xml": "rdf",
    "application/feed+json": "json",
}


class FeedLink(NamedTuple):
    """A feed a page announces: absolute URL, kind (rss, atom, rdf, json) and title."""

    url: str
    kind: str
    title: str = ""


def discover_feeds(page: str | bytes, page_url: str) -> list[FeedLink]:
    """The feeds `page` links to with rel="alternate", absolute, each once."""
    root = _parse(page)
    if root is None:
        return []
    base = _base(root, page_url)
    found: list[FeedLink] = []
    seen: set[str] = set()
    for link in root.iter("link"):
        feed = _feed_link(link, base)
        if feed and feed.url not in seen:
            seen.add(feed.url)
            found.append(feed)
    return found


def _parse(page: str | bytes) -> etree._Element | None:
    if not page.strip():
        return None
    try:
        return lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return None


def _base(root: etree._Element, page_url: str) -> str:
    base = root.find(".//base[@href]")
    return urljoin(page_url, base.get("href", "").strip()) if base is not None else page_url


def _feed_link(link: etree._Element, base: str) -> FeedLink | None:
    rels = (link.get("rel") or "").lower().split()
    mime = (link.get("type") or "").split(";")[0].strip().lower()
    href = (link.get("href") or "").strip()
    if "alternate" not in rels or mime not in FEED_TYPES or not href:
        return None
    url = urljoin(base, href)
    if not url.startswith(("http://", "https://")):
        return None
    return FeedLink(url, FEED_TYPES[mime], (link.get("title") or "").strip())
