"""trafilatura's author search (`trafilatura.metadata.extract_author`): whether it can find
anyone on a page (`has_author_marks`), and its answer from one walk over the page instead of a
copy and five XPath scans (`search_author`).

trafilatura copies the page, deletes from the copy the elements of `AUTHOR_DISCARD_XPATHS`
(comment sections, titles, dates, sidebars, quotes, `<time>`, `<figure>`...; a deleted
element's tail joins the text before it), then takes the first text of 3 to 119 characters
among the elements of each of `AUTHOR_XPATHS` in turn. libxml2 allocates a node-set for each
attribute test of each element: 11 ms on a page of a thousand elements. Here one walk picks
the elements with an author mark (`AUTHOR_MARKS`, which every element the XPaths take
carries), the XPaths' own tests (the same regular expressions and comparisons) are applied to
those alone, an element is skipped when it or an ancestor would be deleted, and a copy is made
of the element alone, only when something inside it would be deleted. Written against
trafilatura 2.3; `tests/test_extract_speed_paths.py` compares the two.
"""

import re
from collections.abc import Callable
from copy import deepcopy

from lxml import etree
from lxml import html as lxml_html
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xml import delete_element

# Every element trafilatura's author search can take carries one of these in a class, id,
# rel, itemprop, data-testid or data-component, or is an <author> (or has a <rel> child): on a
# page without any, the search is not asked (`bylines._fallback_people`).
# tests/test_extract_bylines.py checks the list against trafilatura's own XPaths.
AUTHOR_MARKS = (
    "uthor",
    "yline",
    "byl",
    "BBL",
    "username",
    "screenname",
    "channel-name",
    "zuozhe",
    "bianji",
    "xiaobian",
    "submitted-by",
    "posted-by",
    "journalist-name",
    "writer",
)
_AUTHOR_MARKS_RE = re.compile("|".join(map(re.escape, AUTHOR_MARKS)))  # one scan, not 14
_MARK_ATTRIBUTES = {"class", "id", "rel", "itemprop", "data-testid", "data-component"}
_MARKED_TAGS = {"author", "rel"}

MIN_CHARS, MAX_CHARS = 2, 120  # trafilatura's bounds: 2 < len(text) < 120
_STRING = etree.XPath("string()")
# AUTHOR_XPATHS[0]: the specific marks (and any <author> element)
_FIRST_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_FIRST_CLASS = re.compile("author-?name|AuthorName|authorName")
# AUTHOR_XPATHS[1]: the almost generic ones
_SECOND_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_SECOND_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
_SECOND_ID = re.compile("author|zuozhe|bianji|xiaobian")
_SECOND_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
# AUTHOR_XPATHS[2]: any element
_THIRD_ID = re.compile("[Aa]uthor")
_THIRD_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# AUTHOR_DISCARD_XPATHS: the first below the root, then the second (<time>, <figure>)
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_CLASSES = frozenset({"comments", "title", "date"})
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
_LATE_DISCARD_TAGS = frozenset({"time", "figure"})


def has_author_marks(tree: lxml_html.HtmlElement) -> bool:
    """Whether trafilatura's author search could take an element of the page (see
    `AUTHOR_MARKS`), in a walk that stops at the first mark (an XPath would gather every
    marked attribute of the page first; the tests check the walk against one). The walk
    covers every top-level element, as an XPath's // does (a page can parse into two
    <html>)."""
    root = tree.getroottree().getroot()
    for top in (*root.itersiblings(preceding=True), root, *root.itersiblings()):
        for el in top.iter():
            if el.tag in _MARKED_TAGS:
                return True
            for key, value in el.items():
                if key in _MARK_ATTRIBUTES and _AUTHOR_MARKS_RE.search(value):
                    return True
    return False


