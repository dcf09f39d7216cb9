"""Feed bytes -> FeedData: the parsed feed and its entries, independent of the database.

feedparser handles every format (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, RDF, CDF);
JSON Feed is read directly.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time

import feedparser

from wiredesk.errors import FeedParseError


@dataclass
class EntryData:
    """One item of a feed, as the partner gave it."""

    guid: str
    link: str
    title: str = ""
    summary: str = ""
    content_html: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    image: str = ""


@dataclass
class FeedData:
    """A parsed feed: its own metadata and its entries in document order."""

    title: str = ""
    link: str = ""
    entries: list[EntryData] = field(default_factory=list)


def parse_feed(content: bytes, url: str = "", content_type: str = "") -> FeedData:
    """Parse a feed document; raise FeedParseError when it is no feed at all."""
    if _looks_like_json(content, content_type):
        return _parse_json_feed(content, url)
    parsed = feedparser.parse(content, response_headers={"content-location": url,
                                                         "content-type": content_type or "application/xml"})
    if parsed.bozo and not parsed.entries and not parsed.feed.get("title"):
        reason = getattr(parsed, "bozo_exception", None) or "not a feed"
        raise FeedParseError(url, f"not a feed: {reason}")
    entries = [_entry(e) for e in parsed.entries]
    return FeedData(parsed.feed.get("title", ""), parsed.feed.get("link", ""),
                    [e for e in entries if e.guid])


def _entry(e: feedparser.FeedParserDict) -> EntryData:
    content = e.get("content") or []
    html = max((c.get("value", "") for c in content), key=len, default="")
    link = e.get("link", "")
    media = e.get("media_thumbnail") or e.get("media_content") or []
    return EntryData(
        guid=e.get("id") or link or e.get("title", ""),
        link=link,
        title=e.get("title", ""),
        summary=e.get("summary", ""),
        content_html=html,
        published=_when(e.get("published_parsed")),
        updated=_when(e.get("updated_parsed")),
        authors=[a.get("name", "") for a in e.get("authors", []) if a.get("name")],
        categories=[t.get("term", "") for t in e.get("tags", []) if t.get("term")],
        image=(media[0].get("url", "") if media else ""),
    )


def _when(value: struct_time | None) -> datetime | None:
    if not value:
        return None
    return datetime(*value[:6], tzinfo=UTC)


def _looks_like_json(content: bytes, content_type: str) -> bool:
    return "json" in content_type or content.lstrip()[:1] == b"{"


def _parse_json_feed(content: bytes, url: str) -> FeedData:
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParseError(url, f"invalid JSON Feed: {exc}") from exc
    if not isinstance(doc, dict) or "items" not in doc:
        raise FeedParseError(url, "JSON document is not a JSON Feed (no 'items')")
    entries = []
    for item in doc.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or ""
        entries.append(EntryData(
            guid=str(item.get("id") or link),
            link=link,
            title=item.get("title") or "",
            summary=item.get("summary") or "",
            content_html=item.get("content_html") or "",
            published=_iso(item.get("date_published")),
            updated=_iso(item.get("date_modified")),
            authors=[a.get("name", "") for a in item.get("authors") or [] if isinstance(a, dict)],
            categories=[str(t) for t in item.get("tags") or []],
            image=item.get("image") or "",
        ))
    return FeedData(doc.get("title", ""), doc.get("home_page_url", ""), [e for e in entries if e.guid])


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
