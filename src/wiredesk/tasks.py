"""Celery's executor: each task is a thin wrapper around one ingest unit (`ingest.units`).

The units decide everything (validators, templates, politeness, failures recorded as
data); a task only loads what its unit needs by id, calls it, and hands on the work the
unit finds (`Queue`). `wiredesk ingest` with CELERY_BROKER_URL set queues the due feeds'
polls here; without it, `pipeline.ingest` runs the same units in-process. `dispatch`
queues a task, or without a broker runs its function here and now.

Every task is idempotent: a feed is claimed with a conditional UPDATE before it is
polled (two schedulers cannot both take it), and an entry is stored under its natural
keys (a redelivered task finds it and stops). A partner's fault is no task failure: the
unit records it (on the feed, backed off, or as an ItemError) and the next poll retries
it, as in the embedded executor. A task that raises (a bug, the database away) lands in
FailedTask for editors.
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
from wiredesk.ingest import units
from wiredesk.ingest.feeds import EntryData
from wiredesk.ingest.fetch import PartnerClient
from wiredesk.ingest.models import FailedTask
from wiredesk.sources.models import Feed

log = logging.getLogger(__name__)
CLAIM = timedelta(minutes=10)  # how long a claimed feed is kept from other schedulers


def celery_enabled() -> bool:
    return bool(settings.WIREDESK.celery_broker_url)


def dispatch(task: Task, *args: Any) -> None:
    """Run a task's work: queued for workers when a broker is set, here and now otherwise."""
    if celery_enabled():
        task.apply_async(args)
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
    now = timezone.now()
    claimed = [feed.pk for feed in units.due_feeds(now) if units.claim_feed(feed, now + CLAIM)]
    for feed_id in claimed:
        dispatch(poll_feed, feed_id)
    return len(claimed)


class Queue:
    """The Celery handoff: a poll's entries and enrichment become tasks of their own."""

    def take(
        self, feed: Feed, entries: list[EntryData], now: datetime, report: units.IngestReport
    ) -> bool:
        units.learn_template(worker_client(), feed, entries)  # before any is extracted
        for entry in entries:
            dispatch(take_entry, feed.pk, entry_to_json(entry))
        return False  # handed on: the feed keeps its old validators (see units.poll_feed)

    def enrich(self, feed: Feed) -> None:
        dispatch(enrich_articles, feed.pk)


@app.task(name="wiredesk.tasks.poll_feed", base=DeadLetterTask)
def poll_feed(feed_id: int) -> int:
    """The poll unit for one feed; returns how many articles it stored itself (full stories)."""
    feed = Feed.objects.select_related("source__licence").get(pk=feed_id)
    report = units.IngestReport()
    units.poll_feed(worker_client(), feed, timezone.now(), report, Queue())
    return report.articles_new


@app.task(name="wiredesk.tasks.take_entry", base=DeadLetterTask)
def take_entry(feed_id: int, entry_json: dict) -> bool:
    """The take unit for one entry; True if a new article was stored."""
    feed = Feed.objects.select_related("source__licence").get(pk=feed_id)
    report = units.IngestReport()
    units.take_entry(worker_client(), feed, entry_from_json(entry_json), timezone.now(), report)
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
