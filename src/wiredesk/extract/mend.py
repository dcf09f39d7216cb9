"""Mend what an HTML parser makes of a block element opened inside a paragraph.

`<p>a <form>..</form> b</p>`: a paragraph cannot hold a form, div, table or list, so the
parser (libxml2 as browsers do) ends the paragraph at the block and leaves " b" loose in the
container, outside any paragraph, where the story finder does not look. libxml2 also reads
some void elements (`<embed>`, `<source>`, `<param>`) as containers, so the rest of the
paragraph becomes their content and is deleted with them.

Three repairs, before the story is looked for:

- text inside a void element moves out after it (a void element has no content);
- a paragraph ends where a block inside it begins, as HTML says (libxml2 keeps `<details>` in);
- a run of loose text (a block's tail and the inline elements after it, up to the next
  block) directly inside a container becomes a paragraph of its own.

Only text that would otherwise sit outside every paragraph is touched, so a page parsed
without such faults is unchanged. Risk: a page that lays its story out as bare text between
`<div>`s gains paragraphs it did not mark; that text was already part of the page's content.
"""

from lxml import html as lxml_html

# void elements libxml2 reads as containers (it knows <img>, <br>, <input> are empty)
VOID = ("embed", "source", "param", "track", "wbr", "keygen")
# the elements that end a paragraph in HTML's parsing rules, and those libxml2 also ends one
# at (<title>, <frameset>: a browser shows neither, and the text after them is the story's)
BLOCKS = frozenset(
    "p div form details table ul ol dl section aside nav figure fieldset blockquote pre "
    "address header footer h1 h2 h3 h4 h5 h6 hr main article menu dialog center dir listing "
    "xmp plaintext hgroup search figcaption summary title frameset template".split()
)
# the containers where loose text is a paragraph the parser cut short
CONTAINERS = frozenset(
    "article main section div body blockquote td th li dd aside header footer form "
    "details fieldset figure".split()
)
MIN_LOOSE_CHARS = 2  # a lone punctuation mark is not a sentence


def mend(tree: lxml_html.HtmlElement) -> None:
    """Apply the repairs in place."""
    _empty_voids(tree)
    _end_paragraphs(tree)
    for el in _loose_containers(tree):
        _wrap_loose_runs(el)


def _loose_containers(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Containers holding a block followed by loose text, once each, in document order."""
    found: dict[int, lxml_html.HtmlElement] = {}
    for block in tree.iter(*BLOCKS):
        tail = block.tail
        if tail and len(tail.strip()) >= MIN_LOOSE_CHARS:
            parent = block.getparent()
            if parent is not None and parent.tag in CONTAINERS:
                found.setdefault(id(parent), parent)
    return list(found.values())


def _empty_voids(tree: lxml_html.HtmlElement) -> None:
    """A void element's text and children move out after it, in order."""
    for el in list(tree.iter(*VOID)):
        if (not el.text and not len(el)) or el.getparent() is None:
            continue
        children, tail = list(el), el.tail or ""
        el.tail, el.text = el.text, None
        anchor = el
        for child in children:
            anchor.addnext(child)  # lxml moves the child's tail with it
            anchor = child
        anchor.tail = (anchor.tail or "") + tail


def _end_paragraphs(tree: lxml_html.HtmlElement) -> None:
    """A paragraph ends where a block inside it begins (HTML's rule; libxml2 leaves some,
    such as <details>, inside): the block and what follows it move out after the paragraph."""
    for paragraph in list(tree.iter("p")):
        if not len(paragraph):
            continue
        # the first block child (a Python test per child: lxml's iterchildren(*BLOCKS) builds
        # a matcher of 30 names for every paragraph, three times slower here)
        block = next((c for c in paragraph if c.tag in BLOCKS), None)
        if block is None or paragraph.getparent() is None:
            continue
        anchor = paragraph
        for el in list(paragraph)[paragraph.index(block) :]:
            anchor.addnext(el)
            anchor = el


def _wrap_loose_runs(container: lxml_html.HtmlElement) -> None:
    """Each block child's tail, with the inline siblings after it, into a new <p>; and when
    there is such a run, the container's own leading text as well (else the runs would be
    paragraphs and the lead loose text, and a story finder keeps only the paragraphs)."""
    blocks = [c for c in container if isinstance(c.tag, str) and c.tag in BLOCKS]
    loose = [b for b in blocks if len((b.tail or "").strip()) >= MIN_LOOSE_CHARS]
    if not loose:
        return
    for block in loose:
        paragraph = lxml_html.Element("p")
        paragraph.text, block.tail = block.tail, None
        _gather_inline(paragraph, block.getnext())
        block.addnext(paragraph)
    if len((container.text or "").strip()) >= MIN_LOOSE_CHARS:
        paragraph = lxml_html.Element("p")
        paragraph.text, container.text = container.text, None
        _gather_inline(paragraph, container[0] if len(container) else None)
        container.insert(0, paragraph)


def _gather_inline(paragraph: lxml_html.HtmlElement, sibling: lxml_html.HtmlElement | None) -> None:
    """Move `sibling` and the siblings after it into `paragraph`, up to the next block."""
    while sibling is not None and not (isinstance(sibling.tag, str) and sibling.tag in BLOCKS):
        following = sibling.getnext()
        paragraph.append(sibling)  # its tail moves with it
        sibling = following
