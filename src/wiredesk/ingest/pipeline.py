"""Poll due feeds: fetch, parse, fetch new pages, extract, store, route.

Network and extraction run on a thread pool; every database write happens in
the calling thread, one article per transaction, so a crash loses at most the
article being written and a re-run picks up the rest (stored ones are found
by their natural keys and skipped).

A failed feed or item is data, not a crash: the error is logged with the
feed and item, stored on the feed (health) or as an ItemError, and the run
goes on.
"""

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from wiredesk.articles import publish
from wiredesk.articles.models import Article
from wiredesk.config import Config
from wiredesk.editions.placing import edition_rules
from wiredesk.editions.routing import EditionRule
from wiredesk.errors import FeedParseError, WiredeskError
from wiredesk.extract import ExtractedArticle, extract_page
from wiredesk.extract.page import learn_template
from wiredesk.extract.templates import SiteTemplate
from wiredesk.ingest.enrich import enrich_pending
from wiredesk.ingest.feeds import EntryData, FeedData
from wiredesk.ingest.fetch import FetchResult, PartnerClient, fetch, make_client
from wiredesk.ingest.intake import split_full_stories, store_entries
from wiredesk.ingest.models import ItemError
from wiredesk.ingest.poller import Polled, Poller, PollJob, poll_one, poll_processes
from wiredesk.ingest.schedule import PollOutcome, next_poll
from wiredesk.ingest.store import store_article
from wiredesk.sources.models import Feed, Source
from wiredesk.stories.linking import link_new_articles

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
TEMPLATE_MIN_PAGES = 3  # pages of one site needed to learn its template


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


