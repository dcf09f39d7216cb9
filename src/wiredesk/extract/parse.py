"""Bytes -> tree: decode, check and parse a page once, as trafilatura expects it.

`parse_page` refuses what is no page (ExtractError: empty, binary, no markup, over
`MAX_PAGE_BYTES` (8 MiB) or `MAX_ELEMENTS` (100,000 elements; news pages have a few
thousand)), parses with lxml through trafilatura's own repairs and a parser of the thread's
own (`load_tree`), reads a document that goes on after an early `</html>` whole
(`early_end`), and mends text after a block opened inside a paragraph (`mend`). lxml's
parser keeps its default depth and size limits (no `huge_tree`).
"""

import re
import threading

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, is_dubious_html, repair_faulty_html

from wiredesk.errors import ExtractError
from wiredesk.extract.decode import MAX_PAGE_BYTES, decode_page
from wiredesk.extract.fill import paragraph_mass
from wiredesk.extract.mend import mend

MAX_ELEMENTS = 100_000
_MARKUP = re.compile(
    r"<\s*(?:!doctype|html|head|body|div|p|article|main|section|span|h1|table)\b", re.I
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCUMENT_END = re.compile(r"</html\s*>", re.I)
_CLOSERS = re.compile(r"</(?:body|html)\s*>", re.I)
_TAIL_BLOCK = re.compile(r"<(?:p|h[1-6]|li|article|main)\b", re.I)
EARLY_END_TAIL = 2000

_parsers = threading.local()  # one lxml parser per thread (see load_tree)


def parse_page(html: bytes | str, url: str = "") -> lxml_html.HtmlElement:
    """Decode and parse a page; ExtractError when it is empty, too large or not HTML."""
    if isinstance(html, bytes):
        if len(html) > MAX_PAGE_BYTES:
            raise ExtractError(url, f"page too large ({len(html)} bytes)")
        if b"\x00" in html[:4096] and not html.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ExtractError(url, "not an HTML page (binary data)")
        html = decode_page(html)
    if len(html) > MAX_PAGE_BYTES:
        raise ExtractError(url, f"page too large ({len(html)} characters)")
    html, clean = _checked_text(html)
    if not html.strip():
        raise ExtractError(url, "empty page")
    if not _MARKUP.search(html[:65536]):
        raise ExtractError(url, "not an HTML page")
    markup = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = load_tree(markup, clean=clean)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(url, f"unreadable HTML: {exc}") from exc
    if tree is None:
        raise ExtractError(url, "unreadable HTML")
    if _too_complex(tree):
        raise ExtractError(url, f"page too complex (over {MAX_ELEMENTS} elements)")
    tree = _reopened(markup, tree)
    mend(tree)  # text after a block opened inside a paragraph (see `mend`)
    return tree


def _too_complex(tree: lxml_html.HtmlElement) -> bool:
    return tree.xpath("count(//*)") > MAX_ELEMENTS


def _reopened(markup: str, tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The page parsed without its early closers (`early_end`) when that holds more text in
    long paragraphs (`paragraph_mass`) than `tree`; else `tree`."""
    whole = early_end(markup)
    if whole is markup:
        return tree
    try:
        other = load_tree(whole)
    except (etree.ParserError, ValueError):
        return tree
    if other is None or _too_complex(other):
        return tree
    return other if paragraph_mass(other) > paragraph_mass(tree) else tree


def early_end(html: str) -> str:
    """The page without its `</body>` and `</html>` when the document goes on after them.

    A site template that closes the document early (its header's own closing tags) leaves
    the story after `</html>`. A browser puts such content back into the body; lxml keeps
    some of it and drops the rest. When over `EARLY_END_TAIL` (2,000) characters with a
    paragraph, heading or list item follow the first `</html>`, the closers are taken out
    and the parser ends the document itself (`parse_page` keeps that parse only when it holds
    more text in long paragraphs: the page is parsed twice, on about one page in a hundred).
    """
    end = _DOCUMENT_END.search(html)
    if end is None or len(html) - end.end() < EARLY_END_TAIL:
        return html
    if not _TAIL_BLOCK.search(html, end.end()):
        return html
    return _CLOSERS.sub("", html)


def load_tree(html: str, *, clean: bool = False) -> lxml_html.HtmlElement | None:
    """trafilatura's `load_html` with a parser of this thread's own.

    trafilatura parses with one module-level parser; a tree shares its parser's string
    dictionary, so extraction threads working on trees of the same parser can corrupt
    memory (seen as "double free" aborts under load). The settings and repairs are
    trafilatura's, so its story finder sees the tree it expects. `clean`: the text is known
    to hold none of the characters its repair deletes (see `_checked_text`).
    """
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = _repair_markup(html, beginning) if clean else repair_faulty_html(html, beginning)
    # UTF-8 bytes, not the str: lxml parses them a third faster (it would convert the str),
    # and the parser's declared encoding is the one read (a str with an XML declaration of
    # its own is refused, and a <meta charset> is not followed).
    tree = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=_thread_parser())
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _thread_parser() -> lxml_html.HTMLParser:
    parser = getattr(_parsers, "html", None)
    if parser is None:
        parser = _parsers.html = lxml_html.HTMLParser(
            collect_ids=False,
            default_doctype=False,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
        )
        parser.set_element_class_lookup(_LOOKUP)
    return parser


# lxml.html's own class lookup is Python code called for every element object made (half a
# million per hundred pages, mostly in trafilatura's walks); this one is lxml's C lookup with
# the same classes, less the form-field ones (`InputElement`, `FormElement`...) that nothing
# here reads.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement,
    comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
)


def valid_text(text: str) -> str:
    """The text with lone surrogates (which no encoder accepts) replaced by "?"."""
    return _checked_text(text)[0]


# What trafilatura's `repair_faulty_html` deletes (`INVALID_XML_CHARS`): control characters
# and two non-characters. The control characters are found in the UTF-8 bytes, where
# `bytes.translate` scans several times faster than the regular expression.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NON_CHARACTERS = ("\ufffe", "\uffff")


def _checked_text(text: str) -> tuple[str, bool]:
    """`valid_text`, and whether the text holds none of the characters trafilatura's
    `repair_faulty_html` deletes (then `_repair_markup` does its work without the scan)."""
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8"), False
    clean = len(encoded.translate(None, _CONTROL_BYTES)) == len(encoded) and not any(
        c in text for c in _NON_CHARACTERS
    )
    return text, clean


def _repair_markup(html: str, beginning: str) -> str:
    """trafilatura's `repair_faulty_html` (same expressions, same order) less its deletion of
    invalid characters, for a text that holds none."""
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html
