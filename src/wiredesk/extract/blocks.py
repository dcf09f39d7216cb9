"""The story area of a page as a flat list of blocks (paragraph, subheading, list item, ...).

trafilatura finds the story area (its `fast` mode: no second-opinion extractors, which is
what keeps Wiredesk near its speed); this module turns trafilatura's XML body into `Block`
values with the link share of each block, so later rules can judge every block alone.
"""

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

MAX_BLOCKS = 3000
MAX_BLOCK_CHARS = 100_000
_SPACE = re.compile(r"\s+")
_CONTAINERS = {"list", "quote", "table", "row", "div", "body"}
_LEAVES = {"p", "head", "item", "cell", "code", "quote"}


@dataclass
class Block:
    """One paragraph-level unit of the story area."""

    kind: str  # "p", "h" (subheading), "li", "quote", "code", "row"
    text: str
    html: str  # inline HTML of the block's content, escaped, links kept
    link_chars: int = 0
    list_id: int = -1  # the list a "li" block belongs to, to regroup items

    @cached_property
    def words(self) -> int:  # counted once: every rule of `body` asks
        return len(self.text.split())


def blocks_from_body(body: etree._Element) -> list[Block]:
    """Blocks of a trafilatura XML `<body>` in reading order, at most `MAX_BLOCKS` (3,000:
    no story has more paragraphs; the rest of such a page is not read), each at most
    `MAX_BLOCK_CHARS` (100,000) characters."""
    blocks = (b for b in _walk(body, -1, itertools.count()) if b.text)
    return list(itertools.islice(blocks, MAX_BLOCKS))


def _walk(el: etree._Element, list_id: int, lists: Iterator[int]) -> Iterator[Block]:
    """`lists` numbers the lists in reading order (an element's `id()` is no name for it:
    lxml frees an element's proxy once it is not referenced, and two lists then share one)."""
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            yield from _walk(child, next(lists), lists)
        elif tag == "table":
            yield from _table_rows(child)
        elif tag in _LEAVES and (not _has_block_children(child) or _has_loose_text(child)):
            yield _block(child, tag, list_id)  # a paragraph with inline <code> is one block
        elif tag in _CONTAINERS or tag in _LEAVES:
            yield from _walk(child, list_id, lists)


def _has_loose_text(el: etree._Element) -> bool:
    """Text of its own beside its children: mixed content, so one block (walking only the
    children would lose it)."""
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


_BLOCK_CHILDREN = _LEAVES | {"list", "table"}
_KINDS = {"head": "h", "item": "li", "cell": "p"}


def _has_block_children(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_CHILDREN for c in el)


def _block(el: etree._Element, tag: str, list_id: int) -> Block:
    kind = _KINDS.get(tag, tag)
    raw_text, raw_html, links = _read(el)
    text = clean_space(raw_text)
    if len(text) > MAX_BLOCK_CHARS:  # not a paragraph: a page run together; keep its start
        text = text[:MAX_BLOCK_CHARS]
        return Block(kind, text, html.escape(text), min(links, len(text)))
    return Block(kind, text, clean_space(raw_html), links, list_id if kind == "li" else -1)


def _read(el: etree._Element) -> tuple[str, str, int]:
    """One walk for what `_block` keeps of an element: its `element_text`, its
    `_inline_html` before the spaces are folded (folding once at the end gives the same
    string as folding at every level), and the characters of the links in it (the cleaned
    `element_text` of each <ref> at any depth)."""
    texts, htmls, links = [el.text or ""], [html.escape(el.text or "")], 0
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in ("lb", "br"):
            text, inner, inner_links = _read(child)
            links += inner_links
            if tag == "ref":
                links += len(clean_space(text))
                target = child.get("target", "")
                if target.startswith(("http://", "https://")):
                    inner = f'<a href="{html.escape(target, quote=True)}">{inner}</a>'
            elif tag == "hi" and (name := _INLINE["hi"].get(child.get("rend", ""), "")):
                inner = f"<{name}>{inner}</{name}>"
            texts.append(text)
            htmls.append(inner)
        else:  # a line break or a comment, read as `element_text` and `_child_html` do
            texts.append(" " if tag else "")
            htmls.append(_child_html(child))
            links += sum(len(clean_space(element_text(r))) for r in child.iter("ref"))
        texts.append(child.tail or "")
        htmls.append(html.escape(child.tail or ""))
    return "".join(texts), "".join(htmls), links


def element_text(el: etree._Element) -> str:
    """The text of an element, a line break (<lb/>, <br>) read as a space."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        parts.append(" " if tag in {"lb", "br"} else element_text(child) if tag else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _table_rows(table: etree._Element) -> Iterator[Block]:
    for row in table.iter("row"):
        cells = [clean_space(element_text(c)) for c in row.iter("cell")]
        text = " ".join(c for c in cells if c)
        if text:
            yield Block("row", text, html.escape(text))


def clean_space(text: str) -> str:
    """Runs of white space as one space, none at the ends (`str.split` splits where `\\s`
    matches: the same result as `_SPACE.sub(" ", text).strip()`, in half the time)."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Case-folded words, punctuation as spaces: for comparing titles and names."""
    return clean_space(re.sub(r"[^\w\s]", " ", text.casefold()))


_INLINE = {"hi": {"#b": "strong", "#i": "em", "#u": "u", "#sub": "sub", "#sup": "sup"}}


def _inline_html(el: etree._Element) -> str:
    parts = [html.escape(el.text or "")]
    for child in el:
        parts.append(_child_html(child))
        parts.append(html.escape(child.tail or ""))
    return _SPACE.sub(" ", "".join(parts))


def _child_html(child: etree._Element) -> str:
    tag = child.tag if isinstance(child.tag, str) else ""
    inner = _inline_html(child)
    if tag == "ref" and (target := child.get("target", "")).startswith(("http://", "https://")):
        return f'<a href="{html.escape(target, quote=True)}">{inner}</a>'
    if tag == "hi":
        name = _INLINE["hi"].get(child.get("rend", ""), "")
        return f"<{name}>{inner}</{name}>" if name else inner
    if tag == "lb":
        return "<br>"
    return inner


_HTML_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "dd",
    "div",
}
HTML_KIND = {
    "h1": "h",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
    "li": "li",
    "blockquote": "quote",
    "pre": "code",
}


def blocks_from_html(root: etree._Element) -> list[Block]:
    """Blocks of an HTML story fragment (a second-opinion extractor's output)."""
    out: list[Block] = []
    lists: dict[etree._Element, int] = {}  # each list numbered once (see `_walk`)
    for el in root.iter(*_HTML_BLOCKS):
        if len(out) >= MAX_BLOCKS:
            break
        if any(isinstance(c.tag, str) and c.tag in _HTML_BLOCKS for c in el.iterdescendants()):
            continue
        text = clean_space(element_text(el))[:MAX_BLOCK_CHARS]
        if not text:
            continue
        links = sum(len(clean_space(element_text(a))) for a in el.iter("a"))
        kind = HTML_KIND.get(el.tag, "p")
        parent = el.getparent()
        out.append(
            Block(
                kind,
                text,
                html.escape(text),
                links,
                lists.setdefault(parent, len(lists)) if kind == "li" and parent is not None else -1,
            )
        )
    return out
