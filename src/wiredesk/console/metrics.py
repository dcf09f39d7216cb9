"""Prometheus figures, read from the database at each scrape.

A custom collector on a registry of our own, built per request: the figures live in the
database shared by every web and worker process, so reading them at scrape time gives the
same answer whichever process Prometheus reaches, with no multiprocess mode and no counter
that resets when a process restarts. Each scrape costs a handful of grouped COUNT queries.

Series (all prefixed `wiredesk_`):
- articles_total{source}: articles stored per source (a counter: rate() gives intake);
- articles_last_hour{source}: articles taken in the last hour;
- queue_articles{queue}: unplaced, duplicates_pending, embargoed, blocked, date_gap,
  old_when_taken, poor_extraction;
- feeds{state}: active feeds ok or failing, and inactive ones; feeds_failing: the failing;
- item_errors{source}: entries whose page could not be taken; failed_tasks: dead letters;
- newsletter_deliveries{edition,status}: deliveries by state;
- newsletter_subscriptions{edition,status}.
"""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from wiredesk.articles.models import Article
from wiredesk.console import flags
from wiredesk.console.letters import delivery_totals
from wiredesk.editions.models import Placement
from wiredesk.ingest.models import FailedTask, ItemError
from wiredesk.newsletter.models import Subscription
from wiredesk.sources.models import Feed, Source


def unplaced() -> int:
    placed = Placement.objects.filter(article=OuterRef("pk"))
    return (
        Article.objects.filter(duplicate_of__isnull=True, hidden=False)
        .exclude(Exists(placed))
        .count()
    )


class WiredeskCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        names = dict(Source.objects.values_list("pk", "slug"))

        total = CounterMetricFamily(
            "wiredesk_articles", "Articles stored, per source.", labels=["source"]
        )
        for source_id, n in Article.objects.values_list("source_id").annotate(n=Count("pk")):
            total.add_metric([names.get(source_id, str(source_id))], n)
        yield total

        recent = GaugeMetricFamily(
            "wiredesk_articles_last_hour", "Articles taken in the last hour.", labels=["source"]
        )
        last_hour = dict(
            Article.objects.filter(republished_at__gte=now - timedelta(hours=1))
            .values_list("source_id")
            .annotate(n=Count("pk"))
        )
        for source_id, slug in names.items():
            recent.add_metric([slug], last_hour.get(source_id, 0))
        yield recent

        queue = GaugeMetricFamily(
            "wiredesk_queue_articles", "Articles waiting for an editor.", labels=["queue"]
        )
        queue.add_metric(["unplaced"], unplaced())
        queue.add_metric(["duplicates_pending"], flags.duplicates_pending().count())
        queue.add_metric(
            ["embargoed"], Placement.objects.filter(visible_from__gt=now, hidden=False).count()
        )
        queue.add_metric(["blocked"], flags.blocked_placements(now).count())
        queue.add_metric(["date_gap"], flags.date_gaps().count())
        queue.add_metric(["old_when_taken"], flags.old_when_taken().count())
        queue.add_metric(["poor_extraction"], flags.poor_extraction().count())
        yield queue

        feeds = GaugeMetricFamily("wiredesk_feeds", "Feeds by health.", labels=["state"])
        failing = Feed.objects.filter(active=True, error_count__gt=0).count()
        feeds.add_metric(["failing"], failing)
        feeds.add_metric(["ok"], Feed.objects.filter(active=True, error_count=0).count())
        feeds.add_metric(["inactive"], Feed.objects.filter(active=False).count())
        yield feeds
        yield GaugeMetricFamily("wiredesk_feeds_failing", "Active feeds failing now.", failing)

        errors = GaugeMetricFamily(
            "wiredesk_item_errors", "Feed entries that could not be taken.", labels=["source"]
        )
        for source_id, n in ItemError.objects.values_list("feed__source_id").annotate(
            n=Count("pk")
        ):
            errors.add_metric([names.get(source_id, str(source_id))], n)
        yield errors
        yield GaugeMetricFamily(
            "wiredesk_failed_tasks",
            "Units of work that failed after all retries, unresolved.",
            FailedTask.objects.filter(resolved=False).count(),
        )

        deliveries = GaugeMetricFamily(
            "wiredesk_newsletter_deliveries",
            "Newsletter deliveries by state.",
            labels=["edition", "status"],
        )
        for slug, status, n in delivery_totals():
            deliveries.add_metric([slug, status], n)
        yield deliveries

        subscriptions = GaugeMetricFamily(
            "wiredesk_newsletter_subscriptions",
            "Newsletter subscriptions by state.",
            labels=["edition", "status"],
        )
        for slug, status, n in Subscription.objects.values_list("edition__slug", "status").annotate(
            n=Count("pk")
        ):
            subscriptions.add_metric([slug, status], n)
        yield subscriptions


def exposition() -> bytes:
    """The metrics page in Prometheus text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(WiredeskCollector())
    return generate_latest(registry)
