"""The fast path: well-formed RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) read with lxml.

feedparser reads a feed through SAX callbacks written in Python, which costs about 18 ms for a
feed of 20 full articles; building an lxml tree and walking the few elements we keep costs
a fraction of that. The fast path must give the same EntryData as the fallback, so it copies
feedparser's rules (listed in `_Entry` and the readers below) and hands back None, sending the
document to feedparser, whenever it meets something whose rules it does not copy:

- anything that is not well-formed XML, any DOCTYPE (entities: billion laughs, external files),
  any encoding trouble feedparser would flag (bozo);
- Atom 0.3, RSS 0.9x, RSS 1.0 under an unknown namespace, items outside the channel;
- an element in a namespace that is neither handled here nor known to feed only fields we do not
  keep (`_unhandled`); markup inside a text element; Atom type="xhtml" (needs feedparser's
  serialisation); base64 content; Atom links with rel="alternate" inside RSS.

Parser settings are the safe ones: no entity resolution, no DTD, no network, huge_tree off.
"""

import contextlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from feedparser.encodings import convert_to_utf8, parse_content_type
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin, make_safe_absolute_uri
from lxml import etree

from wiredesk.ingest.feeds.text import (
    html_title,
    parse_date,
    pick_image,
    resolve_html_urls,
    rss_title,
)
from wiredesk.ingest.feeds.types import Enclosure, EntryData, FeedData

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MEDIA = "http://search.yahoo.com/mrss/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1 = "http://purl.org/rss/1.0/"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_PREFIXES: dict[str, str] = {
    uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()
}
"""feedparser's table of namespaces: it dispatches on these prefixes, not on the URIs."""
_RISKY = frozenset({"", "dc", "dcterms", "content", "media", "itunes", "xhtml", "rdf"})
"""Prefixes whose elements feedparser may map onto fields we keep: unhandled ones -> fallback.
Every other prefix (sy, slash, wfw, georss, feedburner, thr, cc ...) feeds only fields we drop."""
_KNOWN_PREFIXES = frozenset(_PREFIXES.values())


def _prefix(el: etree._Element) -> str:
    """feedparser's prefix for an element: from its table, else the document's own prefix."""
    uri = _ns(el.tag)[0]
    known = _PREFIXES.get(uri.lower())
    if known is not None:
        return known
    return el.prefix or "?"


def _unhandled(el: etree._Element, inert: frozenset[tuple[str, str]] = frozenset()) -> None:
    """Skip an element we have no handler for, or refuse when feedparser might use it."""
    prefix, local = _prefix(el), _ns(el.tag)[1]
    if not ((prefix, local) in inert or (prefix == "media" and local in _MEDIA_INERT)) and (
        prefix in _RISKY or (prefix in _KNOWN_PREFIXES and prefix not in _SAFE_KNOWN)
    ):
        raise _Unsupported(f"unhandled element {el.tag}")
    _no_children(el, prefix, local)


def _no_children(el: etree._Element, prefix: str, local: str) -> None:
    """feedparser reacts to elements at any depth (a <title> inside <wfw:commentRss> becomes
    the entry's title), so a skipped element must be a leaf unless it is a known container."""
    if len(el) and (prefix, local) not in _CONTAINERS:
        raise _Unsupported(f"skipped element {el.tag} has children")


