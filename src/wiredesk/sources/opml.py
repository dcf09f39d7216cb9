"""OPML import and export of feed lists: pure functions over bytes, no database.

Import reads OPML 1.0/2.0 as editors' tools write it: feeds are outlines with an `xmlUrl`
(attribute names compared case-insensitively, since exporters differ), folders are outlines
without one, and a feed's category is its folder path ("World/Africa") unless it carries an
OPML 2.0 `category` attribute. Relative URLs are made absolute against `base_url`; a feed listed
twice is kept once (the first). The XML parser resolves no entities and fetches nothing, so an
OPML file from anywhere is safe to read.

Export writes OPML 2.0 with one folder outline per category (nested on "/"), which import
reads back to the same list.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import NamedTuple
from urllib.parse import urljoin

from lxml import etree

from wiredesk.errors import WiredeskError

MAX_OPML_BYTES = 10 * 1024 * 1024


class OpmlError(WiredeskError):
    """The bytes are not an OPML document (carries the reason)."""


class OpmlFeed(NamedTuple):
    """One feed of a feed list, as OPML carries it."""

    title: str
    xml_url: str
    html_url: str = ""
    category: str = ""


def parse_opml(content: bytes, base_url: str = "") -> list[OpmlFeed]:
    """OPML bytes -> the feeds it lists, in document order, each once."""
    body = _root_body(content)
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()
    for feed in _walk(body, []):
        xml_url = urljoin(base_url, feed.xml_url) if base_url else feed.xml_url
        if not xml_url.startswith(("http://", "https://")) or xml_url in seen:
            continue
        seen.add(xml_url)
        html_url = urljoin(base_url, feed.html_url) if base_url and feed.html_url else feed.html_url
        feeds.append(feed._replace(xml_url=xml_url, html_url=html_url))
    return feeds


def _root_body(content: bytes) -> etree._Element:
    if len(content) > MAX_OPML_BYTES:
        raise OpmlError(f"OPML document of {len(content)} bytes is over the limit")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise OpmlError("OPML with a DOCTYPE is refused (entities are not expanded)")
    if _local(root) != "opml":
        raise OpmlError(f"root element is <{_local(root)}>, not <opml>")
    body = next((c for c in root if _local(c) == "body"), None)
    if body is None:
        raise OpmlError("OPML without a <body>")
    return body


def _walk(parent: etree._Element, folders: list[str]) -> Iterator[OpmlFeed]:
    for outline in parent:
        if _local(outline) != "outline":
            continue
        attrs = {k.lower(): v.strip() for k, v in outline.attrib.items() if isinstance(k, str)}
        label = attrs.get("title") or attrs.get("text", "")
        if attrs.get("xmlurl"):
            yield OpmlFeed(
                label,
                attrs["xmlurl"],
                attrs.get("htmlurl", ""),
                _category(attrs.get("category", ""), folders),
            )
        if len(outline):
            yield from _walk(outline, [*folders, label] if not attrs.get("xmlurl") else folders)


def _category(attribute: str, folders: list[str]) -> str:
    """OPML 2.0 `category` ("/World/Africa,/Tags/x": the first path) or the folder path."""
    first = attribute.split(",")[0].strip().strip("/")
    return first or "/".join(f for f in folders if f)


def _local(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def build_opml(
    feeds: Iterable[OpmlFeed | tuple[str, str, str, str]],
    title: str = "Wiredesk sources",
    now: datetime | None = None,
) -> bytes:
    """The feeds as an OPML 2.0 document, one folder outline per category level."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    stamp = format_datetime(now or datetime.now(UTC), usegmt=True)
    etree.SubElement(head, "dateCreated").text = stamp
    body = etree.SubElement(root, "body")
    folders: dict[str, etree._Element] = {"": body}
    for feed in map(OpmlFeed._make, feeds):
        parent = _folder(folders, feed.category.strip("/"))
        attrs = {"type": "rss", "text": feed.title, "title": feed.title, "xmlUrl": feed.xml_url}
        if feed.html_url:
            attrs["htmlUrl"] = feed.html_url
        etree.SubElement(parent, "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _folder(folders: dict[str, etree._Element], path: str) -> etree._Element:
    """The outline for a category path, made (with its parents) on first use."""
    if path in folders:
        return folders[path]
    parent_path, _, name = path.rpartition("/")
    parent = _folder(folders, parent_path)
    folders[path] = etree.SubElement(parent, "outline", text=name, title=name)
    return folders[path]
