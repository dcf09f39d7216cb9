"""Which elements the fast path may skip, and which send the document to feedparser.

feedparser dispatches on its own prefix for each namespace URI, not on the URI; an element in a
namespace whose elements it maps onto fields we keep ("risky") must be handled here or the
document goes to the fallback. Elements it files under keys we drop ("inert") are skipped.
"""

from lxml import etree

from wiredesk.ingest.feeds import upstream
from wiredesk.ingest.feeds.fast.tree import Unsupported, ns

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1 = "http://purl.org/rss/1.0/"

_PREFIXES: dict[str, str] = {uri.lower(): prefix for uri, prefix in upstream.NAMESPACES.items()}
_RISKY = frozenset({"", "dc", "dcterms", "content", "media", "itunes", "xhtml", "rdf"})
"""Prefixes whose elements feedparser may map onto fields we keep: unhandled ones -> fallback.
Every other prefix (sy, slash, wfw, georss, feedburner, thr, cc ...) feeds only fields we drop."""
_KNOWN_PREFIXES = frozenset(_PREFIXES.values())
_SAFE_KNOWN = _KNOWN_PREFIXES - _RISKY

CONTAINERS = frozenset(
    {
        ("", "image"),
        ("", "textinput"),
        ("", "textInput"),
        ("", "cloud"),
        ("itunes", "owner"),
        ("itunes", "category"),
        ("media", "community"),
        ("media", "scenes"),
    }
)
"""Skipped elements whose children feedparser files away from the fields we keep."""

CHANNEL_INERT = frozenset(
    {
        ("itunes", n)
        for n in (
            "summary",
            "author",
            "explicit",
            "image",
            "subtitle",
            "owner",
            "category",
            "keywords",
            "block",
            "type",
            "new-feed-url",
        )
    }
    | {
        ("dc", n)
        for n in (
            "creator",
            "publisher",
            "rights",
            "date",
            "subject",
            "description",
            "contributor",
            "identifier",
            "source",
            "format",
            "type",
        )
    }
    | {("dcterms", n) for n in ("modified", "issued", "created", "valid", "license")}
    | {
        ("", n)
        for n in (
            "description",
            "pubDate",
            "lastBuildDate",
            "generator",
            "docs",
            "copyright",
            "managingEditor",
            "webMaster",
            "category",
            "cloud",
            "image",
            "textInput",
            "skipHours",
            "skipDays",
            "rating",
        )
    }
)
ITEM_INERT = frozenset(
    {
        ("dc", n)
        for n in (
            "language",
            "publisher",
            "rights",
            "identifier",
            "source",
            "format",
            "type",
            "contributor",
            "relation",
            "coverage",
        )
    }
    | {("dcterms", n) for n in ("created", "valid", "license")}
)
MEDIA_INERT = frozenset(
    {
        "credit",
        "rating",
        "player",
        "copyright",
        "hash",
        "restriction",
        "license",
        "embed",
        "status",
        "price",
        "peerLink",
        "location",
        "rights",
        "scenes",
        "community",
        "comments",
        "responses",
        "backLinks",
        "statistics",
        "starRating",
        "tags",
        "subTitle",
        "text",
    }
)


def prefix(el: etree._Element) -> str:
    """feedparser's prefix for an element: from its table, else the document's own prefix."""
    known = _PREFIXES.get(ns(el.tag)[0].lower())
    if known is not None:
        return known
    return el.prefix or "?"


def unhandled(el: etree._Element, inert: frozenset[tuple[str, str]] = frozenset()) -> None:
    """Skip an element we have no handler for, or refuse when feedparser might use it."""
    name, local = prefix(el), ns(el.tag)[1]
    if not ((name, local) in inert or (name == "media" and local in MEDIA_INERT)) and (
        name in _RISKY or (name in _KNOWN_PREFIXES and name not in _SAFE_KNOWN)
    ):
        raise Unsupported(f"unhandled element {el.tag}")
    no_children(el, name, local)


def no_children(el: etree._Element, prefix: str, local: str) -> None:
    """feedparser reacts to elements at any depth (a <title> inside <wfw:commentRss> becomes
    the entry's title), so a skipped element must be a leaf unless it is a known container."""
    if len(el) and (prefix, local) not in CONTAINERS:
        raise Unsupported(f"skipped element {el.tag} has children")
