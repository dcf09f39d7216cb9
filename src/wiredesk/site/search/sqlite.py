"""Search on SQLite: the `site_search` FTS5 table (rowid = article id, migration 0001).

FTS5 has no top-k: a ranked query ranks every match. So a query's matches (the same for
every edition) are found and ranked once per process under a content version, in a
BoundedMemo, and each edition keeps the ones it shows; more than RANK_LIMIT matches
network-wide are listed newest first, unranked, where the caller gives the ids by date.
"See also" is "more like this", as Lucene does it: the article's most distinctive words
(tf-idf, document frequencies from the FTS5 vocabulary, site.search.stats) become an OR
query ranked network-wide by BM25.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection

from wiredesk.site.listing import visible_set
from wiredesk.site.search.backend import Backend, Document, Neighbours, Scope
from wiredesk.site.search.memo import BoundedMemo
from wiredesk.site.search.results import CLOSE, OPEN, SNIPPET_TOKENS, Hit, Results, highlight
from wiredesk.site.search.stats import document_frequencies
from wiredesk.site.search.terms import distinctive_terms, term_counts

RANK_LIMIT = 5000  # more matches than this are listed newest first, unranked
MATCHES_HELD = 1_000_000  # ids held by the matches memo, all queries together: about 50 MB
RELATED_TERMS = 6
RELATED_CANDIDATES = 30  # most frequent content words considered
COMMON_SHARE = 0.01  # words in more than 1% of articles say little about a story


@dataclass(frozen=True)
class Matches:
    """Every article matching a query, network-wide; ranked by BM25 when that was affordable."""

    ids: frozenset[int]
    ranked: tuple[int, ...] | None


_matches: BoundedMemo[tuple[str, str], Matches] = BoundedMemo(
    MATCHES_HELD, weight=lambda found: len(found.ids)
)


def forget_matches() -> None:
    _matches.clear()


class SqliteBackend(Backend):
    vendor = "sqlite"

    def index(self, documents: Sequence[Document]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM site_search WHERE rowid = %s", [(d.article_id,) for d in documents]
            )
            cursor.executemany(
                "INSERT INTO site_search (rowid, headline, body) VALUES (%s, %s, %s)",
                [tuple(d) for d in documents],
            )

    def unindex(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_search WHERE rowid = %s", [article_id])

    def rebuild(self, batch: int) -> None:
        """One statement: FTS5 tokenizes the whole table faster than batches from Python."""
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_search")
            cursor.execute(
                "INSERT INTO site_search (rowid, headline, body) "
                "SELECT id, headline, body_text FROM articles_article"
            )

    def search(self, terms: list[str], scope: Scope, offset: int, limit: int) -> Results:
        """Rank the matches, keep the visible ones, highlight only one page.

        Ranking every match of a very common word costs three to five times as much as
        finding them (100-160 ms for 30,000 matches at 100,000 articles), and for such
        words the newest matches serve readers at least as well. (The limit is network-wide
        so that a search's cost is bounded: a small edition's few matches of a common word
        are then listed by date, not ranked. FTS5 cannot rank a chosen subset cheaply:
        `rowid IN (...)` beside MATCH re-runs the match per id.)
        """
        visible = scope.visible
        if visible is None:
            assert scope.edition is not None
            visible = visible_set(scope.edition, scope.now)
        match = " ".join(f'"{t}"' for t in terms)
        found = _find(match, scope.newest_first is None, scope.version)
        if found.ranked is None:
            assert scope.newest_first is not None
            total = len(found.ids & visible)
            wanted = (pk for pk in scope.newest_first if pk in found.ids)
            page = list(islice(wanted, offset, offset + limit))
            by_date = True
        else:
            ranked = [pk for pk in found.ranked if pk in visible]
            total, page, by_date = len(ranked), ranked[offset : offset + limit], False
        return Results(total, _highlighted(match, page), by_date)

    def neighbours(self, document: Document, limit: int) -> Neighbours:
        counts = term_counts(document.headline, document.text)
        candidates = [t for t, _ in counts.most_common(RELATED_CANDIDATES)]
        if not candidates:
            return Neighbours.none()
        doc_freq = document_frequencies(candidates, _vocabulary)
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(rowid) FROM site_search")
            total_docs = (cursor.fetchone()[0] or 0) + 1
            common = max(total_docs * COMMON_SHARE, 50)
            rare = {t: n for t, n in doc_freq.items() if n <= common}
            terms = distinctive_terms(counts, rare, total_docs, RELATED_TERMS)
            if not terms:
                return Neighbours.none()
            cursor.execute(
                f"SELECT rowid, {BM25} FROM site_search WHERE site_search MATCH %s "
                f"ORDER BY {BM25} LIMIT %s",
                [_any_of(terms), limit + 1],
            )
            found = [(pk, -rank) for pk, rank in cursor.fetchall() if pk != document.article_id]
            found = found[:limit]
            shared = _terms_held(cursor, terms, [pk for pk, _ in found])
        return Neighbours([pk for pk, _ in found], [s for _, s in found], " ".join(terms), shared)

    def score(self, terms: str, article_id: int) -> float | None:
        """The article's BM25 under the list's query, found by its rowid: one posting-list
        seek per word (ranking a chosen set of rowids re-runs the match for each)."""
        if not terms.split():
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {BM25} FROM site_search WHERE site_search MATCH %s AND rowid = %s",
                [_any_of(terms.split()), article_id],
            )
            row = cursor.fetchone()
        return None if row is None else -row[0]


BM25 = "bm25(site_search, 2.0, 1.0)"  # "See also": headline words weigh twice (lower: nearer)


def _any_of(terms: list[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


def _terms_held(cursor, terms: list[str], ids: list[int]) -> list[int]:
    """How many of the terms each article holds: one match a term, its holders read whole
    (`rowid IN` beside MATCH re-runs the match per id; a term is in at most COMMON_SHARE
    of the articles, so its holders are few)."""
    counts = dict.fromkeys(ids, 0)
    for term in terms:
        cursor.execute("SELECT rowid FROM site_search WHERE site_search MATCH %s", [f'"{term}"'])
        for (pk,) in cursor.fetchall():
            if pk in counts:
                counts[pk] += 1
    return [counts[pk] for pk in ids]


def _find(match: str, rank_all: bool, version: str | None) -> Matches:
    """The query's matches, from the per-process memo when a content version keys it."""
    key = (version or "", match)
    held = _matches.get(key) if version else None
    if held is not None and (held.ranked is not None or not rank_all):
        return held
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM site_search WHERE site_search MATCH %s", [match])
        ids = frozenset(row[0] for row in cursor.fetchall())
        ranked = None
        if rank_all or len(ids) <= RANK_LIMIT:
            cursor.execute(
                "SELECT rowid FROM site_search WHERE site_search MATCH %s "
                "ORDER BY bm25(site_search, 4.0, 1.0)",
                [match],
            )
            ranked = tuple(row[0] for row in cursor.fetchall())
    found = Matches(ids, ranked)
    if version:
        _matches.put(key, found)
    return found


def _highlighted(match: str, page: list[int]) -> list[Hit]:
    """The page's hits in order, headline and snippet highlighted by FTS5."""
    if not page:
        return []
    marks = ", ".join(["%s"] * len(page))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, highlight(site_search, 0, %s, %s), "
            f"snippet(site_search, 1, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM site_search WHERE site_search MATCH %s AND rowid IN ({marks})",
            [OPEN, CLOSE, OPEN, CLOSE, match, *page],
        )
        hits = {pk: Hit(pk, highlight(h), highlight(s)) for pk, h, s in cursor.fetchall()}
    return [hits[pk] for pk in page if pk in hits]


def _vocabulary(terms: list[str]) -> dict[str, int]:
    """Document counts from the FTS5 vocabulary (site_search_vocab, fts5vocab 'row')."""
    marks = ", ".join(["%s"] * len(terms))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, doc FROM site_search_vocab WHERE term IN ({marks})", terms)
        return dict(cursor.fetchall())
