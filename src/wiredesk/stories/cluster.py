"""Online story clustering: each article joins the most similar open story or opens one.

`StoryClusterer` reads a time-ordered stream; `cluster` labels a whole list. How it decides,
the thresholds and why, the known false joins and the cost: `CLUSTERING.md` beside this
file. The steps of a decision live beside this module: `vectorise.py` (an article's
vectors), `storyindex.py` (candidate stories, active and dormant), `joining.py` (the bars
and the choice), `merging.py` (two stories of one event); `records.py` holds the data
classes, `lead.py` the choice of a story's lead article.
"""

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from wiredesk.stories.evidence import Shapes
from wiredesk.stories.joining import Joining
from wiredesk.stories.lead import choose_lead
from wiredesk.stories.merging import Merging
from wiredesk.stories.records import (
    ClusterDecision,
    ClusterItem,
    Match,
    OpenStory,
    Vectors,
    add_into,
    seniority,
)
from wiredesk.stories.storyindex import StoryIndex
from wiredesk.stories.vectorise import Vectorising

__all__ = [
    "ClusterDecision",
    "ClusterItem",
    "OpenStory",
    "StoryClusterer",
    "choose_lead",
    "cluster",
    "final_story",
]


class StoryClusterer(Joining, Merging, StoryIndex, Vectorising):
    """Incremental clustering of a time-ordered stream of articles into stories.

    State is bounded by time, not by the archive: *active* stories (inside the window) are
    indexed by every feature; *dormant* ones (past the window, inside `follow_up_days`) only
    by their `DORMANT_FEATURES` strongest features, each posting list keeping the
    `DORMANT_POSTINGS` most recent stories; closed stories are forgotten.

    This class holds the settings and the state and carries decisions out; its bases hold
    the steps of a decision, each in its own module: `Vectorising` (`vectorise.py`),
    `StoryIndex` (`storyindex.py`: the candidates), `Joining` (`joining.py`: the bars and
    the choice) and `Merging` (`merging.py`).
    """

    def __init__(
        self,
        window_hours: float = 24.0,
        threshold: float = 0.12,
        cross_threshold: float = 0.3,
        follow_up_days: float = 365.0,
        follow_up_threshold: float = 0.5,
        follow_up_ramp: float = 0.3,
        title_weight: float = 4.0,
        lead_chars: int = 1500,
        specific_share: float = 0.01,
        specific_min_df: int = 3,
        specific_threshold: float = 0.05,
        short_chars: int = 500,
        short_shared: int = 1,
        lone_shared: int = 2,
        short_specific_threshold: float = 0.1,
        specific_stories: int = 6,
        age_ramp: float = 0.1,
        places_must_agree: bool = True,
        size_preference: float = 0.02,
        merge_threshold: float = 0.3,
        merge_long_threshold: float = 0.5,
        merge_specific: float = 0.1,
        merge_members: int = 1,
        merge_active: bool = True,
        merge_bridge: float = 0.2,
        own_source_members: int = 1,
        own_update_names: int = 2,
        own_word_share: float = 0.5,
        own_word_min: int = 3,
        short_any_shared: int = 2,
        min_coherence: float = 0.12,
        coherence_members: int = 3,
        run_members: int = 8,
        run_name_share: float = 0.25,
    ) -> None:
        self.window = timedelta(hours=window_hours)
        self.follow_up = max(timedelta(days=follow_up_days), self.window)
        self.follow_up_threshold = follow_up_threshold
        self.follow_up_ramp = follow_up_ramp
        self.threshold = threshold
        self.cross_threshold = cross_threshold
        self.title_weight = title_weight
        self.lead_chars = lead_chars
        self.specific_share = specific_share
        self.specific_min_df = specific_min_df
        self.specific_threshold = specific_threshold
        self.short_chars = short_chars
        self.short_shared = short_shared
        self.lone_shared = lone_shared
        self.short_specific_threshold = short_specific_threshold
        self.specific_stories = specific_stories
        self.age_ramp = age_ramp
        self.places_must_agree = places_must_agree
        self.size_preference = size_preference
        self.merge_threshold = merge_threshold
        self.merge_long_threshold = merge_long_threshold
        self.merge_specific = merge_specific
        self.merge_members = merge_members
        self.merge_active = merge_active
        self.merge_bridge = merge_bridge
        self.own_source_members = own_source_members
        self.own_update_names = own_update_names
        self.own_word_share = own_word_share
        self.own_word_min = own_word_min
        self.short_any_shared = short_any_shared
        self.min_coherence = min_coherence
        self.coherence_members = coherence_members
        self.run_members = run_members
        self.run_name_share = run_name_share
        self._story_df: Counter[str] = Counter()
        self._shapes = Shapes()
        self.stories: dict[str, OpenStory] = {}
        self._active: dict[str, OpenStory] = {}
        self._dormant: dict[str, OpenStory] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        self._dormant_index: dict[str, deque[str]] = defaultdict(
            lambda: deque(maxlen=self.DORMANT_POSTINGS)
        )
        self._active_heap: list[tuple[datetime, str]] = []
        self._dormant_heap: list[tuple[datetime, str]] = []
        self._df: Counter[str] = Counter()
        self._docs = 0
        self._clock: datetime | None = None
        self._closed: list[str] = []
        self._merged: list[tuple[str, str]] = []

    # -- public -------------------------------------------------------------------------
    def add(self, item: ClusterItem) -> str:
        """Decide and apply in one step; returns the story id the article now belongs to."""
        return self.apply(item, self.decide(item)).id

    def decide(self, item: ClusterItem) -> ClusterDecision:
        """Which story the article joins. Changes no story; it does count the article's
        features for idf and lets time advance (stories past their window go dormant)."""
        vectors = self._vectorise(item)
        self._advance(item.published)
        runners: list[tuple[OpenStory, Match]] = []
        best = self._best_story(vectors, runners)
        if best is None:
            return ClusterDecision(item.id, new=True, similarity=0.0, vectors=vectors)
        story, sim, cross = best
        merges = self._merges(vectors, story, runners) if len(runners) > 1 else []
        if merges:
            # the biggest story (then the oldest) keeps its id; the others merge into it
            group = sorted([story, *merges], key=seniority)
            story, merges = group[0], group[1:]
        return ClusterDecision(
            story.id,
            False,
            sim,
            cross_language=cross,
            merges=tuple(s.id for s in merges),
            vectors=vectors,
        )

    def apply(self, item: ClusterItem, decision: ClusterDecision) -> OpenStory:
        """Carry a decision out: the article joins (or opens) the story."""
        vectors = decision.vectors or self._vectorise(item)
        story = self.stories.get(decision.story_id)
        if story is None:
            story = OpenStory(decision.story_id, None, None)
            self.stories[story.id] = story
        self._join(story, item, vectors)
        for other_id in decision.merges:
            other = self.stories.get(other_id)
            if other is not None and other is not story:
                self._absorb(story, other)
        return story

    def seed(self, item: ClusterItem, story_id: str) -> OpenStory:
        """Replay a known assignment (ingest restoring the open stories after a restart)."""
        self._advance(item.published)
        return self.apply(
            item,
            ClusterDecision(story_id=story_id, new=story_id not in self.stories, similarity=1.0),
        )

    def drain_merged(self) -> list[tuple[str, str]]:
        """(merged, into) story ids since the last call: every article of `merged` now
        belongs to `into`, and `merged` is gone."""
        merged, self._merged = self._merged, []
        return merged

    def drain_closed(self) -> list[str]:
        """Ids of the stories closed for good since the last call (for OpenStory.closed)."""
        closed, self._closed = self._closed, []
        return closed

    def open_stories(self) -> list[OpenStory]:
        """Stories that can still take articles: active ones, then dormant ones."""
        return [*self._active.values(), *self._dormant.values()]

    # -- carrying a decision out ------------------------------------------------------
    def _join(self, story: OpenStory, item: ClusterItem, vectors: Vectors) -> None:
        """The article is a member of the story: its counts, centroids and index entries."""
        story.members.append(item.id)
        story.short += vectors.short
        if item.source:
            story.sources.add(item.source)
        story.langs.add(vectors.lang)
        if vectors.headline is not None:
            story.slots.update(vectors.headline.slots)
            if vectors.headline.ids:  # most headlines name none
                story.ids.update(vectors.headline.ids)
            story.words.update(vectors.headline.words)
        if not vectors.bare:
            story.names.update(vectors.names)
            story.named += 1
        self._stretch(story, item.published or self._clock)
        self._story_df.update(k for k in vectors.full if k not in story.centroid)
        story.norm2 = add_into(story.centroid, story.norm2, vectors.full)
        story.cross_norm2 = add_into(story.cross, story.cross_norm2, vectors.cross)
        revived = self._dormant.pop(story.id, None) is not None
        self._active[story.id] = story
        for feature in story.centroid if revived else vectors.full:
            self._index[feature].add(story.id)


def cluster(items: Iterable[ClusterItem], **options: Any) -> list[str]:
    """OpenStory id of each item, in input order (items must come in time order)."""
    clusterer = StoryClusterer(**options)
    labels = [clusterer.add(item) for item in items]
    into = dict(clusterer.drain_merged())
    return [final_story(label, into) for label in labels]


def final_story(story_id: str, into: dict[str, str]) -> str:
    """The story a story id ended in, after merges (`drain_merged` pairs as a dict)."""
    while story_id in into:
        story_id = into[story_id]
    return story_id
