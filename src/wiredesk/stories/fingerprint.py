"""Exact-duplicate fingerprints and the word shingles near-duplicate detection hashes.

`normalise` folds what a re-send or a copy under another URL changes without changing the
story: Unicode forms (NFKC), case, punctuation and quotes, runs of white space. The
fingerprint is the SHA-256 of that text, so two articles with the same words in the same
order share it. False-positive risk: none in practice beyond texts that differ only in
punctuation or case (a changed figure "5" -> "6" changes the fingerprint). A changed byline
or dateline *does* change it: that is the near-duplicate index's job (`dedupe.py`).
"""

import hashlib
import re
import unicodedata

SHINGLE_WORDS = 3
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Casefolded words separated by single spaces; punctuation and layout dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def fingerprint(text: str) -> str:
    """SHA-256 hex digest of `normalise(text)` (64 characters)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping runs of `size` normalised words (the whole text when it is shorter)."""
    words = normalise(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}
