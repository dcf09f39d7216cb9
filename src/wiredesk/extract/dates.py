"""The page's own dates, the dates its text speaks of, and the gap between them.

Original publication date, in order of trust: JSON-LD `datePublished` of the article object,
publication meta tags (article:published_time and their kin), an element marked
`itemprop=datePublished` or `<time pubdate>`, a date in the URL path (/2019/11/19/), and last
htmldate's extensive search (`original_date=True`). The updated date comes from JSON-LD
`dateModified` and the modification meta tags. A date before `MIN_YEAR` (1995) or more than a
day in the future is ignored. Naive datetimes are read as UTC.

Date gap: the text's own date mentions ("January 10", "10 Jan 2022", "Jan. 11") are resolved
against the stated date (a mention without a year takes the year that puts it closest to, and
not more than `FUTURE_DAYS` (60) days after, the stated date). When at least
`MIN_MENTIONS` (2) mentions are found and the nearest is more than `GAP_DAYS` (45) days away,
the article gets the flag `date-gap`. False-positive risk: a retrospective that only names old
dates; it is a flag for an editor, not a rejection.
"""

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import html as lxml_html

from wiredesk.extract.structured import Structured, as_text

MIN_YEAR = 1995
GAP_DAYS = 45
FUTURE_DAYS = 60
MIN_MENTIONS = 2
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "originalpublicationdate",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "rnews:datepublished",
    "og:pubdate",
    "release_date",
    "live_date",
    "publication_date",
    "article:post_date",
)
_UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "article.updated",
    "dc.date.modified",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>{})\b\.?".format("|".join(sorted(MONTHS, key=len, reverse=True)))
_MENTIONS = [
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I
    ),
    re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:,?\s+(?P<year>(?:19|20)\d\d))?",
        re.I,
    ),
]


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601, RFC 2822 or YYYY-MM-DD text -> aware datetime; None when unreadable or absurd."""
    text = as_text(value)[:64].strip()
    if not text:
        return None
    parsed = _parse_iso(text) or _parse_rfc(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.year < MIN_YEAR or parsed > datetime.now(UTC) + timedelta(days=1):
        return None
    return parsed


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text
    candidate = re.sub(r"Z$", "+00:00", candidate)
    candidate = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    match = re.match(r"^(\d{4})-?(\d\d)-?(\d\d)", text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _parse_rfc(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def page_dates(
    tree: lxml_html.HtmlElement, data: Structured, url: str, *, extensive: bool = True
) -> tuple[datetime | None, datetime | None]:
    """(published, updated) of a parsed page."""
    article = data.article()
    updated = parse_datetime(article.get("dateModified")) or _first_meta_date(data, _UPDATED_META)
    published = (
        parse_datetime(article.get("datePublished"))
        or parse_datetime(article.get("dateCreated"))
        or _first_meta_date(data, _PUBLISHED_META)
        or _marked_date(tree)
        or url_date(url)
        or _htmldate(tree, url, extensive)
    )
    if published and updated and updated < published:
        updated = None
    return published, updated


def _first_meta_date(data: Structured, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        parsed = parse_datetime(data.meta.get(key))
        if parsed:
            return parsed
    return None


def _marked_date(tree: lxml_html.HtmlElement) -> datetime | None:
    for el in tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate]")[:3]:
        parsed = parse_datetime(el.get("datetime") or el.get("content") or el.text_content())
        if parsed:
            return parsed
    return None


def url_date(url: str) -> datetime | None:
    """A /YYYY/MM/DD/ date in the URL path."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def _htmldate(tree: lxml_html.HtmlElement, url: str, extensive: bool) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(
            tree,
            url=url or None,
            original_date=True,
            extensive_search=extensive,
            min_date="1995-01-01",
        )
    except Exception:  # htmldate has no error tree of its own; a failed guess is no date
        return None
    return parse_datetime(found) if found else None


# --- dates in the text ----------------------------------------------------------------------


def text_dates(text: str, stated: date) -> list[date]:
    """Dates the text mentions, years resolved against the stated date, in text order."""
    found: list[tuple[int, date]] = []
    for pattern in _MENTIONS:
        for match in pattern.finditer(text):
            resolved = _resolve(match, stated)
            if resolved:
                found.append((match.start(), resolved))
    found.sort()
    return [d for _, d in found]


def _resolve(match: re.Match[str], stated: date) -> date | None:
    month = MONTHS[match["month"].lower()]
    day = int(match["day"])
    years = (
        [int(match["year"])] if match["year"] else [stated.year - 1, stated.year, stated.year + 1]
    )
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not match["year"]:
        candidates = [c for c in candidates if (c - stated).days <= FUTURE_DAYS]
    return min(candidates, key=lambda c: abs((c - stated).days)) if candidates else None


def has_date_gap(mentions: list[date], stated: date) -> bool:
    """True when the text's dates are all far from the stated date (see module docstring)."""
    if len(set(mentions)) < MIN_MENTIONS:
        return False
    return min(abs((m - stated).days) for m in mentions) > GAP_DAYS


_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ANY_MONTH = _MONTH.replace("?P<month>", "?:")
_DATE_ONLY = re.compile(
    rf"^{_WEEKDAY}(?:\d{{1,2}}\s+{_ANY_MONTH},?\s+\d{{4}}|{_ANY_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|"
    r"\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s+\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|[+-]\d{4})?)?$",
    re.I,
)


def is_date_line(text: str) -> bool:
    """A block that is a date and nothing else: "Thu, 07 Jul 2022", "2024-03-05 10:00"."""
    text = text.strip()
    return len(text) <= 60 and bool(_DATE_ONLY.match(text))
