"""The dates an article's text speaks of, and the gap between them and its stated date."""

import re
from datetime import date

from wiredesk.extract.dates.written import MONTH
from wiredesk.extract.probed import Probed
from wiredesk.months import MONTHS

GAP_DAYS = 90
FUTURE_DAYS = 60
MIN_MENTIONS = 2
# Month first: tried only where the lower-cased text holds a month's first three letters
# (see `Probed`; every month name starts with its abbreviation). The lookahead lets the
# engine skip, by one character test, every position where no month name starts, where it
# must try the pattern everywhere (a text holding a character `keywords.folded` refuses).
_MENTIONS = [
    Probed(
        re.compile(
            rf"\b(?=[adfjmnos]){MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
            r"(?:,?\s+(?P<year>(?:19|20)\d\d))?",
            re.I,
        ),
        "|".join(sorted({m[:3] for m in MONTHS})),
        folded=True,
    ),
    # Day first: tried only where a day is followed by a month's first three letters (see
    # `Probed`; every month name starts with its abbreviation).
    Probed(
        re.compile(
            rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b(?:,?\s+(?P<year>(?:19|20)\d\d))?",
            re.I,
        ),
        r"\d\d?(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{})".format(
            "|".join(sorted({m[:3] for m in MONTHS}))
        ),
    ),
]


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
