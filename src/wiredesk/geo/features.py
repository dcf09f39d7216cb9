"""Per (story, country) features of the mentions, the aboutness model's input.

Every feature is a number computed from the story's `Evidence` (evidence.py) alone, the same
at fitting time (fit.py) and at run time (model.py). `FEATURES` names them in the order of
the model's coefficients; a change here needs a refit (fit.py checks the names).

Counts use only the mentions that count (`Evidence.counts`: not a currency, not the region
of "X, Y", not a translated repeat). `weight_share` is the hand-set weighting Wiredesk used
before the model (kind x position x role, relative to the heaviest country), kept as one
feature among others: the model decides how much it is worth.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from wiredesk.geo.evidence import Evidence

FEATURES = (
    "count_log",
    "share",
    "weight_share",
    "top",
    "title",
    "title_only",
    "dateline",
    "dateline_other",
    "lead",
    "first_position",
    "spread",
    "names",
    "demonyms",
    "venue",
    "seat",
    "quote",
    "crowd",
    "listed",
    "currency",
    "countries_log",
    "only",
    "first_sentence",
    "possessive",
    "institution",
    "company",
    "count_ratio",
    "title_first",
    "title_any",
    "market",
)
# Which way each feature may move a country's score (+1 up only, -1 down only, 0 either):
# general readings of how news is written, imposed on the fitted weights (logistic.py).
SIGNS = {
    "count_log": 1, "weight_share": 1, "top": 1, "title": 1, "title_only": 1, "dateline": 1,
    "lead": 1, "spread": 1, "only": 1, "first_sentence": 1, "possessive": 1,
    "institution": 1, "count_ratio": 1, "title_first": 1,
    "dateline_other": -1, "first_position": -1, "venue": -1, "seat": -1, "quote": -1,
    "crowd": -1, "listed": -1, "currency": -1, "company": -1, "market": -1,
}  # fmt: skip
KIND_WEIGHT = {
    "country": 1.0,
    "metonym": 1.0,
    "admin": 0.8,
    "county": 0.8,
    "city": 0.8,
    "demonym": 0.6,
}
DATELINE_WEIGHT = 4.0
TITLE_WEIGHT = 3.0
LEAD_FACTOR = 1.5
SEAT_FACTOR = 0.25
VENUE_FACTOR = 0.5
LISTED_CROWD = 2  # a sentence naming this many other countries is a list


@dataclass(slots=True)
class Story:
    """What the features need beyond the mentions."""

    text_chars: int
    paragraphs: int
    evidence: list[Evidence] = field(default_factory=list)


def weight(e: Evidence) -> float:
    """The hand-set weight of one mention (see the module docstring)."""
    w = KIND_WEIGHT.get(e.kind, 0.8)
    if e.is_dateline:
        w *= DATELINE_WEIGHT
    elif e.segment == "title":
        w *= TITLE_WEIGHT
    elif e.lead:
        w *= LEAD_FACTOR
    if e.seat:
        w *= SEAT_FACTOR
    if e.venue:
        w *= VENUE_FACTOR
    return w


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def country_features(story: Story) -> dict[str, list[float]]:
    """One feature vector (in `FEATURES` order) per country with a mention that counts, in
    the order the countries first appear."""
    by_country: dict[str, list[Evidence]] = defaultdict(list)
    for e in story.evidence:
        by_country[e.country].append(e)
    counted = {c: [e for e in es if e.counts] for c, es in by_country.items()}
    weights = {c: sum(weight(e) for e in es) for c, es in counted.items()}
    total = sum(len(es) for es in counted.values())
    heaviest = max(weights.values(), default=0.0)
    top = max(weights, key=lambda c: weights[c]) if heaviest > 0 else None
    present = [c for c, es in counted.items() if es]
    title_countries = {e.country for e in story.evidence if e.counts and e.segment == "title"}
    dateline_countries = {e.country for e in story.evidence if e.is_dateline and e.counts}
    title_first = next(
        (e.country for e in story.evidence if e.counts and e.segment == "title"), None
    )
    most = max((len(es) for es in counted.values()), default=0)
    out = {}
    for c, mentions in by_country.items():
        es = counted[c]
        if not es:
            continue  # named only as a currency ("US$") or a foreign common noun: no place
        n = len(es)
        in_text = [e.start for e in es if e.segment == "text"]
        out[c] = [
            math.log1p(n),
            n / total if total else 0.0,
            weights[c] / heaviest if heaviest else 0.0,
            float(c == top),
            float(c in title_countries),
            float(title_countries == {c}),
            float(c in dateline_countries),
            float(bool(dateline_countries) and c not in dateline_countries),
            float(any(e.lead for e in es)),
            min(in_text) / story.text_chars if in_text and story.text_chars else 1.0,
            len({e.paragraph for e in es if e.segment == "text"}) / max(1, story.paragraphs),
            _mean([float(e.kind in ("country", "metonym")) for e in es]),
            _mean([float(e.kind == "demonym") for e in es]),
            _mean([float(e.venue) for e in es]),
            _mean([float(e.seat) for e in es]),
            _mean([float(e.quote) for e in es]),
            _mean([math.log1p(e.crowd) for e in es]),
            _mean([float(e.crowd >= LISTED_CROWD) for e in es]),
            math.log1p(sum(e.currency for e in mentions)),
            math.log(max(1, len(present))),
            float(present == [c]),
            float(any(e.first_sentence for e in es)),
            _mean([float(e.possessive) for e in es]),
            _mean([float(e.institution) for e in es]),
            _mean([float(e.company) for e in es]),
            n / most if most else 0.0,
            float(c == title_first),
            float(bool(title_countries)),
            _mean([float(e.market) for e in es]),
        ]
    return out
