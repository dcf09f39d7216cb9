"""An edition's stories in order, held per process for one content version.

Lists (front page, "More", sections, archive, feeds, sitemaps, search results) need the
ids an edition may show, newest first. Asking SQL for that each time joins placements,
articles, sources and licences and sorts thousands of rows; on SQLite, with the story text
stored inline, that read most of a 1 GB table per request at 100,000 articles. Instead:

- `visible_set`: the ids an edition may show (`editions.queries.visible_ids`, licence
  checked), one query per content version;
- `all_entries`: every article's (id, date) from the narrow ArticleEntry table, newest first,
  one query per content version;
- `edition_entries`: the second filtered by the first, in Python;
- `fetch`: the rows for one page of ids, by primary key.

The memo is per process and keyed by the content version, so a change committed anywhere
retires it (see site.cache); TTL bounds what no save announces (an embargo ending). It
costs a few MB per process at 100,000 articles.
"""

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.functions import Substr

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import visible_ids

TTL = 60.0
TEASER_SOURCE = 600  # characters of text read for a list's teaser

Entry = tuple[int, datetime]

_memo: dict[tuple, tuple[float, object]] = {}
_lock = threading.RLock()  # builds nest: an edition's entries need its visible set


def memo[T](key: tuple, build: Callable[[], T], ttl: float = TTL) -> T:
    """Process-local memo with a TTL; building is serialised so a burst builds once."""
    held = _memo.get(key)
    if held and time.monotonic() - held[0] < ttl:
        return held[1]  # type: ignore[return-value]
    with _lock:
        held = _memo.get(key)
        if held and time.monotonic() - held[0] < ttl:
            return held[1]  # type: ignore[return-value]
        value = build()
        if len(_memo) > 64:
            _memo.clear()
        _memo[key] = (time.monotonic(), value)
        return value


def clear() -> None:
    _memo.clear()


def visible_set(edition: Edition, now: datetime, version: str | None = None) -> frozenset[int]:
    """The ids an edition may show now; memoised under a content version when given one."""

    def build() -> frozenset[int]:
        return frozenset(visible_ids(edition, now).values_list("article_id", flat=True))

    return build() if version is None else memo(("visible", version, edition.pk), build)


def all_entries(version: str | None = None) -> list[Entry]:
    from wiredesk.site.models import ArticleEntry

    def build() -> list[Entry]:
        rows = ArticleEntry.objects.order_by("-when", "-article_id").values_list(
            "article_id", "when"
        )
        return list(rows)

    return build() if version is None else memo(("entries", version), build)


def edition_entries(edition: Edition, now: datetime, version: str | None = None) -> list[Entry]:
    """The edition's (id, date) pairs, newest first."""

    def build() -> list[Entry]:
        visible = visible_set(edition, now, version)
        return [e for e in all_entries(version) if e[0] in visible]

    return build() if version is None else memo(("edition", version, edition.pk), build)


def edition_ids(edition: Edition, now: datetime, version: str | None = None) -> list[int]:
    """The edition's ids, newest first (callers must not change the list)."""

    def build() -> list[int]:
        return [pk for pk, _ in edition_entries(edition, now, version)]

    return build() if version is None else memo(("ids", version, edition.pk), build)


def among(ids: Sequence[int], members: Iterable[int]) -> list[int]:
    """The ids, in order, that are also in members (a section's or a date's articles)."""
    wanted = set(members)
    return [pk for pk in ids if pk in wanted]


def rows(full: bool = False) -> QuerySet[Article]:
    """Articles with their source and licence; lists read only the text's opening."""
    articles = Article.objects.select_related("source__licence")
    if full:
        return articles
    return articles.defer("body_html", "body_text", "minhash", "flags").annotate(
        opening=Substr("body_text", 1, TEASER_SOURCE)
    )


def fetch(ids: Sequence[int], full: bool = False) -> list[Article]:
    """The articles for these ids, in the same order."""
    found = rows(full).in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]