def search_author(tree: lxml_html.HtmlElement) -> str | None:
    """`extract_author(tree)`, without copying the page."""
    for elements in _marked(tree):
        for el in elements:
            if _deleted(el, tree):
                continue
            content = trim(" ".join(_kept(el).itertext()))
            if content and MIN_CHARS < len(content) < MAX_CHARS:
                return normalize_authors(None, content)
    return None


def _marked(tree: lxml_html.HtmlElement) -> tuple[list[etree._Element], ...]:
    """The elements of each of trafilatura's `AUTHOR_XPATHS`, in document order, before any
    deletion. An element with a <rel> child may be taken without a mark (`rel='me'`): on a
    page that has one, every element is tested."""
    found: tuple[list[etree._Element], ...] = ([], [], [])
    every = tree.find(".//rel") is not None
    marks = _AUTHOR_MARKS_RE.search
    for el in tree.iter(etree.Element):
        if not every and el.tag != "author":
            for key, value in el.items():  # the walk of `has_author_marks`, inlined: hot
                if key in _MARK_ATTRIBUTES and marks(value):
                    break
            else:
                continue
        for elements, test in zip(found, _TESTS, strict=True):
            if test(el):
                elements.append(el)
    return found


def _first(el: etree._Element) -> bool:
    if el.tag == "author":
        return True
    if el.tag not in _FIRST_TAGS:
        return False
    cls = el.get("class")
    return (
        el.get("rel") == "author"
        or el.get("id") == "author"
        or cls == "author"
        or el.get("itemprop") == "author name"
        or any(_STRING(_kept(rel)) == "me" for rel in el.iterchildren("rel"))
        or el.get("data-testid") in ("AuthorCard", "AuthorURL")
        or bool(cls and _FIRST_CLASS.search(cls))
    )


def _second(el: etree._Element) -> bool:
    if el.tag not in _SECOND_TAGS:
        return False
    ident, cls = el.get("id"), el.get("class")
    return (
        cls in _SECOND_CLASSES
        or "author" in (el.get("itemprop") or "")
        or bool(ident and _SECOND_ID.search(ident))
        or bool(cls and _SECOND_CLASS.search(cls))
    )


def _third(el: etree._Element) -> bool:
    ident, cls = el.get("id"), el.get("class")
    return (
        "Byline" in (el.get("data-component") or "")
        or "author" in (el.get("itemprop") or "")
        or bool(ident and _THIRD_ID.search(ident))
        or bool(cls and _THIRD_CLASS.search(cls))
    )


_TESTS: tuple[Callable[[etree._Element], bool], ...] = (_first, _second, _third)


def _discarded(el: etree._Element) -> bool:
    """The first of `AUTHOR_DISCARD_XPATHS` (which looks below the root only)."""
    if el.tag not in _DISCARD_TAGS:
        return False
    ident, cls = el.get("id"), el.get("class")
    return (
        ident == "comments"
        or cls in _DISCARD_CLASSES
        or bool(ident and _DISCARD_ID.search(ident))
        or bool(cls and _DISCARD_CLASS.search(cls))
        or "Figure" in (el.get("data-component") or "")
    )


def _deleted(el: etree._Element, root: etree._Element) -> bool:
    """Whether the element or an ancestor is deleted from trafilatura's copy, whose root
    (without a parent there) is never deleted."""
    for node in (el, *el.iterancestors()):
        if node is root:
            return False
        if node.tag in _LATE_DISCARD_TAGS or _discarded(node):
            return True
    return False


def _kept(el: etree._Element) -> etree._Element:
    """A kept element as it is in trafilatura's copy: itself when nothing inside it is
    deleted, else a copy of it with the same deletions in the same order (the first
    expression's elements, then the second's, each in document order)."""
    below = list(el.iterdescendants(etree.Element))
    first = [d for d in below if _discarded(d)]
    late = [d for d in below if d.tag in _LATE_DISCARD_TAGS]
    if not first and not late:
        return el
    copy = deepcopy(el)
    twin = dict(zip(el.iter(), copy.iter(), strict=True))
    for d in first + late:
        delete_element(twin[d])
    return copy
