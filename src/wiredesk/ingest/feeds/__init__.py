"""Feed bytes -> FeedData: the parsed feed and its entries, independent of the database.

Three readers, tried in this order:
  1. JSON Feed 1.0/1.1, read directly;
  2. the fast path (`feed_fast`): lxml over well-formed RSS 2.0, Atom 1.0 and RSS 1.0 (RDF)
     in the namespaces it knows, 15-25 times feedparser on full-article feeds
     (bench/feedparse.py);
  3. feedparser for everything else: Atom 0.3, RSS 0.9x, ill-formed XML, HTML entities,
     legacy encodings, unknown extensions. Both paths share `feed_text`; tests check they give
     the same EntryData on every corpus case the fast path accepts, on hand-made precedence
     cases and on fuzzed documents.

feedparser runs with its own sanitizer and URI rewriting off: entry HTML goes through
`wiredesk.extract.sanitize.sanitize_html` (nh3) before it is stored, and relative URLs are
resolved by `feed_text.resolve_html_urls` on both paths alike.

After parsing, `_settle_identities` gives every entry a stable guid (the feed's id, else its
link, else a hash of title and published) and repairs guids repeated inside one document.
"""

import hashlib
import json
import re
from collections import Counter
from typing import Any

import feedparser

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds.fast import NOT_WELL_FORMED, attempt
from wiredesk.ingest.feeds.text import (
    absolute_url,
    html_title,
    parse_date,
    pick_image,
    resolve_html_urls,
)
from wiredesk.ingest.feeds.types import Enclosure, EntryData, FeedData

__all__ = ["Enclosure", "EntryData", "FeedData", "parse_feed", "parse_with_feedparser"]

MAX_FEED_BYTES = 50 * 1024 * 1024
"""Above this a document is refused unparsed: no partner feed is that large, a bomb may be."""


def parse_feed(content: bytes, url: str = "", content_type: str = "") -> FeedData:
    """Parse a feed document; raise FeedParseError when it is no feed at all."""
    if len(content) > MAX_FEED_BYTES:
        raise FeedParseError(url, f"not a feed: document of {len(content)} bytes is over the limit")
    if not content.strip():
        raise FeedParseError(url, "not a feed: empty document")
    if _looks_like_json(content, content_type):
        feed = _parse_json_feed(content, url)
    else:
        feed = _parse_xml(content, url, content_type)
    _drop_unsafe_urls(feed)
    _settle_identities(feed)
    return feed


def _parse_xml(content: bytes, url: str, content_type: str) -> FeedData:
    """The fast path when it accepts the document, else feedparser within bounds."""
    _refuse_non_markup(content, url)
    content, content_type = _undo_false_utf16(content, content_type)
    feed, reason = attempt(content, url, content_type)
    if feed is not None:
        return feed
    if reason.startswith(NOT_WELL_FORMED) and len(content) > TOLERANT_MAX_BYTES:
        raise FeedParseError(url, f"not a feed: {reason}; too large for the tolerant parser")
    content, content_type, note = _tame_encoding(content, content_type)
    feed = parse_with_feedparser(content, url, content_type)
    feed.problems.extend(note)
    return feed


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
    return FeedData(
        title=_title(meta),
        link=_link(meta, parsed.get("version", "")),
        entries=[_entry_from_feedparser(e, parsed.get("version", ""), url) for e in parsed.entries],
        language=_s(meta, "language"),
        ttl=_int(_s(meta, "ttl")),
        version=_s(parsed, "version"),
        encoding=_s(parsed, "encoding"),
        bozo=bool(parsed.get("bozo")),
        parser="feedparser",
    )


def _entry_from_feedparser(e: Any, version: str, url: str) -> EntryData:
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


