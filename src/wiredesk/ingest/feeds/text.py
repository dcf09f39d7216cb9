"""Small helpers both feed parsers share, so that the fast path and the fallback agree.

Dates go through feedparser's own date parser (after a quick path for the two canonical forms),
links through feedparser's URL rules, and relative URLs inside entry HTML are resolved here by
a regular expression instead of feedparser's SGML re-serialisation: we sanitize with nh3 later
anyway, and the expression leaves the partner's markup untouched but for the URL itself.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from time import struct_time

from feedparser.datetimes import (
    _parse_date_asctime,
    _parse_date_greek,
    _parse_date_hungarian,
    _parse_date_iso8601,
    _parse_date_nate,
    _parse_date_onblog,
    _parse_date_perforce,
    _parse_date_rfc822,
    _parse_date_w3dtf,
)
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import make_safe_absolute_uri

from wiredesk.ingest.feeds.types import Enclosure

_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UT|Z)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        start=1,
    )
}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")
_URL_ATTR = re.compile(
    r"""(<[a-zA-Z][^>]*?\s(?:href|src|cite|longdesc|action|background|poster|usemap)\s*=\s*)"""
    r"""(?:"([^"]*)"|'([^']*)')""",
)
_ABSOLUTE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:|#|//")


def parse_date(value: str | None) -> datetime | None:
    """A feed date string -> aware UTC datetime, or None when it is no date.

    The two forms almost every feed uses are read directly (feedparser's chain of parsers
    costs tens of microseconds a date); everything else goes to feedparser, so both paths
    read the odd forms the same way.
    """
    if not value:
        return None
    value = value.strip()
    when = _quick_date(value)
    if when is not None:
        return when
    value = _NO_SPACE_AFTER_DAY.sub(r"\1, ", value)
    if not value.isascii():
        chain: tuple[_DateParser, ...] = _LOCALISED + _STANDARD
    elif _ISO_LIKE.match(value):
        chain = (_parse_date_w3dtf,)
    else:
        chain = _STANDARD
    for parser in chain:
        try:
            parsed = parser(value)
        except (KeyError, OverflowError, ValueError, AttributeError, IndexError):
            continue
        if parsed and len(parsed) == 9:
            return from_struct(parsed)
    return None


# feedparser's own chain, but with the Korean, Greek and Hungarian parsers first for
# non-ASCII strings: in feedparser's order the ISO parsers take "2004-05-25 오후 11:23:17" as
# midnight and "2004-július-13" as 1 November.
_DateParser = Callable[[str], struct_time | None]
_ISO_LIKE = re.compile(r"\d{4}-[^-]*-")
"""Hyphenated ISO dates go to the strict W3C-DTF parser only: feedparser's
lenient ISO 8601 parser reads "2013-xx-27" as 1 November and "2003-12-31T25:14:55Z" as the
next day, and a wrong date is worse than none."""
_NO_SPACE_AFTER_DAY = re.compile(r"^([A-Za-z]{3}),(?=\S)")
_STANDARD: tuple[_DateParser, ...] = (
    _parse_date_w3dtf,
    _parse_date_rfc822,
    _parse_date_iso8601,
    _parse_date_asctime,
    _parse_date_perforce,
)
_LOCALISED: tuple[_DateParser, ...] = (
    _parse_date_onblog,
    _parse_date_nate,
    _parse_date_greek,
    _parse_date_hungarian,
)


def _quick_date(value: str) -> datetime | None:
    match = _RFC822.fullmatch(value)
    try:
        if match:
            day, mon, year, hh, mm, ss, sign, oh, om = match.groups()
            offset = timedelta(hours=int(oh or 0), minutes=int(om or 0))
            zone = timezone(-offset if sign == "-" else offset)
            local = datetime(
                int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=zone
            )
            return local.astimezone(UTC)
        if _ISO.fullmatch(value):
            return datetime.fromisoformat(value).astimezone(UTC).replace(microsecond=0)
    except ValueError:
        return None  # out-of-range fields: let feedparser decide
    return None


def from_struct(value: struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time -> aware datetime."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):  # year 10000 and the like
        return None


def absolute_url(base: str, href: str) -> str:
    """Resolve a link the way feedparser does (only safe schemes survive, else '')."""
    href = href.strip()
    if not base:
        return href
    return make_safe_absolute_uri(base, href)


def html_title(value: str, base: str, mime: str) -> str:
    """A title typed as HTML has its relative URLs resolved, like any entry HTML."""
    if mime in ("text/html", "application/xhtml+xml") and "<" in value:
        return resolve_html_urls(value, base)
    return value


def rss_title(value: str, base: str, declared: str | None = None) -> str:
    """RSS titles are text unless typed: feedparser calls them HTML when they look like it."""
    mime = _TYPE_ALIASES.get((declared or "text/plain").lower(), (declared or "").lower())
    if mime == "text/plain" and "<" in value and _FeedParserMixin.looks_like_html(value):
        mime = "text/html"
    return html_title(value, base, mime)


_TYPE_ALIASES = {"text": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}


def resolve_html_urls(html: str, base: str) -> str:
    """Make the relative URLs in an HTML fragment absolute against `base`.

    Only quoted attribute values are touched; absolute URLs, fragments and
    scheme-relative URLs are left as they are.
    """
    if not base or "=" not in html:
        return html

    def fix(match: re.Match[str]) -> str:
        quote = '"' if match.group(2) is not None else "'"
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if not value or _ABSOLUTE.match(value):
            return match.group(0)
        return f"{match.group(1)}{quote}{absolute_url(base, value)}{quote}"

    return _URL_ATTR.sub(fix, html)


def pick_image(
    thumbnails: list[str], media: list[tuple[str, str, str]], enclosures: list[Enclosure]
) -> str:
    """The entry's lead image: a media thumbnail, else an image media:content, else an
    image enclosure. Both parsers call this with what they found, in document order."""
    for url in thumbnails:
        if url:
            return url
    for url, medium, mime in media:
        if url and (medium == "image" or mime.startswith("image/") or not (medium or mime)):
            return url
    for enc in enclosures:
        if enc.href and enc.type.startswith("image/"):
            return enc.href
    return ""
