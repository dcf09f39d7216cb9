"""The story's own container, for a story area that lost its subheadings and lists.

trafilatura's fast pass, when its main pass finds too little, falls back to gathering the
page's loose paragraphs, quotes, code and tables (its `recover_wild_text`): the story comes
back without its subheadings and lists. `container_blocks` finds the element that holds the
story's paragraphs on the page, the deepest one holding at least `SHARE` (60 %) of those
found (the fallback also picks up stray paragraphs beside the story), and reads every block
inside it, leaving out scripts, forms, navigation, asides, headers and footers, and every
block whose text is `LINK_SHARE` (half) or more link text, or that sits inside a link
(related stories, topic lists, teaser cards: the story's lost lists are prose). The page's
`<body>` is no container: a story spread over the whole page is left as it was.

Cost: one pass over the page's paragraphs and a copy of the container, about 2.5 ms on the
one page in seven that needs it (readability's scoring of the whole page, tried first, took
27 ms and restored less: WCXB tuning folds, 43 such pages).

Risk: a container that also holds a list of related stories or a sign-up box; the rules of
`body` still judge every block, and `page._filled` keeps the first answer unless this one
has a subheading or a list item and 1.1 times the text.
"""

import copy
from collections import Counter

from lxml import html as lxml_html

from wiredesk.extract.blocks import Block, blocks_from_html, clean_space

SHARE = 0.6
LINK_SHARE = 0.5
LONG_P_CHARS = 100  # a <p> this long is a paragraph of text (see `paragraph_mass`)
_LEFT_OUT = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "button",
    "form",
    "nav",
    "aside",
    "iframe",
    "select",
    "textarea",
    "header",
    "footer",
)

_CARD_INSIDE = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "div")


Paragraphs = list[tuple[lxml_html.HtmlElement, str]]


def page_paragraphs(tree: lxml_html.HtmlElement) -> Paragraphs:
    """Every `<p>` of the page with its text, spaces folded: read once per page, for the
    paragraph mass (`paragraph_mass`) and for finding the story's container."""
    return [(p, clean_space(p.text_content())) for p in tree.iter("p")]


def container_blocks(
    tree: lxml_html.HtmlElement, blocks: list[Block], paragraphs: Paragraphs | None = None
) -> list[Block]:
    """Every block of the element holding the story's paragraphs; [] when none is found."""
    box = story_box(page_paragraphs(tree) if paragraphs is None else paragraphs, blocks)
    return [] if box is None else box_blocks(box)


def story_box(paragraphs: Paragraphs, blocks: list[Block]) -> lxml_html.HtmlElement | None:
    """The deepest element holding `SHARE` of the page's paragraphs that are story blocks;
    None when no paragraph is, or when that element is the page's `<body>`."""
    texts = {b.text for b in blocks}
    found = [p for p, text in paragraphs if text in texts]
    if not found:
        return None
    need = SHARE * len(found)
    # the usual case, counted cheaply: one parent holds enough paragraphs, and then it is
    # the deepest such element (any other holds one of its paragraphs, so is above it)
    parent, count = Counter(p.getparent() for p in found).most_common(1)[0]
    if count >= need and parent is not None:
        box = parent
    else:
        holders = Counter(a for p in found for a in p.iterancestors())
        enough = [a for a, n in holders.items() if n >= need]
        box = max(enough, key=lambda a: sum(1 for _ in a.iterancestors()))
    return None if box.tag in ("body", "html") else box


def box_blocks(box: lxml_html.HtmlElement) -> list[Block]:
    """The blocks of a copy of `box`, less what the module docstring leaves out."""
    box = copy.deepcopy(box)
    cards = [a for a in box.iter("a") if next(a.iter(*_CARD_INSIDE), None) is not None]
    for el in [*box.iter(*_LEFT_OUT), *cards]:
        if el.getparent() is not None:
            el.drop_tree()
    return [b for b in blocks_from_html(box) if b.link_chars < LINK_SHARE * len(b.text)]


def paragraph_mass(tree: lxml_html.HtmlElement, paragraphs: Paragraphs | None = None) -> int:
    """Characters in the page's long <p> elements (at least `LONG_P_CHARS`, 100)."""
    texts = page_paragraphs(tree) if paragraphs is None else paragraphs
    return sum(len(text) for _, text in texts if len(text) >= LONG_P_CHARS)
