"""The page's own dates, the dates its text speaks of, and the gap between them.

Original publication date: the earliest of JSON-LD `datePublished` of the article object,
the first publication meta tag (article:published_time and its kin) and an element marked
`itemprop=datePublished` or `<time pubdate>` (when they disagree, the earliest is the
original; midnight on 1 January is a placeholder and does not count, see `is_placeholder`);
failing those, JSON-LD `dateCreated` and a date in the URL path (/2019/11/19/). The page's
own date line (the first short text that is a date and nothing else, outside chrome: see
`headline_date`) is a vote on top of these: when nothing is declared it comes before
htmldate (`original_date=True`, extensive search on request), whose guess over the whole
page is last; and when the declared modification falls on a later day than the publication
and the date line shows that later day, the page has been re-dated by its publisher and the
modification is taken (see `_shows_update`). The updated date comes from JSON-LD
`dateModified` and the modification meta tags. A date before `MIN_YEAR` (1995) or more than
a day after the reference (the fetch; now by default) is ignored. Naive datetimes are read as
UTC. The day the page shows can move a UTC stamp by a day (see `shown_day`). Numeric days
("08/11/2023") are read in the page's own order (see `numeric_day`, `month_first_page`).

Each rule states its false-positive risk where it is; what they change on the benchmark
pages is in bench/results/metadata.md.

Date gap: the text's own date mentions ("January 10", "10 Jan 2022", "Jan. 11") are resolved
against the stated date (a mention without a year takes the year that puts it closest to, and
not more than `FUTURE_DAYS` (60) days after, the stated date). When at least
`MIN_MENTIONS` (2) mentions are found and the nearest is more than `GAP_DAYS` (90) days away,
the article gets the flag `date-gap`. False-positive risk: a story about an event months old
that names no recent day (a guilty plea "on Monday" over threats made in February); on the
110 pages of the body benchmark (news as first published) 4 are flagged, all of that kind.
It is a flag for an editor, not a rejection.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from wiredesk.extract.blocks import clean_space
from wiredesk.extract.structured import Structured, as_text

MIN_YEAR = 1995
GAP_DAYS = 90
FUTURE_DAYS = 60
MIN_MENTIONS = 2
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
_TEXT_XPATH = etree.XPath(
    "//body//text()[not(parent::script) and not(parent::style) and not(parent::noscript)]"
)
_UPDATED_WORD = re.compile(r"updated|modified|edited|aktualisiert", re.I)
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


_WRITTEN = [
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I
    ),
    re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH}\s+"
        r"(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
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
    tree: lxml_html.HtmlElement,
    data: Structured,
    url: str,
    *,
    extensive: bool = True,
    guess: bool = True,
    reference: datetime | None = None,
) -> tuple[datetime | None, datetime | None]:
    """(published, updated) of a parsed page; `guess=False` leaves htmldate out. Nothing after
    `reference` (default: now) is taken, beyond `FUTURE_SLACK` (a day) of clock and zone skew."""
    reference = reference or datetime.now(UTC)
    article = data.article()
    updated = _before(
        parse_datetime(article.get("dateModified")) or _first_meta_date(data, _UPDATED_META),
        reference,
    )
    line = headline_date(tree, reference, month_first=month_first_page(tree, data, url))
    published = _declared(tree, data, article, url, reference)
    if published is not None:
        if updated and line and _shows_update(published, updated, line):
            published = updated
        published = _settled(published, tree)
    elif line is not None:  # the page's own date line: a day, with no instant to move
        published = line.at_noon()
    elif guess:
        found = _htmldate(tree, url, extensive)
        published = _settled(found, tree) if found else None
    if published and not plausible(published, reference):
        published = None
    if published and updated and updated < published:
        updated = None
    return published, updated


def _declared(
    tree: lxml_html.HtmlElement,
    data: Structured,
    article: dict[str, Any],
    url: str,
    reference: datetime,
) -> datetime | None:
    """The publication the page declares in its markup, or in its address."""
    stated = [
        d
        for d in (
            parse_datetime(article.get("datePublished")),
            _first_meta_date(data, _PUBLISHED_META),
            _marked_date(tree),
        )
        if d and not is_placeholder(d) and plausible(d, reference)
    ]
    created = _before(parse_datetime(article.get("dateCreated")), reference)
    return (
        min(stated, default=None)
        or (created if created and not is_placeholder(created) else None)
        or _before(url_date(url), reference)
    )


def _settled(published: datetime, tree: lxml_html.HtmlElement) -> datetime:
    """A machine date checked against the page: a placeholder replaced by the first written
    date, a bare UTC stamp moved to the day the page shows (see `shown_day`)."""
    if is_placeholder(published):
        published = first_written_date(tree) or published
    if published.utcoffset() == timedelta(0):  # a bare UTC stamp (or naive)
        published = shown_day(published, shown_days(tree))
    return published


def is_placeholder(found: datetime) -> bool:
    """Midnight on the first of January: a content system's default, not a publication."""
    return (found.month, found.day, found.hour, found.minute, found.second) == (1, 1, 0, 0, 0)


