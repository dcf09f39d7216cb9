"""An entry being read by the fast path, with feedparser's precedence rules as methods."""

from dataclasses import dataclass, field

from wiredesk.ingest.feeds.dates import parse_date
from wiredesk.ingest.feeds.text import HTML_TYPES, pick_image
from wiredesk.ingest.feeds.types import Enclosure, EntryData
from wiredesk.ingest.feeds.urls import resolve_html_urls

Tag = tuple[str | None, str | None, str | None]
"""(term, scheme, label), as feedparser keeps a category."""


@dataclass
class EntryBuilder:
    """What the readers found in one item or entry, turned into EntryData by `build`.

    - title: the first non-empty one wins, a nested media:title only when the item has none
      at its own level (feedparser's title_depth and property-depth rules);
    - link, summary, guid, dates: the last element wins (feedparser overwrites);
    - a guid that is a permalink is resolved and becomes the link when there is no <link>;
    - the first content that is text or HTML also becomes the summary when there is none,
      and a second summary-like element after a summary becomes content;
    - tags are deduplicated on (term, scheme, label).
    """

    base: str
    atom: bool = False
    title: str = ""
    title_depth: int = -1
    title_stored_depth: int | None = None
    link: str | None = None
    guid_link: str | None = None
    guid: str = ""
    summary: str | None = None
    contents: list[tuple[str, str]] = field(default_factory=list)  # (html, base)
    summary_base: str = ""
    has_content: bool = False
    published: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    thumbnails: list[str] = field(default_factory=list)
    media: list[tuple[str, str, str]] = field(default_factory=list)  # (url, medium, type)

    def set_title(self, value: str, depth: int = 1, media: bool = False) -> None:
        if -1 < self.title_depth <= depth:
            return
        if self.title_stored_depth is None or depth <= self.title_stored_depth:
            self.title, self.title_stored_depth = value, depth
        if value and not media:
            self.title_depth = depth

    def add_summary(self, value: str, base: str, mime: str) -> None:
        if self.summary is not None and not self.has_content:
            self.add_content(value, base, mime)
            return
        self.summary, self.summary_base = value, base

    def add_content(self, value: str, base: str, mime: str) -> None:
        self.has_content = True
        self.contents.append((value, base))
        if (mime == "text/plain" or mime in HTML_TYPES) and self.summary is None:
            self.summary, self.summary_base = value, base

    def add_tag(
        self, term: str | None, scheme: str | None = None, label: str | None = None
    ) -> None:
        if (term or scheme or label) and (term, scheme, label) not in self.tags:
            self.tags.append((term, scheme, label))

    def add_category(self, value: str, scheme: str | None) -> None:
        """An RSS-style category (text with a scheme attribute): feedparser opens the tag with
        the scheme alone and gives the text to the last tag that still has no term."""
        self.add_tag(None, scheme, None)
        if value and self.tags and not self.tags[-1][0]:
            self.tags[-1] = (value, *self.tags[-1][1:])
        elif value:
            self.add_tag(value)

    def build(self) -> EntryData:
        link = self.link if self.link is not None else (self.guid_link or "")
        best = max(self.contents, key=lambda c: len(c[0]), default=("", ""))
        return EntryData(
            guid=self.guid,
            link=link,
            title=self.title,
            summary=resolve_html_urls(self.summary or "", self.summary_base),
            content_html=resolve_html_urls(best[0], best[1]),
            published=parse_date(self.published),
            updated=parse_date(self.updated),
            authors=[a for a in self.authors if a],
            categories=[t for t, _, _ in self.tags if t],
            image=pick_image(self.thumbnails, self.media, self.enclosures),
            enclosures=self.enclosures,
        )
