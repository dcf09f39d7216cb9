"""A reader's search: the query's words, matched in the articles a page may show.

Every word must match (AND), folded as the index folds them (site.search.terms); the
engine's backend finds, ranks and highlights. An edition's search finds what the edition
shows now; the network's search (no edition) finds the ids it is given.
"""

from datetime import datetime

from wiredesk.editions.models import Edition
from wiredesk.site.search.backend import Scope
from wiredesk.site.search.engines import backend
from wiredesk.site.search.results import Results
from wiredesk.site.search.terms import query_terms


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

    `newest_first` (the edition's ids by date) lets a query matching more words than an
    engine can afford to rank be listed by date (SQLite: RANK_LIMIT); `version` (the
    content version) lets the matches and their ranking, which do not depend on the
    edition, be kept per process for every edition's search of the same words. With no
    edition (the network's search), `visible` says which articles may be found.
    """
    terms = query_terms(query)
    if not terms:
        return Results(0, [])
    if edition is None and visible is None:
        raise ValueError("a search without an edition needs the ids it may find")
    scope = Scope(edition, now, visible, newest_first, version)
    return backend().search(terms, scope, offset, limit)
