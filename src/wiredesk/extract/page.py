"""Extract the story from an article page (first version: trafilatura).

`extract_page` is what both `wiredesk extract` and ingest call.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import trafilatura

from wiredesk.errors import ExtractError
from wiredesk.extract.sanitize import sanitize_html, text_to_html


@dataclass
class ExtractedArticle:
    """The clean story of one page, every field as the site will use it."""

    url: str = ""
    title: str = ""
    body: str = ""
    body_html: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    rights: str = ""
    dateline: str = ""
    image: str = ""
    language: str = ""
    flags: list[str] = field(default_factory=list)


def extract_page(html: bytes | str, url: str = "") -> ExtractedArticle:
    """Return the story of a page; raise ExtractError when there is none."""
    if isinstance(html, bytes):
        html = _decode(html)
    if "<" not in html[:2000]:
        raise ExtractError(url, "not an HTML page")
    doc = trafilatura.bare_extraction(html, url=url or None, favor_precision=True,
                                      include_comments=False, with_metadata=True)
    if doc is None or not (doc.text or "").strip():
        raise ExtractError(url, "no article text found on the page")
    body = _paragraphs(doc.text)
    return ExtractedArticle(
        url=url or (doc.url or ""),
        title=doc.title or "",
        body=body,
        body_html=sanitize_html(text_to_html(body)),
        published=_parse_day(doc.date),
        authors=[a.strip() for a in (doc.author or "").split(";") if a.strip()],
        image=doc.image or "",
        language=doc.language or "",
    )


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def _paragraphs(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _parse_day(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None
