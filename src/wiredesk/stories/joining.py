"""Joining: which open story an article joins, if any.

Each candidate from the index (`storyindex.py`) must clear its similarity bar (higher for a
quiet or old story), show specific evidence (more for a short text) and agree on the
entities its headlines name; of those that pass, the most similar wins, a little in favour
of bigger stories (`CLUSTERING.md`, steps 2-5, tells the bars and why).
"""

import math
from collections import Counter
from datetime import datetime, timedelta

from wiredesk.stories.evidence import Headline, places_conflict, slots_agree
from wiredesk.stories.records import Match, OpenStory, Vectors, seniority


class Joining:
    """Part of `StoryClusterer` (`cluster.py`): its join settings, clock and active
    stories, and `_candidates` (`storyindex.py`)."""

    window: timedelta
    threshold: float
    cross_threshold: float
    follow_up_threshold: float
    follow_up_ramp: float
    short_specific_threshold: float
    specific_threshold: float
    short_shared: int
    lone_shared: int
    short_any_shared: int
    age_ramp: float
    places_must_agree: bool
    size_preference: float
    merge_members: int
    own_source_members: int
    own_update_names: int
    min_coherence: float
    coherence_members: int
    run_members: int
    run_name_share: float
    _active: dict[str, OpenStory]
    _clock: datetime | None

    def _best_story(
        self, vectors: Vectors, runners: list[tuple[OpenStory, Match]] | None = None
    ) -> tuple[OpenStory, float, bool] | None:
        """The story the article joins; stories of its language big enough to merge and
        over the bar go to `runners` (the best among them too)."""
        best: tuple[OpenStory, float, bool] | None = None
        best_rank = 0.0
        lang, threshold, sqrt = vectors.lang, self.threshold, math.sqrt
        for story, match in self._candidates(vectors):
            if lang in story.langs:
                sim = match.dot / sqrt(story.norm2)
                if sim < threshold:
                    continue  # cheap tests first: most candidates fail here
                if not self._coherent(vectors, story, match.dot):
                    continue
                cross = False
            elif story.cross_norm2 > 0:
                sim = match.cross_dot / sqrt(story.cross_norm2)
                if sim < self.cross_threshold or not _shares_name(vectors, story):
                    continue
                cross = True
            else:
                continue
            if runners is not None and not cross and len(story.members) >= self.merge_members:
                runners.append((story, match))
            rank = self._rank(sim, story)
            if best is not None and not _outranks(rank, story, best_rank, best[0]):
                continue
            update = story.id not in self._active and self._own_update(vectors, story)
            if sim < self._follow_up_bar(story, update):
                continue
            if cross or self._enough_evidence(vectors, story, match):
                best, best_rank = (story, sim, cross), rank
        return best

    def _coherent(self, vectors: Vectors, story: OpenStory, dot: float) -> bool:
        """The story, with the article, keeps a mean similarity between its members of at
        least `min_coherence`. The centroid is the sum of the members' unit vectors, so
        its squared norm is n plus twice the sum of their pairwise cosines: the mean is
        known without the members' vectors. Not asked of a headline without text: a few
        words each, the headlines of one event share fewer of them than texts do (on UCI's
        headline-only tune part its stories' means start at 0.157, near the bar), while the
        runaway this stops grows on the vocabulary that texts of one beat share."""
        n = len(story.members)
        if vectors.bare or n < self.coherence_members or len(story.langs) > 1:
            return True
        norm2 = story.norm2 + 2 * dot + 1
        return (norm2 - n - 1) / ((n + 1) * n) >= self.min_coherence

    def _rank(self, sim: float, story: OpenStory) -> float:
        """How much a story that clears its bar is preferred: its similarity plus
        `size_preference` per doubling of its members. A one-headline fragment's centroid is
        one wording, so its cosine runs higher than an established story's broad centroid;
        ranked by cosine alone, the fragment wins every near tie and the event splits in
        two stories that both keep growing. Only the choice among stories that passed every
        test changes: the bonus never lets a story take an article it would refuse."""
        return sim + self.size_preference * math.log2(max(1, len(story.members)))

    def _enough_evidence(self, vectors: Vectors, story: OpenStory, match: Match) -> bool:
        """Specific evidence, more of it for a short text; a template's entities agree."""
        need = self.short_specific_threshold if vectors.short else self.specific_threshold
        if match.specific_dot / math.sqrt(story.norm2) < need:
            return False  # the cheapest test first: every test must pass, in any order
        headline = vectors.headline
        strict = headline is not None and (vectors.templated or bool(headline.ids and story.ids))
        if strict and not slots_agree(headline, story.slots, story.ids, len(story.members)):
            return False
        members = len(story.members)
        if self.places_must_agree and places_conflict(headline, story.slots, members):
            return False
        if self._own_run(vectors, story) and not _names_story(headline, story):
            return False
        if self._run_of_briefs(vectors, story):
            return False
        if not vectors.short:
            return True
        lone = len(story.members) == 1
        if _shared_words(vectors, story) < self.short_any_shared:
            return False  # one word in common with a big story is its topic, not its event
        return match.specific_shared >= (self.lone_shared if lone else self.short_shared)

    def _run_of_briefs(self, vectors: Vectors, story: OpenStory) -> bool:
        """The story is a run of briefs, not an event: of its `run_members` or more
        members with a text, no name (`headline_names`) is in `run_name_share` of the
        headlines. An event's reports name it again ("VOLCKER", "OPEC", "Costa Rica"), while
        a day's bond issues name a new borrower each ("SAAB-SCANIA ISSUES 150 MLN DLR
        EUROBOND", "TESCO ISSUES 100 MLN STG CONVERTIBLE BOND"), and on a cold stream,
        where their template words are still rare, their templated texts meet. Such a
        story takes no more articles. A headline without text is not asked: its words'
        kind cannot be read."""
        return not vectors.bare and self._is_run(story.names, story.named)

    def _is_run(self, names: Counter[str], named: int) -> bool:
        """`named` headlines (at least `run_members`) of which no name fills
        `run_name_share`."""
        if named < self.run_members:
            return False
        return max(names.values(), default=0) < self.run_name_share * named

    def _own_run(self, vectors: Vectors, story: OpenStory) -> bool:
        """The article's source is the story's only source, and the story is small (at
        most `own_source_members`): one author's run of posts on a country or a topic
        shares its vocabulary (the beat), so body words say little about one event."""
        return _own_source_only(vectors, story) and len(story.members) <= self.own_source_members

    def _own_update(self, vectors: Vectors, story: OpenStory) -> bool:
        """The article updates its own source's story: the story's only source is the
        article's, and the headline names `own_update_names` specific words (names, rare
        words; no places) of the story's headlines. A source that names its story again
        says it follows it up, however long it was quiet; one shared word is chance (a
        routine report's "FED" on every day's brief grew a 37-report story on the Reuters
        stream run as one source)."""
        if not _own_source_only(vectors, story):
            return False
        headline = vectors.headline
        if headline is None:
            return False
        named = sum(k in story.slots for k in headline.slots if not k.startswith(("c:", "p:")))
        return named >= self.own_update_names

    def _follow_up_bar(self, story: OpenStory, update: bool = False) -> float:
        """0 for a young active story. Past the window, the bar rises by `follow_up_ramp`
        per doubling of the story's quiet time, and by `age_ramp` per doubling of its age
        (time since its first article), capped at `follow_up_threshold`: a story that
        is fed a loosely similar brief every day would otherwise chain for weeks (a daily
        market report, a long trade dispute), while a developing story's close updates
        still clear the bar. For the `update` of a story by its own source
        (`_own_update`) quiet time does not count, only age."""
        if self._clock is None or story.last_published is None:
            return 0.0
        if update or story.id in self._active:  # quiet time does not count, only age
            first = story.first_published
            if first is None or self._clock - first <= self.window:
                return 0.0  # a young story: no ramp (most candidates; spares the logs)
        doublings = 0.0
        if story.id not in self._active and not update:
            quiet = max(self._clock - story.last_published, self.window)
            doublings = math.log2(quiet / self.window)
        ramp = self.follow_up_ramp * doublings
        if story.first_published is not None and self.age_ramp:
            age = max(self._clock - story.first_published, self.window)
            ramp = max(ramp, self.age_ramp * math.log2(age / self.window))
        if not ramp:
            return 0.0
        return min(self.follow_up_threshold, self.threshold + ramp)


