"""Feed bytes -> FeedData: the parsed feed and its entries, independent of the database.

Three readers, tried in this order:
  1. JSON Feed 1.0/1.1 (`jsonfeed`), read directly;
  2. the fast path (`fast`): lxml over well-formed RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) in the
     namespaces it knows, 15-25 times feedparser on full-article feeds (bench/feedparse.py);
  3. feedparser for everything else (`fallback`): Atom 0.3, RSS 0.9x, ill-formed XML, HTML
     entities, legacy encodings, unknown extensions, after `guards` has refused what it must not
     read. Both paths share `dates`, `text` and `urls`; tests check they give the same
     EntryData on golden pairs from feedparser's own corpus (tests/data/feeds/corpus), on
     hand-made precedence cases and on fuzzed documents.

Every feedparser internal the readers lean on comes through `upstream`, pinned to one minor
version. After reading, `urls.drop_unsafe_urls` blanks links that are not http(s), and
`identity.settle_identities` gives every entry a stable guid.
"""

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds import guards
from wiredesk.ingest.feeds.fallback import parse_with_feedparser
from wiredesk.ingest.feeds.fast import NOT_WELL_FORMED, attempt
from wiredesk.ingest.feeds.identity import settle_identities
from wiredesk.ingest.feeds.jsonfeed import looks_like_json, parse_json_feed
from wiredesk.ingest.feeds.types import Enclosure, EntryData, FeedData
from wiredesk.ingest.feeds.urls import drop_unsafe_urls

__all__ = ["Enclosure", "EntryData", "FeedData", "parse_feed", "parse_with_feedparser"]


def parse_feed(content: bytes, url: str = "", content_type: str = "") -> FeedData:
    """Parse a feed document; raise FeedParseError when it is no feed at all."""
    if len(content) > guards.MAX_FEED_BYTES:
        raise FeedParseError(url, f"not a feed: document of {len(content)} bytes is over the limit")
    if not content.strip():
        raise FeedParseError(url, "not a feed: empty document")
    if looks_like_json(content, content_type):
        feed = parse_json_feed(content, url)
    else:
        feed = _parse_xml(content, url, content_type)
    drop_unsafe_urls(feed)
    settle_identities(feed)
    return feed


def _parse_xml(content: bytes, url: str, content_type: str) -> FeedData:
    """The fast path when it accepts the document, else feedparser within bounds."""
    guards.refuse_non_markup(content, url)
    content, content_type = guards.undo_false_utf16(content, content_type)
    feed, reason = attempt(content, url, content_type)
    if feed is not None:
        return feed
    if reason.startswith(NOT_WELL_FORMED) and len(content) > guards.TOLERANT_MAX_BYTES:
        raise FeedParseError(url, f"not a feed: {reason}; too large for the tolerant parser")
    content, content_type, note = guards.tame_encoding(content, content_type)
    feed = parse_with_feedparser(content, url, content_type)
    feed.problems.extend(note)
    return feed
