"""Words as the engines see them: query folding, an article's content words, keywords.

Pure functions, no database. Folding matches FTS5's unicode61 tokenizer (lower case, no
diacritics), so a query's words are the index's words; PostgreSQL's 'simple' configuration
is fed the same folded words. Content words leave out stop words (every language the
stories stage knows), words of one or two letters and numbers: what stays is what a story
is about, and headline words count three times because a headline names the subject.
"""

import math
import re
import unicodedata
from collections import Counter
from functools import cache

WORD = re.compile(r"\w+")
MAX_QUERY_TERMS = 12
HEADLINE_WEIGHT = 3
KEYWORDS_KEPT = 30  # an article's most frequent content words, kept for "See also" on PostgreSQL


def fold(text: str) -> str:
    """Lower case without diacritics: what FTS5's unicode61 tokenizer stores."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_terms(query: str) -> list[str]:
    """A reader's query as folded words, at most MAX_QUERY_TERMS; operators are plain words."""
    return [t for t in WORD.findall(fold(query)) if t != "_"][:MAX_QUERY_TERMS]


@cache  # a frozenset made once; a second thread making it too gets an equal one
def stopwords() -> frozenset[str]:
    from wiredesk.stories import stopwords as lists

    words: set[str] = set()
    for value in vars(lists).values():
        if isinstance(value, frozenset):
            words |= value
    return frozenset(fold(w) for w in words)


def term_counts(headline: str, text: str) -> Counter[str]:
    """Content words of an article, headline words counted HEADLINE_WEIGHT times."""
    stop = stopwords()
    counts: Counter[str] = Counter()
    for weight, part in ((HEADLINE_WEIGHT, headline), (1, text)):
        for word in WORD.findall(fold(part)):
            if len(word) > 2 and not word.isdigit() and word not in stop:
                counts[word] += weight
    return counts


def keywords(headline: str, text: str) -> str:
    """The words an article is matched on for "See also" on PostgreSQL, space-separated."""
    return " ".join(t for t, _ in term_counts(headline, text).most_common(KEYWORDS_KEPT))


def distinctive_terms(
    counts: Counter[str], doc_freq: dict[str, int], total_docs: int, k: int
) -> list[str]:
    """The k terms with the highest tf-idf that occur in at least one other document."""
    scored = [
        (tf * math.log(total_docs / doc_freq[t]), t)
        for t, tf in counts.items()
        if doc_freq.get(t, 0) >= 2
    ]
    return [t for _, t in sorted(scored, reverse=True)[:k]]
