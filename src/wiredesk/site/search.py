"""Full-text search and "See also", on SQLite FTS5 or PostgreSQL full-text search.

SQLite: the `site_search` FTS5 table (rowid = article id) holds each article's headline and
text, kept in step by `index_article` (called on every Article save by site.signals, and by
ingest) and rebuilt by `wiredesk site_reindex`. PostgreSQL: search uses a GIN expression
index on the articles table itself (migration 0001); "See also" matches each article's
kept keywords (`site_document`, kept in step by `index_article`).

Highlighting: the engine wraps matches in two private-use characters; the text is escaped
first and only then are they turned into <mark>, so partner text can never inject markup.

"See also" is "more like this", as Lucene does it: the article's most distinctive words
(term frequency x inverse document frequency, document frequencies read from the FTS5
vocabulary; on PostgreSQL, term frequency after stop words) become an OR query ranked
network-wide (BM25; ts_rank_cd). Each article's best 50 are found when it is saved and kept
(site.models.SeeAlso), on both engines; a page shows those its edition carries. It reflects
content, never chance. Its risk is topical drift on short texts: a two-line brief
yields few distinctive words, and its "See also" is then weaker, not wrong.
"""

import json
import math
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import islice

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import visible_ids
from wiredesk.site.cache import stamp_articles
from wiredesk.site.listing import visible_set
from wiredesk.site.topics import topics_of

OPEN, CLOSE = "\ue000", "\ue001"
MAX_QUERY_TERMS = 12
RELATED_TERMS = 6
RELATED_CANDIDATES = 30  # most frequent content words considered
COMMON_SHARE = 0.01  # words in more than 1% of articles say little about a story
SNIPPET_TOKENS = 30
RANK_LIMIT = 5000  # more matches than this are listed newest first, unranked
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Hit:
    article_id: int
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    by_date: bool = False  # too many matches to rank: newest first