_CONTAINERS = frozenset(
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


_SAFE_KNOWN = _KNOWN_PREFIXES - _RISKY
_CHANNEL_INERT = frozenset(
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
_ITEM_INERT = frozenset(
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
_MEDIA_INERT = frozenset(
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
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TYPE_ALIASES = {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}
_C1 = tuple(map(chr, range(0x80, 0xA0)))  # 32 substring scans beat one regex 7 to 1
_CP1252 = {c: bytes([c]).decode("cp1252", "replace") for c in range(0x80, 0xA0)}
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")
_local = threading.local()


NOT_WELL_FORMED = "not well-formed"


class _Unsupported(Exception):
    """Raised inside the readers when feedparser's rules for this document are not copied."""


def parse_fast(content: bytes, url: str = "", content_type: str = "") -> FeedData | None:
    """Read a well-formed RSS 2.0/Atom 1.0/RSS 1.0 document, or None to ask for the fallback."""
    return attempt(content, url, content_type)[0]


def fallback_reason(content: bytes, url: str = "", content_type: str = "") -> str:
    """Why the fast path would hand this document to feedparser ("" when it would not)."""
    return attempt(content, url, content_type)[1]


def attempt(content: bytes, url: str, content_type: str) -> tuple[FeedData | None, str]:
    """(the feed, "") or (None, why the fallback must read it)."""
    data, encoding = _decode(content, content_type or "application/xml")
    if data is None:
        return None, f"encoding: {encoding}"
    try:
        root = etree.fromstring(data, _parser())
        _local.has_base = b"xml:base" in data  # most feeds have none: skip the lookups
    except (etree.XMLSyntaxError, ValueError) as exc:
        return None, f"{NOT_WELL_FORMED}: {exc}"
    if root.getroottree().docinfo.doctype:
        return None, "DOCTYPE"
    reader = _READERS.get(root.tag)
    if reader is None:
        return None, f"root element {root.tag}"
    try:
        feed = reader(root, url)
    except _Unsupported as exc:
        return None, str(exc)
    feed.encoding = encoding
    feed.parser = "fast"
    return feed, ""


_XML_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding=['\"]([^'\"]*)['\"]")


def _decode(content: bytes, content_type: str) -> tuple[bytes | None, str]:
    """(bytes lxml can read, the encoding feedparser would report), or (None, why not).

    feedparser's RFC 3023 rules for the plain cases; anything it would flag (text/* without
    charset and non-ASCII bytes, undecodable bytes, UTF-16/32, non-XML media types) goes to
    the fallback. chardet is never run here: it costs seconds on large undecodable input.
    """
    if content[:3] == b"\xef\xbb\xbf":
        content = content[3:]
    elif content[:2] in (b"\xff\xfe", b"\xfe\xff") or content[:1] == b"\x00":
        return None, "UTF-16/32"
    mime, charset = parse_content_type(content_type)
    match = _XML_DECL_ENCODING.match(content)
    declared = match.group(1).decode("ascii", "replace").lower() if match else ""
    if mime in ("application/xml",) or (mime.startswith("application/") and mime.endswith("+xml")):
        encoding = (charset or declared or "utf-8").lower()
    elif mime == "text/xml" or (mime.startswith("text/") and mime.endswith("+xml")):
        encoding = (charset or "us-ascii").lower()
    else:
        return None, f"not an XML media type: {mime}"
    return _transcode(content, encoding, declared)


def _transcode(content: bytes, encoding: str, declared: str) -> tuple[bytes | None, str]:
    if encoding == "us-ascii":
        return (content, encoding) if content.isascii() else (None, "non-ASCII in us-ascii")
    encoding = "gb18030" if encoding == "gb2312" else encoding  # as feedparser does
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError, ValueError):  # ValueError: NUL in the name
        return None, f"not decodable as {encoding}"
    if encoding in ("utf-8", "utf8") and declared in ("", "utf-8", "utf8"):
        return content, "utf-8"
    probe: dict[str, object] = {}  # decodable: feedparser's converter will not reach chardet
    data = convert_to_utf8({"content-type": f"application/xml; charset={encoding}"}, content, probe)
    return (None, "encoding override") if probe.get("bozo") else (data, encoding)


def _parser() -> etree.XMLParser:
    """One parser per thread (lxml parsers are not shared across threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            strip_cdata=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


# --- shared rules ---------------------------------------------------------------------------


def _base(el: etree._Element, parent: str) -> str:
    """The base URI inside `el`, following feedparser's handling of xml:base."""
    if not _local.has_base:
        return parent
    declared = el.get(XML_BASE)
    if declared is None:
        return parent
    if parent:
        return make_safe_absolute_uri(parent, declared) or parent
    return _urljoin(parent, declared)


def _text(el: etree._Element) -> str:
    """The text of a text-only element, with feedparser's clean-ups (strip, mojibake, C1)."""
    if len(el):
        raise _Unsupported("markup inside a text element")
    return _clean(el.text or "")


def _clean(value: str) -> str:
    value = value.strip()
    if not value.isascii():
        # utf-8 read as latin-1 and re-encoded: feedparser repairs it, so do we
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            value = value.encode("iso-8859-1").decode("utf-8")
        if any(c in value for c in _C1):
            value = value.translate(_CP1252)
    return value


def _link_value(value: str, base: str) -> str:
    value = _urljoin(base, value) if value else value
    return _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))


def _split_author(text: str) -> str:
    """The name part of "me@example.com (Me)", the way feedparser splits it."""
    match = _EMAIL.search(text)
    if not match:
        return text
    name = text.replace(match.group(0), "")
    for junk in ("()", "<>", "&lt;&gt;"):
        name = name.replace(junk, "")
    name = name.strip()
    if name.startswith("("):
        name = name[1:]
    if name.endswith(")"):
        name = name[:-1]
    return name.strip()


_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)


