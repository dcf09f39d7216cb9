"""An article page's authors: where on the page the byline is (`read_authors`).

The sources, in order: JSON-LD `author` (people only, not organisations), then author meta
tags, then byline elements (rel=author, itemprop=author, class or id naming "author"/
"byline"), then short "By ..." texts, then trafilatura's own byline search, then a declared
name the page does not show (these two: names of two words or more), and last the name right
after a lone "By" label anywhere in the page, footers and navigation included. The first
source that names anyone wins. Every name is cleaned and judged by `names.split_names` (a
person's name, or an agency's, which goes to credits); from a byline element a name needs
`MIN_BYLINE_NAME_WORDS` (2) words, where one word is a button or a brand.
"""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from wiredesk.extract.authorsearch import has_author_marks, search_author
from wiredesk.extract.blocks import clean_space, fold
from wiredesk.extract.headline import site_names
from wiredesk.extract.names import HANDLE, TEXT_BYLINE, clean_name, split_names
from wiredesk.extract.structured import Structured, as_text, types_of

MIN_BYLINE_NAME_WORDS = 2
MAX_BYLINE_ELEMENTS = 12
MAX_TEXT_BYLINE_CHARS = 100
MAX_TWITTER_LABELS = 4
# where a "By ..." text is looked for; small headings too: an author box's "Written by X"
_TEXT_BYLINE_TAGS = ("p", "address", "span", "div", "em", "strong", "small", "li", "h3", "h4", "h5")
# a label alone in its element, the name in the next one: "<span>By</span><a>Jane Doe</a>"
_AUTHOR_LABEL = re.compile(
    r"^[\W_]*(?:(?:written|posted|words|reported|story)\s+)?by\s*:?$|^author\s*:?$", re.I
)
MAX_TEXT_BYLINES = 3
MAX_NAME_CHARS = 60
_BYLINE_START = re.compile(r"^[\W_]*(?:written|words|posted|published|by|author)\b", re.I)
_OUTLET_WORD = re.compile(
    r"\b(?:press|news|media|times|daily|post|blog|magazine|journal|staff|team|online|wire|"
    r"tv|radio|network|group|herald|tribune|gazette|review)\b"
)
_BYLINE_XPATH = etree.XPath(
    "//@class[contains(., 'uthor') or contains(., 'yline') or contains(., 'AUTHOR') or "
    "contains(., 'BYLINE')] | //@id[contains(., 'uthor') or contains(., 'yline')] | "
    "//@rel[. = 'author'] | //@itemprop[. = 'author']"
)
_TEXT_WITH = etree.XPath(
    "boolean(//body//text()[contains(., $name)][not(parent::script) and not(parent::style)])"
)
_TEXT_NODES_WITH = etree.XPath(
    "//body//text()[contains(., $name)][not(parent::script) and not(parent::style)]"
)
MAX_NAME_NODES = 50
_AUTHOR_LINK = etree.XPath(
    "//body//a[contains(@href, '/author/') or contains(@href, '/authors/') or "
    "contains(@href, '/writers/') or contains(@href, '/writer/')]"
)
_VISIBLE_XPATH = etree.XPath(
    "//body//text()[not(parent::script) and not(parent::style) and not(parent::noscript)]"
)


def read_authors(
    tree: lxml_html.HtmlElement, data: Structured, article: dict[str, Any], url: str = ""
) -> tuple[list[str], list[str]]:
    """(people, agencies) from the first source that names anyone; the site's own name is
    not a person."""
    sites = site_names(data, url)
    owners = _owner_names(data, article)
    visible: list[str] = []  # computed once, when a declared name must be checked
    unshown: list[str] = []  # declared people the page does not show: the last resort
    handles: set[str] = set()  # accounts and sites named as authors ("TIMESOFINDIA.COM")
    labels: list[lxml_html.HtmlElement] = []  # lone "By" labels, met while reading sources
    for names, declared in _author_sources(tree, data, article, labels):
        handles.update(fold(n) for n in names if HANDLE.search(n.strip()))
        people, agencies = split_names(names)
        people = [_without_owner(p, owners) for p in people if not _is_organisation(p, sites)]
        if not declared:  # one word in a byline element is a first name, a brand or a button
            people = [p for p in people if len(p.split()) >= MIN_BYLINE_NAME_WORDS]
        elif people:  # declared names count first when the page shows them
            owned = [p for p in people if fold(p) in owners]
            unshown = unshown or owned
            people = [p for p in people if fold(p) not in owners]
            unshown = unshown or [p for p in people if len(p.split()) >= MIN_BYLINE_NAME_WORDS]
            people = [p for p in people if _shown(p, tree, visible)]
            people = _widen(people, tree) if people else people
        if people or agencies:
            # the site's owner named again, run into a date ("Marco BambiniDec 3"): a
            # personal site, whose declared author was right
            named = [next((u for u in unshown if fold(u) in fold(p)), p) for p in people]
            return list(dict.fromkeys(named)), agencies
    fallback = [p for p in _fallback_people(tree, sites) if fold(p) not in handles]
    return fallback or unshown or _labelled_name(labels, sites), []


