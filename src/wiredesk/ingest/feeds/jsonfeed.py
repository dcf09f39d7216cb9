"""JSON Feed 1.0 and 1.1 (jsonfeed.org), read directly: feedparser 6 does not read it."""

import json
from typing import Any

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds.dates import parse_date
from wiredesk.ingest.feeds.types import Enclosure, EntryData, FeedData
from wiredesk.ingest.feeds.urls import absolute_url


def looks_like_json(content: bytes, content_type: str) -> bool:
    return "json" in content_type or content.lstrip()[:1] == b"{"


def parse_json_feed(content: bytes, url: str) -> FeedData:
    """A JSON Feed document -> FeedData; FeedParseError when it is no JSON Feed."""
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParseError(url, f"not a feed: invalid JSON Feed: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedParseError(url, "not a feed: JSON document is not a JSON Feed (no 'items' list)")
    entries = [_item(item, url) for item in doc["items"] if isinstance(item, dict)]
    return FeedData(
        _str(doc.get("title")),
        absolute_url(url, _str(doc.get("home_page_url"))),
        entries,
        language=_str(doc.get("language")),
        version="json1",
        encoding="utf-8",
        parser="json",
    )


def _item(item: dict[str, Any], base: str) -> EntryData:
    link = absolute_url(base, _str(item.get("url") or item.get("external_url")))
    authors = item.get("authors") or (
        [item["author"]] if isinstance(item.get("author"), dict) else []
    )
    return EntryData(
        guid=_str(item.get("id")),
        link=link,
        title=_str(item.get("title")),
        summary=_str(item.get("summary")),
        content_html=_str(item.get("content_html")) or _text_html(item.get("content_text")),
        published=parse_date(_str(item.get("date_published"))),
        updated=parse_date(_str(item.get("date_modified"))),
        authors=[_str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")],
        categories=[_str(t) for t in item.get("tags") or [] if t],
        image=absolute_url(base, _str(item.get("image") or item.get("banner_image"))),
        enclosures=_attachments(item, base),
    )


def _attachments(item: dict[str, Any], base: str) -> list[Enclosure]:
    attachments = [a for a in item.get("attachments") or [] if isinstance(a, dict)]
    return [
        Enclosure(
            absolute_url(base, _str(a.get("url"))),
            _str(a.get("size_in_bytes")),
            _str(a.get("mime_type")),
        )
        for a in attachments
        if a.get("url")
    ]


def _text_html(text: object) -> str:
    from wiredesk.extract.sanitize import text_to_html  # pure helper, no Django setup needed

    return text_to_html(text) if isinstance(text, str) else ""


def _str(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
