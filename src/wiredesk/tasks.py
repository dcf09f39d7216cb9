"""The units of pipeline work, each a Celery task that also runs in-process.

With CELERY_BROKER_URL unset (the embedded default), `dispatch` calls a task's function
at once in this process; with it set, it queues the task for the workers. Either way the
same function does the work.

Every task is idempotent: a feed is claimed with a conditional UPDATE before it is
polled (two schedulers cannot both take it), and an entry is stored under its natural
keys (a redelivered task finds it and stops). Transient fetch errors are retried with
back-off; what fails after the last retry lands in FailedTask for editors.
"""

import logging
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from celery import Task
from celery.signals import worker_process_init
from django.conf import settings
from django.utils import timezone

from wiredesk.celery import app
from wiredesk.errors import FetchStatusError, FetchTimeout
from wiredesk.extract.templates import SiteTemplate
from wiredesk.ingest.feeds import EntryData
from wiredesk.ingest.fetch import PartnerClient
from wiredesk.ingest.models import FailedTask
from wiredesk.ingest.throttle import DEFAULT_INTERVAL

log = logging.getLogger(__name__)
CLAIM = timedelta(minutes=10)  # how long a claimed feed is kept from other schedulers


def celery_enabled() -> bool:
    return bool(settings.WIREDESK.celery_broker_url)


def dispatch(task: Task, *args: Any, countdown: float = 0) -> None:
    """Run a task's work: queued for workers when a broker is set, here and now otherwise.

    `countdown` (seconds) only delays queued work; in-process work runs at once.
    """
    if celery_enabled():
        task.apply_async(args, countdown=countdown or None)
    else:
        task.run(*args)


@cache
def worker_client() -> PartnerClient:
    """One HTTP client per worker process: connections and TLS set-up are reused."""
    from wiredesk.ingest.fetch import make_client

    return make_client(settings.WIREDESK)


@worker_process_init.connect
def warm_up(**_: object) -> None:
    """Load the gazetteer once per worker process, not in its first task."""
    from wiredesk.geo import tag

    tag("Geneva")


class DeadLetterTask(Task):
    """Records a task that failed for good, with its error, where editors can see it."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        FailedTask.objects.create(task=self.name, arguments=_jsonable(args), error=repr(exc))


@app.task(name="wiredesk.tasks.schedule_due_feeds")
def schedule_due_feeds() -> int:
    """Claim every due feed and queue a poll of each; safe to run from several schedulers."""
    from wiredesk.ingest.pipeline import claim_feed, due_feeds

    now = timezone.now()
    claimed = [feed.pk for feed in due_feeds(now) if claim_feed(feed, now + CLAIM)]
    for feed_id in claimed:
        dispatch(poll_feed, feed_id)
    return len(claimed)


@app.task(
    name="wiredesk.tasks.poll_feed",
    base=DeadLetterTask,
    autoretry_for=(FetchTimeout,),
    retry_backoff=True,
    max_retries=3,
)
def poll_feed(feed_id: int) -> int:
    """Read one feed, store its full stories and queue its other entries; returns how many
    new entries it had."""
    from wiredesk.ingest.intake import split_full_stories, store_entries
    from wiredesk.ingest.pipeline import IngestReport, read_feed, record_success
    from wiredesk.sources.models import Feed

    feed = Feed.objects.select_related("source__licence").get(pk=feed_id)
    now = timezone.now()
    validators = feed.etag, feed.last_modified
    new = read_feed(worker_client(), feed, now, IngestReport())
    if new is None:
        return 0
    full, entries = split_full_stories(new)
    if entries:
        # Queued entries are not stored yet: keep the old validators, so the next poll reads
        # the whole feed again and queues any entry whose task was lost (a worker killed
        # with it, a broker restart). Stored ones are skipped then; a task run twice is
        # harmless (entries are stored under their natural keys).
        feed.etag, feed.last_modified = validators
    if full and store_entries(feed, full, now):
        dispatch(enrich_articles, feed_id)
    # Entries of one feed share a host: queue them one politeness interval apart, so
    # workers take other hosts' work meanwhile instead of bouncing off the host's turn.
    spacing = DEFAULT_INTERVAL.total_seconds()
    for n, entry in enumerate(entries):
        dispatch(take_entry, feed_id, entry_to_json(entry), countdown=n * spacing)
    record_success(feed, now, len(new))
    return len(new)


@app.task(
    name="wiredesk.tasks.take_entry",
    base=DeadLetterTask,
    autoretry_for=(FetchTimeout, FetchStatusError),
    retry_backoff=True,
    max_retries=3,
)
def take_entry(feed_id: int, entry_json: dict) -> bool:
    """Fetch, extract and store one entry; True if a new article was stored."""
    from wiredesk.ingest.pipeline import IngestReport, fetch_and_extract, store_outcome
    from wiredesk.ingest.throttle import host_of, take_turn
    from wiredesk.sources.models import Feed

    entry = entry_from_json(entry_json)
    busy_until = take_turn(host_of(entry.link))
    if busy_until is not None:  # the host had its turn: come back later, do other work now
        wait = max((busy_until - timezone.now()).total_seconds(), 0.05)
        take_entry.apply_async((feed_id, entry_json), countdown=wait)
        return False
    feed = Feed.objects.select_related("source__licence").get(pk=feed_id)
    stored = feed.source.page_template
    template = SiteTemplate.from_json(stored) if stored else None
    outcome = fetch_and_extract(worker_client(), entry, template)
    report = IngestReport()
    store_outcome(feed, entry, outcome, timezone.now(), report)
    return bool(report.articles_new)


@app.task(name="wiredesk.tasks.enrich_articles", base=DeadLetterTask)
def enrich_articles(feed_id: int | None = None) -> int:
    """Clean, tag and route the waiting articles (of one feed, when given)."""
    from wiredesk.ingest.enrich import enrich_pending

    return enrich_pending(feed_id)


@app.task(name="wiredesk.tasks.link_articles", base=DeadLetterTask)
def link_articles() -> int:
    """Decide duplicates and stories for newly stored articles (one linker at a time)."""
    from wiredesk.stories.linking import link_new_articles

    return link_new_articles()


def entry_to_json(entry: EntryData) -> dict:
    return _jsonable(asdict(entry))


def entry_from_json(data: dict) -> EntryData:
    fields = dict(data)
    for name in ("published", "updated"):
        if fields.get(name):
            fields[name] = datetime.fromisoformat(fields[name])
    fields.pop("enclosures", None)  # not needed to store an article
    return EntryData(**fields)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
