"""Find a wire dateline at the head of a story's text: "BEIRUT (AP) —", "MOSCOW, Jan 10
(Reuters) -", "GENEVA —".

Only the first `SEARCH_CHARS` characters are searched, and only at the start of a line: a
dateline opens the story (after the headline when the headline is part of the text). The
place must be written in capitals, or be followed by an agency in parentheses, so that an
ordinary opening sentence ("Russia says ...") is not taken for a dateline.
"""

from __future__ import annotations

import re

SEARCH_CHARS = 600
_PLACE_CAPS = r"[A-Z][A-Z .'\u2019-]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,20}(?: [A-Z][A-Za-z.]+)?)?"
_WORD = r"[A-Z][\w.'\u2019-]*"
_PLACE_ANY = rf"{_WORD}(?: {_WORD}){{0,3}}(?:,\s*[A-Z][\w.]+(?: [A-Z][\w.]+)?)?"
_DATE = r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
_AGENCY = r"\s*\((?:[A-Za-z][\w.&/ -]{0,30})\)"
_DASH = r"\s*(?:[\u2014\u2013\ufffd-]{1,2}|:)\s"
DATELINE = re.compile(
    rf"^\s*(?P<place>{_PLACE_CAPS}){_DATE}(?:{_AGENCY})?{_DASH}"
    rf"|^\s*(?P<place2>{_PLACE_ANY}){_DATE}{_AGENCY}{_DASH}",
    re.MULTILINE,
)


def find_dateline(text: str) -> tuple[int, int] | None:
    """Character span of the dateline's place in `text`, or None."""
    m = DATELINE.search(text[:SEARCH_CHARS])
    if m is None:
        return None
    group = "place" if m.group("place") else "place2"
    return m.start(group), m.end(group)
