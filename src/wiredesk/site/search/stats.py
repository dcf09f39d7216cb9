"""Term statistics: in how many articles a word occurs, memoised per process.

"See also" on SQLite weighs an article's words by tf-idf, which needs each word's document
frequency. FTS5's vocabulary table (`site_search_vocab`, fts5vocab 'row') counts a word's
documents by walking its posting list, about a millisecond for a common word at 100,000
articles, so counts are kept (in a BoundedMemo, safe across threads): they drift slowly,
and only weigh words against each other. A word found in one article only is not kept:
neighbours are found as articles arrive, and the next one may share it.

PostgreSQL has no cheap equivalent (ts_stat reads every row), so its backend weighs words
by their frequency in the article alone and never asks here.
"""

from collections.abc import Callable

from wiredesk.site.search.memo import BoundedMemo

DOC_FREQ_MEMO = 200_000  # words kept per process

_known: BoundedMemo[str, int] = BoundedMemo(DOC_FREQ_MEMO)


def document_frequencies(
    terms: list[str], read: Callable[[list[str]], dict[str, int]]
) -> dict[str, int]:
    """How many articles hold each term (terms in none are left out); `read` asks the
    engine for the terms not memoised."""
    held = _known.get_many(terms)
    missing = [t for t in terms if t not in held]
    found = read(missing) if missing else {}
    _known.put_many({t: n for t, n in found.items() if n >= 2})
    counts = held | found
    return {t: n for t in terms if (n := counts.get(t, 0))}


def forget_document_frequencies() -> None:
    _known.clear()
