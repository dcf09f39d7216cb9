"""Read a page's structured data: JSON-LD objects and <meta> values, once per page."""

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

_PREFERRED = (
    "newsarticle",
    "article",
    "blogposting",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "review",
    "webpage",
)
MAX_JSONLD_CHARS = 500_000
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


@dataclass
class Structured:
    """JSON-LD objects (flattened) and meta tags (lower-cased keys, first value kept)."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """A {"@id": ...} reference replaced by the object of the graph with that id."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            for obj in self.objects:
                if obj.get("@id") == value["@id"] and len(obj) > 1:
                    return obj
        return value

    def article(self) -> dict[str, Any]:
        """The JSON-LD object that best describes the article (NewsArticle first)."""
        by_type: dict[str, dict[str, Any]] = {}
        for obj in self.objects:
            for kind in types_of(obj):
                by_type.setdefault(kind, obj)
        for kind in _PREFERRED:
            if kind in by_type:
                return by_type[kind]
        return {}

    def first_meta(self, *keys: str) -> str:
        for key in keys:
            value = self.meta.get(key, "").strip()
            if value:
                return value
        return ""


def types_of(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).lower().rsplit("/", 1)[-1] for k in kinds]


def read_structured(tree: lxml_html.HtmlElement) -> Structured:
    """JSON-LD and meta tags of a parsed page."""
    data = Structured()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            data.objects.extend(_objects(script.text or ""))
    for meta in tree.iter("meta"):
        key = (
            (
                meta.get("property")
                or meta.get("name")
                or meta.get("itemprop")
                or meta.get("http-equiv")
                or ""
            )
            .strip()
            .lower()
        )
        value = meta.get("content")
        if key and value and key not in data.meta:
            data.meta[key] = value.strip()
    return data


def _objects(raw: str) -> Iterator[dict[str, Any]]:
    raw = raw.strip()
    if not raw or len(raw) > MAX_JSONLD_CHARS:
        return
    raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|\]\]>\s*$", "", raw)
    try:
        value = json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        return
    yield from _flatten(value, depth=0)


def _flatten(value: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        if "@graph" in value:
            yield from _flatten(value["@graph"], depth + 1)
        main = value.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _flatten(main, depth + 1)


def as_text(value: Any) -> str:
    """A JSON-LD value as one string: the first of a list, the name or @value of an object."""
    if isinstance(value, list):
        return as_text(value[0]) if value else ""
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("@value") or value.get("url") or "")
    if value is None:
        return ""
    text = str(value).strip()
    # content systems write HTML entities into JSON-LD strings ("Tools &#8211; Spreadsheet")
    return html.unescape(text) if _ENTITY.search(text) else text
