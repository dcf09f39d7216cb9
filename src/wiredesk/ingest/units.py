"""The units of ingest work, run by both executors: poll a feed, take its entries.

The two later units are `ingest.enrich.enrich_pending` (clean, tag and route stored
full-story entries) and `stories.linking.link_new_articles` (duplicates and stories).
The embedded executor (`pipeline.ingest`, what `wiredesk ingest` runs) calls them for
many feeds at once, with the network and extraction on its thread pool; Celery's tasks
(`wiredesk.tasks`) each call one of them. Everything a unit decides is decided here,
once, for both:

- validators: what a poll sends (`poll_job`: none while items of the feed wait for a
  retry), and what it keeps (`poll_feed`: the new ones once every new entry was taken;
  entries never tried and handed to later work keep the old ones, so a lost task is
  polled again);
- page templates (`ingest.templates`): the stored one, else one learned from the same
  sample of pages;
- politeness: the HTTP client (`fetch.make_client`) lets at most
  `WIREDESK_FETCH_PER_HOST` requests reach one host at once; there is no other rule;
- failures, recorded as data: a feed's on the feed (`record_failure`, with back-off), an
  item's as an ItemError (`record_item_error`), never raised past the unit.

Each unit ends with the publish step (`articles.publish`): the articles it changed are
announced to the site after its commit.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.db.models import Q

from wiredesk.articles import publish
from wiredesk.articles.models import Article
from wiredesk.editions.routing import EditionRule
from wiredesk.errors import FeedParseError, WiredeskError
from wiredesk.extract import ExtractedArticle, extract_page
from wiredesk.extract.templates import SiteTemplate
from wiredesk.ingest.feeds import EntryData, FeedData
from wiredesk.ingest.fetch import FetchResult, PartnerClient, fetch
from wiredesk.ingest.intake import split_full_stories, store_entries
from wiredesk.ingest.models import ItemError
from wiredesk.ingest.poller import Polled, PollJob, poll_one
from wiredesk.ingest.schedule import PollOutcome, next_poll
from wiredesk.ingest.store import store_article
from wiredesk.ingest.templates import TEMPLATE_SAMPLE, stored_template, template_for
from wiredesk.sources.models import Feed

log = logging.getLogger(__name__)
Map = Callable[[Callable, Iterable], Iterator]  # `map`, or a pool's


@dataclass
class IngestReport:
    feeds_polled: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0
    articles_new: int = 0
    items_failed: int = 0
    articles_enriched: int = 0
    articles_linked: int = 0
    errors: list[str] = field(default_factory=list)


class Handoff(Protocol):
    """What an executor does with the work a feed's poll finds beyond itself."""

    def take(self, feed: Feed, entries: list[EntryData], now: datetime, report: IngestReport):
        """Take entries whose pages must be fetched; True when they were taken now (stored
        or recorded as failed), False when they were handed to later work."""

    def enrich(self, feed: Feed) -> None:
        """The feed's full-story entries were stored and wait for enrichment."""


# --- poll a feed ----------------------------------------------------------------------------


def due_feeds(now: datetime) -> list[Feed]:
    return list(
        Feed.objects.filter(active=True, source__active=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .select_related("source__licence")
        .order_by("pk")
    )


def claim_feed(feed: Feed, until: datetime) -> bool:
    """Take a due feed for one poll; of several claimers exactly one succeeds.

    The conditional UPDATE matches only while next_poll_at still has the value we read,
    so a second scheduler that read the same feed updates nothing.
    """
    claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
        next_poll_at=until
    )
    return bool(claimed)


def retrying_feeds(feed_ids: list[int]) -> set[int]:
    """Those of the feeds with items waiting for a retry."""
    return set(ItemError.objects.filter(feed_id__in=feed_ids).values_list("feed_id", flat=True))


def poll_job(feed: Feed, retrying: bool) -> PollJob:
    """What to fetch: conditionally, unless items failed there last time (a 304 would hide
    them)."""
    if retrying:
        return PollJob(feed.url)
    return PollJob(feed.url, feed.etag, feed.last_modified)