def highlight(text: str) -> SafeString:
    """Escape engine output, then turn its match markers into <mark>."""
    escaped = escape(text)
    return mark_safe(escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def fold(text: str) -> str:
    """Lower case without diacritics: what FTS5's unicode61 tokenizer stores."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_terms(query: str) -> list[str]:
    return [t for t in WORD.findall(fold(query)) if t != "_"][:MAX_QUERY_TERMS]


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


# -- keeping the index in step -------------------------------------------------------------


def index_article(article: Article) -> None:
    """(Re)index one article: its full-text row, its dates and its topics. Idempotent."""
    from wiredesk.site.models import ArticleEntry, ArticleTopic

    if is_sqlite():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_search WHERE rowid = %s", [article.pk])
            cursor.execute(
                "INSERT INTO site_search (rowid, headline, body) VALUES (%s, %s, %s)",
                [article.pk, article.headline, article.body_text],
            )
    else:
        store_document(article)
    ArticleEntry.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "when": article.published_at or article.republished_at,
            "republished_at": article.republished_at,
            "stamp": uuid.uuid4().hex,
        },
    )
    if article.story_id:  # the other versions of its story list it
        siblings = Article.objects.filter(story_id=article.story_id).exclude(pk=article.pk)
        stamp_articles(list(siblings.values_list("pk", flat=True)))
    index_neighbours(article)
    topics = topics_of(article.categories or [])
    ArticleTopic.objects.filter(article_id=article.pk).exclude(
        slug__in=[t.slug for t in topics]
    ).delete()
    ArticleTopic.objects.bulk_create(
        [ArticleTopic(article_id=article.pk, slug=t.slug, name=t.name) for t in topics],
        ignore_conflicts=True,
    )


PG_KEYWORDS = 30  # an article's most frequent content words, kept for "See also"


def keywords(headline: str, text: str) -> str:
    """The words an article is matched on for "See also" on PostgreSQL, space-separated."""
    return " ".join(t for t, _ in term_counts(headline, text).most_common(PG_KEYWORDS))


def store_document(article: Article) -> None:
    """PostgreSQL: keep the article's keywords as a vector (site_document; migration 0006)."""
    store_keywords([(article.pk, article.headline, article.body_text)])


def store_keywords(rows: list[tuple[int, str, str]]) -> None:
    """Keep the keyword vectors of these (id, headline, text) rows, in one statement."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO site_document (article_id, keywords) "
            "VALUES (%s, to_tsvector('simple', %s)) "
            "ON CONFLICT (article_id) DO UPDATE SET keywords = EXCLUDED.keywords",
            [(pk, keywords(headline, text)) for pk, headline, text in rows],
        )


def unindex_article(article_id: int) -> None:
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.execute("DELETE FROM site_search WHERE rowid = %s", [article_id])
        else:
            cursor.execute("DELETE FROM site_document WHERE article_id = %s", [article_id])


def reindex_all(batch: int = 2000) -> int:
    """Rebuild the whole index from the articles table, in batches; returns the count."""
    from wiredesk.site.models import ArticleEntry, ArticleTopic

    ArticleEntry.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO site_articleentry (article_id, "when", republished_at, stamp) '
            "SELECT id, coalesce(published_at, republished_at), republished_at, %s "
            "FROM articles_article",
            [uuid.uuid4().hex],
        )
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.execute("DELETE FROM site_search")
            cursor.execute(
                "INSERT INTO site_search (rowid, headline, body) "
                "SELECT id, headline, body_text FROM articles_article"
            )
        else:
            cursor.execute("DELETE FROM site_document")
    ArticleTopic.objects.all().delete()
    done, last = 0, 0
    while True:
        rows = list(
            Article.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "categories", "headline", "body_text")[:batch]
        )
        if not rows:
            return done
        if not is_sqlite():
            store_keywords([(pk, headline, text) for pk, _, headline, text in rows])
        ArticleTopic.objects.bulk_create(
            [
                ArticleTopic(article_id=pk, slug=t.slug, name=t.name)
                for pk, categories, _, _ in rows
                for t in topics_of(categories or [])
            ],
            ignore_conflicts=True,
        )
        done += len(rows)
        last = rows[-1][0]


# -- search ----------------------------------------------------------------------------------


def search(
    edition: Edition | None,
    query: str,
    now: datetime,
    offset: int,
    limit: int,
    visible: frozenset[int] | None = None,
    newest_first: list[int] | None = None,
    version: str | None = None,
) -> Results:
    """Articles of the edition matching every word of the query, best first, highlighted.

    `newest_first` (the edition's ids by date) lets a query matching more than RANK_LIMIT
    articles network-wide skip BM25: ranking every match of a very common word costs three
    to five times as much as finding them (100-160 ms for 30,000 matches at 100,000
    articles), and for such words the newest matches serve readers at least as well.
    `version` (the content version) lets the matches and their ranking, which do not depend
    on the edition, be kept per process for every edition's search of the same words.
    With no edition (the network's search), `visible` says which articles may be found.
    """
    terms = query_terms(query)
    if not terms:
        return Results(0, [])
    if edition is None and visible is None:
        raise ValueError("a search without an edition needs the ids it may find")
    if is_sqlite():
        if visible is None:
            visible = visible_set(edition, now)  # type: ignore[arg-type]
        return _search_sqlite(terms, visible, offset, limit, newest_first, version)
    return _search_postgres(terms, _shown_sql(edition, now, visible), offset, limit)


def _shown_sql(
    edition: Edition | None, now: datetime, visible: frozenset[int] | None
) -> tuple[str, tuple]:
    """SQL for the ids a search may find: the edition's, else the ids given (the network's)."""
    if edition is None:
        return "SELECT unnest(%s::bigint[])", (sorted(visible or ()),)
    sql, params = visible_ids(edition, now).query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class _Matches:
    """Every article matching a query, network-wide; ranked by BM25 when that was affordable."""

    ids: frozenset[int]
    ranked: tuple[int, ...] | None


_matches: dict[tuple[str, str], _Matches] = {}
_matches_held = 0  # ids held in _matches, all queries together
MATCHES_HELD = 1_000_000  # about 50 MB; past it the memo starts again


def _find(match: str, rank_all: bool, version: str | None) -> _Matches:
    """The query's matches, from the per-process memo when a content version keys it."""
    global _matches_held
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
    found = _Matches(ids, ranked)
    if version:
        if _matches_held + len(ids) > MATCHES_HELD:
            _matches.clear()
            _matches_held = 0
        _matches[key] = found
        _matches_held += len(ids)
    return found


def forget_matches() -> None:
    global _matches_held
    _matches.clear()
    _matches_held = 0


def _search_sqlite(
    terms: list[str],
    visible: frozenset[int],
    offset: int,
    limit: int,
    newest_first: list[int] | None,
    version: str | None = None,
) -> Results:
    """Rank the matches (FTS5 has no top-k), keep the visible ones, highlight only one page.

    The matches are the same for every edition: with a content version they are found and
    ranked once per process. More than RANK_LIMIT matches network-wide are not ranked when
    the edition's newest-first ids are given; they are listed newest first. (The limit is
    network-wide so that a search's cost is bounded: a small edition's few matches of a
    common word are then listed by date, not ranked. FTS5 cannot rank a chosen subset
    cheaply: `rowid IN (...)` beside MATCH re-runs the match per id.)
    """
    match = " ".join(f'"{t}"' for t in terms)
    found = _find(match, newest_first is None, version)
    if found.ranked is None:
        assert newest_first is not None
        total = len(found.ids & visible)
        wanted = (pk for pk in newest_first if pk in found.ids)
        page = list(islice(wanted, offset, offset + limit))
        by_date = True
    else:
        ranked = [pk for pk in found.ranked if pk in visible]
        total, page, by_date = len(ranked), ranked[offset : offset + limit], False
    if not page:
        return Results(total, [], by_date)
    marks = ", ".join(["%s"] * len(page))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, highlight(site_search, 0, %s, %s), "
            f"snippet(site_search, 1, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM site_search WHERE site_search MATCH %s AND rowid IN ({marks})",
            [OPEN, CLOSE, OPEN, CLOSE, match, *page],
        )
        hits = {pk: Hit(pk, highlight(h), highlight(s)) for pk, h, s in cursor.fetchall()}
    return Results(total, [hits[pk] for pk in page if pk in hits], by_date)


PG_DOCUMENT = (
    "(setweight(to_tsvector('simple', coalesce(a.headline, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(a.body_text, '')), 'B'))"
)


def _search_postgres(
    terms: list[str], shown: tuple[str, tuple], offset: int, limit: int
) -> Results:
    """`shown`: SQL (and its parameters) that selects the ids the search may find."""
    tsquery = " & ".join(terms)
    visible, params = shown
    options = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords={SNIPPET_TOKENS}, MinWords=12"
    where = f"{PG_DOCUMENT} @@ to_tsquery('simple', %s) AND a.id IN ({visible})"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM articles_article a WHERE {where}", [tsquery, *params])
        total = cursor.fetchone()[0]
        if not total:
            return Results(0, [])
        cursor.execute(
            "SELECT a.id, ts_headline('simple', a.headline, to_tsquery('simple', %s), %s), "
            "ts_headline('simple', a.body_text, to_tsquery('simple', %s), %s) "
            f"FROM articles_article a WHERE {where} "
            f"ORDER BY ts_rank_cd({PG_DOCUMENT}, to_tsquery('simple', %s)) DESC, a.id DESC "
            "LIMIT %s OFFSET %s",
            [tsquery, options, tsquery, options, tsquery, *params, tsquery, limit, offset],
        )
        rows = cursor.fetchall()
    return Results(total, [Hit(pk, highlight(h), highlight(s)) for pk, h, s in rows])


# -- "See also" ------------------------------------------------------------------------------


@cache
def _stopwords() -> frozenset[str]:
    from wiredesk.stories import stopwords

    words: set[str] = set()
    for value in vars(stopwords).values():
        if isinstance(value, frozenset):
            words |= value
    return frozenset(fold(w) for w in words)


def term_counts(headline: str, text: str) -> Counter[str]:
    """Content words of an article, headline words counted three times."""
    stop = _stopwords()
    counts: Counter[str] = Counter()
    for weight, part in ((3, headline), (1, text)):
        for word in WORD.findall(fold(part)):
            if len(word) > 2 and not word.isdigit() and word not in stop:
                counts[word] += weight
    return counts


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


_doc_freq: dict[str, int] = {}
DOC_FREQ_MEMO = 200_000


def document_frequencies(terms: list[str]) -> dict[str, int]:
    """How many articles hold each term, from the FTS5 vocabulary, memoised per process.

    fts5vocab counts a term's documents by walking its posting list (about a millisecond
    for a common word at 100,000 articles), so counts are kept: they drift slowly, and only
    weigh terms against each other.
    """
    missing = [t for t in terms if t not in _doc_freq]
    if missing:
        marks = ", ".join(["%s"] * len(missing))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, doc FROM site_search_vocab WHERE term IN ({marks})", missing
            )
            found = dict(cursor.fetchall())
        if len(_doc_freq) > DOC_FREQ_MEMO:
            _doc_freq.clear()
        # A word in one article only is asked again: neighbours are now found as articles
        # arrive (site.models.SeeAlso), and the next one may share it.
        _doc_freq.update({t: n for t, n in found.items() if n >= 2})
    else:
        found = {}
    counts = {t: _doc_freq.get(t) or found.get(t, 0) for t in terms}
    return {t: n for t, n in counts.items() if n}