def _ns(tag: str) -> tuple[str, str]:
    if tag[0] == "{":
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Child elements only (comments and PIs are removed by the parser, this is a guard)."""
    for child in el:
        if isinstance(child.tag, str):
            yield child


@dataclass
class _Entry:
    """An entry being read, with feedparser's precedence rules as methods.

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
    tags: list[tuple[str | None, str | None, str | None]] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    thumbnails: list[str] = field(default_factory=list)
    media: list[tuple[str, str, str]] = field(default_factory=list)

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
        if (mime == "text/plain" or mime in _HTML_TYPES) and self.summary is None:
            self.summary, self.summary_base = value, base

    def add_tag(
        self, term: str | None, scheme: str | None = None, label: str | None = None
    ) -> None:
        if (term or scheme or label) and (term, scheme, label) not in self.tags:
            self.tags.append((term, scheme, label))

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


# --- RSS 2.0 and RSS 1.0 ----------------------------------------------------------------------


def _read_rss(root: etree._Element, url: str) -> FeedData:
    if root.get("version") != "2.0":
        raise _Unsupported("RSS version other than 2.0")
    base = _base(root, url)
    channels = [c for c in _children(root) if c.tag == "channel"]
    if len(channels) != 1 or any(c.tag == "item" for c in _children(root)):
        raise _Unsupported("items outside a single channel")
    feed = FeedData(language=_lang(root), version="rss20")
    _read_channel(channels[0], base, feed, "")
    return feed


def _read_rdf(root: etree._Element, url: str) -> FeedData:
    base = _base(root, url)
    feed = FeedData(language=_lang(root), version="rss10")
    seen_channel = False
    for child in _children(root):
        if child.tag == f"{{{RSS1}}}channel":
            _read_channel(child, base, feed, RSS1)
            seen_channel = True
        elif child.tag == f"{{{RSS1}}}item":
            feed.entries.append(_read_item(child, _base(child, base), RSS1).build())
        elif _ns(child.tag)[0] != RSS1:
            _unhandled(child)
        elif child.tag != f"{{{RSS1}}}image" and child.tag != f"{{{RSS1}}}textinput":
            raise _Unsupported(f"unknown element {child.tag} in rdf:RDF")
    if not seen_channel:
        raise _Unsupported("RDF without an RSS 1.0 channel")
    return feed


def _lang(el: etree._Element) -> str:
    lang = el.get(XML_LANG)
    return lang.replace("_", "-") if lang else ""


def _read_channel(channel: etree._Element, base: str, feed: FeedData, ns: str) -> None:
    base = _base(channel, base)
    if channel.get(XML_LANG):
        raise _Unsupported("xml:lang on the channel")
    for child in _children(channel):
        uri, name = _ns(child.tag)
        if (uri == ns and name in _CHANNEL_FIELDS) or (uri == DC and name in _DC_FIELDS):
            _channel_element(child, name, _base(child, base), feed, ns)
        elif uri == ATOM and name == "link":
            _atom_link_in_rss(child)
        elif uri in (ns, ATOM):
            if ("", name) not in _CHANNEL_INERT:
                raise _Unsupported(f"unhandled channel element {child.tag}")
            _no_children(child, "", name)
        else:
            _unhandled(child, _CHANNEL_INERT)


