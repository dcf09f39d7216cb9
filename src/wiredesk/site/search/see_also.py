"""The "See also" of each article: its nearest neighbours by content, found by the indexer.

Finding an article's neighbours (the backend's "more like this" query) ranks hundreds of
matches: 4-7 ms at 30,000-100,000 articles on SQLite, most of an uncached article page. So
the indexer finds them when an article is indexed and keeps the best SEE_ALSO_KEPT
network-wide (site.models.SeeAlso), on both engines; a page reads that row and shows those
its edition carries, so a small edition may show fewer than a large one. It reflects
content, never chance. Its risk is topical drift on short texts: a two-line brief yields
few distinctive words, and its "See also" is then weaker, not wrong.

A new article would now belong in the lists of its nearest neighbours. Each kept list
keeps the words it was found by and its scores, so the indexer scores the newcomer against
the lists of its nearest NEIGHBOURS_TOLD alone (one index lookup each, a tenth or less of
a "more like this" query) and slots it in by score (`slotted`). On the demo's 391 stories, with
20-40 of them arriving one by one, the lists' top 5 then agree with a full ranking made
afterwards in 93-95% of places, against 86-88% had the lists not been told. What is
missed is mostly asymmetry: a newcomer that belongs in a list whose article was not among
its own nearest ten; and scores age (an older score was computed with the collection's
statistics of its day), so a newcomer may sit a place off. Ranking the lists again instead
cost ten "more like this" queries per new article, several times an indexing's cost;
putting the newcomer at the rank its own list gave each neighbour agreed less than not
telling them (84.8%). (The lists were once dropped instead and remade on the neighbour
page's next view: a page view that wrote to the database.)

A page never writes: an article with no kept row (bulk-loaded, before `fill_neighbours`
ran) has its neighbours found for that page build and not kept.
"""

import bisect
import json
from datetime import datetime

from django.db import connection, transaction

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.site.models import SeeAlso
from wiredesk.site.search.backend import Document, Neighbours
from wiredesk.site.search.engines import backend
from wiredesk.site.search.terms import term_counts

SEE_ALSO_KEPT = 50  # neighbours kept per article; a page shows those its edition carries
NEIGHBOURS_TOLD = 10  # a new article is scored against the lists of its nearest this many
# A page shows a neighbour only if it scores at least this share of the article's nearest:
# a small edition would otherwise fill its "See also" from far down the network-wide list
# (on the demo, a NATO-Russia meeting offered a May Day video round-up at a fifth of its
# best score). Under a fifth, the demo's pairs read as unrelated; above it, as related or
# the same beat.
SEE_ALSO_FLOOR = 0.2
# A neighbour holds at least this many of the words it was found by. One word in common is
# chance: on the demo a NATO-Russia meeting offered a May Day video round-up for "Russia"
# alone, a Yemeni suicide blast a South Korean podcast for "people", a Ukrainian prison
# film a Gambian film project for "film" (a fifth of the demo's shown neighbours held one).
MIN_SHARED_TERMS = 2
TEXT_FIELDS = ("headline", "body_text", "content_hash")
KEPT_FIELDS = ["ids", "scores", "terms", "content_hash"]


def neighbours(article: Article, limit: int) -> list[int]:
    """Ids of the articles most similar in content to this one, network-wide, best first."""
    return backend().neighbours(Document.of(article), limit).ids


def see_also_ids(
    article: Article, edition: Edition, now: datetime, visible: frozenset[int]
) -> list[int]:
    """The edition's "See also" for an article: its kept neighbours that `visible` (the
    edition's ids now) holds. Reads only: one plain-SQL query (the ORM's query building
    cost more than the read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ids, scores FROM {SeeAlso._meta.db_table} WHERE article_id = %s",
            [article.pk],
        )
        row = cursor.fetchone()
    if row:
        ids, scores = _json_list(row[0]), _json_list(row[1] or "[]")
    else:
        found = _found(article)  # found for this page build, not kept: a page never writes
        ids, scores = found.ids, found.scores
    return [pk for pk in near_enough(ids, scores) if pk in visible]


def near_enough(ids: list[int], scores: list[float]) -> list[int]:
    """The neighbours scoring at least SEE_ALSO_FLOOR of the nearest one; all of them for a
    list kept without scores (before migration 0007)."""
    if len(scores) != len(ids) or not scores or scores[0] <= 0:
        return ids
    floor = scores[0] * SEE_ALSO_FLOOR
    return [pk for pk, score in zip(ids, scores, strict=True) if score >= floor]


def _json_list(value: str | list) -> list:
    """A JSON column read with plain SQL: text on SQLite (and Django's psycopg), a list if
    a driver decoded it."""
    return json.loads(value) if isinstance(value, str | bytes) else list(value)


def keep_neighbours(article: Article) -> list[int]:
    """Find and keep an article's neighbours; returns them."""
    row = _found(article)
    SeeAlso.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["article"], update_fields=KEPT_FIELDS
    )
    return row.ids


