"""RSS 2.0 and RSS 1.0 (RDF): the channel, its items, and what feedparser does with them."""

from lxml import etree

from wiredesk.ingest.feeds.fast import items
from wiredesk.ingest.feeds.fast.entry import EntryBuilder
from wiredesk.ingest.feeds.fast.known import (
    ATOM,
    CHANNEL_INERT,
    DC,
    RDF,
    RSS1,
    no_children,
    unhandled,
)
from wiredesk.ingest.feeds.fast.tree import XML_LANG, BaseOf, Unsupported, children, lang, ns
from wiredesk.ingest.feeds.fast.values import as_int, link_value, text
from wiredesk.ingest.feeds.text import rss_title
from wiredesk.ingest.feeds.types import FeedData

_ITEM_HANDLERS: dict[str, items.Handler] = {
    "title": items.title,
    "link": items.link,
    "description": items.description,
    "guid": items.guid,
    "pubDate": items.published,
    "author": items.author,
    "category": items.category,
    "enclosure": items.enclosure,
    "comments": items.inert,
    "source": items.inert,
}
RSS20_ITEM = items.ItemFormat("", _ITEM_HANDLERS, "item")
RSS10_ITEM = items.ItemFormat(RSS1, _ITEM_HANDLERS, "item")

_CHANNEL_FIELDS = frozenset({"item", "title", "link", "language", "ttl"})
_DC_FIELDS = frozenset({"title", "language"})


def read_rss(root: etree._Element, url: str, base_of: BaseOf) -> FeedData:
    """<rss version="2.0"> with exactly one channel and every item inside it."""
    if root.get("version") != "2.0":
        raise Unsupported("RSS version other than 2.0")
    base = base_of(root, url)
    channels = [c for c in children(root) if c.tag == "channel"]
    if len(channels) != 1 or any(c.tag == "item" for c in children(root)):
        raise Unsupported("items outside a single channel")
    feed = FeedData(language=lang(root), version="rss20")
    _read_channel(channels[0], base, feed, RSS20_ITEM, base_of)
    return feed


def read_rdf(root: etree._Element, url: str, base_of: BaseOf) -> FeedData:
    """<rdf:RDF> with an RSS 1.0 channel; its items are the channel's siblings."""
    base = base_of(root, url)
    feed = FeedData(language=lang(root), version="rss10")
    seen_channel = False
    for child in children(root):
        if child.tag == f"{{{RSS1}}}channel":
            _read_channel(child, base, feed, RSS10_ITEM, base_of)
            seen_channel = True
        elif child.tag == f"{{{RSS1}}}item":
            item_base = base_of(child, base)
            feed.entries.append(_read_item(child, item_base, RSS10_ITEM, base_of).build())
        elif ns(child.tag)[0] != RSS1:
            unhandled(child)
        elif child.tag != f"{{{RSS1}}}image" and child.tag != f"{{{RSS1}}}textinput":
            raise Unsupported(f"unknown element {child.tag} in rdf:RDF")
    if not seen_channel:
        raise Unsupported("RDF without an RSS 1.0 channel")
    return feed


def _read_channel(
    channel: etree._Element, base: str, feed: FeedData, item: items.ItemFormat, base_of: BaseOf
) -> None:
    base = base_of(channel, base)
    if channel.get(XML_LANG):
        raise Unsupported("xml:lang on the channel")
    for child in children(channel):
        uri, name = ns(child.tag)
        if (uri == item.namespace and name in _CHANNEL_FIELDS) or (
            uri == DC and name in _DC_FIELDS
        ):
            _channel_field(child, name, base_of(child, base), feed, item, base_of)
        elif uri == ATOM and name == "link":
            _atom_link_in_rss(child)
        elif uri in (item.namespace, ATOM):
            if ("", name) not in CHANNEL_INERT:
                raise Unsupported(f"unhandled channel element {child.tag}")
            no_children(child, "", name)
        else:
            unhandled(child, CHANNEL_INERT)


def _channel_field(
    el: etree._Element,
    name: str,
    base: str,
    feed: FeedData,
    item: items.ItemFormat,
    base_of: BaseOf,
) -> None:
    if name == "item":
        feed.entries.append(_read_item(el, base, item, base_of).build())
    elif name == "title":
        feed.title = rss_title(text(el), base)
    elif name == "link":
        feed.link = link_value(text(el), base)
    elif name == "language":
        feed.language = text(el)
    elif name == "ttl":
        feed.ttl = as_int(text(el))


def _atom_link_in_rss(el: etree._Element) -> None:
    """atom:link rel="self"/"hub"/... only adds to links; an alternate one would set `link`."""
    if el.get("rel", "alternate") == "alternate" or (el.text and el.text.strip()):
        raise Unsupported("atom:link that may set the link")


def _read_item(
    el: etree._Element, base: str, item: items.ItemFormat, base_of: BaseOf
) -> EntryBuilder:
    entry = EntryBuilder(base)
    about = el.get(f"{{{RDF}}}about")
    if about:
        entry.guid = about
    if el.get(XML_LANG):
        raise Unsupported("xml:lang on an item")
    items.read_children(entry, el, base, item, base_of)
    return entry
