"""Feed date strings -> aware UTC datetimes, the same on the fast path and the fallback.

The two forms almost every feed uses (RFC 822 with an English month, ISO 8601 with a zone) are
read directly: feedparser's chain of parsers costs tens of microseconds a date. Everything else
goes to feedparser's own parsers, so both paths read the odd forms the same way.
"""

import re
from datetime import UTC, datetime, timedelta, timezone
from time import struct_time

from wiredesk.ingest.feeds import upstream
from wiredesk.months import MONTHS  # the one month table (page dates read it too)

_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UT|Z)"
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")

# feedparser's own chain, but with the Korean, Greek and Hungarian parsers first for
# non-ASCII strings: in feedparser's order the ISO parsers take "2004-05-25 오후 11:23:17" as
# midnight and "2004-július-13" as 1 November.
_ISO_LIKE = re.compile(r"\d{4}-[^-]*-")
"""Hyphenated ISO dates go to the strict W3C-DTF parser only: feedparser's
lenient ISO 8601 parser reads "2013-xx-27" as 1 November and "2003-12-31T25:14:55Z" as the
next day, and a wrong date is worse than none."""
_NO_SPACE_AFTER_DAY = re.compile(r"^([A-Za-z]{3}),(?=\S)")
_STANDARD: tuple[upstream.DateParser, ...] = (
    upstream.parse_date_w3dtf,
    upstream.parse_date_rfc822,
    upstream.parse_date_iso8601,
    upstream.parse_date_asctime,
    upstream.parse_date_perforce,
)
_LOCALISED: tuple[upstream.DateParser, ...] = (
    upstream.parse_date_onblog,
    upstream.parse_date_nate,
    upstream.parse_date_greek,
    upstream.parse_date_hungarian,
)


def parse_date(value: str | None) -> datetime | None:
    """A feed date string -> aware UTC datetime, or None when it is no date."""
    if not value:
        return None
    value = value.strip()
    when = _quick_date(value)
    if when is not None:
        return when
    value = _NO_SPACE_AFTER_DAY.sub(r"\1, ", value)
    if not value.isascii():
        chain: tuple[upstream.DateParser, ...] = _LOCALISED + _STANDARD
    elif _ISO_LIKE.match(value):
        chain = (upstream.parse_date_w3dtf,)
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


def _quick_date(value: str) -> datetime | None:
    match = _RFC822.fullmatch(value)
    try:
        if match:
            day, mon, year, hh, mm, ss, sign, oh, om = match.groups()
            offset = timedelta(hours=int(oh or 0), minutes=int(om or 0))
            zone = timezone(-offset if sign == "-" else offset)
            month = MONTHS[mon.lower()]
            local = datetime(int(year), month, int(day), int(hh), int(mm), int(ss), tzinfo=zone)
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
