"""The days a page shows in its date elements, and a machine date moved to the day shown."""

import re
from datetime import UTC, date, datetime, timedelta, timezone

from lxml import etree
from lxml import html as lxml_html

from wiredesk.extract.dates.written import UPDATED_WORD, written_day

SHOWN_WINDOW_DAYS = 1
MAX_SHOWN = 8
_DATE_XPATH = etree.XPath(
    ".//time | .//@class["
    + " or ".join(
        f"contains(., '{word}')"
        for word in ("date", "Date", "time", "Time", "ublish", "osted", "yline", "stamp")
    )
    + "] | .//@id[contains(., 'date') or contains(., 'Date') or contains(., 'time')]"
)


MAX_DATE_LINE_CHARS = 200
# Visible texts that may hold a year of 19xx or 20xx, which every date pattern here needs:
# libxml2 drops the rest before Python sees them (a news page has thousands of text nodes,
# a few dozen of them with such digits).
YEAR_TEXT_XPATH = etree.XPath(
    "//body//text()[contains(., '19') or contains(., '20')]"
    "[not(parent::script) and not(parent::style) and not(parent::noscript)]"
)


def first_written_date(tree: lxml_html.HtmlElement) -> datetime | None:
    """The first full date written in a short visible text of the article (a date line of at
    most `MAX_DATE_LINE_CHARS`, 200, characters), at noon UTC."""
    for node in YEAR_TEXT_XPATH(tree):
        text = str(node)
        if len(text) > MAX_DATE_LINE_CHARS or not re.search(r"\d{4}", text):
            continue
        day = written_day(text)
        parent = node.getparent()
        if day and parent is not None and place_of(parent) is not None:
            return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return None


def writes_day(tree: lxml_html.HtmlElement, day: date) -> bool:
    """Whether a short visible text of the page (at most `MAX_DATE_LINE_CHARS`) writes `day`
    as its first full date ("Published March 26, 2023", "2023-03-26")."""
    for node in YEAR_TEXT_XPATH(tree):
        text = str(node)
        if len(text) <= MAX_DATE_LINE_CHARS and written_day(text) == day:
            return True
    return False


def shown_day(found: datetime, shown: list[date]) -> datetime:
    """The machine date moved to the day the page shows, when that day is near.

    Only for UTC (or naive) stamps: a stamp with its own offset already gives the local day.
    When the page shows its date (see `shown_days`) and none of the shown days is the machine
    date's own day, the first shown day within `SHOWN_WINDOW_DAYS` (1) is taken: a UTC stamp
    of an evening story in America falls on the next day. The instant is kept when it can be
    (re-expressed at the whole-hour offset nearest UTC that gives the shown day); otherwise
    the shown day at noon UTC.
    """
    if not shown or found.date() in shown:
        return found
    for day in shown:
        if abs((day - found.date()).days) <= SHOWN_WINDOW_DAYS:
            return _at_day(found, day)
    return found


def _at_day(found: datetime, day: date) -> datetime:
    instant = found.astimezone(UTC)
    for hours in sorted(range(-12, 15), key=abs):
        local = instant.astimezone(timezone(timedelta(hours=hours)))
        if local.date() == day:
            return local
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def shown_days(tree: lxml_html.HtmlElement) -> list[date]:
    """Days written in the page's date elements (<time>, class or id naming a date), in page
    order, at most `MAX_SHOWN` (8). Skipped: what an element says after "updated" or
    "modified" (see `_before_update`), and elements in navigation, links, list items or a site
    header outside the article (today's date in the masthead, teasers of other stories). The
    days inside the article (<article>, <main>) come first; the rest of the page counts only
    when the article shows no day. One walk over the page finds both."""
    found: dict[str, list[date]] = {"article": [], "page": []}
    seen: set[lxml_html.HtmlElement] = set()
    for attr in _DATE_XPATH(tree):
        el = attr if isinstance(attr, lxml_html.HtmlElement) else attr.getparent()
        if el in seen or not isinstance(el.tag, str):
            continue
        seen.add(el)
        text = " ".join(el.text_content().split())
        if not text or len(text) > 100:
            continue
        day = written_day(_before_update(text))
        days = found.get(place_of(el) or "") if day else None
        if days is not None and day not in days and len(days) < MAX_SHOWN:
            days.append(day)
            if len(found["article"]) >= MAX_SHOWN:
                break
    return found["article"] or found["page"]


def _before_update(text: str) -> str:
    """The part of a date element before it speaks of an update: "January 19, 2020 / 12:25 PM
    / Updated 8 hours ago" shows the publication day first; "Updated March 5" shows none."""
    update = UPDATED_WORD.search(text)
    return text[: update.start()] if update else text


def place_of(el: lxml_html.HtmlElement) -> str | None:
    """'article' (inside article/main), 'page', or None for chrome (nav, links, site header)."""
    tags = [a.tag for a in el.iterancestors() if isinstance(a.tag, str)]
    in_article = "article" in tags or "main" in tags
    if {"nav", "a", "li", "footer", "aside"} & set(tags):
        return None
    if "header" in tags and not in_article:
        return None
    return "article" if in_article else "page"
