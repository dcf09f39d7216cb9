"""Decide which editions carry an article.

Pure: takes the article's country scores, the editions and what each licence
allows, and returns placement intents; `apply_routing` carries them out.

An edition's relevance for an article is the sum of the scores of the
countries it covers (a regional edition gains from each of its countries),
capped at 1. It carries the article when that reaches its threshold and the
source's licence allows that edition.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EditionRule:
    edition_id: int
    countries: frozenset[str]
    threshold: float


@dataclass(frozen=True)
class PlacementIntent:
    edition_id: int
    score: float
    visible_from: datetime | None


def relevance(scores: dict[str, float], countries: frozenset[str]) -> float:
    return min(1.0, sum(s for c, s in scores.items() if c in countries))


def decide_placements(
    scores: dict[str, float],
    rules: Iterable[EditionRule],
    licensed: set[int] | None,
    embargo_ends: datetime | None = None,
) -> list[PlacementIntent]:
    """Placements for an article; `licensed` None means every edition is licensed."""
    intents = []
    for rule in rules:
        if licensed is not None and rule.edition_id not in licensed:
            continue
        score = relevance(scores, rule.countries)
        if score > 0 and score >= rule.threshold:
            intents.append(PlacementIntent(rule.edition_id, round(score, 4), embargo_ends))
    return intents
