"""Search across every edition: what the network's own search box answers.

The matches are the engine's (site.search), kept to the articles that some active edition
shows now (each edition's licence-checked visible set, site.listing). Each hit links to the
article in the edition that placed it with the highest relevance, ties going to the first
edition by name: a story about Brazil found from the network's page opens in Brazil News,
not in whichever edition happens to come first.
"""

from dataclasses import dataclass
from datetime import datetime

from wiredesk.editions.models import Edition, Placement
from wiredesk.site.listing import all_entries, memo, visible_set
from wiredesk.site.search import Hit, Results, search


@dataclass(frozen=True)
class NetworkResults:
    total: int
    hits: list[tuple[Hit, Edition]]
    by_date: bool = False


def network_visible(editions: list[Edition], now: datetime, version: str) -> frozenset[int]:
    """The ids that any of these editions shows now."""

    def build() -> frozenset[int]:
        return frozenset().union(*(visible_set(e, now, version) for e in editions))

    return memo(("network-visible", version, tuple(e.pk for e in editions)), build)


def network_newest(editions: list[Edition], now: datetime, version: str) -> list[int]:
    """Those ids, newest first (callers must not change the list)."""

    def build() -> list[int]:
        shown = network_visible(editions, now, version)
        return [pk for pk, _ in all_entries(version) if pk in shown]

    return memo(("network-newest", version, tuple(e.pk for e in editions)), build)


def home_editions(
    ids: list[int], editions: list[Edition], now: datetime, version: str
) -> dict[int, Edition]:
    """For each article, the edition that shows it with the highest relevance."""
    order = {e.pk: i for i, e in enumerate(editions)}
    by_pk = {e.pk: e for e in editions}
    placements = Placement.objects.filter(article_id__in=ids, edition_id__in=list(order))
    best: dict[int, tuple[float, int]] = {}
    for article_id, edition_id, score in placements.values_list(
        "article_id", "edition_id", "score"
    ):
        if article_id not in visible_set(by_pk[edition_id], now, version):
            continue
        rank = (score, -order[edition_id])
        if article_id not in best or rank > best[article_id]:
            best[article_id] = rank
    return {pk: editions[-rank[1]] for pk, rank in best.items()}


def search_network(
    editions: list[Edition], query: str, now: datetime, offset: int, limit: int, version: str
) -> NetworkResults:
    """Every edition's articles matching every word of the query, best first."""
    shown = network_visible(editions, now, version)
    newest = network_newest(editions, now, version)
    results: Results = search(None, query, now, offset, limit, shown, newest, version)
    homes = home_editions([h.article_id for h in results.hits], editions, now, version)
    hits = [(h, homes[h.article_id]) for h in results.hits if h.article_id in homes]
    return NetworkResults(results.total, hits, results.by_date)
