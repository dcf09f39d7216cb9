"""Decide which editions carry an article.

Pure: takes the article's country scores, the editions and what each licence
allows, and returns placement intents; `apply_routing` carries them out.

A country's score says how likely an editor would file the story
under that country (geo.scoring). An edition's relevance for an article is the
highest score among the countries it covers: a regional edition carries a
story that is about one of its countries, and four passing mentions of its
countries (0.05 each) do not add up to a story about the region, as a capped
sum of scores made them. It carries the article when that reaches its
threshold and the source's licence allows that edition.
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
    return max((s for c, s in scores.items() if c in countries), default=0.0)


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
