"""A quick "cannot match" for case-insensitive patterns that need one of a few words.

The rules of `chrome` and `credits` search every short block of a story with unanchored,
case-insensitive patterns ("photo", "all rights reserved", "newsletter"...). Such a pattern
gives the regular expression engine no first character to skip to, so it is tried at every
character of every block: a millisecond a page. When every match of a pattern holds one of
a few `keys` (lower-case words), the block's lower-cased text is first searched for those by
plain substring tests, and the pattern is tried only when one is there: the same answers.

`str.lower` maps a character the way `re.IGNORECASE` matches it for every character but
`FOLD_GUARD`: "ſ" (long s) and "ı" (dotless i), which the engine takes for "s" and "i", and
"İ", which `lower` makes two characters. A text holding one of those skips the quick test.
`tests/test_extract_keywords.py` checks this over every code point, and each pattern's
keys against texts the pattern matches. `folded` gives the lower-cased text itself, where each
character stays in its place, for a probe (see `probed`).
"""

FOLD_GUARD = ("\u017f", "\u0131", "\u0130")


def may_match(text: str, keys: tuple[str, ...]) -> bool:
    """False only when `text` holds none of `keys` (lower-case), case ignored as
    `re.IGNORECASE` ignores it; True otherwise."""
    if not text.isascii() and any(c in text for c in FOLD_GUARD):
        return True
    folded = text.lower()
    return any(key in folded for key in keys)


def folded(text: str) -> str | None:
    """The text lower-cased, each character where it was, for searching without
    IGNORECASE what a case-insensitive pattern needs; None when it holds a character of
    `FOLD_GUARD`."""
    if not text.isascii() and any(c in text for c in FOLD_GUARD):
        return None
    lower = text.lower()
    return lower if len(lower) == len(text) else None