def poll_feed(
    client: PartnerClient,
    feed: Feed,
    now: datetime,
    report: IngestReport,
    handoff: Handoff,
    polled: Polled | None = None,
    save_quiet: bool = True,
) -> bool:
    """Read a feed (unless given its poll), store its full stories, hand on its other new
    entries, and record the poll on the feed.

    Returns True for a quiet feed (unchanged or nothing new) whose health the caller saves,
    when `save_quiet` is False, together with others in one write. Success is recorded
    after the entries were taken, so a crash in between polls the feed again.
    """
    old_validators = feed.etag, feed.last_modified
    entries = read_feed(client, feed, now, report, polled)
    if entries is None:
        return False
    full, teasers = split_full_stories(entries)
    if full:  # the feed carries the whole story: stored now, enriched after (ingest.enrich)
        report.articles_new += store_entries(feed, full, now)
        handoff.enrich(feed)
    if teasers and not handoff.take(feed, teasers, now, report) and untried(feed, teasers):
        # Handed on, not stored yet: keep the old validators, so the next poll reads the
        # whole feed again and hands on any entry whose work was lost (a worker killed
        # with it, a broker restart). Stored ones are skipped then. Entries tried before
        # need none: their feed is polled whole while their errors stand (`poll_job`).
        feed.etag, feed.last_modified = old_validators
    record_success(feed, now, len(entries), save=bool(entries) or save_quiet)
    return not entries and not save_quiet


def untried(feed: Feed, entries: list[EntryData]) -> bool:
    """Whether any of the entries was never tried (it has no recorded error)."""
    guids = {e.guid[:1000] for e in entries}
    failed = ItemError.objects.filter(feed=feed, guid__in=guids).values_list("guid", flat=True)
    return bool(guids - set(failed))


def read_feed(
    client: PartnerClient,
    feed: Feed,
    now: datetime,
    report: IngestReport,
    polled: Polled | None = None,
) -> list[EntryData] | None:
    """Poll a feed (unless given its poll): its new entries, [] when unchanged, None when
    it failed (recorded on the feed, which backs it off)."""
    report.feeds_polled += 1
    try:
        polled = polled or poll_one(client, poll_job(feed, bool(retrying_feeds([feed.pk]))))
        result = polled.fetched
        if isinstance(result, WiredeskError):
            raise result
        follow_permanent_move(feed, result.moved_to)
        if result.not_modified:
            report.feeds_unchanged += 1
            return []
        parsed = polled.parsed
        if not isinstance(parsed, FeedData):
            raise parsed or FeedParseError(result.url, "the feed was not parsed")
    except WiredeskError as exc:
        record_failure(feed, now, exc, report)
        return None
    feed.etag, feed.last_modified = result.etag[:300], result.last_modified[:100]
    feed.title = feed.title or parsed.title[:300]
    return new_entries(feed, parsed.entries)


def follow_permanent_move(feed: Feed, moved_to: str) -> None:
    """A feed that moved for good (301/308) is polled at its new address from now on."""
    if not moved_to or moved_to == feed.url:
        return
    if Feed.objects.filter(url=moved_to).exclude(pk=feed.pk).exists():
        log.warning(
            "feed moved to a feed we already poll", extra={"feed_id": feed.pk, "feed_url": moved_to}
        )
        return
    log.info("feed moved permanently", extra={"feed_id": feed.pk, "feed_url": moved_to})
    feed.url = moved_to[:1000]


def new_entries(feed: Feed, entries: list[EntryData]) -> list[EntryData]:
    """Entries whose guid and link are both unknown, each once."""
    guids = {e.guid for e in entries}
    links = {e.link for e in entries if e.link}
    known_guids = set(
        Article.objects.filter(source_id=feed.source_id, guid__in=guids).values_list(
            "guid", flat=True
        )
    )
    known_links = set(Article.objects.filter(url__in=links).values_list("url", flat=True))
    fresh, seen = [], set()
    for e in entries:
        key = e.link or e.guid
        if e.guid in known_guids or e.link in known_links or key in seen:
            continue
        seen.add(key)
        fresh.append(e)
    return fresh


def record_success(feed: Feed, now: datetime, new_entries: int = 0, save: bool = True) -> None:
    planned = next_poll(feed.poll_interval, PollOutcome(new_entries=new_entries), now)
    feed.last_polled_at = feed.last_success_at = now
    feed.error_count = 0
    feed.next_poll_at, feed.poll_interval = planned.at, planned.interval
    if save:
        feed.save()


def record_failure(feed: Feed, now: datetime, exc: Exception, report: IngestReport) -> None:
    """Keep the error on the feed and back off, with jitter so failing feeds spread out."""
    log.error("feed failed: %s", exc, extra={"feed_id": feed.pk, "feed_url": feed.url})
    report.feeds_failed += 1
    report.errors.append(str(exc))
    feed.last_polled_at = feed.last_error_at = now
    feed.last_error = str(exc)[:2000]
    feed.error_count += 1
    outcome = PollOutcome(
        failed=True, error_count=feed.error_count, retry_after=getattr(exc, "retry_after", None)
    )
    feed.next_poll_at = next_poll(feed.poll_interval, outcome, now).at
    feed.save()


