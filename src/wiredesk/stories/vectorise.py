"""Vectorising: an article as unit tf-idf vectors and what its headline says.

Features come from `features.features`; idf counts only the articles seen so far, so each
decision uses only what came before. Which features are *specific* (rare in the stream, not
general by nature; `evidence.py`) is read here too (`CLUSTERING.md`, steps 1 and 4).
"""

import math
from collections import Counter
from collections.abc import Callable

from wiredesk.stories.evidence import (
    Headline,
    Shapes,
    general_keys,
    headline_names,
    read_headline,
)
from wiredesk.stories.features import features, guess_lang
from wiredesk.stories.records import ClusterItem, Vectors, unit

CROSS_PREFIXES = ("e:", "n:", "c:")
EVENT_SHARE = 0.25  # no one event fills a quarter of a stream; words that do are templates


class Vectorising:
    """Part of `StoryClusterer` (`cluster.py`): its feature settings and the stream's
    document counts, which each article updates."""

    title_weight: float
    lead_chars: int
    short_chars: int
    specific_share: float
    specific_min_df: int
    specific_stories: int
    own_word_share: float
    own_word_min: int
    _df: Counter[str]
    _story_df: Counter[str]
    _docs: int
    _shapes: Shapes

    def _vectorise(self, item: ClusterItem) -> Vectors:
        # a headline alone reads as the headline and an empty text; its words are then
        # the ones every later step reads (`features.tokens` keeps them)
        read = f"{item.title} {item.text}" if item.text else item.title
        lang = (item.lang or guess_lang(read))[:2].lower()
        bag = features(item.title, item.text, lang, self.title_weight, self.lead_chars)
        self._docs += 1
        self._df.update(bag.keys())
        log, df, docs = math.log, self._df, self._docs + 1
        weighted = {}
        for k, w in bag.items():
            idf = log(docs / (df[k] + 1)) + 1  # smoothed, over the documents seen so far
            weighted[k] = (1 + log(w)) * idf if w >= 1 else w * idf
        cross = {k: v for k, v in weighted.items() if k.startswith(CROSS_PREFIXES)}
        general = general_keys(lang)
        test = self._specific_test(general)
        specific = frozenset(filter(test, bag))

        def is_specific(key: str) -> bool:  # the headline's words are mostly in the bag
            return key in specific if key in bag else test(key)

        headline = read_headline(item.title, lang, is_specific)
        templated = self._shapes.templated(headline)
        short = len(item.text) < self.short_chars
        owned = self._own_words(headline, lang, bag, specific, general)
        return Vectors(
            unit(weighted),
            unit(cross),
            lang,
            specific,
            headline,
            templated,
            short,
            item.source,
            owned,
            bare=not item.text,
            names=headline_names(item.title, item.text[: self.lead_chars]),
        )

    def _own_words(
        self,
        headline: Headline,
        lang: str,
        bag: dict[str, float],
        specific: frozenset[str],
        general: frozenset[str],
    ) -> dict[str, tuple[str, float]]:
        """Headline words too common in the stream to be specific that may still be one
        story's own: when the headlines of one story name a word in at least
        `own_word_share` of all the documents that have it (and `own_word_min`), the word
        is that event's name ("Gox", "Bitcoin" in a burst of reports of one exchange's
        collapse), not a topic spread over many events. Only headline counts are kept per
        story, so a word that bodies also use (full texts) rarely qualifies."""
        if self.own_word_share >= 1:
            return {}
        owned = {}
        for stem in headline.words:
            key = f"w:{lang}:{stem}"
            if key in bag and key not in specific and key not in general:
                need = max(self.own_word_min, self.own_word_share * self._df[key])
                owned[key] = (stem, need)
        return owned

    def _specific_test(self, general: frozenset[str]) -> Callable[[str], bool]:
        """Whether a feature is rare in the stream so far and not general by nature (see
        `evidence`); the stream's bars are read once, for all of one decision's tests."""
        df, story_df, stories = self._df, self._story_df, self.specific_stories
        event = EVENT_SHARE * self._docs
        rare = max(self.specific_min_df, self.specific_share * self._docs)

        def specific(key: str) -> bool:
            if key.startswith("c:") or key in general:
                return False
            n = df.get(key, 0)  # `get`: a Counter's missing key costs a Python call
            if story_df.get(key, 0) <= stories and n <= event:
                return True  # frequent inside a few events only: those events' own words
            return n <= rare

        return specific
