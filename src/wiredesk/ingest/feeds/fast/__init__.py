"""The fast path: well-formed RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) read with lxml.

feedparser reads a feed through SAX callbacks written in Python, which costs about 18 ms for a
feed of 20 full articles; building an lxml tree and walking the few elements we keep costs a
fraction of that. The fast path must give the same EntryData as the fallback, so it copies
feedparser's rules and hands back None, sending the document to feedparser, whenever it meets
something whose rules it does not copy:

- anything that is not well-formed XML, any DOCTYPE (entities: billion laughs, external files),
  any encoding trouble feedparser would flag (bozo): `decode`;
- Atom 0.3, RSS 0.9x, RSS 1.0 under an unknown namespace, items outside the channel: `rss`,
  `atom`;
- an element in a namespace that is neither handled here nor known to feed only fields we do not
  keep: `known`; markup inside a text element; Atom type="xhtml" (needs feedparser's
  serialisation); base64 content; Atom links with rel="alternate" inside RSS.

The modules, in the order a document meets them: `decode` (bytes), `tree` (the lxml tree and
xml:base), `rss` and `atom` (the formats), `items` and `media` (an entry's elements), `values`
(element text), `entry` (feedparser's precedence rules), `known` (what may be skipped).
Everything a reader needs arrives as arguments: the element, its base URI, and `base_of`, the
xml:base rule chosen once for the document.

Parser settings are the safe ones: no entity resolution, no DTD, no network, huge_tree off.
"""

from collections.abc import Callable

from lxml import etree

from wiredesk.ingest.feeds.fast.atom import read_atom
from wiredesk.ingest.feeds.fast.decode import decode
from wiredesk.ingest.feeds.fast.known import ATOM, RDF
from wiredesk.ingest.feeds.fast.rss import read_rdf, read_rss
from wiredesk.ingest.feeds.fast.tree import BaseOf, Unsupported, base_resolver
from wiredesk.ingest.feeds.types import FeedData

__all__ = ["NOT_WELL_FORMED", "attempt", "fallback_reason", "parse_fast"]

NOT_WELL_FORMED = "not well-formed"

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    strip_cdata=True,
    collect_ids=False,
)
"""One parser for every document: it holds only settings, and lxml locks a parser while it
parses, so threads that share it take turns (lxml's docs: sharing is not harmful)."""

_READERS: dict[str, Callable[[etree._Element, str, BaseOf], FeedData]] = {
    "rss": read_rss,
    f"{{{ATOM}}}feed": read_atom,
    f"{{{RDF}}}RDF": read_rdf,
}


def parse_fast(content: bytes, url: str = "", content_type: str = "") -> FeedData | None:
    """Read a well-formed RSS 2.0/Atom 1.0/RSS 1.0 document, or None to ask for the fallback."""
    return attempt(content, url, content_type)[0]


def fallback_reason(content: bytes, url: str = "", content_type: str = "") -> str:
    """Why the fast path would hand this document to feedparser ("" when it would not)."""
    return attempt(content, url, content_type)[1]


def attempt(content: bytes, url: str, content_type: str) -> tuple[FeedData | None, str]:
    """(the feed, "") or (None, why the fallback must read it)."""
    data, encoding = decode(content, content_type or "application/xml")
    if data is None:
        return None, f"encoding: {encoding}"
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return None, f"{NOT_WELL_FORMED}: {exc}"
    if root.getroottree().docinfo.doctype:
        return None, "DOCTYPE"
    reader = _READERS.get(root.tag)
    if reader is None:
        return None, f"root element {root.tag}"
    try:
        feed = reader(root, url, base_resolver(data))
    except Unsupported as exc:
        return None, str(exc)
    feed.encoding = encoding
    feed.parser = "fast"
    return feed, ""
