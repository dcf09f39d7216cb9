"""Headline, authors, image, language and site name of an article page.

Headline: the page's <h1> when it agrees with what the page declares (og:title, JSON-LD
headline, <title>), because the declared titles often carry a site suffix or an SEO variant;
otherwise the declared title with its site suffix (" | Site", " - Site") removed; otherwise the
first <h1>. Agreement means one normalised text contains the other.

Authors: JSON-LD `author` (people only, not organisations), then author meta tags, then byline
elements (rel=author, itemprop=author, class or id naming "author"/"byline"). Every name is
cleaned ("By", roles, e-mail addresses, dates removed) and kept only when it looks like a
person's name: 1 to `MAX_NAME_WORDS` (5) words, starting with a letter, not a news agency.
Agency names found as authors go to credits instead.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from wiredesk.extract.blocks import clean_space
from wiredesk.extract.structured import Structured, as_text, types_of

MAX_NAME_WORDS = 5
MAX_TITLE_CHARS = 400
AGENCIES = {
    "ap",
    "associated press",
    "the associated press",
    "reuters",
    "thomson reuters",
    "afp",
    "agence france-presse",
    "agence france presse",
    "dpa",
    "deutsche presse-agentur",
    "efe",
    "ansa",
    "xinhua",
    "kyodo",
    "tass",
    "bloomberg",
    "upi",
    "pa",
    "press association",
    "pa media",
    "aap",
    "cnn wire",
    "rfe/rl",
    "bbc",
    "staff",
    "staff reports",
    "wire reports",
    "news desk",
    "newsdesk",
    "editorial staff",
    "admin",
    "editor",
    "web desk",
    "agencies",
}
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||\u2013|\u2014|-|::|·|•|»|/)\s+")
_ROLE = re.compile(
    r"\b(?:staff writer|senior writer|contributing writer|correspondent|reporter|editor|"
    r"columnist|contributor|writer|journalist|photographer|special to|for the|updated|"
    r"published|posted)\b.*$",
    re.I,
)
_BY = re.compile(r"^\s*(?:written\s+)?(?:by|von|par|por|door|di)\s*[:\s]\s*", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\||/)\s*", re.I)


@dataclass
class PageMetadata:
    """What the page says about its article, before the body is read."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    image: str = ""
    language: str = ""
    description: str = ""
    site_name: str = ""


def read_metadata(tree: lxml_html.HtmlElement, data: Structured) -> PageMetadata:
    """Title, authors, image, language, description and site name of a parsed page."""
    article = data.article()
    meta = PageMetadata(
        title=read_title(tree, data, article),
        image=_image(data, article),
        language=_language(tree, data),
        description=data.first_meta("og:description", "description", "twitter:description"),
        site_name=data.first_meta("og:site_name", "application-name"),
    )
    meta.authors, meta.agencies = read_authors(tree, data, article)
    return meta


# --- title ----------------------------------------------------------------------------------


def read_title(tree: lxml_html.HtmlElement, data: Structured, article: dict[str, Any]) -> str:
    declared = [
        t
        for t in (
            data.first_meta("og:title"),
            as_text(article.get("headline")),
            data.first_meta("twitter:title"),
            _html_title(tree),
        )
        if t
    ]
    h1s = [t for t in (clean_space(h.text_content()) for h in tree.iter("h1")) if t]
    h1s = [t for t in h1s if len(t) <= MAX_TITLE_CHARS]
    for h1 in h1s:
        if any(_agrees(h1, d) for d in declared):
            return h1
    if declared:
        return strip_site_suffix(declared[0], declared[1:])
    return h1s[0] if h1s else ""


def _html_title(tree: lxml_html.HtmlElement) -> str:
    title = tree.find(".//title")
    return clean_space(title.text_content()) if title is not None else ""


def _agrees(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    return bool(na) and len(na) >= 8 and (na in nb or nb in na) and len(nb) >= 8


def strip_site_suffix(title: str, others: list[str]) -> str:
    """'Headline | Site' -> 'Headline': keep the longest part or the part other titles share."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return clean_space(title)
    for part in parts:
        if len(part) > 15 and any(_norm(part) in _norm(o) for o in others if o != title):
            return clean_space(part)
    return clean_space(max(parts, key=len))


def _norm(text: str) -> str:
    return clean_space(re.sub(r"[^\w\s]", " ", text.casefold()))


# --- authors --------------------------------------------------------------------------------


def read_authors(
    tree: lxml_html.HtmlElement, data: Structured, article: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """(people, agencies) from the first source that names anyone."""
    sources = (
        lambda: _jsonld_authors(article),
        lambda: _meta_authors(data),
        lambda: _byline_authors(tree),
    )
    for source in sources:
        people, agencies = split_names(source())
        if people or agencies:
            return people, agencies
    return [], []


def _jsonld_authors(article: dict[str, Any]) -> list[str]:
    value = article.get("author") or article.get("creator") or []
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
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
    if value.startswith(("http://", "https://", "@")):
        return []
    return [value] if value else []


def _byline_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of byline elements, most specific marking first, at most 5 per marking."""
    found: dict[int, list[str]] = {}
    for el in tree.iter():
        rank = _byline_rank(el)
        if rank is None or len(found.get(rank, [])) >= 5:
            continue
        text = clean_space(el.text_content())
        if text and len(text) <= 120 and text not in found.setdefault(rank, []):
            found[rank].append(text)
    return found[min(found)] if found else []


def _byline_rank(el: lxml_html.HtmlElement) -> int | None:
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


def split_names(raw: list[str]) -> tuple[list[str], list[str]]:
    """Clean raw author strings into (people, agencies)."""
    people: list[str] = []
    agencies: list[str] = []
    for value in raw:
        value = _EMAIL.sub("", _BY.sub("", clean_space(value)))
        for part in _NAME_SPLIT.split(value):
            name = _clean_name(part)
            if not name:
                continue
            if name.casefold() in AGENCIES:
                if name not in agencies:
                    agencies.append(name)
            elif _is_person(name) and name not in people:
                people.append(name)
    return people, agencies


def _clean_name(part: str) -> str:
    name = _BY.sub("", part.strip())
    name = _ROLE.sub("", name)
    name = re.sub(r"\(.*?\)|\[.*?\]|\d.*$", "", name)
    return clean_space(name.strip(" .:-\u2013\u2014|"))


def _is_person(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= MAX_NAME_WORDS
        and name[0].isalpha()
        and not name.islower()
        and not name.startswith(("http", "www."))
    )


# --- image, language ------------------------------------------------------------------------


def _image(data: Structured, article: dict[str, Any]) -> str:
    image = data.first_meta("og:image", "og:image:url", "twitter:image", "twitter:image:src")
    if not image:
        image = as_text(article.get("image"))
    return image if image.startswith(("http://", "https://", "/")) else ""


def _language(tree: lxml_html.HtmlElement, data: Structured) -> str:
    lang = tree.get("lang") or tree.get("xml:lang") or ""
    lang = lang or data.first_meta("content-language", "og:locale", "language", "dc.language")
    match = re.match(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z]{2,4})?", lang)
    return match.group(1).lower() if match else ""
