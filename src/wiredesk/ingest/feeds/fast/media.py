"""Media RSS (media:*) inside an item or entry: thumbnails, media content, titles, categories."""

from lxml import etree

from wiredesk.ingest.feeds.fast.entry import EntryBuilder
from wiredesk.ingest.feeds.fast.known import MEDIA_INERT, prefix
from wiredesk.ingest.feeds.fast.tree import Unsupported, children, ns
from wiredesk.ingest.feeds.fast.values import atom_text, text
from wiredesk.ingest.feeds.text import html_title, rss_title

MEDIA_CATEGORY_SCHEME = "http://search.yahoo.com/mrss/category_schema"
"""The scheme feedparser gives a media:category that names none."""


def thumbnail(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.thumbnails.append(el.get("url") or text(el))


def content(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.media.append((el.get("url", ""), el.get("medium", ""), el.get("type", "")))
    group(entry, el, base)


def title(entry: EntryBuilder, el: etree._Element, base: str, depth: int = 1) -> None:
    """media:title is read as a title (feedparser maps it so), typed like an RSS or Atom one."""
    if entry.atom:
        value, mime = atom_text(el)
        entry.set_title(html_title(value, base, mime), depth, media=True)
    else:
        entry.set_title(rss_title(text(el), base, el.get("type")), depth, media=True)


def category(entry: EntryBuilder, el: etree._Element, base: str) -> None:
    entry.add_category(text(el), el.get("scheme", MEDIA_CATEGORY_SCHEME))


def group(entry: EntryBuilder, el: etree._Element, base: str, depth: int = 2) -> None:
    """media:group, or the children of a media:content; nested titles count as deeper."""
    for child in children(el):
        name = ns(child.tag)[1]
        if prefix(child) != "media":
            raise Unsupported("non-media element inside media")
        if name == "thumbnail":
            thumbnail(entry, child, base)
        elif name == "content":
            entry.media.append(
                (child.get("url", ""), child.get("medium", ""), child.get("type", ""))
            )
            group(entry, child, base, depth + 1)
        elif name == "title":
            title(entry, child, base, depth)
        elif name not in MEDIA_INERT:
            raise Unsupported(f"media:{name} maps onto entry fields")
