"""Search on PostgreSQL: a GIN expression index on the articles table itself (migration
0001) for search, and each article's kept keywords (`site_document`, migrations 0005-0006)
for "See also".

Search is an AND of the query's words over the article's weighted vector (headline A, text
B), within the ids the scope allows, ranked by ts_rank_cd and highlighted by ts_headline.
"See also" is the article's most frequent content words as an OR query over the other
articles' kept keywords, its newest PG_RANK_POOL matches ranked by how many of the words
they share (ts_rank).

PostgreSQL has no cheap document frequencies (ts_stat reads every row), so words are
weighed by frequency in the article alone, after stop words. Matching keywords rather than
whole texts: ranking whole stored vectors cost 18-25 ms a save at 5,000 articles with a
pool of 2,000 (each vector some 4 KB, detoasted and scanned), 30-word vectors 4.5 ms with
every match ranked; and the neighbours found were as good or better (on copies of one story
with their paragraphs rotated, 10 of the top 10 were the copies, against 7.7 by whole
texts).
"""

from collections.abc import Sequence

from django.db import connection

from wiredesk.articles.models import Article
from wiredesk.editions.queries import visible_ids
from wiredesk.site.search.backend import Backend, Document, Neighbours, Scope
from wiredesk.site.search.results import CLOSE, OPEN, SNIPPET_TOKENS, Hit, Results, highlight
from wiredesk.site.search.terms import keywords, term_counts

PG_RANK_POOL = 5000  # newest matches ranked; the GIN index finds matches, not their rank
RELATED_TERMS = 6
DOCUMENT = (
    "(setweight(to_tsvector('simple', coalesce(a.headline, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(a.body_text, '')), 'B'))"
)  # the expression migration 0001 indexes: written the same, or the index is not used


class PostgresBackend(Backend):
    vendor = "postgresql"

    def index(self, documents: Sequence[Document]) -> None:
        """Keep the documents' keyword vectors (the text itself is indexed in place)."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO site_document (article_id, keywords) "
                "VALUES (%s, to_tsvector('simple', %s)) "
                "ON CONFLICT (article_id) DO UPDATE SET keywords = EXCLUDED.keywords",
                [(d.article_id, keywords(d.headline, d.text)) for d in documents],
            )

    def unindex(self, article_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_document WHERE article_id = %s", [article_id])

    def rebuild(self, batch: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM site_document")
        last = 0
        texts = Article.objects.order_by("pk").values_list("pk", "headline", "body_text")
        while rows := list(texts.filter(pk__gt=last)[:batch]):
            self.index([Document(*row) for row in rows])
            last = rows[-1][0]

    def search(self, terms: list[str], scope: Scope, offset: int, limit: int) -> Results:
        tsquery = " & ".join(terms)
        shown, params = _shown_sql(scope)
        options = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords={SNIPPET_TOKENS}, MinWords=12"
        where = f"{DOCUMENT} @@ to_tsquery('simple', %s) AND a.id IN ({shown})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM articles_article a WHERE {where}", [tsquery, *params]
            )
            total = cursor.fetchone()[0]
            if not total:
                return Results(0, [])
            cursor.execute(
                "SELECT a.id, ts_headline('simple', a.headline, to_tsquery('simple', %s), %s), "
                "ts_headline('simple', a.body_text, to_tsquery('simple', %s), %s) "
                f"FROM articles_article a WHERE {where} "
                f"ORDER BY ts_rank_cd({DOCUMENT}, to_tsquery('simple', %s)) DESC, a.id DESC "
                "LIMIT %s OFFSET %s",
                [tsquery, options, tsquery, options, tsquery, *params, tsquery, limit, offset],
            )
            rows = cursor.fetchall()
        return Results(total, [Hit(pk, highlight(h), highlight(s)) for pk, h, s in rows])

    def neighbours(self, document: Document, limit: int) -> Neighbours:
        counts = term_counts(document.headline, document.text)
        terms = [t for t, _ in counts.most_common(RELATED_TERMS)]
        if not terms:
            return Neighbours.none()
        tsquery = _any_of(terms)
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH pool AS ("
                "SELECT article_id, keywords FROM site_document "
                "WHERE keywords @@ to_tsquery('simple', %s) AND article_id <> %s "
                "ORDER BY article_id DESC LIMIT %s) "
                f"SELECT article_id, {RANK} AS rank, {_held(terms)} FROM pool "
                "ORDER BY rank DESC, article_id DESC LIMIT %s",
                [tsquery, document.article_id, PG_RANK_POOL, tsquery, *terms, limit],
            )
            found = cursor.fetchall()
        ids, scores, shared = ([row[i] for row in found] for i in range(3))
        return Neighbours(ids, scores, " ".join(terms), shared)

    def score(self, terms: str, article_id: int) -> float | None:
        if not terms.split():
            return None
        tsquery = _any_of(terms.split())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {RANK} FROM site_document "
                "WHERE article_id = %s AND keywords @@ to_tsquery('simple', %s)",
                [tsquery, article_id, tsquery],
            )
            row = cursor.fetchone()
        return None if row is None else row[0]


RANK = "ts_rank(keywords, to_tsquery('simple', %s))"  # "See also": higher nearer


def _held(terms: list[str]) -> str:
    """SQL for how many of the terms a pool row's keywords hold (one parameter a term)."""
    return " + ".join("(keywords @@ to_tsquery('simple', quote_literal(%s)))::int" for _ in terms)


def _any_of(terms: list[str]) -> str:
    return " | ".join(f"'{t}'" for t in terms)  # \w+ words: no quote inside


def _shown_sql(scope: Scope) -> tuple[str, tuple]:
    """SQL for the ids a search may find: the edition's, else the ids given (the network's)."""
    if scope.edition is None:
        return "SELECT unnest(%s::bigint[])", (sorted(scope.visible or ()),)
    sql, params = visible_ids(scope.edition, scope.now).query.sql_with_params()
    return sql, tuple(params)
