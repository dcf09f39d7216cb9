"""Near-duplicate detection (MinHash LSH) and the duplicate decision.

A wire copy under another byline, a re-send with a new dateline, or a lightly edited update
shares most of its 3-word shingles with the original. Each text gets a MinHash signature of
`NUM_PERM` 32-bit values (`signature`, 4 * NUM_PERM bytes, what the database stores); a
datasketch `MinHashLSH` index over those signatures returns candidates in time that does
not depend on how many are stored (banding: `LSH_BANDS` = 8 bands of 4 values, one dict
lookup each), and the best candidate whose Jaccard similarity, estimated from all
`NUM_PERM` values, reaches `JACCARD_THRESHOLD` wins.

The bands favour recall, since every candidate is checked: a pair at J = 0.7 becomes a
candidate with probability 1 - (1 - 0.7**4)**8 = 0.89, at J = 0.8 0.99, at J = 0.5 0.40 and
at J = 0.2 0.013 (checked and dropped).

Thresholds and risks:
- `JACCARD_THRESHOLD` = 0.7: a changed byline, dateline or one edited paragraph of a
  five-paragraph story stays above it; a rewrite by another agency falls well below (that is
  story clustering's job, not deduplication's).
- With 64 permutations the estimate's standard error is about 0.06 at J = 0.7, so pairs at
  J = 0.6 are sometimes taken (false positive) and pairs at 0.8 sometimes missed.
- Short texts (a headline, a one-line brief) have few shingles; two briefs that share a
  boilerplate sentence can look alike. `MIN_WORDS` keeps texts under 20 words out.
- Memory: datasketch's in-memory band tables cost about 3.5 KB of Python objects per stored
  signature (measured by bench/dedupe_scale.py: about 3.5 GB at one million). Keep one index
  per process that needs it, or bound it to the recent archive (duplicates and updates come
  within days); datasketch can also keep the tables in Redis (`storage_config`).

`decide_duplicate` is the pure decision (new / duplicate_of / update_of); the ingest step
carries it out (links Article.duplicate_of, replaces the older version on the site).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from wiredesk.stories.fingerprint import fingerprint, normalise, shingles

NUM_PERM = 64
SEED = 1
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures depend on it
JACCARD_THRESHOLD = 0.7
LSH_BANDS = (8, 4)  # (bands, values per band): uses 32 of the NUM_PERM values
MIN_WORDS = 20
SIGNATURE_BYTES = 4 * NUM_PERM


def minhash(text: str) -> LeanMinHash:
    """The MinHash of a text's word shingles."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return LeanMinHash(m)


def signature(text: str) -> bytes:
    """The stored form of a text's MinHash: NUM_PERM little-endian uint32 values."""
    return _to_bytes(minhash(text).hashvalues)


def _to_bytes(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype="<u4").tobytes()


def _from_bytes(sig: bytes) -> np.ndarray:
    if len(sig) != SIGNATURE_BYTES:
        raise ValueError(f"a signature is {SIGNATURE_BYTES} bytes, not {len(sig)}")
    return np.frombuffer(sig, dtype="<u4").astype(np.uint32)