def _owner_names(data: Structured, article: dict[str, Any]) -> set[str]:
    """The folded names of the site and its publisher (og:site_name, JSON-LD publisher): a
    content system that must fill JSON-LD `author` with a Person often writes the
    publisher's name there ("Cleveland Clinic"); such a name counts only when no other
    source names a person."""
    publisher = data.resolve(article.get("publisher"))
    names = {fold(data.first_meta("og:site_name"))}
    if isinstance(publisher, dict):
        names.add(fold(as_text(publisher.get("name"))))
    return {n for n in names if n}


def _without_owner(name: str, owners: set[str]) -> str:
    """ "Brian Truitt USA TODAY" -> "Brian Truitt": a byline element that runs the name and
    the outlet together."""
    folded = fold(name)
    for owner in owners:
        if folded.endswith(" " + owner) and len(folded) > len(owner) + 4:
            words = len(owner.split())
            kept = clean_name(" ".join(name.split()[:-words]))  # "Recipe by": no name left
            return kept if len(kept.split()) >= MIN_BYLINE_NAME_WORDS else name
    return name


def _fallback_people(tree: lxml_html.HtmlElement, sites: set[str]) -> list[str]:
    """trafilatura's author search (its byline XPaths over a pruned copy of the page, the same
    answer from `authorsearch`), when the page has a mark it could take and no source above
    names anyone: people of `MIN_BYLINE_NAME_WORDS` (2) words or more only, as
    for byline elements (one word there is a brand, a first name or an account)."""
    if not has_author_marks(tree):
        return []
    try:
        found = search_author(tree) or ""
    except (ValueError, TypeError, etree.LxmlError):
        return []
    people = split_names([n for n in found.split(";") if n.strip()])[0]
    return [
        p
        for p in people
        if len(p.split()) >= MIN_BYLINE_NAME_WORDS and not _is_organisation(p, sites)
    ]


def _labelled_name(labels: list[lxml_html.HtmlElement], sites: set[str]) -> list[str]:
    """The last resort: the first person's name that is the next text after an element's
    lone "By" / "Posted by" / "Author:" text, wherever the label is ("<span>by </span><p><a>
    Jane Doe</a></p>", "<p>Posted by <a>Jane Doe</a> on <time>" in the article's footer,
    "<span>Written by:</span><picture/><span>Jane Doe</span>"). The byline searches above
    take such a label's name only from its tail or next element, and skip footers and
    navigation, which a page's markup can wrap around the whole story; here nothing else
    named anyone. Comments are still skipped; names of `MIN_BYLINE_NAME_WORDS` (2)
    capitalised words or more only. `labels`: met by `_text_bylines`, no new walk."""
    for label in labels:
        text = _next_text(label)
        if not text or len(text) > MAX_NAME_CHARS or _in_comments(label):
            continue
        people = split_names([text])[0]
        if len(people) == 1 and people[0] == text and _is_labelled(text, sites):
            return people
    return []


def _next_text(label: lxml_html.HtmlElement) -> str:
    """The first text shown after an element's own text: inside the element, after it, then
    after each of its ancestors; a walk that stops there (an XPath over `following::text()`
    would gather the rest of the page first). A script's text counts: such a label gives
    no name."""
    for text in _texts_after(label):
        text = clean_space(text)
        if text:
            return text
    return ""


def _texts_after(label: lxml_html.HtmlElement) -> Iterator[str]:
    inside = label.itertext()
    next(inside, None)  # the label's own text
    yield from inside
    for anc in (label, *label.iterancestors()):
        yield anc.tail or ""
        for sibling in anc.itersiblings():
            if isinstance(sibling.tag, str):  # a comment has no text to show, only a tail
                yield from sibling.itertext()
            yield sibling.tail or ""


def _is_labelled(name: str, sites: set[str]) -> bool:
    """A name of two words or more, each capitalised, that is not the site's own name."""
    words = name.split()
    return (
        len(words) >= MIN_BYLINE_NAME_WORDS
        and all(w[0].isupper() for w in words)
        and not _is_organisation(name, sites)
    )