_SCHEME = re.compile(r"[\x00-\x20]*([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _safe_url(url: str) -> str:
    """Links we fetch and print must be http(s): javascript:, data:, file: ... become ''.

    The scheme is read as browsers read it (WHATWG URL): controls and spaces before it
    are skipped and tabs and newlines anywhere dropped, so "java\tscript:" is javascript:.
    """
    match = _SCHEME.match(_TAB_OR_NEWLINE.sub("", url))
    return url if not match or match.group(1).lower() in ("http", "https") else ""


def _drop_unsafe_urls(feed: FeedData) -> None:
    feed.link = _safe_url(feed.link)
    for entry in feed.entries:
        entry.link, entry.image = _safe_url(entry.link), _safe_url(entry.image)
        entry.enclosures = [x for x in entry.enclosures if _safe_url(x.href)]


def _settle_identities(feed: FeedData) -> None:
    """Give every entry a guid ingest can store it under, and repair repeats.

    An entry without an id takes its link, else a hash of title and published. When one guid
    is repeated inside the document: exact copies are dropped; otherwise each holder falls
    back to its link (when the links differ) or to a content hash, and the repair is noted in
    `feed.problems`.
    """
    for entry in feed.entries:
        if not entry.guid:
            entry.guid, entry.guid_source = _fallback_identity(entry)
    counts = Counter(e.guid for e in feed.entries)
    repeated = {g for g, n in counts.items() if n > 1}
    if not repeated:
        return
    kept: list[EntryData] = []
    seen: set[tuple[str, str, str, str]] = set()
    for entry in feed.entries:
        if entry.guid in repeated:
            key = (entry.guid, entry.link, entry.title, str(entry.published))
            if key in seen:
                continue
            seen.add(key)
        kept.append(entry)
    feed.entries = kept
    _split_repeated(feed, repeated)


def _split_repeated(feed: FeedData, repeated: set[str]) -> None:
    holders = [e for e in feed.entries if e.guid in repeated]
    links = Counter(e.link for e in holders)
    for entry in holders:
        original = entry.guid
        if entry.link and links[entry.link] == 1 and entry.link != original:
            entry.guid, entry.guid_source = entry.link, "link"
        else:
            entry.guid, entry.guid_source = _hash_identity(entry, salt=original), "hash"
    feed.problems.append(
        f"{len(holders)} entries share {len(repeated)} guid(s); "
        "identity taken from link or content hash"
    )


def _fallback_identity(entry: EntryData) -> tuple[str, str]:
    if entry.link:
        return entry.link, "link"
    return _hash_identity(entry), "hash"


def _hash_identity(entry: EntryData, salt: str = "") -> str:
    published = entry.published.isoformat() if entry.published else ""
    key = "\x1f".join((salt, entry.link, entry.title, published))
    return "sha1:" + hashlib.sha1(key.encode("utf-8")).hexdigest()


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


TOLERANT_MAX_BYTES = 4 * 1024 * 1024
"""feedparser's tolerant (SGML) parser reads ill-formed XML at roughly 100 KB/s at worst: an
ill-formed document above this is refused, so that one feed cannot hold a worker a minute."""
_UNICODE_STARTS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"<\x00",
    b"\x00<",
    b"\x00\x00\x00<",
    b"\x4c\x6f\xa7\x94",
)
CHARDET_LIMIT = 1024 * 1024
"""Above this, undecodable bytes are replaced rather than handed to chardet (about a second
per 100 KB in feedparser's fallback): a large feed in a broken encoding is read as windows-1252."""


def _refuse_non_markup(content: bytes, url: str) -> None:
    """Binary junk or plain text is no feed: refuse it before the tolerant parser tries."""
    if content.startswith(_UNICODE_STARTS):
        return  # a BOM, UTF-16/32 or EBCDIC '<?xm': feedparser's converter knows them
    if content.lstrip()[:1] != b"<":
        raise FeedParseError(url, "not a feed: not XML, the document does not start with markup")


FALSE_UTF16 = re.compile(rb"""(encoding\s*=\s*["'])utf-16[^"']*(["'])""", re.IGNORECASE)


def _undo_false_utf16(content: bytes, content_type: str) -> tuple[bytes, str]:
    """A document that declares UTF-16 but is plainly single-byte (no BOM, no NUL in its
    first bytes, valid UTF-8) is read as UTF-8: the declaration is the partner's mistake.
    """
    head = content[:512]
    declared = b"utf-16" in head.lower() or "utf-16" in content_type.lower()
    if not declared or content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return content, content_type
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return content, content_type
    fixed = FALSE_UTF16.sub(rb"\1utf-8\2", head, count=1) + content[512:]
    return fixed, re.sub(r"(?i)utf-16\S*", "utf-8", content_type)


def _tame_encoding(content: bytes, content_type: str) -> tuple[bytes, str, list[str]]:
    """Keep the fallback's time bounded on large documents whose bytes do not decode."""
    if len(content) <= CHARDET_LIMIT:
        return content, content_type, []
    try:
        content.decode("utf-8")
        return content, content_type, []
    except UnicodeDecodeError:
        text = content.decode("windows-1252", errors="replace")
    note = ["large document not valid UTF-8: read as windows-1252 without detection"]
    return text.encode("utf-8"), "application/xml; charset=utf-8", note


def _looks_like_json(content: bytes, content_type: str) -> bool:
    return "json" in content_type or content.lstrip()[:1] == b"{"


def _parse_json_feed(content: bytes, url: str) -> FeedData:
    try:
        doc = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedParseError(url, f"not a feed: invalid JSON Feed: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise FeedParseError(url, "not a feed: JSON document is not a JSON Feed (no 'items' list)")
    entries = [_json_item(item, url) for item in doc["items"] if isinstance(item, dict)]
    return FeedData(
        _str(doc.get("title")),
        absolute_url(url, _str(doc.get("home_page_url"))),
        entries,
        language=_str(doc.get("language")),
        version="json1",
        encoding="utf-8",
        parser="json",
    )


def _json_item(item: dict[str, Any], base: str) -> EntryData:
    link = absolute_url(base, _str(item.get("url") or item.get("external_url")))
    authors = item.get("authors") or (
        [item["author"]] if isinstance(item.get("author"), dict) else []
    )
    attachments = [a for a in item.get("attachments") or [] if isinstance(a, dict)]
    enclosures = [
        Enclosure(
            absolute_url(base, _str(a.get("url"))),
            _str(a.get("size_in_bytes")),
            _str(a.get("mime_type")),
        )
        for a in attachments
        if a.get("url")
    ]
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
        enclosures=enclosures,
    )


def _text_html(text: object) -> str:
    from wiredesk.extract.sanitize import text_to_html  # pure helper, no Django setup needed

    return text_to_html(text) if isinstance(text, str) else ""


def _str(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
