"""The lxml tree as the fast path walks it: tag names, child elements, xml:base and xml:lang."""

from collections.abc import Callable, Iterator

from lxml import etree

from wiredesk.ingest.feeds import upstream
from wiredesk.ingest.feeds.urls import join_url

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Unsupported(Exception):
    """Raised inside the readers when feedparser's rules for this document are not copied."""


def ns(tag: str) -> tuple[str, str]:
    """'{uri}local' -> (uri, local); ('', tag) outside any namespace."""
    if tag[0] == "{":
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag


def children(el: etree._Element) -> Iterator[etree._Element]:
    """Child elements only (comments and PIs are removed by the parser, this is a guard)."""
    for child in el:
        if isinstance(child.tag, str):
            yield child


def lang(el: etree._Element) -> str:
    """The element's xml:lang as feedparser reports it ('en_GB' -> 'en-GB')."""
    value = el.get(XML_LANG)
    return value.replace("_", "-") if value else ""


BaseOf = Callable[[etree._Element, str], str]
"""(element, its parent's base URI) -> the base URI inside the element. Chosen once per
document by `base_resolver` and passed down the readers as an argument."""


def inherit_base(el: etree._Element, parent: str) -> str:
    """For a document without xml:base: every element has its parent's base."""
    return parent


def xml_base(el: etree._Element, parent: str) -> str:
    """The base URI inside `el`, following feedparser's handling of xml:base."""
    declared = el.get(XML_BASE)
    if declared is None:
        return parent
    if parent:
        return upstream.make_safe_absolute_uri(parent, declared) or parent
    return join_url(parent, declared)


def base_resolver(data: bytes) -> BaseOf:
    """Most feeds have no xml:base at all: then no element's attributes are looked up."""
    return xml_base if b"xml:base" in data else inherit_base