_CHANNEL_FIELDS = frozenset({"item", "title", "link", "language", "ttl"})
_DC_FIELDS = frozenset({"title", "language"})


def _channel_element(el: etree._Element, name: str, base: str, feed: FeedData, ns: str) -> None:
    if name == "item":
        feed.entries.append(_read_item(el, _base(el, base), ns).build())
    elif name == "title":
        feed.title = rss_title(_text(el), base)
    elif name == "link":
        feed.link = _link_value(_text(el), base)
    elif name == "language":
        feed.language = _text(el)
    elif name == "ttl":
        feed.ttl = _int(_text(el))


def _atom_link_in_rss(el: etree._Element) -> None:
    """atom:link rel="self"/"hub"/... only adds to links; an alternate one would set `link`."""
    if el.get("rel", "alternate") == "alternate" or (el.text and el.text.strip()):
        raise _Unsupported("atom:link that may set the link")


_RSS_ITEM: dict[str, Callable[[_Entry, etree._Element, str], None]] = {}


def _read_item(item: etree._Element, base: str, ns: str) -> _Entry:
    entry = _Entry(base)
    about = item.get(f"{{{RDF}}}about")
    if about:
        entry.guid = about
    if item.get(XML_LANG):
        raise _Unsupported("xml:lang on an item")
    _read_children(entry, item, base, ns, _RSS_ITEM, "item")
    return entry


def _read_children(
    entry: "_Entry", el: etree._Element, base: str, own_ns: str, own: dict, kind: str
) -> None:
    """Hand each child of an item or entry to its reader: the format's own elements from
    `own`, extensions from _NS_ITEM; anything the fast path does not copy sends the whole
    document to feedparser."""
    for child in _children(el):
        uri, name = _ns(child.tag)
        child_base = _base(child, base)
        if uri == own_ns:
            handler = own.get(name)
            if handler is None:
                raise _Unsupported(f"unhandled {kind} element {name}")
        else:
            handler = _NS_ITEM.get((_prefix(child), name))
            if handler is None:
                _unhandled(child, _ITEM_INERT)
                continue
        handler(entry, child, child_base)