def first_written_date(tree: lxml_html.HtmlElement) -> datetime | None:
    """The first full date written in a short visible text of the article (a date line of at
    most `MAX_DATE_LINE_CHARS`, 200, characters), at noon UTC."""
    for node in _TEXT_XPATH(tree):
        text = str(node)
        if len(text) > MAX_DATE_LINE_CHARS or not re.search(r"\d{4}", text):
            continue
        day = written_day(text)
        parent = node.getparent()
        if day and parent is not None and _place(parent) is not None:
            return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return None


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
    article (<article>, <main>) is read first; the rest of the page only when the article
    shows no day."""
    inside: list[date] = []
    for scope in tree.iter("article", "main"):
        if any(a.tag in {"article", "main"} for a in scope.iterancestors()):
            continue  # read once, with the outermost
        inside.extend(d for d in _days_in(scope, want="article") if d not in inside)
    return inside[:MAX_SHOWN] or _days_in(tree, want="page")


def _days_in(root: lxml_html.HtmlElement, want: str) -> list[date]:
    days: list[date] = []
    seen: set[int] = set()
    for attr in _DATE_XPATH(root):
        el = attr if isinstance(attr, lxml_html.HtmlElement) else attr.getparent()
        if id(el) in seen or not isinstance(el.tag, str):
            continue
        seen.add(id(el))
        text = " ".join(el.text_content().split())
        if not text or len(text) > 100:
            continue
        day = written_day(_before_update(text))
        if day and day not in days and _place(el) == want:
            days.append(day)
            if len(days) >= MAX_SHOWN:
                break
    return days


def _before_update(text: str) -> str:
    """The part of a date element before it speaks of an update: "January 19, 2020 / 12:25 PM
    / Updated 8 hours ago" shows the publication day first; "Updated March 5" shows none."""
    update = _UPDATED_WORD.search(text)
    return text[: update.start()] if update else text


def _place(el: lxml_html.HtmlElement) -> str | None:
    """'article' (inside article/main), 'page', or None for chrome (nav, links, site header)."""
    tags = [a.tag for a in el.iterancestors() if isinstance(a.tag, str)]
    in_article = "article" in tags or "main" in tags
    if {"nav", "a", "li", "footer", "aside"} & set(tags):
        return None
    if "header" in tags and not in_article:
        return None
    return "article" if in_article else "page"


def written_day(text: str) -> date | None:
    """The first full date written in a text: "February 24, 2020", "24 Feb 2020", ISO."""
    for pattern in _WRITTEN:
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
    """htmldate's guess: its fast search first, the extensive one (slow) only when the fast
    one finds nothing and `extensive` allows it."""
    from htmldate import find_date

    for search in (False, True) if extensive else (False,):
        try:
            found = find_date(
                tree,
                url=url or None,
                original_date=True,
                extensive_search=search,
                min_date="1995-01-01",
            )
        except Exception:  # htmldate has no error tree of its own; a failed guess is no date
            found = None
        if found:
            return parse_datetime(found)
    return None


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


# --- the date line the page shows -------------------------------------------------------------

# A label before the day ("Published:", "Last updated", "Written on"), then perhaps a time
# ("Updated 2010 GMT (0410 HKT) March 14, 2021") and a weekday.
_LINE_HEAD = re.compile(
    r"^[\W_]*(?P<label>(?:(?:first|originally)\s+)?"
    r"(?:published|posted|written|created|dated?|released|issued)|"
    r"(?:last\s+)?(?:updated|modified|edited))?\s*(?:on|at)?\s*[:|-]?\s*"
    r"(?:(?:\d{1,2}[:.]\d\d(?![./-]\d)|\d{4}(?=\s*[A-Z]{2,5}\b))\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:[A-Z]{2,5})?\s*"
    r"(?:\([^)]*\))?\s*,?\s*)?" + _WEEKDAY,
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
# A numeric day with a four-digit year; which number is the month is decided by `numeric_day`.
_NUMERIC = re.compile(
    r"(?P<first>[0-3]?\d)(?P<sep>[./-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b"
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
FUTURE_SLACK = timedelta(days=1)


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
    for node in _TEXT_XPATH(tree):
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
    for pattern in [*_WRITTEN, _NUMERIC]:
        match = pattern.match(rest)
        if not match:
            continue
        day = numeric_day(match, month_first) if pattern is _NUMERIC else written_day(match[0])
        if day is None:
            return None
        tail = rest[match.end() :]
        tail = tail[_LINE_TIME.match(tail).end() :]  # type: ignore[union-attr]  # always matches
        if tail.strip() and not _LINE_MORE.match(tail) and len(tail.split()) > 1:
            return None
        label = (head["label"] or "") if head else ""
        return ShownDate(day, bool(_UPDATED_WORD.search(label)))
    return None


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


def _shows_update(published: datetime, updated: datetime, line: ShownDate) -> bool:
    """Whether the page presents itself as of its modification day.

    When the structured data give a modification on a later day than the publication and the
    first date line of the page shows that later day (labelled "Updated" or not), the
    publisher has re-dated the page: an evergreen guide refreshed, a recap rewritten, a post
    re-issued. Readers and citations take the day shown, and the publication stamp is then
    often the creation of an old draft or of an earlier story under the same address. Risk:
    a news story whose header leads with its update day and shows its first day only further
    down gets the update day.
    """
    return updated.date() > published.date() and line.day == updated.date()


def plausible(found: datetime, reference: datetime) -> bool:
    """Not before `MIN_YEAR` and not after `reference` (plus `FUTURE_SLACK`): a page cannot
    have been published after it was fetched, and a date from before the web is a typo."""
    return found.year >= MIN_YEAR and found <= reference + FUTURE_SLACK


def _before(found: datetime | None, reference: datetime) -> datetime | None:
    return found if found and plausible(found, reference) else None
