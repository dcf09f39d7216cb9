"""Re-link the stored archive into stories with the current clusterer, resumably.

Used after the story rules change (issue 18): every linked article is placed again, oldest
first, by a fresh `StoryClusterer`, into new Story rows; the old stories, once empty, are
deleted at the end. Duplicates follow their original's new story.

Resumable: a `RelinkCursor` row keeps the position (time, pk) of the last article placed
and the first story id this run created; each batch of articles and the cursor are written
in one transaction, so a killed run loses at most the batch in flight. A resumed run first
replays into its clusterer the articles it already placed in the last `REPLAY` (what an open
story needs to keep taking its follow-ups); stories dormant for longer than that before the
crash are not reopened by a later article, which can split a long-running story in two.

Run it while ingest's linking is paused (the linker holds its own clusterer in memory): it
takes the link lock for each batch, so the two never write at once, but articles linked by
ingest during the run are placed by the old clusterer's state.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from wiredesk.articles.models import Article
from wiredesk.stories.cluster import StoryClusterer
from wiredesk.stories.linking import carry_out, cluster_item, refresh_story
from wiredesk.stories.models import LinkLock, RelinkCursor, Story

log = logging.getLogger(__name__)
REPLAY = timedelta(days=30)
BUSY_WAIT = 1.0  # seconds between tries while another process holds the link lock
FIELDS = (
    "pk", "headline", "body_text", "language", "published_at", "republished_at",
    "source_id", "story_id", "duplicate_of_id",
)  # fmt: skip


def _in_order():
    """Linked articles in the order they were placed: time, then pk."""
    return (
        Article.objects.filter(linked_at__isnull=False)
        .annotate(when=Coalesce(F("published_at"), F("republished_at")))
        .order_by("when", "pk")
        .only(*FIELDS)
    )


def _after(cursor: RelinkCursor):
    rows = _in_order()
    if cursor.position_when is None:
        return rows
    return rows.filter(
        Q(when__gt=cursor.position_when) | Q(when=cursor.position_when, pk__gt=cursor.position_pk)
    )


def start_or_resume(restart: bool = False) -> tuple[RelinkCursor, StoryClusterer]:
    """The run's cursor (a new one unless one is unfinished) and its clusterer, replayed."""
    cursor = RelinkCursor.objects.filter(name="relink").first()
    if cursor is None or cursor.finished_at is not None or restart:
        first_story = (Story.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        cursor, _ = RelinkCursor.objects.update_or_create(
            name="relink",
            defaults={
                "position_when": None,
                "position_pk": 0,
                "processed": 0,
                "first_story": first_story,
                "started_at": timezone.now(),
                "finished_at": None,
            },
        )
    clusterer = StoryClusterer()
    if cursor.position_when is not None:
        done = _in_order().filter(
            Q(when__lt=cursor.position_when)
            | Q(when=cursor.position_when, pk__lte=cursor.position_pk),
            when__gte=cursor.position_when - REPLAY,
            story_id__gte=cursor.first_story,
            duplicate_of__isnull=True,
        )
        for article in done.iterator():
            clusterer.seed(cluster_item(article), str(article.story_id))
    return cursor, clusterer


def relink_batch(cursor: RelinkCursor, clusterer: StoryClusterer, size: int) -> int | None:
    """Place the next `size` articles; returns how many (0: the archive is done), or None
    when another process holds the link lock (PostgreSQL): try again later."""
    with transaction.atomic():
        if not LinkLock.take():
            return None
        batch = list(_after(cursor)[:size])
        touched: set[int] = set()
        for article in batch:
            article.story_id = _place(article, clusterer, cursor.first_story)
            article.save(update_fields=["story"])
            touched.add(article.story_id)
            cursor.position_when, cursor.position_pk = article.when, article.pk
        alive = set(Story.objects.filter(pk__in=touched).values_list("pk", flat=True))
        for story_id in touched & alive:  # a story merged away is gone
            refresh_story(story_id)
        cursor.processed += len(batch)
        cursor.save()
    return len(batch)


def _place(article: Article, clusterer: StoryClusterer, first_story: int) -> int:
    if article.duplicate_of_id:
        original = Article.objects.filter(pk=article.duplicate_of_id).values("story_id").first()
        if original and original["story_id"] and original["story_id"] >= first_story:
            return original["story_id"]
    item = cluster_item(article)
    return carry_out(clusterer, item, clusterer.decide(item), article)


def finish(cursor: RelinkCursor) -> int:
    """Delete the old stories left without articles; mark the run done. Returns deleted."""
    with transaction.atomic():
        old = Story.objects.filter(pk__lt=cursor.first_story).exclude(
            pk__in=Article.objects.filter(story__isnull=False).values("story_id")
        )
        deleted, _ = old.delete()
        cursor.finished_at = timezone.now()
        cursor.save()
    return deleted


def relink(
    size: int = 200,
    restart: bool = False,
    limit: int | None = None,
    progress: Callable[[RelinkCursor], None] | None = None,
) -> RelinkCursor:
    """Re-link the archive batch by batch; `limit` stops after that many batches (the run
    can then be resumed); `progress` is called after each batch."""
    cursor, clusterer = start_or_resume(restart)
    batches = 0
    while limit is None or batches < limit:
        placed = relink_batch(cursor, clusterer, size)
        if placed is None:
            time.sleep(BUSY_WAIT)  # ingest is linking; its batches are short
            continue
        if not placed:
            finish(cursor)
            break
        batches += 1
        if progress:
            progress(cursor)
    return cursor
