"""Find the countries a text concerns (first version: country names only).

`tag` is what both `wiredesk geotag` and ingest call. `scores` is each
country's share of the story's attention in [0, 1]; editions compare it with
their relevance threshold.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import pycountry


@dataclass
class Place:
    name: str
    country: str
    start: int
    end: int
    geonameid: int | None = None
    is_dateline: bool = False


@dataclass
class GeoResult:
    countries: list[str] = field(default_factory=list)
    main: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)


@cache
def _country_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            names[name.lower()] = c.alpha_2
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), names


def tag(text: str, title: str = "", dateline: str = "") -> GeoResult:
    pattern, names = _country_pattern()
    places = [Place(m.group(0), names[m.group(0).lower()], m.start(), m.end())
                for m in pattern.finditer(text)]
    counts = Counter(p.country for p in places)
    for m in pattern.finditer(f"{title} {dateline}"):
        counts[names[m.group(0).lower()]] += 3
    if not counts:
        return GeoResult(places=places)
    total = sum(counts.values())
    scores = {c: n / total for c, n in counts.most_common()}
    countries = list(scores)
    return GeoResult(countries, countries[0], scores, places)
