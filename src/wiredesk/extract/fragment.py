"""Feed content -> story: for partners whose feed carries the whole article as HTML.

Many wires put the full story in the feed (`content:encoded`, Atom `content`), so ingest
need not fetch the page. The fragment is sanitized first (nh3, the same allow-list as
every other path), split into paragraph-level blocks with their inline markup, and then the
rules of `body` apply as on a page: credits and rights lines move to their fields, promos,
captions and sign-up pitches go. There is no page around it, so no title, date or author
comes from here: those are the feed entry's.
"""

import html
import itertools
import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

from wiredesk.errors import ExtractError
from wiredesk.extract.article import BRIEF_FLAG, SHORT_BODY, ExtractedArticle
from wiredesk.extract.blocks import HTML_KIND, MAX_BLOCK_CHARS, MAX_BLOCKS, Block, clean_space
from wiredesk.extract.body import select_story
from wiredesk.extract.page import add_date_flags
from wiredesk.extract.parse import valid_text
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.extract.templates import SiteTemplate

# Content of at least this many words is the whole story; shorter content is too, unless
# it only repeats the summary or ends as a teaser does ("Read more", "[…]").
FULL_STORY_WORDS = 150
_TEASER_END = re.compile(
    r"(?:(?:read more|continue reading|read the (?:full|rest)|full story|appeared first on"
    r"|weiterlesen|lire la suite|leer m[aá]s|leggi tutto).{0,80}"
    r"|\[(?:…|\.\.\.)\]\W*|…\W*|\.\.\.\W*)$",
    re.I,
)
# Leaf blocks and the kind each becomes: headings, list items, quotes and code as on a page
_LEAF_KIND = {**dict.fromkeys(("p", "td", "th", "dd", "dt"), "p"), **HTML_KIND}
_CONTAINERS = {"div", "section", "article", "ul", "ol", "table", "thead", "tbody", "tr", "dl"}
_BLOCK_TAGS = set(_LEAF_KIND) | _CONTAINERS
_DROPPED = ("figure", "figcaption", "img", "hr")  # pictures and captions are not story text


def is_full_story(content_html: str, summary_html: str = "") -> bool:
    """Whether a feed entry's content is the whole story rather than a teaser.

    A partner that sends content (`content:encoded`, Atom `content`) besides the summary
    sends the story, long or short; a teaser says so at its end, or is the summary again.
    """
    words = _words(content_html)
    if len(words) >= FULL_STORY_WORDS:
        return True
    text = " ".join(words)
    if not text or _TEASER_END.search(text[-300:]):
        return False
    return text != " ".join(_words(summary_html))


def _words(fragment: str) -> list[str]:
    if not fragment.strip():
        return []
    return lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split()


def extract_fragment(
    content_html: str,
    url: str = "",
    *,
    title: str = "",
    published: datetime | None = None,
    template: SiteTemplate | None = None,
) -> ExtractedArticle:
    """The story of a feed entry's HTML content; ExtractError when no text is left."""
    safe = sanitize_html(valid_text(content_html))
    root = lxml_html.fragment_fromstring(safe or "<p></p>", create_parent="div")
    for dropped in list(root.iter(*_DROPPED)):
        dropped.drop_tree()
    parts = select_story(fragment_blocks(root), title, template)
    if not parts.body:
        raise ExtractError(url, "no story text in the feed content")
    article = ExtractedArticle(
        url=url,
        title=title,
        body=parts.body,
        body_html=sanitize_html(parts.body_html),
        published=published,
        credits=parts.credits,
        rights=parts.rights,
        dateline=parts.dateline,
    )
    add_date_flags(article, published)
    if len(article.body) < SHORT_BODY:  # the partner sent it whole: short is its length
        article.flags.append(BRIEF_FLAG)
    return article


def fragment_blocks(root: etree._Element) -> list[Block]:
    """Paragraph-level blocks of sanitized HTML in reading order, inline markup kept."""
    out: list[Block] = []
    _walk(root, out, -1, itertools.count())
    return out[:MAX_BLOCKS]


def _walk(el: etree._Element, out: list[Block], list_id: int, lists: Iterator[int]) -> None:
    """Leaf blocks become blocks; loose inline content between blocks becomes a paragraph.
    `lists` numbers the lists in reading order (see `blocks._walk`)."""
    run: list[etree._Element | str] = [el.text] if el.text else []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            _add(out, _run_block(run))
            run = []
            if tag in _LEAF_KIND and not _has_blocks(child):
                _add(out, _leaf_block(child, _LEAF_KIND[tag], list_id))
            else:
                _walk(child, out, next(lists) if tag in {"ul", "ol"} else list_id, lists)
        elif tag:
            run.append(child)
        if child.tail:
            run.append(child.tail)
    _add(out, _run_block(run))


def _has_blocks(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants())


def _add(out: list[Block], block: Block | None) -> None:
    if block is not None and len(out) < MAX_BLOCKS:
        out.append(block)


def _leaf_block(el: etree._Element, kind: str, list_id: int) -> Block | None:
    pieces: list[etree._Element | str] = [el.text] if el.text else []
    for child in el:
        pieces.append(child)
        if child.tail:
            pieces.append(child.tail)
    block = _run_block(pieces, kind)
    if block is not None and kind == "li":
        block.list_id = list_id
    return block


def _run_block(pieces: list[etree._Element | str], kind: str = "p") -> Block | None:
    """One block from text and inline elements (already sanitized: their markup is safe)."""
    texts, markup = [], []
    for piece in pieces:
        if isinstance(piece, str):
            texts.append(piece)
            markup.append(html.escape(piece, quote=False))
        else:
            texts.append(piece.text_content())
            markup.append(etree.tostring(piece, encoding=str, method="html", with_tail=False))
    text = clean_space("".join(texts))[:MAX_BLOCK_CHARS]
    if not text:
        return None
    links = sum(
        len(clean_space(a.text_content()))
        for p in pieces
        if not isinstance(p, str)
        for a in p.iter("a")
    )
    return Block(kind, text, clean_space("".join(markup)), min(links, len(text)))