def _lean(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def long_enough(text: str) -> bool:
    """Whether a text has the `MIN_WORDS` words near-duplicate detection needs."""
    return len(normalise(text).split()) >= MIN_WORDS


class DuplicateIndex:
    """In-memory LSH index of stored signatures, keyed by the caller's article keys.

    Rebuild it at start-up from the database with `from_signatures((key, bytes), ...)`,
    then `add` each new article. Memory: about 3.5 KB per stored signature (see above).
    """

    def __init__(self, threshold: float = JACCARD_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)
        self._rows = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._keys: list[str | None] = []
        self._row_of: dict[str, int] = {}

    @classmethod
    def from_signatures(
        cls, pairs: Iterable[tuple[str, bytes]], threshold: float = JACCARD_THRESHOLD
    ) -> "DuplicateIndex":
        index = cls(threshold)
        for key, sig in pairs:
            index.add_signature(key, sig)
        return index

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: str) -> bool:
        return key in self._row_of

    def add(self, key: str, text: str) -> bytes:
        """Index a text; returns its signature for the caller to store."""
        sig = signature(text)
        self.add_signature(key, sig)
        return sig

    def add_signature(self, key: str, sig: bytes) -> None:
        """Index a stored signature (re-adding a key replaces its signature)."""
        values = _from_bytes(sig)
        if key in self._row_of:
            self.remove(key)
        row = len(self._keys)
        if row == len(self._rows):
            self._rows = np.resize(self._rows, (2 * row, NUM_PERM))
        self._rows[row] = values
        self._keys.append(key)
        self._row_of[key] = row
        self._lsh.insert(row, _lean(values), check_duplication=False)

    def remove(self, key: str) -> None:
        row = self._row_of.pop(key)
        self._keys[row] = None
        self._lsh.remove(row)

    def find(self, text: str) -> str | None:
        """Key of the most similar stored text with Jaccard >= threshold, or None."""
        best = self.find_similar(text)
        return best[0] if best else None

    def find_similar(self, text: str) -> tuple[str, float] | None:
        """(key, estimated Jaccard) of the best stored near-duplicate, or None."""
        if not long_enough(text):
            return None
        return self.find_signature(_to_bytes(minhash(text).hashvalues))

    def find_signature(self, sig: bytes) -> tuple[str, float] | None:
        values = _from_bytes(sig)
        rows = [r for r in self._lsh.query(_lean(values)) if self._keys[r] is not None]
        if not rows:
            return None
        similarity = (self._rows[rows] == values).mean(axis=1)
        best = int(np.argmax(similarity))
        if similarity[best] < self.threshold:
            return None
        key = self._keys[rows[best]]
        return (key, float(similarity[best])) if key is not None else None


class DuplicateAction(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate_of"
    UPDATE = "update_of"


@dataclass(frozen=True)
class IncomingArticle:
    """The article being ingested, as the duplicate decision needs it."""

    key: str
    text: str
    source: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class KnownArticle:
    """A stored article a new one may duplicate (what the database knows of it)."""

    key: str
    source: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class DuplicateIntent:
    """What ingest should do: show as new, link as a duplicate, or replace as an update."""

    action: DuplicateAction
    of: str | None = None
    similarity: float = 0.0
    reason: str = ""


def decide_duplicate(
    article: IncomingArticle,
    exact: KnownArticle | None,
    near: KnownArticle | None = None,
    similarity: float = 0.0,
) -> DuplicateIntent:
    """Decide, do not act. Rules, in order:

    1. Same fingerprint as a stored article -> duplicate_of it (a re-send or another URL).
    2. A near-duplicate from the same source, published no earlier -> update_of it (the
       agency's edited version replaces the older one; history is kept by the caller).
    3. A near-duplicate from another source (or an older one) -> duplicate_of it (a copy
       with another byline).
    4. Otherwise new.
    """
    if exact is not None and exact.key != article.key:
        return DuplicateIntent(DuplicateAction.DUPLICATE, exact.key, 1.0, "same fingerprint")
    if near is None or near.key == article.key:
        return DuplicateIntent(DuplicateAction.NEW)
    if article.source and article.source == near.source and _not_older(article, near):
        return DuplicateIntent(
            DuplicateAction.UPDATE, near.key, similarity, "same source, edited text"
        )
    return DuplicateIntent(DuplicateAction.DUPLICATE, near.key, similarity, "near-identical text")


def _not_older(article: IncomingArticle, known: KnownArticle) -> bool:
    if article.published is None or known.published is None:
        return True
    return article.published >= known.published


def check_duplicate(
    article: IncomingArticle,
    index: DuplicateIndex,
    by_fingerprint: Callable[[str], KnownArticle | None],
    by_key: Callable[[str], KnownArticle | None],
) -> DuplicateIntent:
    """Look up (fingerprint, then the LSH index) and decide; the caller's lookups read storage.

    `by_fingerprint(fingerprint(text))` and `by_key(key)` are the caller's database reads.
    The index is not changed: after carrying the intent out, ingest calls `index.add`.
    """
    exact = by_fingerprint(fingerprint(article.text))
    if exact is not None:
        return decide_duplicate(article, exact)
    found = index.find_similar(article.text)
    if found is None:
        return decide_duplicate(article, None)
    key, similarity = found
    return decide_duplicate(article, None, by_key(key), similarity)
