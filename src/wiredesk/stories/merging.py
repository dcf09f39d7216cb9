"""Merging: two active stories that one article shows to be one event become one.

One event often grows as two stories at once before any report bridges them; when an
article joins one story and also reaches `merge_bridge` with another, the two merge if
they agree as groups (`CLUSTERING.md`, step 6, tells the bars and why).
"""

import math
from collections import Counter
from collections.abc import Callable

from wiredesk.stories.evidence import general_keys
from wiredesk.stories.records import Match, OpenStory, Vectors, add_into


class Merging:
    """Part of `StoryClusterer` (`cluster.py`): its merge settings and stories, its
    `_follow_up_bar` and `_is_run` (`joining.py`), `_specific_test` (`vectorise.py`),
    `_stretch` and `_unindex` (`storyindex.py`)."""

    merge_threshold: float
    merge_long_threshold: float
    merge_specific: float
    merge_active: bool
    merge_bridge: float
    stories: dict[str, OpenStory]
    _active: dict[str, OpenStory]
    _dormant: dict[str, OpenStory]
    _index: dict[str, set[str]]
    _story_df: Counter[str]
    _merged: list[tuple[str, str]]
    _is_run: Callable[[Counter[str], int], bool]

    def _merges(
        self, vectors: Vectors, story: OpenStory, runners: list[tuple[OpenStory, Match]]
    ) -> list[OpenStory]:
        """Stories that are one event with `story` once the article has joined it: the
        article is over the bar of both, and the two agree as groups (`_stories_agree`)."""
        own = next((match for other, match in runners if other is story), None)
        if own is None or vectors.lang not in story.langs or self.merge_threshold >= 1:
            return []
        if self.merge_active and story.id not in self._active:
            return []
        found = []
        for other, match in runners:
            if other is story or (self.merge_active and other.id not in self._active):
                continue  # two fragments of one event grow side by side
            sim = match.dot / math.sqrt(other.norm2)
            if sim < self.merge_bridge or sim < self._follow_up_bar(other):
                continue
            if self._stories_agree(story, other, vectors, own, match):
                found.append(other)
        return found

    def _stories_agree(
        self, a: OpenStory, b: OpenStory, vectors: Vectors, a_match: Match, b_match: Match
    ) -> bool:
        """Story `a` with the article added and story `b` are one event: their centroids'
        cosine reaches `merge_threshold` (`merge_long_threshold` unless most members of
        both are short texts), the specific features' part of it `merge_specific`, and
        the entities most of their headlines name do not conflict (tickers, countries;
        one source's two runs whose headlines share nothing are two events)."""
        small, large = (a, b) if len(a.centroid) <= len(b.centroid) else (b, a)
        shared = {k: v * w for k, v in small.centroid.items() if (w := large.centroid.get(k))}
        norms = math.sqrt((a.norm2 + 2 * a_match.dot + 1) * b.norm2)
        short = 2 * (a.short + vectors.short) > len(a.members) + 1 and 2 * b.short > len(b.members)
        bar = self.merge_threshold if short else self.merge_long_threshold
        if b_match.dot + sum(shared.values()) < bar * norms:  # the article's part, the groups'
            return False
        general = general_keys(vectors.lang)
        test = self._specific_test(general)
        specific = sum(part for k, part in shared.items() if test(k))
        if b_match.specific_dot + specific < self.merge_specific * norms:
            return False
        if _groups_conflict(a, b) or _one_sources_beat(a, b):
            return False
        names = a.names + b.names + Counter(vectors.names)  # a run of briefs is no event
        return not self._is_run(names, a.named + b.named + (not vectors.bare))

    def _absorb(self, story: OpenStory, other: OpenStory) -> None:
        """Every member of `other` joins `story`; `other` is forgotten."""
        story.members.extend(other.members)
        story.short += other.short
        story.sources |= other.sources
        story.langs |= other.langs
        story.slots.update(other.slots)
        story.ids.update(other.ids)
        story.words.update(other.words)
        story.names.update(other.names)
        story.named += other.named
        self._story_df.subtract(k for k in other.centroid if k in story.centroid)
        story.norm2 = add_into(story.centroid, story.norm2, other.centroid)
        story.cross_norm2 = add_into(story.cross, story.cross_norm2, other.cross)
        for when in (other.first_published, other.last_published):
            self._stretch(story, when)
        if self._active.pop(other.id, None) is not None:
            self._unindex(other)
        self._dormant.pop(other.id, None)  # its stale postings are skipped when read
        del self.stories[other.id]
        if story.id in self._active:
            for feature in other.centroid:
                self._index[feature].add(story.id)
        self._merged.append((other.id, story.id))


def _groups_conflict(a: OpenStory, b: OpenStory) -> bool:
    """The stories' entities conflict: both name identifiers (tickers), none shared; or
    the countries most of each story's headlines name, none shared."""

    def common(counts: Counter[str], members: int, prefix: str = "") -> set[str]:
        need = max(1, (members + 1) // 2)
        return {k for k, n in counts.items() if n >= need and k.startswith(prefix)}

    if a.ids and b.ids and not a.ids.keys() & b.ids.keys():
        return True  # any identifier: a few briefs of one template name a different one each
    places_a = common(a.slots, len(a.members), "c:")
    places_b = common(b.slots, len(b.members), "c:")
    return bool(places_a and places_b and not places_a & places_b)


def _one_sources_beat(a: OpenStory, b: OpenStory) -> bool:
    """Both stories are one source's posts, the same source, and no headline of one shares
    a content word or identifier with a headline of the other: two posts of its beat."""
    if len(a.sources) != 1 or a.sources != b.sources:
        return False
    return not (a.words.keys() & b.words.keys() or a.ids.keys() & b.ids.keys())
