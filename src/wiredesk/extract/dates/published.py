"""The page's publication and update dates: declared, shown, or guessed by htmldate."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from wiredesk.extract.dates.line import ShownDate, headline_date
from wiredesk.extract.dates.parse import bounded, parse_datetime, plausible
from wiredesk.extract.dates.shown import first_written_date, shown_day, shown_days, writes_day
from wiredesk.extract.dates.written import month_first_page
from wiredesk.extract.structured import Structured

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


# An element marked as the publication (microdata) further than this from the date the
# JSON-LD or meta tags declare belongs to something else on the page (see `_declared`).
MARKED_SLACK = timedelta(hours=36)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")


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
    updated = bounded(
        parse_datetime(article.get("dateModified")) or _first_meta_date(data, _UPDATED_META),
        reference,
    )
    published = _declared(tree, data, article, url, reference)
    # The page's date line is looked for only where it can change the answer.
    line = None
    if published is None or updated is not None:
        line = headline_date(tree, reference, month_first=month_first_page(tree, data, url))
    if published is not None:
        if updated and line and _shows_update(published, updated, line, tree):
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
    declared = [
        d
        for d in (
            parse_datetime(article.get("datePublished")),
            _first_meta_date(data, _PUBLISHED_META),
        )
        if d and not is_placeholder(d) and plausible(d, reference)
    ]
    marked = _marked_date(tree)
    if (
        marked is not None
        and not is_placeholder(marked)
        and plausible(marked, reference)
        and (not declared or _near(marked, min(declared)))  # else another story's date
    ):
        declared.append(marked)
    created = bounded(parse_datetime(article.get("dateCreated")), reference)
    return (
        min(declared, default=None)
        or (created if created and not is_placeholder(created) else None)
        or bounded(url_date(url), reference)
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


def _first_meta_date(data: Structured, keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        parsed = parse_datetime(data.meta.get(key))
        if parsed:
            return parsed
    return None


def _near(a: datetime, b: datetime) -> bool:
    """Within `MARKED_SLACK` (a day and a half) of each other: the same day in some zone."""
    return abs(a - b) <= MARKED_SLACK


# The elements marked as the publication: `//*[@itemprop='datePublished']` reached through the
# attributes (the same elements; libxml2 then tests only the itemprop attributes, not every
# element of the page).
_MARKED_XPATH = etree.XPath("//@itemprop[. = 'datePublished']/.. | //time[@pubdate]")


def _marked_date(tree: lxml_html.HtmlElement) -> datetime | None:
    for el in _MARKED_XPATH(tree)[:3]:
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
    one finds nothing and `extensive` allows it (see `guess`)."""
    from wiredesk.extract.dates.guess import guess_date

    found = guess_date(tree, url or None, extensive=extensive)
    return parse_datetime(found) if found else None


def _shows_update(
    published: datetime, updated: datetime, line: ShownDate, tree: lxml_html.HtmlElement
) -> bool:
    """Whether the page presents itself as of its modification day.

    When the structured data give a modification on a later day than the publication and the
    first date line of the page shows that later day (labelled "Updated" or not), the
    publisher has re-dated the page: an evergreen guide refreshed, a recap rewritten, a post
    re-issued. Readers and citations take the day shown, and the publication stamp is then
    often the creation of an old draft or of an earlier story under the same address. Risk:
    a news story whose header leads with its update day and shows its first day only further
    down gets the update day.

    A page that still writes its publication day somewhere (see `writes_day`: "Published
    March 26, 2023" under the "Updated" line, a date beside the author box) is not re-dated:
    it shows both days, and the first is the publication. Risk: the publication day written
    by coincidence elsewhere (a comment, a list of other posts) keeps the first day.
    """
    return (
        updated.date() > published.date()
        and line.day == updated.date()
        and not writes_day(tree, published.date())
    )
