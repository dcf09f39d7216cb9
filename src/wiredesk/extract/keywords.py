"""A quick "cannot match" for case-insensitive patterns that need one of a few words.

The rules of `chrome` and `credits` search every short block of a story with unanchored,
case-insensitive patterns ("photo", "all rights reserved", "newsletter"...). Such a pattern
gives the regular expression engine no first character to skip to, so it is tried at every
character of every block: a millisecond a page. When every match of a pattern holds one of
a few lower-case words (`Keys`), the block's lower-cased text is first searched for those,
without IGNORECASE, and the pattern is tried only when one is there: the same answers.

`str.lower` maps a character the way `re.IGNORECASE` matches it for every character but
`FOLD_GUARD`: "ſ" (long s) and "ı" (dotless i), which the engine takes for "s" and "i", and
"İ", which `lower` makes two characters. A text holding one of those skips the quick test.
`tests/test_extract_keywords.py` checks this over every code point, and each pattern's
keys against texts the pattern matches. `folded` gives the lower-cased text itself, where each
character stays in its place, for a probe (see `probed`).
"""

import re

FOLD_GUARD = ("\u017f", "\u0131", "\u0130")
_GUARDED = re.compile("[{}]".format("".join(FOLD_GUARD)))


class Keys:
    """Lower-case words, one of which every match of a pattern holds."""

    def __init__(self, *words: str) -> None:
        self.words = words
        # an alternation of plain words: the engine skips to their first letters
        self._any = re.compile("|".join(map(re.escape, words)))

    def may_match(self, text: str) -> bool:
        """False only when `text` holds none of the words, case ignored as
        `re.IGNORECASE` ignores it; True otherwise."""
        lower = folded(text)
        return lower is None or self._any.search(lower) is not None


def folded(text: str) -> str | None:
    """The text lower-cased, each character where it was, for searching without
    IGNORECASE what a case-insensitive pattern needs; None when it holds a character of
    `FOLD_GUARD`."""
    if not text.isascii() and _GUARDED.search(text):
        return None
    lower = text.lower()
    return lower if len(lower) == len(text) else None