# --- take entries -----------------------------------------------------------------------------


def take_entries(
    client: PartnerClient,
    feed: Feed,
    entries: list[EntryData],
    now: datetime,
    report: IngestReport,
    rules: list[EditionRule] | None = None,
    map_: Map = map,
) -> None:
    """Take a poll's entries: fetch each page, learn the template if the source has none,
    extract and store each (or record why not). `map_` runs the fetches and extractions
    (a thread pool's map, for the embedded executor); the writes happen here, one
    article per transaction."""
    pages = list(map_(lambda e: fetch_page(client, e), entries))
    template = template_for(feed.source, len(entries), lambda: sample(pages))
    outcomes = map_(lambda page: extract_fetched(page, template), pages)
    for entry, outcome in zip(entries, outcomes, strict=True):
        store_outcome(feed, entry, outcome, now, report, rules)


def learn_template(client: PartnerClient, feed: Feed, entries: list[EntryData]) -> None:
    """Before entries are handed on one by one: learn the source's template from the same
    sample `take_entries` would, fetched now, so every entry is extracted with it."""
    template_for(
        feed.source,
        len(entries),
        lambda: sample(fetch_page(client, e) for e in entries[:TEMPLATE_SAMPLE]),
    )


def sample(pages: Iterable[FetchResult | WiredeskError]) -> list[bytes]:
    """The bodies of the first TEMPLATE_SAMPLE entries' pages that were fetched."""
    return [p.content for p in list(pages)[:TEMPLATE_SAMPLE] if isinstance(p, FetchResult)]


def take_entry(
    client: PartnerClient,
    feed: Feed,
    entry: EntryData,
    now: datetime,
    report: IngestReport,
    rules: list[EditionRule] | None = None,
) -> None:
    """Take one entry: fetch its page, extract it with the source's template, store it."""
    outcome = extract_fetched(fetch_page(client, entry), stored_template(feed.source))
    store_outcome(feed, entry, outcome, now, report, rules)


def fetch_page(client: PartnerClient, entry: EntryData) -> FetchResult | WiredeskError:
    """Safe on a pool: the entry's page, or the error that stopped it."""
    try:
        return fetch(client, entry.link)
    except WiredeskError as exc:
        return exc


def extract_fetched(
    page: FetchResult | WiredeskError, template: SiteTemplate | None = None
) -> ExtractedArticle | WiredeskError:
    """Safe on a pool: the page's story, or the error that stopped it."""
    if isinstance(page, WiredeskError):
        return page
    try:
        return extract_page(page.content, page.url, template=template)
    except WiredeskError as exc:
        return exc
    except Exception as exc:  # a hostile page must not take the run down
        log.exception("extraction crashed", extra={"item_url": page.url})
        return WiredeskError(f"{page.url}: extraction crashed: {type(exc).__name__}: {exc}")


def store_outcome(
    feed: Feed,
    entry: EntryData,
    outcome: ExtractedArticle | WiredeskError,
    now: datetime,
    report: IngestReport,
    rules: list[EditionRule] | None = None,
) -> None:
    """Store an extracted entry, or record why it could not be taken; then publish it."""
    if isinstance(outcome, WiredeskError):
        record_item_error(feed, entry, outcome, report)
        return
    try:
        _, created = store_article(feed, entry, outcome, now, rules)
    except Exception as exc:  # one bad item must not stop the feed
        log.exception("could not store item", extra={"feed_id": feed.pk, "item_url": entry.link})
        record_item_error(feed, entry, exc, report)
        return
    ItemError.objects.filter(feed=feed, guid=entry.guid).delete()
    report.articles_new += created
    publish.deliver()  # after its commit: the site indexes it


def record_item_error(feed: Feed, entry: EntryData, exc: Exception, report: IngestReport) -> None:
    log.error("item failed: %s", exc, extra={"feed_id": feed.pk, "item_url": entry.link})
    report.items_failed += 1
    report.errors.append(str(exc))
    error, created = ItemError.objects.get_or_create(
        feed=feed,
        guid=entry.guid[:1000],
        defaults={"url": entry.link[:1000], "message": str(exc)[:2000]},
    )
    if not created:
        error.message = str(exc)[:2000]
        error.attempts += 1
        error.save()
