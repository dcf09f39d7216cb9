"""Atom 1.0: the feed element, its entries, and what feedparser does with them."""

from lxml import etree

from wiredesk.ingest.feeds.fast import items
from wiredesk.ingest.feeds.fast.entry import EntryBuilder
from wiredesk.ingest.feeds.fast.known import ATOM, CHANNEL_INERT, unhandled
from wiredesk.ingest.feeds.fast.tree import XML_LANG, BaseOf, Unsupported, children, lang, ns
from wiredesk.ingest.feeds.fast.values import atom_text, text
from wiredesk.ingest.feeds.text import HTML_TYPES, TYPE_ALIASES, html_title
from wiredesk.ingest.feeds.types import Enclosure, FeedData
from wiredesk.ingest.feeds.urls import join_url

_FEED_INERT = frozenset(
    {
        "id",
        "updated",
        "author",
        "contributor",
        "category",
        "generator",
        "icon",
        "logo",
        "rights",
        "subtitle",
    }
)
_FEED_EXTENSIONS_INERT = CHANNEL_INERT - {("dc", "title"), ("dc", "language")}


def read_atom(root: etree._Element, url: str, base_of: BaseOf) -> FeedData:
    """<feed xmlns="http://www.w3.org/2005/Atom">: its title, alternate link and entries."""
    base = base_of(root, url)
    feed = FeedData(language=lang(root), version="atom10")
    for child in children(root):
        uri, name = ns(child.tag)
        child_base = base_of(child, base)
        if uri != ATOM:
            unhandled(child, _FEED_EXTENSIONS_INERT)
        elif name == "entry":
            feed.entries.append(_read_entry(child, child_base, base_of).build())
        elif name == "title":
            feed.title = _title_value(child, child_base)
        elif name not in _FEED_INERT and name != "link":
            raise Unsupported(f"unhandled atom element {name} in the feed")
        elif name == "link":
            href = _alternate_href(child, child_base)
            if href is not None:
                feed.link = href
    return feed


def _alternate_href(el: etree._Element, base: str) -> str | None:
    """The href when this link sets `link` (rel alternate, HTML type), else None."""
    rel = el.get("rel", "alternate")
    mime = el.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
    mime = TYPE_ALIASES.get(mime, mime)
    href = el.get("href")
    if href is None:
        raise Unsupported("atom:link without href")
    if rel == "alternate" and mime in HTML_TYPES:
        return join_url(base, href)
    return None


def _title_value(el: etree._Element, base: str) -> str:
    value, mime = atom_text(el)
    return html_title(value, base, mime)


def _read_entry(el: etree._Element, base: str, base_of: BaseOf) -> EntryBuilder:
    entry = EntryBuilder(base, atom=True)
    if el.get(XML_LANG):
        raise Unsupported("xml:lang on an entry")
    items.read_children(entry, el, base, ENTRY, base_of)
    return entry


def _title(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.set_title(_title_value(el, base))


def _link(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    href = _alternate_href(el, base)
    if href is not None:
        entry.link = href
    elif el.get("rel") == "enclosure":
        entry.enclosures.append(
            Enclosure(
                join_url(base, el.get("href", "")),
                el.get("length", ""),
                el.get("type", "text/html"),
            )
        )


def _id(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.guid = text(el)


def _summary(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    value, mime = atom_text(el)
    entry.add_summary(value, base, mime)


def _content(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    if el.get("src") is not None:
        raise Unsupported("out-of-line content")
    value, mime = atom_text(el)
    entry.add_content(value, base, mime)


def _author(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    names = [c for c in children(el) if c.tag == f"{{{ATOM}}}name"]
    if el.text and el.text.strip():
        raise Unsupported("atom:author with text")
    entry.authors.append((names[-1].text or "").strip() if names else "")


def _category(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.add_tag(el.get("term"), el.get("scheme"), el.get("label"))
    if el.text and el.text.strip():
        raise Unsupported("atom:category with text")


def _container(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    """atom:source and atom:contributor: feedparser files their children elsewhere."""


ENTRY = items.ItemFormat(
    ATOM,
    {
        "title": _title,
        "link": _link,
        "id": _id,
        "summary": _summary,
        "content": _content,
        "published": items.published,
        "updated": items.updated,
        "author": _author,
        "category": _category,
        "contributor": _container,
        "rights": items.inert,
        "source": _container,
    },
    "atom",
)
