"""The elements of an item or entry: one handler per element, found by name.

A handler takes the entry being built, the element and the base URI inside it. Each format has
its own table (RSS in `rss`, Atom in `atom`); the extension elements any of them may carry
(content:encoded, dc:*, dcterms:*, media:*) are in EXTENSIONS here.
"""

from collections.abc import Callable
from typing import NamedTuple

from lxml import etree

from wiredesk.ingest.feeds.fast import media
from wiredesk.ingest.feeds.fast.entry import EntryBuilder
from wiredesk.ingest.feeds.fast.known import ITEM_INERT, no_children, prefix, unhandled
from wiredesk.ingest.feeds.fast.tree import BaseOf, Unsupported, children, ns
from wiredesk.ingest.feeds.fast.values import link_value, split_author, text
from wiredesk.ingest.feeds.text import rss_title
from wiredesk.ingest.feeds.types import Enclosure
from wiredesk.ingest.feeds.urls import join_url

Handler = Callable[[EntryBuilder, etree._Element, str], None]


class ItemFormat(NamedTuple):
    """What an item's own elements are: their namespace, their handlers, a name for errors."""

    namespace: str
    handlers: dict[str, Handler]
    kind: str


def read_children(
    entry: EntryBuilder, el: etree._Element, base: str, own: ItemFormat, base_of: BaseOf
) -> None:
    """Hand each child of an item or entry to its handler: the format's own elements from
    `own`, extensions from EXTENSIONS; anything the fast path does not copy sends the whole
    document to feedparser."""
    for child in children(el):
        uri, name = ns(child.tag)
        child_base = base_of(child, base)
        if uri == own.namespace:
            handler = own.handlers.get(name)
            if handler is None:
                raise Unsupported(f"unhandled {own.kind} element {name}")
        else:
            handler = EXTENSIONS.get((prefix(child), name))
            if handler is None:
                unhandled(child, ITEM_INERT)
                continue
        handler(entry, child, child_base)


def title(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.set_title(rss_title(text(el), base))


def link(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.link = link_value(text(el), base)


def description(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    _reject_typed(el)
    entry.add_summary(text(el), base, "text/html")


def content_encoded(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    _reject_typed(el)
    entry.add_content(text(el), base, "text/html")


def _reject_typed(el: etree._Element) -> None:
    if el.get("type") is not None or el.get("mode") is not None:
        raise Unsupported("typed RSS text element")


def guid(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    is_link = el.get("isPermaLink", el.get("ispermalink", "true")) == "true"
    value = text(el)
    if is_link and value:
        value = join_url(base, value)
    entry.guid = value
    if is_link and entry.guid_link is None and entry.link is None:
        entry.guid_link = value


def published(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.published = text(el)


def updated(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.updated = text(el)


def author(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.authors.append(split_author(text(el)))


def category(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.add_category(text(el), el.get("domain"))


def enclosure(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    href = el.get("url") if el.get("href") is None else el.get("href")
    entry.enclosures.append(Enclosure(href or "", el.get("length", ""), el.get("type", "")))


def inert(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    """Elements feedparser keeps under keys we do not map (comments, source, ...)."""
    no_children(el, prefix(el), ns(el.tag)[1])


EXTENSIONS: dict[tuple[str, str], Handler] = {
    ("content", "encoded"): content_encoded,
    ("dc", "title"): title,
    ("dc", "description"): description,
    ("dc", "creator"): author,
    ("dc", "author"): author,
    ("dc", "date"): updated,
    ("dc", "subject"): category,
    ("dc", "language"): inert,
    ("dc", "publisher"): inert,
    ("dc", "rights"): inert,
    ("dc", "identifier"): inert,
    ("dc", "source"): inert,
    ("dc", "format"): inert,
    ("dc", "type"): inert,
    ("dcterms", "created"): inert,
    ("dcterms", "issued"): published,
    ("dcterms", "modified"): updated,
    ("media", "thumbnail"): media.thumbnail,
    ("media", "content"): media.content,
    ("media", "group"): media.group,
    ("media", "title"): media.title,
    ("media", "category"): media.category,
}
"""Extension elements by feedparser's prefix and local name, in items of every format."""
