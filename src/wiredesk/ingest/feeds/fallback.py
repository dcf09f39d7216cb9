"""The tolerant path: feedparser's reading of a document, mapped onto FeedData.

feedparser runs with its own sanitizer and URI rewriting off: entry HTML goes through
`wiredesk.extract.sanitize.sanitize_html` (nh3) before it is stored, and relative URLs are
resolved by `urls.resolve_html_urls`, as on the fast path. Dates, titles and the lead image go
through the same helpers as the fast path, so where both read a document they agree.
"""

from typing import Any

import feedparser

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds.dates import parse_date
from wiredesk.ingest.feeds.text import html_title, pick_image
from wiredesk.ingest.feeds.types import Enclosure, EntryData, FeedData
from wiredesk.ingest.feeds.urls import resolve_html_urls


def parse_with_feedparser(content: bytes, url: str = "", content_type: str = "") -> FeedData:
    """The fallback: feedparser's tolerant reading, mapped onto FeedData (identities unsettled)."""
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(
            content, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser has no error tree; anything it raises means "no feed"
        raise FeedParseError(url, f"not a feed: feedparser failed: {exc!r}") from exc
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS, Atom or RDF root element"
        raise FeedParseError(url, f"not a feed: {reason}")
    meta = parsed.feed
    version = _s(parsed, "version")
    return FeedData(
        title=_title(meta),
        link=_link(meta, version),
        entries=[_entry(e, version, url) for e in parsed.entries],
        language=_s(meta, "language"),
        ttl=_int(_s(meta, "ttl")),
        version=version,
        encoding=_s(parsed, "encoding"),
        bozo=bool(parsed.get("bozo")),
        parser="feedparser",
    )


def _entry(e: Any, version: str, url: str) -> EntryData:
    contents = [c for c in _list(e, "content") if _s(c, "value")]
    best = max(contents, key=lambda c: len(_s(c, "value")), default={})
    # a summary copied from the content has no detail of its own: it shares the content's base
    summary = _dict(e, "summary_detail") or (contents[0] if contents else {"base": url})
    enclosures = [
        Enclosure(_s(x, "href"), _s(x, "length"), _s(x, "type"))
        for x in _list(e, "links")
        if _s(x, "rel") == "enclosure"
    ]
    return EntryData(
        guid=_s(e, "id"),
        link=_link(e, version),
        title=_title(e),
        summary=resolve_html_urls(_s(e, "summary"), _s(summary, "base")),
        content_html=resolve_html_urls(_s(best, "value"), _s(best, "base")),
        published=parse_date(_s(e, "published")),  # same date rules as the fast path
        updated=parse_date(_s(e, "updated")),  # dict.get: no FeedParserDict fallback
        authors=[_s(a, "name") for a in _list(e, "authors") if _s(a, "name")],
        categories=[_s(t, "term") for t in _list(e, "tags") if _s(t, "term")],
        image=pick_image(
            [_s(m, "url") for m in _list(e, "media_thumbnail")],
            [(_s(m, "url"), _s(m, "medium"), _s(m, "type")) for m in _list(e, "media_content")],
            enclosures,
        ),
        enclosures=enclosures,
    )


def _s(d: Any, key: str) -> str:
    """A string field of feedparser's result; "" when absent or not a string (None happens
    on broken input). dict.get skips FeedParserDict's deprecated key fallbacks."""
    value = dict.get(d, key) if isinstance(d, dict) else None
    return value if isinstance(value, str) else ""


def _list(d: Any, key: str) -> list[Any]:
    value = dict.get(d, key) if isinstance(d, dict) else None
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _dict(d: Any, key: str) -> dict[str, Any]:
    value = dict.get(d, key) if isinstance(d, dict) else None
    return value if isinstance(value, dict) else {}


def _title(e: Any) -> str:
    detail = _dict(e, "title_detail")
    return html_title(_s(e, "title"), _s(detail, "base"), _s(detail, "type"))


def _link(e: Any, version: str) -> str:
    """The entry's link; in Atom, not the id that feedparser 6 copies into `link`.

    An Atom id is a name, not an address (the upstream corpus expects it left alone), so the
    fast path never turns it into a link; this keeps the fallback in step with it.
    """
    link = _s(e, "link")
    if version.startswith("atom") and not any(_s(x, "href") == link for x in _list(e, "links")):
        return ""  # every real Atom link is in `links`; one that is not came from an id
    return link


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
