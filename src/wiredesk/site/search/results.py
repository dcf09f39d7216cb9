"""What a search returns, on either engine, and how its highlights become safe markup.

Both engines mark matches with two private-use characters (FTS5's highlight() and
snippet(), PostgreSQL's ts_headline). The engine's output is escaped first and only then
are the markers turned into <mark>, so partner text can never inject markup: the markers
cannot be written as HTML, and nothing else is left unescaped.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

OPEN, CLOSE = "\ue000", "\ue001"
SNIPPET_TOKENS = 30


@dataclass(frozen=True)
class Hit:
    article_id: int
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    by_date: bool = False  # too many matches to rank: newest first


def highlight(text: str) -> SafeString:
    """Escape engine output, then turn its match markers into <mark>."""
    escaped = escape(text)
    return mark_safe(escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))
