"""htmldate's `regex_parse` (a written date such as "March 3rd, 2021" or "3 of March 2021"
anywhere in a text), the same answer found faster on a whole page's markup.

Its pattern (`LONG_TEXT_PATTERN`) begins at any letter or digit, so the engine tries it at
nearly every character of the page: about 10 ms on a page of 300 kB, on the pages whose date
is found nowhere else. Every match ends with a space and a year (199x, 200x-203x), and holds
no other four digits in a row (a day has two at most), so a match is sought only near each
" year" of the text, in order: from the start of the letter run within 6 characters of the
space (the month word, which the pattern takes whole), 8 more characters back (a day, "th",
" of "), to the year's end. The first match found is the one `search` would find: a match
ending at an earlier year would have been found in that year's window, and one starting
earlier but ending at a later year would hold this year's four digits.
"""

import re
from datetime import datetime

from htmldate.extractors import LONG_TEXT_PATTERN, MONTH_NUMBERS, _build_dmy, _fold_month_name

_YEAR = re.compile(" (?:199[0-9]|20[0-3][0-9])")  # the pattern's " (?P<year>...)"
_LETTER = re.compile(r"[^\W\d_]")  # the pattern's month-word character
WORD_END_REACH = 6  # the space, a day of two digits, "st", "," between a month and the year
DAY_REACH = 8  # a day of two digits, "th", " ", "of " before a month


def regex_parse(string: str) -> datetime | None:
    """htmldate 1.11's `regex_parse`, its searches made by `_search`."""
    pos = 0
    while match := _search(string, pos):
        word = _fold_month_name(match["month"] or match["month2"])
        if match["month"]:
            word = word[-12:]
            word = next(
                (word[i:] for i in range(len(word) - 2) if word[i:] in MONTH_NUMBERS),
                word,
            )
        month = MONTH_NUMBERS.get(word)
        if month is None:
            pos = match.start() + 1
            continue
        try:
            return _build_dmy(
                int(match["day"] or match["day2"]), month, int(match["year"] or match["year2"])
            )
        except ValueError:
            pos = match.end()
    return None


def _search(string: str, pos: int) -> re.Match[str] | None:
    """`LONG_TEXT_PATTERN.search(string, pos)` (see the module docstring)."""
    for year in _YEAR.finditer(string, pos):
        start = max(year.start() - WORD_END_REACH, 0)
        while start > 0 and _LETTER.match(string, start - 1):
            start -= 1
        start = max(start - DAY_REACH, pos)
        match = LONG_TEXT_PATTERN.search(string, start, year.end())
        if match is not None:
            return match
    return None