def _in_comments(el: lxml_html.HtmlElement) -> bool:
    return any(
        isinstance(anc.tag, str) and "comment" in _marks(anc) for anc in (el, *el.iterancestors())
    )


def _marks(el: lxml_html.HtmlElement) -> str:
    """An element's class and id, lower-cased: where a page names its parts."""
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _author_sources(
    tree: lxml_html.HtmlElement,
    data: Structured,
    article: dict[str, Any],
    labels: list[lxml_html.HtmlElement],
) -> Iterator[tuple[list[str], bool]]:
    """(raw names, declared?) from each source in order, each read only when asked for;
    the byline texts' search fills `labels` (see `_text_bylines`)."""
    yield _jsonld_authors(article, data), True
    yield _meta_authors(data), True
    yield _byline_authors(tree), False
    for text in _text_bylines(tree, labels):
        yield [text], False
    yield _linked_authors(tree), False


def _is_organisation(name: str, sites: set[str]) -> bool:
    """The site's own name when it reads as an organisation (one word, or an outlet word)."""
    norm = fold(name)
    if norm not in sites and norm.replace(" ", "") not in sites:
        return False
    return " " not in norm or bool(_OUTLET_WORD.search(norm))


def _widen(people: list[str], tree: lxml_html.HtmlElement) -> list[str]:
    """The page's visible byline when it names the declared people and more (names of two
    words or more only: a byline element also holds dates and buttons)."""
    shown = [p for p in split_names(_byline_authors(tree))[0] if len(p.split()) >= 2]
    declared = {fold(p) for p in people}
    if declared < {fold(p) for p in shown}:
        return shown
    return [_full_name(p, tree) if " " not in p else p for p in people]


def _full_name(name: str, tree: lxml_html.HtmlElement) -> str:
    """A declared first name alone ("Todd") completed from a text of the page that is that
    name and a surname and nothing else ("Todd Bates"); else the name as declared."""
    whole = re.compile(rf"^{re.escape(name)}(?:\s+[A-Z][\w'\u2019.-]+){{1,2}}$")
    for node in _TEXT_NODES_WITH(tree, name=name)[:MAX_NAME_NODES]:
        text = clean_space(str(node))
        if whole.match(text):
            return text
    return name


def _shown(name: str, tree: lxml_html.HtmlElement, visible: list[str]) -> bool:
    """Whether the page shows the name: a quick exact search of its text nodes first, the
    folded visible text (computed once into `visible`) when that finds nothing."""
    if '"' not in name and _TEXT_WITH(tree, name=name):
        return True
    if not visible:
        visible.append(_visible_text(tree))
    return fold(name) in visible[0]


def _visible_text(tree: lxml_html.HtmlElement) -> str:
    """The normalised text a reader sees (no script, style or head)."""
    return fold(" ".join(_VISIBLE_XPATH(tree)))


def _jsonld_authors(article: dict[str, Any], data: Structured) -> list[str]:
    value = article.get("author") or article.get("creator") or []
    items = value if isinstance(value, list) else [value]
    names = []
    for item in map(data.resolve, items):
        if isinstance(item, dict):
            if "organization" in types_of(item):
                continue
            names.append(as_text(item.get("name", "")))
        elif isinstance(item, str):
            names.append(item)
    return [n for n in names if n and not n.startswith(("http://", "https://"))]


def _meta_authors(data: Structured) -> list[str]:
    value = data.first_meta(
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "dc.creator",
        "dcterms.creator",
        "byl",
        "twitter:creator",
    )
    value = value or _labelled_meta_author(data)
    if value.startswith(("http://", "https://", "@")):
        return []
    return [value] if value else []


def _labelled_meta_author(data: Structured) -> str:
    """The name a "Written by" twitter label pairs with (`twitter:label1` "Written by",
    `twitter:data1` the name): the card Yoast and Ghost print for the author."""
    for index in range(1, MAX_TWITTER_LABELS + 1):
        label = data.meta.get(f"twitter:label{index}", "")
        if _AUTHOR_LABEL.match(clean_space(label)):
            return data.meta.get(f"twitter:data{index}", "").strip()
    return ""


