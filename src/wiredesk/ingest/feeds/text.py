"""Entry fields both feed parsers derive the same way: titles that are HTML, the lead image."""

from wiredesk.ingest.feeds import upstream
from wiredesk.ingest.feeds.types import Enclosure
from wiredesk.ingest.feeds.urls import resolve_html_urls

TYPE_ALIASES = {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}
"""Atom's short type names -> the media types feedparser reports."""
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def html_title(value: str, base: str, mime: str) -> str:
    """A title typed as HTML has its relative URLs resolved, like any entry HTML."""
    if mime in HTML_TYPES and "<" in value:
        return resolve_html_urls(value, base)
    return value


def rss_title(value: str, base: str, declared: str | None = None) -> str:
    """RSS titles are text unless typed: feedparser calls them HTML when they look like it."""
    mime = TYPE_ALIASES.get((declared or "text/plain").lower(), (declared or "").lower())
    if mime == "text/plain" and "<" in value and upstream.looks_like_html(value):
        mime = "text/html"
    return html_title(value, base, mime)


def pick_image(
    thumbnails: list[str], media: list[tuple[str, str, str]], enclosures: list[Enclosure]
) -> str:
    """The entry's lead image: a media thumbnail, else an image media:content, else an
    image enclosure. Both parsers call this with what they found, in document order."""
    for url in thumbnails:
        if url:
            return url
    for url, medium, mime in media:
        if url and (medium == "image" or mime.startswith("image/") or not (medium or mime)):
            return url
    for enc in enclosures:
        if enc.href and enc.type.startswith("image/"):
            return enc.href
    return ""
