"""Weigh each resolved place and tell the main country from passing mentions.

Each place adds weight to its country:

- by kind: a country name or seat of power 1.0, a region, county or city 0.8, a demonym 0.6 (an
  adjective says less about where a story happens than a name: "Russian diplomats in
  Geneva");
- by position: x `DATELINE_WEIGHT` (4) in the dateline, x `TITLE_WEIGHT` (3) in the
  headline, x `LEAD_FACTOR` (1.5) in the first `LEAD_CHARS` (400) characters of the body;
- by role: x `SEAT_FACTOR` (0.25) for the seat of an organisation the story names
  ("Brussels" in a NATO story, "Geneva" in a UN story: data/seats.tsv), x `VENUE_FACTOR`
  (0.5) for a venue ("talks in Geneva", "headquarters in Brussels"). Both keep a meeting
  place from becoming the main country, the false negative being a story that really is
  about the host city's country and mentions the organisation (it still gets the weight of
  its other mentions).

The main country has the largest weight. A country's score is its weight over the main
country's, times min(1, main weight / `CONFIDENT_WEIGHT`) so a story whose only geography
is one passing city does not score 1.0 for that country. With the default edition threshold
of 0.2, a country needs about a fifth of the main country's weight: one "Geneva" venue in a
story that names Russia twenty times scores about 0.02.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from wiredesk.geo.gazetteer import Gazetteer
from wiredesk.geo.resolve import Resolved

KIND_WEIGHT = {"country": 1.0, "metonym": 1.0, "admin": 0.8, "county": 0.8, "city": 0.8,
               "demonym": 0.6}
DATELINE_WEIGHT = 4.0
TITLE_WEIGHT = 3.0
LEAD_FACTOR = 1.5
LEAD_CHARS = 400
SEAT_FACTOR = 0.25
VENUE_FACTOR = 0.5
CONFIDENT_WEIGHT = 3.0
_VENUE = re.compile(
    r"\b(?:talks|headquarters|hq|summit|meeting|meetings|conference|negotiations|forum|"
    r"held|hosted|gathered|convened|based|session)\s+(?:[\w-]+\s+)?in\s+(?:the\s+)?$",
    re.IGNORECASE,
)


Segment = Literal["text", "title", "dateline"]


@dataclass(slots=True)
class Weighed:
    place: Resolved
    weight: float
    segment: Segment
    is_dateline: bool


def seat_keys(named: set[str], gaz: Gazetteer) -> set[str]:
    """City keys that are seats of organisations named in the story (`named`: every key
    the matcher found, organisations included, as the gazetteer holds them as blockers)."""
    seats: set[str] = set()
    for org in named & gaz.seats.keys():
        seats.update(gaz.seats[org])
    return seats


def weigh(
    r: Resolved, text: str, segment: Segment, is_dateline: bool, seats: set[str]
) -> Weighed:
    w = KIND_WEIGHT.get(r.entry.kind, 0.8)
    if is_dateline:
        w *= DATELINE_WEIGHT
    elif segment == "title":
        w *= TITLE_WEIGHT
    elif r.mention.start < LEAD_CHARS:
        w *= LEAD_FACTOR
    if r.entry.kind == "city" and r.mention.key in seats:
        w *= SEAT_FACTOR
    if _VENUE.search(text[max(0, r.mention.start - 40):r.mention.start]):
        w *= VENUE_FACTOR
    return Weighed(r, w, segment, is_dateline)


def country_scores(weighed: list[Weighed]) -> tuple[dict[str, float], str | None]:
    """Scores in [0, 1], highest first, and the main country (None without any place)."""
    raw: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for i, item in enumerate(weighed):
        country = item.place.entry.country
        assert country is not None
        raw[country] += item.weight
        first_seen.setdefault(country, i)
    if not raw:
        return {}, None
    order = sorted(raw, key=lambda c: (-raw[c], first_seen[c]))
    top = raw[order[0]]
    confidence = min(1.0, top / CONFIDENT_WEIGHT)
    scores = {c: round(raw[c] / top * confidence, 4) for c in order}
    return scores, order[0]
