"""A partner's own country tags (feed categories, IPTC-style codes) as countries.

A headline label is such a tag too: "Peru: Congress Removes President", "Philippines,
China: Scarborough Shoal Dispute" (Global Voices, AllAfrica and many blogs file stories so)
names the countries the partner filed the story under, before the colon. It counts only
when everything before the colon is country names ("Middle East: ...", "Best of 2012: ..."
are no label). Being part of the text, it counts for every source.

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
import re
from collections.abc import Iterable
from functools import cache

import pycountry

from wiredesk.geo.gazetteer import gazetteer, name_key

TAG_LOG_ODDS = math.log(0.90 / 0.02)
UNTAGGED_LOG_ODDS = math.log(0.10 / 0.98)
TAG_ONLY_LOG_ODDS = math.log(0.25) + TAG_LOG_ODDS
MAX_TAG_CHARS = 100
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


def headline_label(title: str) -> set[str] | None:
    """The countries of a headline's label ("Peru: ..."), or None when it has none."""
    found = _LABEL.match(title or "")
    if found is None:
        return None
    whole = _country_of(found.group(1))  # "Trinidad & Tobago", before splitting a list
    parts = [found.group(1)] if whole else _LABEL_SEPARATOR.split(found.group(1))
    countries = {_country_of(part) for part in parts}
    if None in countries:
        return None
    return countries  # type: ignore[return-value]


def tagged_countries(tags: Iterable[str] | None, title: str) -> set[str] | None:
    """The countries the partner filed the story under, by its tags and headline label."""
    label = headline_label(title)
    tagged = countries_in_tags(tags)
    if label is None:
        return tagged
    return label | (tagged or set())
