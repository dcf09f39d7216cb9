"""The values a parsed feed is made of, built by every reader (fast path, feedparser, JSON Feed).

The package re-exports them: callers import them from `wiredesk.ingest.feeds`.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Enclosure:
    """A file attached to an entry (RSS <enclosure>, Atom rel="enclosure"), as the feed gave it."""

    href: str
    length: str = ""
    type: str = ""


@dataclass
class EntryData:
    """One item of a feed, as the partner gave it.

    `guid` is the identity ingest stores the entry under; `guid_source` says where it came from
    ("id": the feed's own guid/id, "link": its link, "hash": a hash of title and published),
    so that a weak identity can be told apart from a strong one.
    """

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
    enclosures: list[Enclosure] = field(default_factory=list)
    guid_source: str = "id"


@dataclass
class FeedData:
    """A parsed feed: its own metadata and its entries in document order.

    `bozo` is true when the document was not well-formed (it was read by the tolerant parser);
    `parser` names the path that read it ("fast", "feedparser" or "json"); `problems` lists
    what was repaired on the way (repeated guids, for example), for the feed's health record.
    """

    title: str = ""
    link: str = ""
    entries: list[EntryData] = field(default_factory=list)
    language: str = ""
    ttl: int | None = None
    version: str = ""
    encoding: str = ""
    bozo: bool = False
    parser: str = ""
    problems: list[str] = field(default_factory=list)