def forget_document_frequencies() -> None:
    _doc_freq.clear()


def neighbours(article: Article, limit: int) -> list[int]:
    """Ids of the articles most similar in content to this one, network-wide, best first."""
    if is_sqlite():
        return _neighbours_sqlite(article, limit)
    return _neighbours_postgres(article, limit)


def _neighbours_sqlite(article: Article, limit: int) -> list[int]:
    """The article's most distinctive words (tf-idf, document frequencies from the FTS5
    vocabulary) as an OR query ranked by BM25."""
    counts = term_counts(article.headline, article.body_text)
    candidates = [t for t, _ in counts.most_common(RELATED_CANDIDATES)]
    if not candidates:
        return []
    doc_freq = document_frequencies(candidates)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(rowid) FROM site_search")
        total_docs = (cursor.fetchone()[0] or 0) + 1
        common = max(total_docs * COMMON_SHARE, 50)
        rare = {t: n for t, n in doc_freq.items() if n <= common}
        terms = distinctive_terms(counts, rare, total_docs, RELATED_TERMS)
        if not terms:
            return []
        cursor.execute(
            "SELECT rowid FROM site_search WHERE site_search MATCH %s "
            "ORDER BY bm25(site_search, 2.0, 1.0) LIMIT %s",
            [" OR ".join(f'"{t}"' for t in terms), limit + 1],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    return [pk for pk in ranked if pk != article.pk][:limit]


PG_RANK_POOL = 5000  # newest matches ranked; the GIN index finds matches, not their rank


def _neighbours_postgres(article: Article, limit: int) -> list[int]:
    """The article's most frequent content words (headline words count three times) as an
    OR query over the other articles' kept keywords (`keywords`, PG_KEYWORDS words each),
    its newest PG_RANK_POOL matches ranked by how many of the words they share (ts_rank).

    PostgreSQL has no cheap document frequencies (ts_stat reads every row), so words are
    weighed by frequency in the article alone, after stop words. Matching keywords rather
    than whole texts: ranking whole stored vectors cost 18-25 ms a save at 5,000 articles
    with a pool of 2,000 (each vector some 4 KB, detoasted and scanned), 30-word vectors
    4.5 ms with every match ranked; and the neighbours found were as good or better (on
    copies of one story with their paragraphs rotated, 10 of the top 10 were the copies,
    against 7.7 by whole texts)."""
    counts = term_counts(article.headline, article.body_text)
    terms = [t for t, _ in counts.most_common(RELATED_TERMS)]
    if not terms:
        return []
    tsquery = " | ".join(f"'{t}'" for t in terms)  # \w+ words: no quote inside
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH pool AS ("
            "SELECT article_id, keywords FROM site_document "
            "WHERE keywords @@ to_tsquery('simple', %s) AND article_id <> %s "
            "ORDER BY article_id DESC LIMIT %s) "
            "SELECT article_id FROM pool "
            "ORDER BY ts_rank(keywords, to_tsquery('simple', %s)) DESC, article_id DESC "
            "LIMIT %s",
            [tsquery, article.pk, PG_RANK_POOL, tsquery, limit],
        )
        return [row[0] for row in cursor.fetchall()]


# -- "See also", kept --------------------------------------------------------------------------

SEE_ALSO_KEPT = 50  # neighbours kept per article; a page shows those its edition carries
RETIRED_NEIGHBOURS = 10  # a new article retires the kept lists of its nearest this many


def see_also_ids(article: Article, edition: Edition, now: datetime, visible: frozenset[int]):
    """The edition's "See also" for an article, from its kept neighbours (site.models.SeeAlso).

    The neighbours are found once per article, network-wide, and kept (on SQLite and on
    PostgreSQL alike); an edition shows those it carries, so a small edition may show fewer
    than a large one. A missing row (an article from before the table, or whose neighbour
    was added since) is made here.
    """
    from wiredesk.site.models import SeeAlso

    with connection.cursor() as cursor:  # plain SQL: the ORM's query building cost more
        cursor.execute(
            f"SELECT ids FROM {SeeAlso._meta.db_table} WHERE article_id = %s", [article.pk]
        )
        row = cursor.fetchone()
    ids = _json_ids(row[0]) if row else keep_neighbours(article)
    return [pk for pk in ids if pk in visible]


def _json_ids(value: str | list[int]) -> list[int]:
    """A JSON column read with plain SQL: text on SQLite (and Django's psycopg), a list if
    a driver decoded it."""
    return json.loads(value) if isinstance(value, str | bytes) else list(value)


def keep_neighbours(article: Article) -> list[int]:
    """Find and store an article's neighbours; returns them."""
    from wiredesk.site.models import SeeAlso

    ids = neighbours(article, SEE_ALSO_KEPT)
    SeeAlso.objects.bulk_create(
        [SeeAlso(article_id=article.pk, ids=ids, content_hash=article.content_hash)],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["ids", "content_hash"],
    )
    return ids


def index_neighbours(article: Article) -> None:
    """On an article's save: find its neighbours unless its text is unchanged, and drop the
    kept lists of those neighbours (each would now list this article; they are remade on
    their next view)."""
    from wiredesk.site.models import SeeAlso

    kept = SeeAlso.objects.filter(article_id=article.pk).values_list("content_hash", flat=True)
    if article.content_hash and kept.first() == article.content_hash:
        return
    ids = keep_neighbours(article)
    if ids:
        SeeAlso.objects.filter(article_id__in=ids[:RETIRED_NEIGHBOURS]).delete()


def fill_neighbours(article_ids: list[int] | None = None, batch: int = 500) -> int:
    """Keep the neighbours of these articles (default: all) where none are kept, as their
    saves would have: for bulk loads, which send no signals. About 7 ms an article at
    100,000 articles on SQLite. Returns how many were found."""
    from wiredesk.site.models import SeeAlso

    if article_ids is None:
        article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    have = set(SeeAlso.objects.values_list("pk", flat=True))
    missing = [pk for pk in article_ids if pk not in have]
    for start in range(0, len(missing), batch):
        articles = Article.objects.filter(pk__in=missing[start : start + batch])
        rows = [
            SeeAlso(article_id=a.pk, ids=neighbours(a, SEE_ALSO_KEPT), content_hash=a.content_hash)
            for a in articles.only("headline", "body_text", "content_hash")
        ]
        SeeAlso.objects.bulk_create(rows, ignore_conflicts=True)
    return len(missing)
