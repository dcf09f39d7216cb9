"""What came in: articles per hour by source and by edition, and stories per country per day.

Per source an article counts in the hour we took it (republished_at); per edition in the
hour it was placed there (placed_at), so a story an editor moves arrives in its new
edition when it was moved. Hours and days are UTC, as the database stores them.

Per country: the articles of the day that concern the country (any ArticleCountry row),
each counted once per country; duplicates and hidden articles are left out, because
editors want to see what the network carries, not what the partners repeated.

Charts show the `MAX_SERIES - 1` biggest series and fold the rest into "Other", so a
network of a hundred sources still gives a readable legend.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Count
from django.db.models.functions import TruncHour

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.console.svg import Series
from wiredesk.editions.models import Placement

MAX_SERIES = 8


def hours(now: datetime, count: int) -> list[datetime]:
    """The last `count` whole hours, oldest first, the current one last."""
    current = now.replace(minute=0, second=0, microsecond=0)
    return [current - timedelta(hours=n) for n in range(count - 1, -1, -1)]


def top_series(
    counts: dict[str, dict[datetime, int]], buckets: list[datetime], limit: int = MAX_SERIES
) -> list[Series]:
    """Series for a stacked chart: the biggest first, the rest summed into "Other"."""
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    cut = len(ranked) if len(ranked) <= limit else limit - 1
    keep, rest = ranked[:cut], ranked[cut:]
    series = [Series(name, tuple(by_hour.get(b, 0) for b in buckets)) for name, by_hour in keep]
    if rest:
        other = tuple(sum(by_hour.get(b, 0) for _, by_hour in rest) for b in buckets)
        series.append(Series(f"Other ({len(rest)})", other))
    return series


def _by_hour(rows: Iterable[tuple[str, datetime, int]]) -> dict[str, dict[datetime, int]]:
    counts: dict[str, dict[datetime, int]] = defaultdict(dict)
    for name, hour, n in rows:
        counts[name][hour] = n
    return counts


def per_source(buckets: list[datetime]) -> list[Series]:
    rows = (
        Article.objects.filter(republished_at__gte=buckets[0])
        .annotate(hour=TruncHour("republished_at"))
        .values_list("source__name", "hour")
        .annotate(n=Count("pk"))
    )
    return top_series(_by_hour(rows), buckets)


def per_edition(buckets: list[datetime]) -> list[Series]:
    rows = (
        Placement.objects.filter(placed_at__gte=buckets[0], hidden=False)
        .annotate(hour=TruncHour("placed_at"))
        .values_list("edition__name", "hour")
        .annotate(n=Count("pk"))
    )
    return top_series(_by_hour(rows), buckets)


def per_country(day: date, tz: tzinfo | None = None) -> dict[str, int]:
    """Articles of the day (UTC) per country code."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    rows = (
        ArticleCountry.objects.filter(
            article__republished_at__gte=start,
            article__republished_at__lt=start + timedelta(days=1),
            article__duplicate_of__isnull=True,
            article__hidden=False,
        )
        .values_list("country")
        .annotate(n=Count("article", distinct=True))
    )
    return {code: n for code, n in rows}
