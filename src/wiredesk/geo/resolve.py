"""Turn place-name matches into places: pick one sense of each (noise.py has first dropped
what is not a place).

Choosing a sense among several:

- "X, Y" where Y is a state, province or country: X is the sense in Y ("Paris, Texas",
  "Poland, Ohio", and with abbreviations "Slidell, La.", "Nelson BC"); when the gazetteer
  has no such X and X is not a country or a well-known city, X becomes an unnamed place in
  Y. Both senses then hold for the rest of the story (one sense per story). "X, Y, Z" and
  "X, Y and Z" are lists, not containment ("Copenhagen, Hamburg and Mannheim"). A
  country's name is an unnamed town only in a US state and where the phrase ends there
  ("Lebanon, Indiana.", "Poland, Ohio,"; not "trade with Mexico, Texas officials said").
- Otherwise each sense gets prior + support. Prior: 6.0 for a country, seat of power or
  demonym (above any city: "Mexico" is the country, not the capital's alternate name);
  4.0 for a first-level region, 3.5 for a county, +2.0 when the story names another region
  of that country ("Georgia" beside "Alabama" is the state, 6.6 against the country's
  6.0); for a city
  0.6 * log10(population), +1.0 for a capital, -1.0 for an alternate name, so a capital of
  1M scores 4.6, a city of 100k 3.0 and a town of 20k 2.6. A sense that fails the
  small-town rule below gives way to the next best one.
  Support: 0.5 * log1p(n) for the n unambiguous mentions of that country in the story,
  capped at 0.6 (halved for a town under `SMALL_CITY_POP`), + 0.3 * log1p(m) for mentions
  of its neighbours, + 1.0 for a town in a US state the story names. The caps keep a US
  story's "Paris" in France and its "Geneva" in Switzerland unless Texas or Illinois is
  named, while "Georgia" next to Tbilisi and Russia stays the country. A name shared by a
  country and a US state is the state when the story names the United States and nothing
  of that country or its neighbours ("First Union Corp of Georgia"), unless a national
  institution follows it ("Georgia's president"). Likewise a first-level region abroad
  that nothing but other regions of its country supports gives way to a town of that name
  in the country the story names most ("Savannah", "Durango", "Santa Fe" in a US road
  trip), or to nothing when that town fails the town rules.
- A one-word county ("Angus", "Highland") counts only if the story names its country
  otherwise (a country name, demonym, region, capital or large city). So does a one-word
  first-level region outside the US, unless it stands as a place ("in Sabah"): such names
  are often something else ("an unmanned Delta rocket", "Sheikh Ali al-Sabah", "Credit du
  Nord", "Lake Tanganyika"). Risk: "Ontario raised its minimum wage" alone is lost.
- A capital under `SMALL_CAPITAL_POP` (100k) where capitals say nothing (a headline, a
  sentence start) needs the same as a large city there ("MCDONNELL DOUGLAS GETS ...").
- An alternate spelling of two or more words counts only where it stands as a place:
  "Chang Chi-cheng" is a person, not Changzhi.
- A town under `SMALL_CITY_POP` (200k) that is not a capital (or one known by an alternate
  spelling) is very often a common word or a surname ("Alliance", "Summit", "Tyler Perry",
  "Herman Melville"): a one-word one counts only if the story names its country otherwise
  AND it stands as a place ("in Ithaca", "near Pueblo") or the story names its US state;
  a longer one ("Hyde Park", "Palm Beach") counts when it stands as a place, or when it is
  the only sign of its country (then it is all the story says of it). Risk: "Ithaca police
  said" is lost when New York is not named, which costs a mention, never a country.
- A large non-capital city opening a sentence or in a headline ("Man arrested", "Think Like
  A Man"), where capitals say nothing, counts only with its country named otherwise or
  standing as a place.
- In a dateline every place counts, however small or common ("MOBILE, Ala."): a dateline
  names a place by definition.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from wiredesk.geo.gazetteer import Entry, Gazetteer
from wiredesk.geo.matcher import Mention
from wiredesk.geo.noise import (
    SENSE_KINDS_STRONG,
    SMALL_CAPITAL_POP,
    SMALL_CITY_POP,
    cached_headline_spans,
    followed_by_region,
    in_spans,
)


@dataclass(slots=True)
class Resolved:
    mention: Mention
    entry: Entry
    container: bool = False  # the region Y of "X, Y", named with the place X inside it


@dataclass(slots=True)
class Context:
    """What the whole story says unambiguously, used to choose senses."""

    anchors: Counter[str]
    us_states: set[str]
    admins: dict[str, set[str]]  # country -> keys of its first-level regions named
    strong: dict[str, set[str]]  # country -> keys that name it without doubt
    companies: frozenset[str] = frozenset()  # keys named as a company ("Delta <DAL>")


def _is_strong(e: Entry) -> bool:
    if e.kind == "county":
        return False
    return e.kind != "city" or (not e.alt and (e.capital or e.population >= SMALL_CITY_POP))


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t\"'\u201c\u2018(")
    return not before or before[-1] in ".!?:\n"


def build_context(mentions: list[Mention], companies: frozenset[str] = frozenset()) -> Context:
    anchors: Counter[str] = Counter()
    states: set[str] = set()
    strong: dict[str, set[str]] = {}
    admins: dict[str, set[str]] = {}
    for m in mentions:
        for e in m.candidates:
            if e.kind == "admin" and e.country:
                admins.setdefault(e.country, set()).add(m.key)
        countries = {e.country for e in m.candidates if e.country}
        if len(countries) == 1:
            country = countries.pop()
            anchors[country] += 1
            if _is_strong(m.candidates[0]):
                strong.setdefault(country, set()).add(m.key)
        top = m.candidates[0]
        if top.kind == "admin" and top.country == "US" and top.admin1:
            states.add(top.admin1)
    return Context(anchors, states, admins, strong, companies)


def _prior(e: Entry) -> float:
    if e.kind in SENSE_KINDS_STRONG:
        return 6.0
    if e.kind == "admin":
        return 4.0
    if e.kind == "county":
        return 3.5
    city = 0.6 * math.log10(max(e.population, 10)) + (1.0 if e.capital else 0.0)
    return city - (1.0 if e.alt else 0.0)


def _support(e: Entry, ctx: Context, gaz: Gazetteer) -> float:
    assert e.country is not None
    own = min(0.6, 0.5 * math.log1p(ctx.anchors[e.country]))
    if e.kind == "city" and not _is_strong(e):
        own /= 2  # a story's country alone must not turn "Geneva" into Geneva, Illinois
    near = sum(ctx.anchors[n] for n in gaz.neighbours.get(e.country, ()))
    state = 1.0 if e.kind == "city" and e.country == "US" and e.admin1 in ctx.us_states else 0.0
    return own + 0.3 * math.log1p(near) + state


def _support_for(key: str, e: Entry, ctx: Context, gaz: Gazetteer) -> float:
    """Support, plus 2.0 for a region when the story names other regions of its country
    ("Georgia" beside "Alabama" and "Florida")."""
    assert e.country is not None
    siblings = e.kind == "admin" and bool(ctx.admins.get(e.country, set()) - {key})
    return _support(e, ctx, gaz) + (2.0 if siblings else 0.0)


def _fits(e: Entry, region: Entry) -> bool:
    return e.country == region.country and (
        region.kind != "admin" or not region.admin1 or e.admin1 == region.admin1
    )


def _container(m: Mention, nxt: Mention, closed: bool = False) -> tuple[Entry, Entry] | None:
    """For "X, Y": the sense of X inside a sense of Y, and that sense of Y. `closed`: the
    phrase ends after Y ("Poland, Ohio," but not "Mexico, Texas officials")."""
    regions = [r for r in nxt.candidates if r.kind in ("admin", "country")]
    for region in regions:
        for e in m.candidates:
            if e.country and e is not region and _fits(e, region):
                return e, region
    if not regions or regions[0].kind != "admin" or len({r.country for r in regions}) > 1:
        return None
    # "Salem, Mass.", "Canton, Ohio", "London, Ontario": a town in that state or province,
    # whatever better-known place elsewhere shares its name (one town per name and country
    # is kept: the same country's is taken, else an unnamed one).
    region = regions[0]
    if any(e.kind == "country" for e in m.candidates) and not (closed and region.country == "US"):
        return None  # "trade with Mexico, Texas officials said"; but "Lebanon, Indiana."
    same_country = [e for e in m.candidates if e.country == region.country and e is not region]
    return (same_country[0] if same_country else Entry(region.country, "city")), region


def resolve(
    text: str,
    mentions: list[Mention],
    ctx: Context,
    gaz: Gazetteer,
    exempt: tuple[int, int] | None = None,
    title: bool = False,
) -> list[Resolved]:
    """Pick one sense for each mention (see the module docstring for the weights).
    `exempt` is the dateline's span: a town opening it needs no support. `title`: the text
    is a headline, where capitals say nothing."""
    out: list[Resolved] = []
    forced: dict[int, Entry] = {}
    settled: dict[str, Entry] = {}  # one sense per story once "X, Y" has settled it
    for idx, m in enumerate(mentions):
        nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
        senses = [e for e in m.candidates if e.country]
        if not senses:
            continue
        if idx in forced or m.key in settled:
            out.append(Resolved(m, forced.get(idx) or settled[m.key], container=idx in forced))
            settled.setdefault(m.key, out[-1].entry)
            continue
        inside = None
        if nxt and followed_by_region(text, m, nxt):
            inside = _container(m, nxt, bool(_CLOSES.match(text, nxt.end)))
        if inside is not None and (
            inside[1].kind == "admin" or inside[0].kind in ("city", "admin", "county")
        ):
            out.append(Resolved(m, inside[0]))
            forced[idx + 1] = inside[1]
            settled.setdefault(m.key, inside[0])
            continue
        if _company_name(text, m, senses, ctx, exempt):
            senses = [e for e in senses if ctx.strong.get(e.country or "", set()) - {m.key}]
            if not senses:
                continue
        best = _best_sense(text, m, senses, ctx, gaz, exempt, title)
        if best is not None:
            out.append(Resolved(m, best))
    return out


def _company_name(
    text: str, m: Mention, senses: list[Entry], ctx: Context, exempt: tuple[int, int] | None
) -> bool:
    """Is `m` the name of a company the story names ("Santa Fe Southern Pacific Corp",
    "Delta <DAL>", then "Delta's debt") rather than a town or region? Then only a sense in
    a country the story names otherwise can stand ("McDonnell Douglas" in a Californian
    story is not Douglas, Isle of Man). Not for a country's name ("Hong Kong Land Co"), nor
    where the name stands as a place ("in Santos"). Risk: a company's home town named once
    is lost."""
    if m.key not in ctx.companies or any(e.kind in SENSE_KINDS_STRONG for e in senses):
        return False
    if exempt is not None and exempt[0] <= m.start < exempt[1]:
        return False
    return not _STANDS_AS_PLACE.search(text, max(0, m.start - 12), m.start)


# What may follow "X, Y" for the phrase to end there: punctuation, a closing bracket or the
# end ("in Poland, Ohio, the plant"; not "with Mexico, Texas officials said").
_CLOSES = re.compile(r"\s*(?:[,.;:!?)\]]|$)")

# "in Santos", "near Delta": a place for sure ("of", "from" and "to" also precede a company:
# "shares of San Miguel Corp", "a bid from Delta").
_STANDS_AS_PLACE = re.compile(
    r"\b(?:in|at|near|across|around|outside|inside)\s+(?:the\s+)?$", re.IGNORECASE
)


def _best_sense(
    text: str,
    m: Mention,
    senses: list[Entry],
    ctx: Context,
    gaz: Gazetteer,
    exempt: tuple[int, int] | None,
    title: bool = False,
) -> Entry | None:
    """The highest prior + support sense that passes the small-town rule, if any."""
    ranked = sorted(senses, key=lambda e: -(_prior(e) + _support_for(m.key, e, ctx, gaz)))
    region = _region_of_named_country(senses, ctx, gaz)
    if region is not None and not _NATIONAL_AFTER.match(text, m.end):
        ranked.insert(0, region)
    home = _home_sense(ranked[0], senses, ctx, m.key)
    if home is not None:  # the foreign region is out: the home sense or nothing
        return None if _unsupported_town(text, m, home, ctx, exempt, title) else home
    for e in ranked:
        if not _unsupported_town(text, m, e, ctx, exempt, title):
            return e
    return None


def _home_sense(best: Entry, senses: list[Entry], ctx: Context, key: str) -> Entry | None:
    """ "Santa Fe", "Durango", "Savannah" in a story of American places: a first-level
    region abroad that nothing else of its country supports gives way to a town of the
    same name in the country the story names most (its own country). So does a capital
    abroad to a city at least as large ("San Jose" in a story of Denver and Colorado is
    California's, not Costa Rica's; "Paris" stays in France). Other
    regions of the region's country are no support ("Santa Fe" beside "Chaco"). The region
    was a guess from the prior alone; the town may still fail the town rules, and then the
    name counts for neither. Risk: "Ontario" in a US story that names nothing else
    of Canada is read as Ontario, California."""
    country = best.country or ""
    capital = best.kind == "city" and best.capital
    if not (best.kind == "admin" or capital):
        return None
    if ctx.strong.get(country, set()) - ctx.admins.get(country, set()) - {key}:
        return None  # its country named otherwise than by its regions ("Chaco", "Santa Fe")
    top = ctx.anchors.most_common(1)
    if not top or top[0][0] == country:
        return None
    home = [e for e in senses if e.kind == "city" and e.country == top[0][0]]
    if capital:  # "San Jose" of a US story is California's; its "Paris" stays France's
        home = [e for e in home if e.population >= best.population]
    return max(home, key=lambda e: e.population) if home else None


# "Georgia's president", "Georgian army": what a country has and a US state does not.
_NATIONAL_AFTER = re.compile(
    r"(?:['’]s)?\s+(?i:president|prime minister|parliament|army|military|embassy|ambassador|"
    r"foreign minist(?:er|ry)|defen[cs]e minist(?:er|ry))\b"
)


def _region_of_named_country(senses: list[Entry], ctx: Context, gaz: Gazetteer) -> Entry | None:
    """ "Georgia" in a story that names the United States and nothing of Georgia the country
    or its neighbours is the state: a name shared by a country and a US state is the state
    when only the United States is named. (Only US states: ISO 3166-2 lists Hong Kong,
    Macao and Taiwan as regions of China, the same territories as the countries.)"""
    countries = [e for e in senses if e.kind == "country"]
    regions = [
        e for e in senses if e.kind == "admin" and e.country == "US" and ctx.anchors["US"] > 0
    ]
    if len(countries) != 1 or not regions:
        return None
    country = countries[0].country or ""
    rivals = (country, *gaz.neighbours.get(country, ()))
    return None if any(ctx.anchors[c] for c in rivals) else regions[0]


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|into|to|from|of|at|near|across|around|outside|inside|via|towards?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _unsupported_town(
    text: str,
    m: Mention,
    e: Entry,
    ctx: Context,
    exempt: tuple[int, int] | None,
    title: bool = False,
) -> bool:
    """Does this sense fail the small-town rules (module docstring)?"""
    if e.kind not in ("city", "county", "admin"):
        return False
    if exempt is not None and exempt[0] <= m.start < exempt[1]:
        return False  # a dateline names a place, however small
    assert e.country is not None
    supported = bool(ctx.strong.get(e.country, set()) - {m.key})
    placed = bool(_LOCATIVE_BEFORE.search(text, max(0, m.start - 12), m.start)) or (
        e.country == "US" and e.admin1 in ctx.us_states
    )
    if e.kind == "admin":  # "an unmanned Delta rocket", "Sheikh Ali al-Sabah"
        return e.country != "US" and " " not in m.key and not (supported or placed)
    if _is_strong(e):
        if e.capital and e.population >= SMALL_CAPITAL_POP:
            return False  # a small capital is often a name ("MCDONNELL DOUGLAS", "Stanley")
        capitals_say_nothing = (
            title
            or _sentence_initial(text, m.start)
            or in_spans(m.start, cached_headline_spans(text))
        )
        return capitals_say_nothing and not (supported or placed)
    if e.kind == "county":
        return " " not in m.key and not supported
    if " " in m.key and e.alt:
        return not placed  # "Chang Chi-cheng" is a person, not Changzhi: only "in Chang Chi"
    if " " in m.key:
        return supported and not placed
    return not (supported and placed)
