"""The story clusterer's index of open stories: which stories an article is compared with.

Active stories (inside the window) are found under every feature of their centroid;
dormant ones (past the window, inside the follow-up period) under their
`DORMANT_FEATURES` strongest features, each posting list keeping the `DORMANT_POSTINGS`
most recent stories; an article asks the dormant index with its `QUERY_FEATURES`
strongest. Stories quiet for the follow-up period are forgotten, so each decision
touches a bounded number of stories whatever the size of the archive (`CLUSTERING.md`).
"""

import heapq
from collections import defaultdict, deque
from collections.abc import Iterator
from datetime import datetime, timedelta

from wiredesk.stories.records import Match, OpenStory, Vectors, dot


class StoryIndex:
    """Part of `StoryClusterer` (`cluster.py`), which holds the state it reads and writes:
    the clock, the active and dormant stories, their posting lists and time heaps."""

    DORMANT_FEATURES = 30
    DORMANT_POSTINGS = 200
    QUERY_FEATURES = 12

    window: timedelta
    follow_up: timedelta
    stories: dict[str, OpenStory]
    _active: dict[str, OpenStory]
    _dormant: dict[str, OpenStory]
    _index: dict[str, set[str]]
    _dormant_index: dict[str, deque[str]]
    _active_heap: list[tuple[datetime, str]]
    _dormant_heap: list[tuple[datetime, str]]
    _clock: datetime | None
    _closed: list[str]

    def _advance(self, when: datetime | None) -> None:
        """Move the clock; active stories past the window go dormant, dormant ones past
        the follow-up period are forgotten."""
        if when is not None and (self._clock is None or when > self._clock):
            self._clock = when
        if self._clock is None:
            return
        for story in _pop_older(self._active_heap, self._clock - self.window, self._active):
            self._make_dormant(story)
        for story in _pop_older(self._dormant_heap, self._clock - self.follow_up, self._dormant):
            del self._dormant[story.id]
            del self.stories[story.id]
            self._closed.append(story.id)

    def _make_dormant(self, story: OpenStory) -> None:
        del self._active[story.id]
        self._unindex(story)
        strongest = sorted(story.centroid, key=story.centroid.__getitem__, reverse=True)
        for feature in strongest[: self.DORMANT_FEATURES]:
            self._dormant_index[feature].append(story.id)
        self._dormant[story.id] = story
        assert story.last_published is not None
        heapq.heappush(self._dormant_heap, (story.last_published, story.id))

    def _candidates(self, vectors: Vectors) -> Iterator[tuple[OpenStory, Match]]:
        """Each candidate story with the dot products of the article with it."""
        matches: defaultdict[str, Match] = defaultdict(Match)
        active = self._active
        for feature, weight in vectors.full.items():
            postings = self._index.get(feature)
            if not postings:
                continue
            specific = feature in vectors.specific
            stem, need = vectors.owned.get(feature, ("", 0.0))
            if not (specific or stem):  # most features: only the dot product to add
                for story_id in postings:
                    matches[story_id].dot += weight * active[story_id].centroid[feature]
                continue
            word = not feature.startswith("e:")  # an e: feature repeats a word: not counted
            for story_id in postings:
                match = matches[story_id]
                story = active[story_id]
                part = weight * story.centroid[feature]
                match.dot += part
                if specific or story.words.get(stem, 0) >= need:
                    match.specific_dot += part
                    match.specific_shared += word
        for feature, weight in vectors.cross.items():
            for story_id in self._index.get(feature, ()):
                matches[story_id].cross_dot += weight * self._active[story_id].cross[feature]
        for story_id, match in matches.items():
            yield self._active[story_id], match
        for story in self._dormant_candidates(vectors):
            yield story, _match(vectors, story)

    def _dormant_candidates(self, vectors: Vectors) -> list[OpenStory]:
        """Dormant stories indexed under the article's heaviest features, and those in
        other languages under its first names beyond them: a foreign follow-up shares its
        story's names, not its words (same-language stories found by a name alone would
        cost a fifth more time on full texts for nothing)."""
        ranked = sorted(vectors.full, key=vectors.full.__getitem__, reverse=True)
        top = ranked[: self.QUERY_FEATURES]
        names = [f for f in vectors.cross if f.startswith("e:") and f not in top][:6]
        found = {story.id: story for f in top for story in self._dormant_under(f)}
        for feature in names:
            found.update(
                (story.id, story)
                for story in self._dormant_under(feature)
                if vectors.lang not in story.langs
            )
        return list(found.values())

    def _dormant_under(self, feature: str) -> Iterator[OpenStory]:
        for story_id in self._dormant_index.get(feature, ()):
            story = self._dormant.get(story_id)
            if story is not None:
                yield story

    def _stretch(self, story: OpenStory, when: datetime | None) -> None:
        """The story's span takes in `when`; a later last report keeps it active longer."""
        if when is None:
            return
        if story.first_published is None or when < story.first_published:
            story.first_published = when
        if story.last_published is None or when > story.last_published:
            story.last_published = when
            heapq.heappush(self._active_heap, (when, story.id))

    def _unindex(self, story: OpenStory) -> None:
        """The story's features no longer lead to it in the active index."""
        for feature in story.centroid:
            postings = self._index.get(feature)
            if postings is not None:
                postings.discard(story.id)
                if not postings:
                    del self._index[feature]


def _match(vectors: Vectors, story: OpenStory) -> Match:
    """The dot products with a dormant story; the full ones only when it could pass (an
    article of the story's language with no specific evidence never joins it)."""
    match = Match()
    for feature in vectors.specific:
        if feature in story.centroid and feature in vectors.full:
            match.specific_dot += vectors.full[feature] * story.centroid[feature]
            match.specific_shared += not feature.startswith("e:")
    for feature, (stem, need) in vectors.owned.items():
        if feature in story.centroid and story.words.get(stem, 0) >= need:
            match.specific_dot += vectors.full[feature] * story.centroid[feature]
            match.specific_shared += 1
    if match.specific_dot or vectors.lang not in story.langs:
        match.dot = dot(vectors.full, story.centroid)
        match.cross_dot = dot(vectors.cross, story.cross)
    return match


def _pop_older(
    heap: list[tuple[datetime, str]], limit: datetime, live: dict[str, OpenStory]
) -> Iterator[OpenStory]:
    """Pop heap entries older than limit whose story is in `live` and has not moved on."""
    while heap and heap[0][0] < limit:
        when, story_id = heapq.heappop(heap)
        story = live.get(story_id)
        if story is not None and story.last_published == when:
            yield story