def _own_source_only(vectors: Vectors, story: OpenStory) -> bool:
    """The article names its source, and it is the story's only source."""
    return bool(vectors.source) and story.sources == {vectors.source}


def _names_story(headline: Headline | None, story: OpenStory) -> bool:
    """The headline shares a content word (not a place, a stop word or a frequent word) or
    an identifier with a headline of the story: a source's update of its own report names
    the event again ("... BAR FIREBOMBED", "... FIREBOMBERS RELEASED"), while its next post
    on the same beat names another ("Russia: Surprise Resignations Threaten New Governor
    Elections", "Russia: Violence Plunges Opposition into Debate About Tactics")."""
    if headline is None:
        return False
    return any(w in story.words for w in headline.words) or any(
        k in story.ids for k in headline.ids
    )


def _shares_name(vectors: Vectors, story: OpenStory) -> bool:
    """Across languages, a name (`e:`) in common: numbers and countries alone are any
    story's ("$1m" and "(1)", a country and a year), not one event's."""
    return any(f.startswith("e:") and f in story.cross for f in vectors.cross)


def _outranks(rank: float, story: OpenStory, best_rank: float, best: OpenStory) -> bool:
    """A higher rank wins; a tie goes to the senior story, whatever order the index gives."""
    return rank > best_rank or (rank == best_rank and seniority(story) < seniority(best))


def _shared_words(vectors: Vectors, story: OpenStory) -> int:
    """Word and number features the article shares with the story, specific or not (names
    repeat words). Counted only for a short text that passed every cheaper test."""
    centroid = story.centroid
    return sum(k in centroid for k in vectors.full if not k.startswith("e:"))
