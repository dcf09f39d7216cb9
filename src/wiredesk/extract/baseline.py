"""trafilatura's baseline answer split back into the blocks it ran together.

When trafilatura's main pass finds under 250 characters, it takes its *baseline*: the whole
text of the page's `<article>` as one paragraph (headline, byline, share bar, category list
and story run together). A short brief then keeps all its chrome, and a long story that the
main pass missed becomes one giant block that the body rules cannot judge.

When the story area is one block whose text is, within `MATCH_SHARE` (80 %) of its length
and with the same first `PREFIX` (30) characters, the text of one `<article>` of the page,
that article's own paragraphs, headings and list items are the blocks instead, so every
later rule sees them one by one. Nothing is added: the blocks are parts of the text the one
block already held.
"""

import copy

from lxml import html as lxml_html

from wiredesk.extract.blocks import Block, blocks_from_html, clean_space, fold

MATCH_SHARE = 0.8
PREFIX = 30  # characters of folded text that must agree at the start
_CHROME = ("script", "style", "noscript", "template", "svg", "nav", "form", "button", "select")


def split_baseline(blocks: list[Block], tree: lxml_html.HtmlElement) -> list[Block]:
    """The article's blocks when `blocks` is its text in one block; else `blocks`."""
    if len(blocks) != 1:
        return blocks
    text = blocks[0].text
    for article in tree.iter("article"):
        whole = clean_space(article.text_content())
        if not whole or not _same_text(whole, text):
            continue
        parts = blocks_from_html(_without_chrome(article))
        return parts if parts else blocks
    return blocks


def _same_text(a: str, b: str) -> bool:
    """Of like length and the same start (a JSON-LD `articleBody`, trafilatura's other
    baseline, starts with the story, not with the article's headline: it is kept whole)."""
    short, long_ = sorted((fold(a), fold(b)), key=len)
    return len(short) >= MATCH_SHARE * len(long_) and short[:PREFIX] == long_[:PREFIX]


def _without_chrome(article: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    article = copy.deepcopy(article)
    for el in list(article.iter(*_CHROME)):
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return article
