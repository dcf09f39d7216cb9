"""Link stored articles to their originals and their stories, one at a time, in time order.

Runs after articles are stored (at the end of `wiredesk ingest`, or as the periodic
`link_articles` task on a cluster). It is a serial step on purpose: the duplicate index
and the story clusterer are state, and decisions must see every earlier article. A
database lock (`LinkLock`) keeps a second process out; each process keeps its own
index and clusterer in memory and first catches up with what others linked since.

For each new article:
1. duplicate check (fingerprint, then MinHash LSH over recent articles): a duplicate is
   linked to its original and not shown; an update from the same source replaces the
   older version on the site (the older one is linked to it and kept as history);
2. otherwise the clusterer names its story (a new Story row when it starts one), the
   story's lead is chosen again, and stories the clusterer forgot are closed.
"""

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wiredesk.articles import publish
from wiredesk.articles.models import Article
from wiredesk.stories.cluster import ClusterDecision, ClusterItem, StoryClusterer, choose_lead
from wiredesk.stories.dedupe import (
    DuplicateAction,
    DuplicateIndex,
    IncomingArticle,
    KnownArticle,
    check_duplicate,
    long_enough,
)
from wiredesk.stories.models import LinkLock, MergedStory, Story

log = logging.getLogger(__name__)
DUPLICATE_HORIZON = timedelta(days=30)  # duplicates and updates come within days
CLUSTER_REPLAY = timedelta(days=3)  # what a fresh process replays into its clusterer


class StoryDesk:
    """One process's duplicate index and story clusterer, kept in step with the database."""

    def __init__(self) -> None:
        self.index = DuplicateIndex()
        self.clusterer = StoryClusterer()
        self.seen_pk = 0  # every linked article up to here is in the index and clusterer

    def catch_up(self, now: datetime) -> None:
        """Replay articles that other processes linked since this one last looked."""
        linked = (
            Article.objects.filter(pk__gt=self.seen_pk, linked_at__isnull=False)
            .filter(republished_at__gte=now - DUPLICATE_HORIZON)
            .order_by("pk")
            .only(
                "pk",
                "minhash",
                "story_id",
                "headline",
                "body_text",
                "language",
                "published_at",
                "republished_at",
                "duplicate_of_id",
                "source_id",
            )
        )
        for article in linked.iterator():
            if article.minhash:
                self.index.add_signature(str(article.pk), bytes(article.minhash))
            if article.story_id and article.republished_at >= now - CLUSTER_REPLAY:
                self.clusterer.seed(cluster_item(article), str(article.story_id))
            self.seen_pk = max(self.seen_pk, article.pk)

    def link(self, article: Article) -> None:
        intent = check_duplicate(
            IncomingArticle(
                str(article.pk), article.body_text, str(article.source_id), article.published_at
            ),
            self.index,
            by_fingerprint=known_by_fingerprint,
            by_key=known_by_key,
        )
        if intent.action is DuplicateAction.DUPLICATE:
            original = Article.objects.get(pk=int(intent.of))
            article.duplicate_of = original
            article.story_id = original.story_id
        elif intent.action is DuplicateAction.UPDATE:
            older = Article.objects.get(pk=int(intent.of))
            replaced = Article.objects.filter(Q(pk=older.pk) | Q(duplicate_of=older))
            publish.changed(list(replaced.values_list("pk", flat=True)))  # a bulk write
            Article.objects.filter(pk=older.pk).update(duplicate_of=article)
            Article.objects.filter(duplicate_of=older).update(duplicate_of=article)
            article.story_id = older.story_id
        else:
            article.story_id = self.place_in_story(article)
        if long_enough(article.body_text):
            article.minhash = self.index.add(str(article.pk), article.body_text)
        article.linked_at = timezone.now()
        article.save(update_fields=["duplicate_of", "story", "minhash", "linked_at"])
        self.seen_pk = max(self.seen_pk, article.pk)
        if article.story_id:
            refresh_story(article.story_id)

    def place_in_story(self, article: Article) -> int:
        item = cluster_item(article)
        decision = self.clusterer.decide(item)
        if not decision.new and not Story.objects.filter(pk=int(decision.story_id)).exists():
            # memory outlived a rolled-back transaction
            decision = replace(decision, new=True, merges=())
        return carry_out(self.clusterer, item, decision, article)