def _byline_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of the first byline: the best-ranked marking, inside the article when one is,
    and only the elements near the first one found (a byline, not a list of other stories'
    authors). Elements in comment sections, navigation and teasers are skipped."""
    found: dict[int, list[lxml_html.HtmlElement]] = {}
    for el in _marked(tree, _BYLINE_XPATH):
        rank = _byline_rank(el)
        if rank is not None and len(found.setdefault(rank, [])) < MAX_BYLINE_ELEMENTS:
            found[rank].append(el)
    for rank in sorted(found):
        elements = [e for e in found[rank] if _byline_place(e) is not None]
        inside = [e for e in elements if _byline_place(e) == "article"]
        elements = inside or elements
        if elements:
            return _near_first(elements)
    return []


def _marked(tree: lxml_html.HtmlElement, xpath: etree.XPath) -> list[lxml_html.HtmlElement]:
    """Elements owning the attributes an XPath selects, once each, in document order."""
    elements: list[lxml_html.HtmlElement] = []
    for attr in xpath(tree):
        el = attr.getparent()
        if not elements or elements[-1] is not el:
            elements.append(el)
    return elements


def _byline_rank(el: lxml_html.HtmlElement) -> int | None:
    """0 rel=author, 1 itemprop=author, 2 class "author-name", 3 "byline", 4 "author"."""
    if not isinstance(el.tag, str):
        return None
    if el.get("rel") == "author":
        return 0
    if el.get("itemprop") == "author":
        return 1
    marks = f"{el.get('class', '')} {el.get('id', '')}".lower()
    if "author" not in marks and "byline" not in marks:
        return None
    if re.search(r"author-?name|byline__name|byline-name", marks):
        return 2
    return 3 if "byline" in marks else 4


def _near_first(elements: list[lxml_html.HtmlElement]) -> list[str]:
    first = elements[0]
    parent = first.getparent()
    anchor = parent
    texts: list[str] = []
    for el in elements:
        if el is not first and anchor is not None and anchor not in el.iterancestors():
            continue
        text = clean_space(el.text_content())
        if text and len(text) <= 120 and text not in texts:
            texts.append(text)
    return texts


def _byline_place(el: lxml_html.HtmlElement) -> str | None:
    """'article', 'page', or None when the element sits in comments, navigation or a teaser."""
    in_article = False
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        marks = _marks(anc)
        if anc.tag in {"nav", "footer", "aside"} or "comment" in marks or "related" in marks:
            return None
        in_article = in_article or anc.tag in {"article", "main"}
    return "article" if in_article else "page"


def _linked_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """The first link to an author's page whose text is the name its address spells
    ("/author/jane-doe" reading "Jane Doe"), outside comments, navigation and teasers, inside
    the article when one is. The address must spell the name: "All authors" or a photo
    credit's link is no byline."""
    found: list[tuple[str, str]] = []
    for link in _AUTHOR_LINK(tree):
        text = clean_space(link.text_content())
        slug = urlsplit(link.get("href", "")).path.rstrip("/").rsplit("/", 1)[-1]
        if not text or fold(slug.replace("-", " ").replace("_", " ")) != fold(text):
            continue
        place = _byline_place(link)
        if place is not None:
            found.append((place, text))
        if len(found) >= MAX_BYLINE_ELEMENTS:
            break
    inside = [t for p, t in found if p == "article"]
    return (inside or [t for _, t in found])[:1]


def _text_bylines(
    tree: lxml_html.HtmlElement, labels: list[lxml_html.HtmlElement] | None = None
) -> list[str]:
    """Short elements reading "By Jane Doe, August 14, 2020" outside comments and navigation,
    the first `MAX_TEXT_BYLINES` (3), inside the article when there are any. Elements whose
    own text is a lone label ("Posted by ", "Written by:") are added to `labels`, wherever
    they are, for `_labelled_name`."""
    found: list[tuple[str, str]] = []
    for el in tree.iter(*_TEXT_BYLINE_TAGS):
        if not _BYLINE_START.match(el.text or ""):  # cheap test before reading all the text
            continue
        if labels is not None and _AUTHOR_LABEL.match(el.text.strip()):
            labels.append(el)
        text = el.text_content()
        if _AUTHOR_LABEL.match(text.strip()):
            text = "By " + _after_label(el)
        if len(text) > MAX_TEXT_BYLINE_CHARS or not TEXT_BYLINE.match(text):
            continue
        place = _byline_place(el)
        if place is not None:
            found.append((place, TEXT_BYLINE.sub("", clean_space(text))))
    inside = [t for p, t in found if p == "article"]
    first = (inside or [t for _, t in found])[:MAX_TEXT_BYLINES]
    return [re.split(r",\s*(?=\w+\s+\d|\d)|\s+on\s+|\s+\|\s+", t)[0] for t in first]


def _after_label(label: lxml_html.HtmlElement) -> str:
    """The text after a lone "By" label: its tail, else the next element's text that is not
    a line break (a short one only: the name, not the story)."""
    tail = clean_space(label.tail or "")
    if tail:
        return tail
    for sibling in label.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag == "br":
            continue
        text = clean_space(sibling.text_content())
        return text if len(text) <= MAX_TEXT_BYLINE_CHARS else ""
    return ""