def due_feeds(now: datetime) -> list[Feed]:
    return list(
        Feed.objects.filter(active=True, source__active=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .select_related("source__licence")
        .order_by("pk")
    )


def ingest(
    feeds: Iterable[Feed] | None = None,
    now: datetime | None = None,
    progress: bool = False,
    timeout: float | None = None,
    enrich: bool = True,
    config: Config | None = None,
) -> IngestReport:
    """Poll the given feeds (default: every due feed) and store what is new.

    With `enrich` (the default) the stored full-story entries are then cleaned, tagged
    and routed, and new articles linked into stories; without it they wait for
    `enrich_pending` (a worker's task, or the next run). `config` defaults to the
    settings read at start-up (`settings.WIREDESK`).
    """
    config = config or settings.WIREDESK
    now = now or timezone.now()
    feeds = list(feeds) if feeds is not None else due_feeds(now)
    report = IngestReport()
    bar = _progress(len(feeds), progress)
    batches = [feeds[start : start + FEED_BATCH] for start in range(0, len(feeds), FEED_BATCH)]
    with (
        make_client(config, timeout) as client,
        ThreadPoolExecutor(config.fetch_concurrency) as pool,
    ):
        poller = Poller(config, client, pool, poll_processes(config, len(feeds)))
        polls = poller.poll_batches(poll_jobs(batches))
        for batch, polled in zip(batches, polls, strict=True):
            quiet = []
            for feed, one in zip(batch, polled, strict=True):
                if poll_feed(client, pool, feed, now, report, one, save_quiet=False):
                    quiet.append(feed)
                bar.update()
            save_health(quiet)  # one write for the quiet feeds
    bar.close()
    if enrich:
        report.articles_enriched = enrich_pending()
        report.articles_linked = link_new_articles()
    return report


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


def poll_jobs(batches: list[list[Feed]]) -> list[list[PollJob]]:
    """What to fetch for each feed: conditionally, unless items failed there last time."""
    feed_ids = [feed.pk for batch in batches for feed in batch]
    retrying = set(ItemError.objects.filter(feed_id__in=feed_ids).values_list("feed_id", flat=True))

    def job(feed: Feed) -> PollJob:
        if feed.pk in retrying:  # a 304 would hide the items that failed: read it all
            return PollJob(feed.url)
        return PollJob(feed.url, feed.etag, feed.last_modified)

    return [[job(feed) for feed in batch] for batch in batches]


def poll_feed(
    client: PartnerClient,
    pool: ThreadPoolExecutor,
    feed: Feed,
    now: datetime,
    report: IngestReport,
    polled: Polled | None = None,
    save_quiet: bool = True,
) -> bool:
    """The embedded way: read the feed, then take its new entries on the thread pool.

    Returns True for a quiet feed (unchanged or nothing new) whose health the caller
    saves, when `save_quiet` is False, together with others in one write.
    """
    entries = read_feed(client, feed, now, report, polled)
    if entries is None:
        return False
    if entries:
        take_entries(client, pool, feed, entries, now, report)
    record_success(feed, now, len(entries), save=bool(entries) or save_quiet)
    return not entries and not save_quiet


def read_feed(
    client: PartnerClient,
    feed: Feed,
    now: datetime,
    report: IngestReport,
    polled: Polled | None = None,
) -> list[EntryData] | None:
    """Poll a feed (unless given its poll): its new entries, [] when unchanged, None when
    it failed.

    A failure is recorded on the feed (which backs it off) here; the caller records
    success once the entries are taken, so a crash in between polls the feed again.
    """
    report.feeds_polled += 1
    try:
        polled = polled or poll_one(client, PollJob(feed.url, feed.etag, feed.last_modified))
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


def take_entries(
    client: PartnerClient,
    pool: ThreadPoolExecutor,
    feed: Feed,
    entries: list[EntryData],
    now: datetime,
    report: IngestReport,
) -> None:
    full, entries = split_full_stories(entries)
    if full:  # the feed carries the whole story: stored now, enriched after (ingest.enrich)
        report.articles_new += store_entries(feed, full, now)
    if not entries:
        return
    rules = edition_rules()
    pages = list(pool.map(lambda e: fetch_page(client, e), entries))
    fetched = [p.content for p in pages if isinstance(p, FetchResult)]
    template = site_template(feed.source, fetched)
    outcomes = pool.map(lambda page: extract_fetched(page, template), pages)
    for entry, outcome in zip(entries, outcomes, strict=True):
        store_outcome(feed, entry, outcome, now, report, rules)


def site_template(source: Source, pages: list[bytes]) -> SiteTemplate | None:
    """The partner's page template: stored, else learned from this batch when it is big enough.

    Blocks that repeat across a site's pages are chrome (see extract.templates); learning
    needs several pages of the same site, which a feed's first batch usually gives.
    """
    if source.page_template:
        return SiteTemplate.from_json(source.page_template)
    if len(pages) < TEMPLATE_MIN_PAGES:
        return None
    template = learn_template(pages, site=source.slug)
    source.page_template = template.to_json()
    source.save(update_fields=["page_template"])
    return template


def store_outcome(
    feed: Feed,
    entry: EntryData,
    outcome: ExtractedArticle | WiredeskError,
    now: datetime,
    report: IngestReport,
    rules: list[EditionRule] | None = None,
) -> None:
    """Store an extracted entry, or record why it could not be taken."""
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


def fetch_page(client: PartnerClient, entry: EntryData) -> FetchResult | WiredeskError:
    """Runs on the pool: the entry's page, or the error that stopped it."""
    try:
        return fetch(client, entry.link)
    except WiredeskError as exc:
        return exc


def extract_fetched(
    page: FetchResult | WiredeskError, template: SiteTemplate | None = None
) -> ExtractedArticle | WiredeskError:
    """Runs on the pool: the page's story, or the error that stopped it."""
    if isinstance(page, WiredeskError):
        return page
    try:
        return extract_page(page.content, page.url, template=template)
    except WiredeskError as exc:
        return exc
    except Exception as exc:  # a hostile page must not take the run down
        log.exception("extraction crashed", extra={"item_url": page.url})
        return WiredeskError(f"{page.url}: extraction crashed: {type(exc).__name__}: {exc}")


def fetch_and_extract(
    client: PartnerClient, entry: EntryData, template: SiteTemplate | None = None
) -> ExtractedArticle | WiredeskError:
    return extract_fetched(fetch_page(client, entry), template)


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


def claim_feed(feed: Feed, until: datetime) -> bool:
    """Take a due feed for one poll; of several claimers exactly one succeeds.

    The conditional UPDATE matches only while next_poll_at still has the value we read,
    so a second scheduler that read the same feed updates nothing.
    """
    claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
        next_poll_at=until
    )
    return bool(claimed)
