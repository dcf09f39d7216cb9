"""The embedded executor: `wiredesk ingest` runs the ingest units in this process.

It polls many feeds at once (`ingest.poller`: batches, on worker processes for long runs)
and gives each poll to the same units Celery's tasks run (`ingest.units`): the feed's
poll, then its entries, whose pages are fetched and extracted on a thread pool. Every
database write happens in the calling thread, one article per transaction, so a crash
loses at most the article being written and a re-run picks up the rest (stored ones are
found by their natural keys and skipped). After the feeds, the run enriches the stored
full-story entries and links new articles into stories: the enrich and link units.

A failed feed or item is data, not a crash: the units record it on the feed (health) or
as an ItemError, and the run goes on.
"""

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from wiredesk.config import Config
from wiredesk.editions.placing import edition_rules
from wiredesk.ingest.enrich import enrich_pending
from wiredesk.ingest.feeds import EntryData
from wiredesk.ingest.fetch import PartnerClient, make_client
from wiredesk.ingest.poller import Poller, PollJob, poll_processes
from wiredesk.ingest.units import (
    IngestReport,
    claim_feed,
    due_feeds,
    poll_feed,
    poll_job,
    retrying_feeds,
    take_entries,
)
from wiredesk.sources.models import Feed
from wiredesk.stories.linking import link_new_articles

__all__ = ["IngestReport", "claim_feed", "due_feeds", "ingest"]
log = logging.getLogger(__name__)
FEED_BATCH = 64  # feeds fetched at once before their entries are taken
HEALTH_FIELDS = [
    "url",
    "etag",
    "last_modified",
    "title",
    "last_polled_at",
    "last_success_at",
    "error_count",
    "next_poll_at",
    "poll_interval",
]


class TakeHere:
    """The embedded handoff: a feed's entries are taken at once, on this run's pool;
    enrichment waits for the end of the run."""

    def __init__(self, client: PartnerClient, pool: ThreadPoolExecutor):
        self.client, self.pool = client, pool
        self.rules = edition_rules()

    def take(self, feed: Feed, entries: list[EntryData], now: datetime, report: IngestReport):
        take_entries(self.client, feed, entries, now, report, self.rules, self.pool.map)
        return True

    def enrich(self, feed: Feed) -> None:
        pass


def ingest(
    feeds: Iterable[Feed] | None = None,
    now: datetime | None = None,
    progress: bool = False,
    enrich: bool = True,
    config: Config | None = None,
) -> IngestReport:
    """Poll the given feeds (default: every due feed) and store what is new.

    With `enrich` (the default) the stored full-story entries are then cleaned, tagged
    and routed, and new articles linked into stories; without it they wait for
    `enrich_pending` (a worker's task, or the next run). `config` defaults to the
    settings read at start-up (`settings.WIREDESK`); a shorter fetch timeout, say, is a
    `dataclasses.replace` of it.
    """
    config = config or settings.WIREDESK
    now = now or timezone.now()
    feeds = list(feeds) if feeds is not None else due_feeds(now)
    report = IngestReport()
    bar = _progress(len(feeds), progress)
    batches = [feeds[start : start + FEED_BATCH] for start in range(0, len(feeds), FEED_BATCH)]
    with (
        make_client(config) as client,
        ThreadPoolExecutor(config.fetch_concurrency) as pool,
    ):
        handoff = TakeHere(client, pool)
        poller = Poller(config, client, pool, poll_processes(config, len(feeds)))
        polls = poller.poll_batches(poll_jobs(batches))
        for batch, polled in zip(batches, polls, strict=True):
            quiet = []
            for feed, one in zip(batch, polled, strict=True):
                if poll_feed(client, feed, now, report, handoff, one, save_quiet=False):
                    quiet.append(feed)
                bar.update()
            save_health(quiet)  # one write for the quiet feeds
    bar.close()
    if enrich:
        report.articles_enriched = enrich_pending()
        report.articles_linked = link_new_articles()
    return report


def poll_jobs(batches: list[list[Feed]]) -> list[list[PollJob]]:
    """What to fetch for each feed (units.poll_job), with one query for the whole run."""
    retrying = retrying_feeds([feed.pk for batch in batches for feed in batch])
    return [[poll_job(feed, feed.pk in retrying) for feed in batch] for batch in batches]


def save_health(feeds: list[Feed]) -> None:
    """Write the health fields of many feeds in one statement run for each.

    `bulk_update` builds one CASE expression per field over every row, which costs more
    than the polls themselves; a parametrised UPDATE run with executemany does not.
    """
    if not feeds:
        return
    fields = [Feed._meta.get_field(name) for name in HEALTH_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(Feed._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    rows = [
        [f.get_db_prep_save(getattr(feed, f.attname), connection) for f in fields] + [feed.pk]
        for feed in feeds
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="feeds", unit="feed", disable=not enabled)
