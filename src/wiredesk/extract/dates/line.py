"""The page's own date line: the first short text that is a (labelled) date and nothing else."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from lxml import html as lxml_html

from wiredesk.extract.blocks import clean_space
from wiredesk.extract.dates.parse import plausible
from wiredesk.extract.dates.shown import YEAR_TEXT_XPATH
from wiredesk.extract.dates.written import (
    NUMERIC,
    UPDATED_WORD,
    WEEKDAY,
    WRITTEN,
    numeric_day,
    written_day,
)

# A label before the day ("Published:", "Last updated", "Written on"), then perhaps a time
# ("Updated 2010 GMT (0410 HKT) March 14, 2021") and a weekday.
_LINE_HEAD = re.compile(
    r"^[\W_]*(?P<label>(?:(?:first|originally)\s+)?"
    r"(?:published|posted|written|created|dated?|released|issued)|"
    r"(?:last\s+)?(?:updated|modified|edited))?\s*(?:on|at)?\s*[:|-]?\s*"
    r"(?:(?:\d{1,2}[:.]\d\d(?![./-]\d)|\d{4}(?=\s*[A-Z]{2,5}\b))\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:[A-Z]{2,5})?\s*"
    r"(?:\([^)]*\))?\s*,?\s*)?" + WEEKDAY,
    re.I,
)


# After the day: a time, a zone, a parenthesis ("13 Jan 2020, 22:11 GMT+10").
_LINE_TIME = re.compile(
    r"^[\s,/|@\u2022\u00b7\u2013\u2014-]*(?:at\s+)?"
    r"(?:\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?)?\s*"
    r"(?:(?:GMT|UTC)\s*[+-]?\d{0,2}(?::?\d\d)?|[A-Z]{2,5}|[+-]\d{4})?\s*(?:\([^)]*\))?",
)


# ... or the rest of a publication line: "/ Updated 8 hours ago", ", originally created ...".
_LINE_MORE = re.compile(
    r"^[\s,;/|\u2022\u00b7\u2013\u2014-]*(?:updated|modified|edited|last|originally)\b", re.I
)


MAX_LINE_CHARS = 80
LINE_CONTEXT_DEPTH = 4
_LINE_CHROME_TAGS = {
    "nav",
    "a",
    "li",
    "dd",
    "dt",
    "footer",
    "aside",
    "code",
    "pre",
    "blockquote",
    "figcaption",
    "button",
    "option",
    "label",
    "table",
}


_LINE_CHROME_MARK = re.compile(
    r"comment|nav|topbar|top-bar|masthead|breadcrumb|related|recommend|sidebar|widget|"
    r"footer|promo|teaser|trending|popular|weather|today",
    re.I,
)


@dataclass(frozen=True)
class ShownDate:
    """The first date line of a page ("Published 12 May 2019", "Updated Mar 12, 2020")."""

    day: date
    updated: bool  # labelled as an update ("Updated ...", "Last modified ...")

    def at_noon(self) -> datetime:
        """The day at noon UTC: no instant is known, and noon keeps the day in most zones."""
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)


def headline_date(
    tree: lxml_html.HtmlElement, reference: datetime, *, month_first: bool = False
) -> ShownDate | None:
    """The first text of the page that is a date line and nothing else, outside chrome.

    A date line is at most `MAX_LINE_CHARS` (80) characters: an optional label ("Published",
    "Written:", "Last updated"), perhaps a time and a weekday, a full date, then at most a
    time, a zone or the rest of a publication line ("/ Updated 8 hours ago"). Prose that
    mentions a date ("On July 31, 2019, the senators ...") is not a date line. Chrome: links,
    lists, navigation, comments, quotes, code, captions, tables, a site header outside the
    article, and containers whose class or id (on the element or its `LINE_CONTEXT_DEPTH` (4)
    nearest ancestors) names a navigation bar, a teaser list or today's date in a masthead.
    A day after `reference` or before `MIN_YEAR` is no publication date and is skipped.
    Numeric days ("03/01/2020") are read in the page's order (`month_first`, see
    `month_first_page`).
    """
    for node in YEAR_TEXT_XPATH(tree):
        text = clean_space(str(node))
        if not text or len(text) > MAX_LINE_CHARS or not re.search(r"\d", text):
            continue
        shown = read_date_line(text, month_first=month_first)
        if shown is None or not plausible(shown.at_noon(), reference):
            continue
        el = node.getparent()
        if node.is_tail and el is not None:
            el = el.getparent()  # a text after <br> belongs to the <br>'s container
        if el is not None and not _line_in_chrome(el):
            return shown
    return None


def read_date_line(text: str, *, month_first: bool = False) -> ShownDate | None:
    """A short text that is a (labelled) date: "Written: 2023-11-07 15:03", else None."""
    head = _LINE_HEAD.match(text)
    rest = text[head.end() :] if head else text
    for pattern in [*WRITTEN, NUMERIC]:
        match = pattern.match(rest)
        if not match:
            continue
        day = numeric_day(match, month_first) if pattern is NUMERIC else written_day(match[0])
        if day is None:
            return None
        tail = rest[match.end() :]
        tail = tail[_LINE_TIME.match(tail).end() :]  # type: ignore[union-attr]  # always matches
        if tail.strip() and not _LINE_MORE.match(tail) and len(tail.split()) > 1:
            return None
        label = (head["label"] or "") if head else ""
        return ShownDate(day, bool(UPDATED_WORD.search(label)))
    return None


def _line_in_chrome(el: lxml_html.HtmlElement) -> bool:
    tags: set[str] = set()
    for depth, node in enumerate([el, *el.iterancestors()]):
        if not isinstance(node.tag, str):
            continue
        if node.tag in _LINE_CHROME_TAGS:
            return True
        marks = f"{node.get('class', '')} {node.get('id', '')}"
        if depth < LINE_CONTEXT_DEPTH and _LINE_CHROME_MARK.search(marks):
            return True
        tags.add(node.tag)
    return "header" in tags and not {"article", "main"} & tags