def cluster_item(article: Article) -> ClusterItem:
    return ClusterItem(
        id=str(article.pk),
        title=article.headline,
        text=article.body_text,
        lang=article.language,
        published=article.published_at or article.republished_at,
        source=str(article.source_id),
    )


def known_by_fingerprint(fingerprint: str) -> KnownArticle | None:
    row = (
        Article.objects.filter(content_hash=fingerprint, linked_at__isnull=False)
        .order_by("pk")
        .values("pk", "source_id", "published_at")
        .first()
    )
    return _known(row)


def known_by_key(key: str) -> KnownArticle | None:
    return _known(
        Article.objects.filter(pk=int(key)).values("pk", "source_id", "published_at").first()
    )


def _known(row: dict | None) -> KnownArticle | None:
    if row is None:
        return None
    return KnownArticle(str(row["pk"]), str(row["source_id"]), row["published_at"])


def carry_out(
    clusterer: StoryClusterer, item: ClusterItem, decision: ClusterDecision, article: Article
) -> int:
    """The clusterer's decision for `article`, in memory and in the database: a new story's
    row, the clusterer's merges and closed stories; returns the article's story id."""
    if decision.new:
        when = article.published_at or article.republished_at
        story = Story.objects.create(title=article.headline[:500], first_seen=when, last_seen=when)
        decision = replace(decision, story_id=str(story.pk))
    clusterer.apply(item, decision)
    merge_stories(clusterer.drain_merged())
    closed = [int(s) for s in clusterer.drain_closed() if s.isdigit()]
    Story.objects.filter(pk__in=closed).update(closed=True)
    return int(decision.story_id)


def merge_stories(pairs: list[tuple[str, str]]) -> None:
    """Carry out the clusterer's merges: every article of a merged story moves to the story
    it merged into, and the merged story's row is deleted (the clusterer has forgotten it)."""
    for gone, into in pairs:
        if not (gone.isdigit() and into.isdigit()):
            continue
        moved = list(Article.objects.filter(story_id=int(gone)).values_list("pk", flat=True))
        Article.objects.filter(pk__in=moved).update(story_id=int(into))
        publish.changed(moved)  # a bulk write: their story pages and "Also reported by"
        # the merged story's address leads on, and so do those of stories merged into it
        MergedStory.objects.filter(into_id=int(gone)).update(into_id=int(into))
        MergedStory.objects.update_or_create(merged_id=int(gone), defaults={"into_id": int(into)})
        Story.objects.filter(pk=int(gone)).delete()
        refresh_story(int(into))


def refresh_story(story_id: int) -> None:
    """The lead is the best of the story's shown articles; its span follows its articles."""
    members = list(
        Article.objects.filter(story_id=story_id, duplicate_of__isnull=True).only(
            "pk", "headline", "body_text", "language", "published_at", "republished_at", "source_id"
        )
    )
    if not members:
        return
    lead = choose_lead([cluster_item(a) for a in members])
    times = [a.published_at or a.republished_at for a in members]
    lead_article = next(a for a in members if str(a.pk) == lead.id)
    Story.objects.filter(pk=story_id).update(
        lead=lead_article,
        title=lead_article.headline[:500],
        first_seen=min(times),
        last_seen=max(times),
    )


_desk: StoryDesk | None = None


def link_new_articles(batch: int = 200) -> int:
    """Link every stored article not linked yet, oldest first; returns how many.

    Works in short transactions of `batch` articles so that writers (ingest) are never
    kept waiting long, which matters on SQLite where a transaction locks the database.
    """
    total = 0
    while linked := _link_batch(batch):
        total += linked
    publish.sweep()  # the unit's end: announced changes go out, lost ones are caught up
    return total


def _link_batch(batch: int) -> int:
    global _desk
    with transaction.atomic():
        if not LinkLock.take():
            return 0  # another process is linking; it will take these too
        _desk = _desk or StoryDesk()
        _desk.catch_up(timezone.now())
        # Stories are decided in the stream's order, so that order must not depend on the
        # order pages happened to be stored in (threads, workers): ties of time go by URL.
        pending = list(
            Article.objects.filter(linked_at__isnull=True, enriched_at__isnull=False).order_by(
                "published_at", "url", "pk"
            )[:batch]
        )
        for article in pending:
            _desk.link(article)
    return len(pending)