def index_neighbours(article: Article) -> None:
    """On an article's indexing: find its neighbours unless its text is unchanged, and
    slot it into the kept lists of its nearest NEIGHBOURS_TOLD."""
    kept = SeeAlso.objects.filter(article_id=article.pk).values_list("content_hash", flat=True)
    if article.content_hash and kept.first() == article.content_hash:
        return
    ids = keep_neighbours(article)
    words = frozenset(term_counts(article.headline, article.body_text))
    tell_neighbours(article.pk, ids[:NEIGHBOURS_TOLD], words)


def tell_neighbours(newcomer: int, nearest: list[int], words: frozenset[str]) -> None:
    """Slot a new article into the kept lists of these articles, by its score against each.

    A list kept without its words and scores (before migration 0007, or with no word in
    another article then) is found again whole. An article with no kept list is left so:
    its page finds its neighbours, and `fill_neighbours` keeps them."""
    with transaction.atomic():  # one commit; on PostgreSQL the rows stay locked till then,
        # so a neighbour deleted meanwhile waits, and the upsert below never inserts
        lists = SeeAlso.objects.select_for_update().filter(article_id__in=nearest)
        rows = list(lists.order_by("article_id").values_list("article_id", *KEPT_FIELDS))
        kept = [
            SeeAlso(article_id=pk, **dict(zip(KEPT_FIELDS, row, strict=True))) for pk, *row in rows
        ]
        changed = [_told(row, newcomer, words) for row in kept]
        SeeAlso.objects.bulk_create(
            [row for row in changed if row is not None],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=KEPT_FIELDS,
        )


def _told(row: SeeAlso, newcomer: int, words: frozenset[str]) -> SeeAlso | None:
    """The list with the newcomer (its content `words`) slotted in (None: unchanged), or
    found again whole."""
    if not _has_scores(row):
        article = Article.objects.only(*TEXT_FIELDS).get(pk=row.article_id)
        return _found(article)
    if len(words.intersection(row.terms.split())) < MIN_SHARED_TERMS:
        return None  # a word in common is chance (MIN_SHARED_TERMS)
    score = backend().score(row.terms, newcomer)
    if score is None:  # none of the list's words is in the newcomer
        return None
    ids, scores = slotted(row.ids, row.scores, newcomer, score)
    if ids == row.ids:  # scored below a full list's last
        return None
    row.ids, row.scores = ids, scores
    return row


def slotted(
    ids: list[int], scores: list[float], newcomer: int, score: float
) -> tuple[list[int], list[float]]:
    """The list with the newcomer at its score's place (ahead of equal scores: the newest
    first, as PostgreSQL's ranking breaks ties), at most SEE_ALSO_KEPT long."""
    pairs = [(pk, s) for pk, s in zip(ids, scores, strict=True) if pk != newcomer]
    place = bisect.bisect_left([-s for _, s in pairs], -score)
    pairs.insert(place, (newcomer, score))
    pairs = pairs[:SEE_ALSO_KEPT]
    return [pk for pk, _ in pairs], [s for _, s in pairs]


def _has_scores(row: SeeAlso) -> bool:
    """Whether a newcomer can be scored against the list: it keeps words (none: it had no
    word in another article then, and the newcomer may share one) and a score per id."""
    return bool(row.terms) and row.scores is not None and len(row.scores) == len(row.ids)


def fill_neighbours(article_ids: list[int] | None = None, batch: int = 500) -> int:
    """Keep the neighbours of these articles (default: all) where none are kept, as their
    indexing would have: for bulk loads, which index nothing. About 5-7 ms an article at
    30,000-100,000 articles on SQLite. Returns how many were found."""
    if article_ids is None:
        article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    have = set(SeeAlso.objects.values_list("pk", flat=True))
    missing = [pk for pk in article_ids if pk not in have]
    for start in range(0, len(missing), batch):
        articles = Article.objects.filter(pk__in=missing[start : start + batch])
        rows = [_found(a) for a in articles.only(*TEXT_FIELDS)]
        SeeAlso.objects.bulk_create(rows, ignore_conflicts=True)
    return len(missing)


def _found(article: Article) -> SeeAlso:
    """An article's neighbours, found now, as the row that keeps them: those that hold
    MIN_SHARED_TERMS of the words they were found by."""
    found: Neighbours = backend().neighbours(Document.of(article), SEE_ALSO_KEPT)
    held = found.shared if found.shared is not None else [MIN_SHARED_TERMS] * len(found.ids)
    kept = [
        (pk, score)
        for pk, score, shared in zip(found.ids, found.scores, held, strict=True)
        if shared >= MIN_SHARED_TERMS
    ]
    return SeeAlso(
        article_id=article.pk,
        ids=[pk for pk, _ in kept],
        scores=[score for _, score in kept],
        terms=found.terms,
        content_hash=article.content_hash,
    )
