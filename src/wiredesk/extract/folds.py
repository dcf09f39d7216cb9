"""The story's folded panels: FAQ answers, accordions and `<details>` that trafilatura drops.

A story's closed panels are hidden until clicked (`aria-hidden`, `display: none`, an
"expandable" class): trafilatura's boilerplate rules take them for hidden chrome and drop
them, so a guide loses its FAQ and a buyer's guide its criteria. `unfolded` finds the page's
folds (`<details>`, or a class naming an accordion, a FAQ, or an expandable or collapsible
panel), and when a fold holds a block that the story area lacks (and that is not mostly link
text), reads the story's own container (`fill.container_blocks`) and puts back, in the
container's order, its blocks after the story's first block that sit in a fold and are
missing from the story area. A table inside a fold is left out (a data table folded away is
reference matter, not the story's text). The rules of `body` then judge every block again.

Cost: one XPath over the class attributes (about 0.5 ms a page), then the folds and the
container on the pages that have folds (one in four, mostly menus): about 1 ms a page in all
(WCXB tuning folds, CPU time).
"""

import copy

from lxml import etree
from lxml import html as lxml_html

from wiredesk.extract.blocks import Block, blocks_from_html
from wiredesk.extract.fill import LINK_SHARE, container_blocks

_NAMES = ("ccordion", "faq", "FAQ", "xpandable", "ollapsible")  # either case of the first letter
_FOLDS = etree.XPath(
    "//details | //@class[" + " or ".join(f"contains(., '{n}')" for n in _NAMES) + "]/.."
)


def unfolded(
    tree: lxml_html.HtmlElement, blocks: list[Block], story: list[Block]
) -> list[Block] | None:
    """The story area `blocks` with its folded blocks put back; None when none is missing.

    `story`: the blocks kept from the area (they place the story in its container)."""
    folds = _FOLDS(tree)
    if not folds:
        return None
    inside = set(folds)
    texts: set[str] = set()
    for fold in folds:
        if any(a in inside for a in fold.iterancestors()):
            continue  # its outermost fold is read
        fold = copy.deepcopy(fold)
        for table in list(fold.iter("table")):
            if table.getparent() is not None:
                table.drop_tree()
        texts.update(
            b.text for b in blocks_from_html(fold) if b.link_chars < LINK_SHARE * len(b.text)
        )
    texts.difference_update(b.text for b in blocks)
    if not texts:  # nothing folded is missing: the container is not read
        return None
    return _merge(blocks, container_blocks(tree, story), texts)


def _merge(blocks: list[Block], box: list[Block], folded: set[str]) -> list[Block] | None:
    """`blocks` with the `folded` blocks of `box` (after its first block that `blocks`
    holds) inserted where they sit in `box`; None when there are none."""
    have = {b.text for b in blocks}
    where: dict[str, int] = {}
    for i, b in enumerate(blocks):
        where.setdefault(b.text, i)
    start = next((i for i, b in enumerate(box) if b.text in have), None)
    if start is None:
        return None
    out: list[Block] = []
    done = 0  # blocks[:done] are out
    added = False
    for b in box[start:]:
        if b.text in have:
            i = where[b.text]
            if i >= done:
                out.extend(blocks[done : i + 1])
                done = i + 1
        elif b.text in folded:
            out.append(b)
            added = True
    out.extend(blocks[done:])
    return out if added else None
