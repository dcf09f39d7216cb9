"""Plain text -> story: for stories that arrive as text (a feed's full text, an agency wire).

Paragraphs are separated by blank lines (single line breaks when the text has none). A first
line of at most `MAX_DATE_LINE_WORDS` (8) words that reads as a date ("Thu, 07 Jul 2022") is
the stated date. Then the rules of `body` apply as on a page: credits and rights lines move to
their fields, promos ("SEE ALSO: ...", "More X News", "Access More", sign-up boxes) go.
"""

import re
from datetime import UTC, datetime

from wiredesk.errors import ExtractError
from wiredesk.extract.article import ExtractedArticle
from wiredesk.extract.blocks import Block, clean_space
from wiredesk.extract.body import select_story
from wiredesk.extract.dates import is_date_line, parse_datetime, written_day
from wiredesk.extract.page import add_date_flags
from wiredesk.extract.parse import valid_text
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.extract.templates import SiteTemplate

MAX_DATE_LINE_WORDS = 8


def extract_text_story(
    text: str,
    url: str = "",
    *,
    title: str = "",
    published: datetime | None = None,
    template: SiteTemplate | None = None,
) -> ExtractedArticle:
    """The story of a plain-text article; ExtractError when no text is left."""
    paragraphs = split_paragraphs(valid_text(text))
    stated = None
    if paragraphs and len(paragraphs[0].split()) <= MAX_DATE_LINE_WORDS:
        stated = read_date_line(paragraphs[0])
        if stated:
            paragraphs = paragraphs[1:]
    blocks = [Block("p", p, "") for p in paragraphs]
    parts = select_story(blocks, title, template)
    if not parts.body:
        raise ExtractError(url, "no story text")
    article = ExtractedArticle(
        url=url,
        title=title,
        body=parts.body,
        body_html=sanitize_html(parts.body_html),
        published=published or stated,
        credits=parts.credits,
        rights=parts.rights,
        dateline=parts.dateline,
    )
    add_date_flags(article, published or stated)
    return article


def split_paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, whitespace collapsed; single lines when there is no blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [p for p in (clean_space(c) for c in chunks) if p]


def read_date_line(line: str) -> datetime | None:
    """'Thu, 07 Jul 2022', '2022-07-07', 'July 7, 2022' -> aware datetime, else None."""
    parsed = parse_datetime(line)
    if parsed:
        return parsed
    day = written_day(line) if is_date_line(line) else None
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
