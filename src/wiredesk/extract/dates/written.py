"""Dates as people write them: "February 24, 2020", "24 Feb 2020", "08/11/2023".

Month names come from the one table in `wiredesk.months`. Numeric days are read in the
page's own order (`numeric_day`, `month_first_page`).
"""

import re
from datetime import date
from urllib.parse import urlsplit

from lxml import html as lxml_html

from wiredesk.extract.structured import Structured
from wiredesk.months import MONTHS

MONTH = r"(?P<month>{})\b\.?".format("|".join(sorted(MONTHS, key=len, reverse=True)))
WRITTEN = [
    re.compile(
        rf"\b{MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{MONTH}\s+"
        r"(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
]


def written_day(text: str) -> date | None:
    """The first full date written in a text: "February 24, 2020", "24 Feb 2020", ISO."""
    for pattern in WRITTEN:
        match = pattern.search(text)
        if match:
            try:
                return date(
                    int(match["year"]),
                    MONTHS.get(match["month"].lower(), 0)
                    if not match["month"].isdigit()
                    else int(match["month"]),
                    int(match["day"]),
                )
            except ValueError:
                continue
    return None


WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
ANY_MONTH = MONTH.replace("?P<month>", "?:")
_DATE_ONLY = re.compile(
    rf"^{WEEKDAY}(?:\d{{1,2}}\s+{ANY_MONTH},?\s+\d{{4}}|{ANY_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|"
    r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s+\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|[+-]\d{4})?)?$",
    re.I,
)


def is_date_line(text: str) -> bool:
    """A block that is a date and nothing else: "Thu, 07 Jul 2022", "2024-03-05 10:00"."""
    text = text.strip()
    return len(text) <= 60 and bool(_DATE_ONLY.match(text))


# A numeric day with a four-digit year; which number is the month is decided by `numeric_day`.
NUMERIC = re.compile(
    r"(?P<first>[0-3]?\d)(?P<sep>[./-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
)


def numeric_day(match: re.Match[str], month_first: bool) -> date | None:
    """The day of "03/01/2020", "3.1.2020" or "01-03-2020".

    A number above 12 can only be the day, whatever the locale. Dotted dates are day first in
    every locale that writes them (German, Russian, Nordic, Turkish...). Otherwise the order
    is the page's: month first for the United States (`month_first`), day first in most of
    the rest of the world, British and other English included.
    """
    first, second = int(match["first"]), int(match["second"])
    if first > 12 or match["sep"] == ".":
        day, month = first, second
    elif second > 12 or month_first:
        day, month = second, first
    else:
        day, month = first, second
    try:
        return date(int(match["year"]), month, day)
    except ValueError:
        return None


def month_first_page(tree: lxml_html.HtmlElement, data: Structured, url: str) -> bool:
    """Whether the page writes numeric dates month first: its declared locale names the
    United States ("en-US", "en_US"), or it declares bare English ("en") and its address is
    not under another country's domain (a "co.uk" or ".in" site writes day first)."""
    declared = (
        tree.get("lang")
        or data.first_meta("og:locale", "content-language", "language", "dc.language")
        or ""
    )
    match = re.match(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?\b", declared)
    if not match:
        return False
    language, region = match[1].lower(), (match[2] or "").upper()
    if region:
        return region == "US"
    host = urlsplit(url).hostname or "" if url else ""
    country = host.rsplit(".", 1)[-1] if "." in host else ""
    return language == "en" and (len(country) != 2 or country == "us")


UPDATED_WORD = re.compile(r"updated|modified|edited|aktualisiert", re.I)