def _item_title(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.set_title(rss_title(_text(el), base))


def _item_link(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.link = _link_value(_text(el), base)


def _item_description(entry: _Entry, el: etree._Element, base: str) -> None:
    _reject_typed(el)
    entry.add_summary(_text(el), base, "text/html")


def _item_content(entry: _Entry, el: etree._Element, base: str) -> None:
    _reject_typed(el)
    entry.add_content(_text(el), base, "text/html")


def _reject_typed(el: etree._Element) -> None:
    if el.get("type") is not None or el.get("mode") is not None:
        raise _Unsupported("typed RSS text element")


def _item_guid(entry: _Entry, el: etree._Element, base: str) -> None:
    is_link = el.get("isPermaLink", el.get("ispermalink", "true")) == "true"
    value = _text(el)
    if is_link and value:
        value = _urljoin(base, value)
    entry.guid = value
    if is_link and entry.guid_link is None and entry.link is None:
        entry.guid_link = value


def _item_published(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.published = _text(el)


def _item_updated(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.updated = _text(el)


def _item_author(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.authors.append(_split_author(_text(el)))


def _item_category(entry: _Entry, el: etree._Element, base: str) -> None:
    _category(entry, el, el.get("domain"))


def _category(entry: _Entry, el: etree._Element, scheme: str | None) -> None:
    value = _text(el)
    entry.add_tag(None, scheme, None)
    if value and entry.tags and not entry.tags[-1][0]:
        entry.tags[-1] = (value, *entry.tags[-1][1:])
    elif value:
        entry.add_tag(value)


def _item_media_category(entry: _Entry, el: etree._Element, base: str) -> None:
    _category(entry, el, el.get("scheme", "http://search.yahoo.com/mrss/category_schema"))


def _item_enclosure(entry: _Entry, el: etree._Element, base: str) -> None:
    href = el.get("url") if el.get("href") is None else el.get("href")
    entry.enclosures.append(Enclosure(href or "", el.get("length", ""), el.get("type", "")))


def _item_inert(entry: _Entry, el: etree._Element, base: str) -> None:
    """Elements feedparser keeps under keys we do not map (comments, source, ...)."""
    _no_children(el, _prefix(el), _ns(el.tag)[1])


def _atom_container(entry: _Entry, el: etree._Element, base: str) -> None:
    """atom:source and atom:contributor: feedparser files their children elsewhere."""


def _item_media_thumbnail(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.thumbnails.append(el.get("url") or _text(el))


def _item_media_content(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.media.append((el.get("url", ""), el.get("medium", ""), el.get("type", "")))
    _media_children(entry, el, base)


def _item_media_title(entry: _Entry, el: etree._Element, base: str, depth: int = 1) -> None:
    """media:title is read as a title (feedparser maps it so), typed like an RSS or Atom one."""
    declared = el.get("type")
    if entry.atom:
        value, mime = _atom_text(el)
        entry.set_title(html_title(value, base, mime), depth, media=True)
    else:
        entry.set_title(rss_title(_text(el), base, declared), depth, media=True)


def _media_children(entry: _Entry, el: etree._Element, base: str, depth: int = 2) -> None:
    for child in _children(el):
        name = _ns(child.tag)[1]
        if _prefix(child) != "media":
            raise _Unsupported("non-media element inside media")
        if name == "thumbnail":
            _item_media_thumbnail(entry, child, base)
        elif name == "content":
            entry.media.append(
                (child.get("url", ""), child.get("medium", ""), child.get("type", ""))
            )
            _media_children(entry, child, base, depth + 1)
        elif name == "title":
            _item_media_title(entry, child, base, depth)
        elif name not in _MEDIA_INERT:
            raise _Unsupported(f"media:{name} maps onto entry fields")


_RSS_ITEM.update(
    {
        "title": _item_title,
        "link": _item_link,
        "description": _item_description,
        "guid": _item_guid,
        "pubDate": _item_published,
        "author": _item_author,
        "category": _item_category,
        "enclosure": _item_enclosure,
        "comments": _item_inert,
        "source": _item_inert,
    }
)
_NS_ITEM: dict[tuple[str, str], Callable[[_Entry, etree._Element, str], None]] = {
    ("content", "encoded"): _item_content,
    ("dc", "title"): _item_title,
    ("dc", "description"): _item_description,
    ("dc", "creator"): _item_author,
    ("dc", "author"): _item_author,
    ("dc", "date"): _item_updated,
    ("dc", "subject"): _item_category,
    ("dc", "language"): _item_inert,
    ("dc", "publisher"): _item_inert,
    ("dc", "rights"): _item_inert,
    ("dc", "identifier"): _item_inert,
    ("dc", "source"): _item_inert,
    ("dc", "format"): _item_inert,
    ("dc", "type"): _item_inert,
    ("dcterms", "created"): _item_inert,
    ("dcterms", "issued"): _item_published,
    ("dcterms", "modified"): _item_updated,
    ("media", "thumbnail"): _item_media_thumbnail,
    ("media", "content"): _item_media_content,
    ("media", "group"): _media_children,
    ("media", "title"): _item_media_title,
    ("media", "category"): _item_media_category,
}


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


# --- Atom 1.0 ---------------------------------------------------------------------------------


def _read_atom(root: etree._Element, url: str) -> FeedData:
    base = _base(root, url)
    feed = FeedData(language=_lang(root), version="atom10")
    for child in _children(root):
        uri, name = _ns(child.tag)
        child_base = _base(child, base)
        if uri != ATOM:
            _unhandled(child, _CHANNEL_INERT - {("dc", "title"), ("dc", "language")})
        elif name == "entry":
            feed.entries.append(_read_entry(child, child_base).build())
        elif name == "title":
            feed.title = _atom_title(child, child_base)
        elif name not in _ATOM_FEED_INERT and name != "link":
            raise _Unsupported(f"unhandled atom element {name} in the feed")
        elif name == "link":
            href = _alternate_href(child, child_base)
            if href is not None:
                feed.link = href
    return feed


_ATOM_FEED_INERT = frozenset(
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


def _atom_text(el: etree._Element) -> tuple[str, str]:
    """An Atom text construct -> (value, mime type); xhtml and base64 go to feedparser."""
    mime = el.get("type", "text").lower()
    mime = _TYPE_ALIASES.get(mime, mime)
    if mime == "application/xhtml+xml" or el.get("mode"):
        raise _Unsupported("xhtml or moded text construct")
    if not mime.startswith("text/") and not mime.endswith("xml"):
        raise _Unsupported(f"base64 content ({mime})")
    if el.get(XML_LANG):
        raise _Unsupported("xml:lang on a text construct")
    return _text(el), mime


def _alternate_href(el: etree._Element, base: str) -> str | None:
    """The href when this link sets `link` (rel alternate, HTML type), else None."""
    rel = el.get("rel", "alternate")
    mime = el.get("type", "application/atom+xml" if rel == "self" else "text/html").lower()
    mime = _TYPE_ALIASES.get(mime, mime)
    href = el.get("href")
    if href is None:
        raise _Unsupported("atom:link without href")
    if rel == "alternate" and mime in _HTML_TYPES:
        return _urljoin(base, href)
    return None


def _read_entry(el: etree._Element, base: str) -> _Entry:
    entry = _Entry(base, atom=True)
    if el.get(XML_LANG):
        raise _Unsupported("xml:lang on an entry")
    _read_children(entry, el, base, ATOM, _ATOM_ENTRY, "atom")
    return entry


def _entry_title(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.set_title(_atom_title(el, base))


def _atom_title(el: etree._Element, base: str) -> str:
    value, mime = _atom_text(el)
    return html_title(value, base, mime)


def _entry_link(entry: _Entry, el: etree._Element, base: str) -> None:
    href = _alternate_href(el, base)
    if href is not None:
        entry.link = href
    elif el.get("rel") == "enclosure":
        entry.enclosures.append(
            Enclosure(
                _urljoin(base, el.get("href", "")),
                el.get("length", ""),
                el.get("type", "text/html"),
            )
        )


def _entry_id(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.guid = _text(el)


def _entry_summary(entry: _Entry, el: etree._Element, base: str) -> None:
    value, mime = _atom_text(el)
    entry.add_summary(value, base, mime)


def _entry_content(entry: _Entry, el: etree._Element, base: str) -> None:
    if el.get("src") is not None:
        raise _Unsupported("out-of-line content")
    value, mime = _atom_text(el)
    entry.add_content(value, base, mime)


def _entry_author(entry: _Entry, el: etree._Element, base: str) -> None:
    names = [c for c in _children(el) if c.tag == f"{{{ATOM}}}name"]
    if el.text and el.text.strip():
        raise _Unsupported("atom:author with text")
    entry.authors.append((names[-1].text or "").strip() if names else "")


def _entry_category(entry: _Entry, el: etree._Element, base: str) -> None:
    entry.add_tag(el.get("term"), el.get("scheme"), el.get("label"))
    if el.text and el.text.strip():
        raise _Unsupported("atom:category with text")


_ATOM_ENTRY: dict[str, Callable[[_Entry, etree._Element, str], None]] = {
    "title": _entry_title,
    "link": _entry_link,
    "id": _entry_id,
    "summary": _entry_summary,
    "content": _entry_content,
    "published": _item_published,
    "updated": _item_updated,
    "author": _entry_author,
    "category": _entry_category,
    "contributor": _atom_container,
    "rights": _item_inert,
    "source": _atom_container,
}

_READERS: dict[str, Callable[[etree._Element, str], FeedData]] = {
    "rss": _read_rss,
    f"{{{ATOM}}}feed": _read_atom,
    f"{{{RDF}}}RDF": _read_rdf,
}
