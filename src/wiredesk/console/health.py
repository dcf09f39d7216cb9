"""Feed health as editors read it: failing now, last success, last error, volume per day.

"Failing now" is `error_count > 0`: ingest resets the count on every successful poll
(ingest.pipeline.record_success) and keeps the last error's text and time, so a feed that
failed yesterday and works today shows its old error but sorts with the healthy ones.
Volume counts the articles each feed brought in, by the day we took them (republished_at,
UTC), over the last `DAYS` days; items/day is their mean.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate

from wiredesk.articles.models import Article
from wiredesk.ingest.models import ItemError
from wiredesk.sources.models import Feed

DAYS = 14
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class FeedHealth:
    feed: Feed
    failing: bool
    daily: tuple[int, ...]  # oldest first, today last
    item_errors: int

    @property
    def per_day(self) -> float:
        return sum(self.daily) / len(self.daily) if self.daily else 0.0


def day_range(now: datetime, days: int) -> list:
    today = now.date()
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def feed_health(now: datetime, days: int = DAYS) -> list[FeedHealth]:
    """Every feed with its health, failing feeds first, then by source and URL."""
    dates = day_range(now, days)
    start = datetime.combine(dates[0], datetime.min.time(), tzinfo=now.tzinfo)
    counts: dict[int, dict] = {}
    rows = (
        Article.objects.filter(republished_at__gte=start, feed__isnull=False)
        .annotate(day=TruncDate("republished_at"))
        .values("feed_id", "day")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["feed_id"], {})[row["day"]] = row["n"]
    errors = dict(
        ItemError.objects.values("feed_id").annotate(n=Count("pk")).values_list("feed_id", "n")
    )
    result = [
        FeedHealth(
            feed=feed,
            failing=feed.active and feed.error_count > 0,
            daily=tuple(counts.get(feed.pk, {}).get(d, 0) for d in dates),
            item_errors=errors.get(feed.pk, 0),
        )
        for feed in Feed.objects.select_related("source")
    ]
    result.sort(
        key=lambda h: (
            not h.failing,
            not h.feed.active,
            h.feed.source.name,
            natural_key(h.feed.url),
        )
    )
    return result


def natural_key(text: str) -> str:
    """Numbers padded to sort by value: a partner's "?paged=2" before its "?paged=10"."""
    return _DIGITS.sub(lambda m: m.group().zfill(20), text)
