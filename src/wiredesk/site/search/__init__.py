"""Full-text search and "See also", on SQLite FTS5 or PostgreSQL full-text search.

One module per job, read in this order:

- `terms`: words as the engines see them (folding, content words, keywords); pure.
- `results`: what a search returns, and highlights made safe markup.
- `backend`: the interface each engine implements; `sqlite` and `postgres`: the two
  backends; `engines`: the one place that picks one, by the connection's vendor, once.
- `memo` and `stats`: per-process memos safe across threads, and term statistics
  (document frequencies) kept in one.
- `query`: a reader's search; `index`: keeping the index, dates and topics in step with
  the articles; `see_also`: each article's neighbours, found by the indexer and kept.

Writes happen when articles change (`index_article`, `reindex_all`, `fill_neighbours`);
a page view only reads. The names below are what the rest of Wiredesk imports.
"""

from wiredesk.site import cache
from wiredesk.site.search.engines import backend
from wiredesk.site.search.index import index_article, reindex_all, unindex_article
from wiredesk.site.search.query import search
from wiredesk.site.search.results import Hit, Results, highlight
from wiredesk.site.search.see_also import (
    fill_neighbours,
    index_neighbours,
    keep_neighbours,
    neighbours,
    see_also_ids,
    slotted,
    tell_neighbours,
)
from wiredesk.site.search.sqlite import forget_matches
from wiredesk.site.search.stats import forget_document_frequencies
from wiredesk.site.search.terms import distinctive_terms, fold, keywords, query_terms, term_counts

# site.cache.clear() forgets these memos too; cache must not import search (search uses it).
cache.forget_also(forget_document_frequencies)
cache.forget_also(forget_matches)

__all__ = [
    "Hit",
    "Results",
    "backend",
    "distinctive_terms",
    "fill_neighbours",
    "fold",
    "forget_document_frequencies",
    "forget_matches",
    "highlight",
    "index_article",
    "index_neighbours",
    "keep_neighbours",
    "keywords",
    "neighbours",
    "query_terms",
    "reindex_all",
    "search",
    "see_also_ids",
    "slotted",
    "tell_neighbours",
    "term_counts",
    "unindex_article",
]
