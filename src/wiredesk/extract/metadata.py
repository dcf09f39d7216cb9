"""Headline, authors, image, language and site name of an article page.

The headline is `headline.read_title`'s, the authors `bylines.read_authors`'s (each module
says how it chooses); image and language come from the page's markup and declared data.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from wiredesk.extract.bylines import read_authors
from wiredesk.extract.headline import read_title
from wiredesk.extract.structured import Structured, as_text


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


def read_metadata(tree: lxml_html.HtmlElement, data: Structured, url: str = "") -> PageMetadata:
    """Title, authors, image, language, description and site name of a parsed page."""
    article = data.article()
    meta = PageMetadata(
        title=read_title(tree, data, article, url),
        image=_image(data, article),
        language=_language(tree, data),
        description=data.first_meta("og:description", "description", "twitter:description"),
        site_name=data.first_meta("og:site_name", "application-name"),
    )
    meta.authors, meta.agencies = read_authors(tree, data, article, url)
    return meta


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
