"""Turn raw name matches into places: drop what is not a place, pick one sense of the rest.

Dropping (each rule general, with the false positive it trades for):

- Blockers: a match whose best sense is a region ("Latin America", "Middle East") names no
  country. It also shields the country inside it ("America") by longest match.
- "New Spain", "Nouvelle-France": a country's name after New/Nueva/Nouvelle names a colony
  or region, not the country.
- Water and peninsulas: a name inside "Indian Ocean", "South China Sea", "Korean
  Peninsula", "Gulf of Mexico" (also in a headline's capitals) names no country (a story
  about the sea is not about the country, and GeoWebNews gives such places none).
- Languages: a demonym that is also a language ("French", "Russian") after "in", "into",
  "from" or before "language", "-speaking", "speakers", "translation", "version",
  "subtitles" names the language. Risk: "in Russian hands" is lost (rare in news).
- Person names: a place name right after a capitalised word that is neither a function word
  (data/stopwords.txt), a direction or time word, an organisation word ("Air France",
  data/orgwords.txt) nor a place itself is taken to be a surname ("Michael Jordan", "Wendy
  Sherman"); a minor place (a town under `GIVEN_NAME_MAX_POP`, a region outside the US)
  right before such a word is taken to be a given name ("Mary Smith", "Bo Xilai"). Later bare
  uses of that name are dropped too (same person), except after a locative preposition
  ("in Jordan"). Headline lines in Title Case are exempt, because every word is capitalised
  there. Risk: a place after an unknown capitalised word ("Floods Hit Kenya" in running
  text) is lost. Surer signs of a person, whose name goes even after a locative: a title
  before it, with up to two capitalised words between (data/titles.txt: "chairman David
  Stanley", "officer Leon Ruchlamer", "leader Nelson Mandela"; large cities included,
  countries, demonyms, US states and capitals of 100k+ not), and two one-word minor places
  side by side ("Barry Douglas", "David Stanley"). Another language's name of a country
  ("Maurice", gazetteer `alt`) is no exemption ("Maurice Saltzman").
- Company names: a name the story uses for a company ("Santa Fe Southern Pacific Corp",
  "Delta <DAL>", a wire's ticker) keeps, there and in its later bare uses ("Delta's debt"),
  only the senses in a country the story names otherwise, unless it stands as a place
  ("in Santos"): "McDonnell Douglas" in a Californian story is not Douglas, Isle of Man. A
  country's own name is exempt ("Hong Kong Land Co"). Risk: a company's home town named
  once and nothing else of its country is lost.
- Common words: a one-word name with only town senses that is listed in
  data/nonplaces.txt or data/stopwords.txt, or that the same text also uses in lower case
  ("mobile", "reading"), is dropped unless a region follows it ("Reading, Berkshire").
- Tickers and seas: a name inside a wire's ticker ("<SCOT>", "<UK.N>") and a region named
  after its sea ("the Red Sea") name no country.

Choosing a sense among several:

- "X, Y" where Y is a state, province or country: X is the sense in Y ("Paris, Texas",
  "Poland, Ohio", and with abbreviations "Slidell, La.", "Nelson BC"); when the gazetteer
  has no such X and X is not a country or a well-known city, X becomes an unnamed place in
  Y. Both senses then hold for the rest of the story (one sense per story). "X, Y, Z" and
  "X, Y and Z" are lists, not containment ("Copenhagen, Hamburg and Mannheim").
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
  institution follows it ("Georgia's president").
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

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from wiredesk.geo.gazetteer import GENERIC_WORDS, Entry, Gazetteer, name_key, words
from wiredesk.geo.matcher import Mention, Token

DIRECTION_WORDS = GENERIC_WORDS
# A one-word town smaller than this (not a capital) counts only when the story names its
# country some other way: GeoNames has towns called David, Man and Young.
SMALL_CITY_POP = 200_000
# A non-capital town smaller than this, right before a capitalised word, is read as a given
# name ("Bo Xilai", "Nancy Pelosi"); larger cities there name organisations ("Chicago
# Tribune"), which count as places.
GIVEN_NAME_MAX_POP = 1_000_000
# A capital this small ("Stanley", "Douglas", "Victoria") is a given name too ("Stanley
# Emerling", "Douglas Yearley") when a capitalised word follows.
SMALL_CAPITAL_POP = 100_000
# Lower-case words inside people's names ("Ramon del Rosario", "Vincent van Gogh").
NAME_PARTICLES = words("de del della da das do dos di du van von der den ter la le bin ibn")
LOCATIVE = words("in into to from of at near across around outside inside via")
LANGUAGE_BEFORE = frozenset(["in", "into", "from"])
LANGUAGE_AFTER = re.compile(
    r"[\s-]*(?:language|speaking|speakers?|translation|version|subtitles|dub)", re.IGNORECASE
)
SENSE_KINDS_STRONG = frozenset({"country", "metonym", "demonym"})
# Capitalised or in a headline's capitals ("GULF OF MEXICO RIG COUNT"), never lower case.
_WATER_WORDS = ("Ocean", "Sea", "Gulf", "Peninsula", "Basin", "Strait", "Straits", "Channel")
_WATER_AFTER = re.compile(
    r"[ -](?:" + "|".join(w for word in _WATER_WORDS for w in (word, word.upper())) + r")\b"
)
_NEW_BEFORE = re.compile(r"\b(?:New|Nueva|Nuevo|Nouvelle|Nouveau|Nova|Novo|Neu)[ -]$")
_WATER_BEFORE = re.compile(
    r"\b(?:Sea|Gulf|Bay|Straits?|SEA|GULF|BAY|STRAITS?)\s+(?:of|OF)\s+(?:the\s+|THE\s+)?$"
)


@dataclass(slots=True)
class Resolved:
    mention: Mention
    entry: Entry
    container: bool = False  # the region Y of "X, Y", named with the place X inside it


def _wordlist(filename: str) -> frozenset[str]:
    text = resources.files("wiredesk.geo").joinpath("data", filename).read_text("utf-8")
    return frozenset(
        name_key(line) for line in text.splitlines() if line and not line.startswith("#")
    )


@cache
def stopwords() -> frozenset[str]:
    return _wordlist("stopwords.txt")


@cache
def nonplaces() -> frozenset[str]:
    return _wordlist("nonplaces.txt")


@cache
def orgwords() -> frozenset[str]:
    return _wordlist("orgwords.txt")


@cache
def languages() -> frozenset[str]:
    return _wordlist("languages.txt")


@cache
def titles() -> frozenset[str]:
    return _wordlist("titles.txt")


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Lines where most words of 4+ letters are capitalised (headlines in Title Case)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        long_words = re.findall(r"[^\W\d_]{4,}", line)
        capitalised = sum(w[0].isupper() for w in long_words)
        if len(long_words) >= 3 and capitalised >= 0.7 * len(long_words):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_language_use(text: str, tokens: list[Token], m: Mention) -> bool:
    if m.key not in languages() or m.candidates[0].kind != "demonym":
        return False
    if m.first > 0 and tokens[m.first - 1].key in LANGUAGE_BEFORE:
        return True
    return bool(LANGUAGE_AFTER.match(text, m.end))


def _name_like(text: str, word: Token, gap: str, index: int, covered: set[int]) -> bool:
    """Could `word` be the other half of a person's name next to a place name? A word that
    is itself a minor place (`covered` holds the indexes of all other place names) cannot:
    "David Stanley" and "Barry Douglas" are read by `_minor_pair`."""
    if not word.cap or gap != " " or index in covered:
        return False
    if word.text.isupper() or len(word.text) < 2 or not word.text.isascii():
        return False  # initialisms, and names outside English, where the rule is untested
    return not (word.key in stopwords() or word.key in DIRECTION_WORDS or word.key in orgwords())


def _after_name(text: str, tokens: list[Token], m: Mention, covered: set[int]) -> bool:
    """Is `m` right after a capitalised word that looks like a given name or a title?"""
    if m.first == 0:
        return False
    prev = tokens[m.first - 1]
    return _name_like(text, prev, text[prev.end : m.start], m.first - 1, covered)


def _before_surname(text: str, tokens: list[Token], m: Mention, covered: set[int]) -> bool:
    """Is `m` a minor place name right before a capitalised word, so a given name ("Mary
    Smith", "Bo Xilai")? Countries, US states, large or capital cities, demonyms and seats of
    power are exempt: "Texas Instruments", "Chicago Tribune", "United States House of
    Representatives" name organisations, which count as places. (So "Jordan Henderson"
    still counts for Jordan: a country before a capitalised word is far more often an
    organisation than a person.)"""
    if m.last + 1 >= len(tokens) or not _minor(m):
        return False
    nxt = tokens[m.last + 1]
    return _name_like(text, nxt, text[m.end : nxt.start], m.last + 1, covered)


def _minor(m: Mention) -> bool:
    """Could this name be a person's given name or surname rather than a place: no sense is
    a country (in English), demonym, seat of power, US state, large city or capital?"""
    return not any(
        (e.kind in SENSE_KINDS_STRONG and not e.alt)
        or (e.kind == "admin" and e.country == "US")
        or (
            e.kind == "city"
            and (
                (e.capital and e.population >= SMALL_CAPITAL_POP)
                or e.population >= GIVEN_NAME_MAX_POP
            )
        )
        for e in m.candidates
    )


def _titled(m: Mention) -> bool:
    """Could this name, after a title, be a person's: no sense is a country (in English),
    demonym, seat of power, US state or capital? Large cities can ("officer Leon
    Ruchlamer")."""
    return not any(
        (e.kind in SENSE_KINDS_STRONG and not e.alt)
        or (e.kind == "admin" and e.country == "US")
        or (e.kind == "city" and e.capital and e.population >= SMALL_CAPITAL_POP)
        for e in m.candidates
    )


def _given_name_like(m: Mention) -> bool:
    """A minor place's name that is not a word of an organisation's name ("Fuji Bank") and
    no city of `SMALL_CITY_POP` or more ("Detroit Edison" is a company)."""
    if m.key in orgwords() or m.key in stopwords() or m.key in DIRECTION_WORDS:
        return False
    return _minor(m) and all(
        e.kind != "city" or e.population < SMALL_CITY_POP for e in m.candidates
    )


def _minor_pair(
    text: str, mentions: list[Mention], headlines: list[tuple[int, int]]
) -> list[Mention]:
    """Two one-word minor places written as one name ("David Stanley", "Barry
    Douglas", "Nelson Mandela"): two small towns are never named side by side without a
    comma, a person often is. Risk: a list without commas outside a headline."""
    out: list[Mention] = []
    for a, b in itertools.pairwise(mentions):
        if (
            b.first == a.last + 1 == a.first + 1 == b.last
            and text[a.end : b.start] == " "
            and _given_name_like(a)
            and _given_name_like(b)
            and not _in_spans(a.start, headlines)
        ):
            out += (a, b)
    return out


def _after_title(text: str, tokens: list[Token], m: Mention) -> bool:
    """Is `m` inside a person's name written after a title ("chairman David Stanley",
    "leader Nelson Mandela", "minister Alejandro Martinez Cuenca")? Up to two capitalised
    words may stand between the title and the name, and the particles of names ("officer
    Ramon del Rosario"). Risk: a title word right before a place ("the Governor Texas
    appointed") is read as a name."""
    j, words_left = m.first - 1, 3
    while j >= 0 and words_left and text[tokens[j].end : tokens[j + 1].start] == " ":
        word = tokens[j]
        j -= 1
        if word.key in titles():
            return True
        if not word.cap and word.key in NAME_PARTICLES:
            continue
        if not word.cap or word.key in stopwords() or word.key in orgwords():
            return False
        words_left -= 1
    return False


def _drop_people(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    covered = {i for m in mentions for i in range(m.first, m.last + 1)}
    headlines = _cached_headline_spans(text)
    named = [
        m
        for m in mentions
        if m.candidates[0].kind not in ("demonym", "metonym")
        and not _in_spans(m.start, headlines)
        and (_after_name(text, tokens, m, covered) or _before_surname(text, tokens, m, covered))
    ]
    # A title or a second minor place makes a name for sure: it goes even after a locative
    # ("from Mr Nelson Gantz"), where a name guessed from one capitalised word stays ("of
    # Belfast Magistrate's Court").
    sure = [m for m in mentions if _titled(m) and _after_title(text, tokens, m)]
    sure += _minor_pair(text, mentions, headlines)
    if not named and not sure:
        return mentions
    people = {m.key for m in named + sure}
    written_as_names = {m.start for m in sure}

    def keep(m: Mention) -> bool:
        """A later bare use of a person's name stays after a locative ("in Jordan")."""
        if m.key not in people or m.start in written_as_names:
            return m.key not in people
        return m.first > 0 and tokens[m.first - 1].key in LOCATIVE

    return [m for m in mentions if keep(m)]


# A list goes on after "X, Y" ("Copenhagen, Hamburg and Mannheim"); a date does not
# ("LONDON, Ontario, March 2").
_LIST_GOES_ON = re.compile(
    r"(?:,\s*|\s+(?:and|or|&)\s+)"
    r"(?!(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\.?\s+\d)[A-Z]"
)


def _followed_by_region(text: str, m: Mention, nxt: Mention | None) -> bool:
    """Is `m` a place "X, Y" inside region Y (and not an item of a list "X, Y, Z")?"""
    if nxt is None or nxt.candidates[0].kind not in ("admin", "country"):
        return False
    gap = text[m.end : nxt.start]
    if gap != ", " and not (nxt.abbreviation and gap in (",", " ")):
        return False
    return nxt.abbreviation or not _LIST_GOES_ON.match(text, nxt.end)


def _is_common_word(m: Mention, lower_words: set[str]) -> bool:
    if any(e.kind in SENSE_KINDS_STRONG for e in m.candidates):
        return False
    if m.key in nonplaces():
        return True
    return " " not in m.key and (m.key in stopwords() or m.key in lower_words)


def _named_after(text: str, m: Mention) -> bool:
    """ "New Spain", "Nouvelle-France": a colony or region named after a country."""
    return m.candidates[0].kind == "country" and bool(
        _NEW_BEFORE.search(text, max(0, m.start - 12), m.start)
    )


def _in_water_name(text: str, m: Mention) -> bool:
    """ "Indian Ocean", "Gulf of Mexico", and a region named after its sea ("the Red Sea",
    also a Sudanese state): the water, which GeoWebNews gives no country either."""
    if m.name.rsplit(" ", 1)[-1].title() in _WATER_WORDS:
        return True
    return bool(
        _WATER_AFTER.match(text, m.end) or _WATER_BEFORE.search(text, max(0, m.start - 25), m.start)
    )


def _ticker(text: str, m: Mention) -> bool:
    """ "SCOTT <SCOT>", "<GEORGIA.N>": a wire's stock ticker spells no place."""
    return text[m.start - 1 : m.start] == "<" and text[m.end : m.end + 1] in (">", ".")


def drop_noise(
    text: str,
    tokens: list[Token],
    mentions: list[Mention],
    dateline: tuple[int, int] | None = None,
) -> list[Mention]:
    """Remove blockers, water bodies, language names, surnames and common words. A name in
    the dateline is a place: neither a common word nor a person."""
    lower_words = {t.key for t in tokens if not t.cap}
    kept: list[Mention] = []
    in_dateline: list[Mention] = []
    for idx, m in enumerate(mentions):
        nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
        if m.candidates[0].kind == "region" or _is_language_use(text, tokens, m):
            continue
        if _in_water_name(text, m) or _named_after(text, m) or _ticker(text, m):
            continue
        if dateline is not None and dateline[0] <= m.start < dateline[1]:
            in_dateline.append(m)
            continue
        if _is_common_word(m, lower_words) and not _followed_by_region(text, m, nxt):
            continue
        kept.append(m)
    people = _drop_people(text, tokens, kept)
    return sorted(in_dateline + people, key=lambda m: m.start) if in_dateline else people


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


def _container(m: Mention, nxt: Mention) -> tuple[Entry, Entry] | None:
    """For "X, Y": the sense of X inside a sense of Y, and that sense of Y."""
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
    if any(e.kind == "country" for e in m.candidates):
        return None
    region = regions[0]
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
        inside = _container(m, nxt) if nxt and _followed_by_region(text, m, nxt) else None
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
    for e in ranked:
        if not _unsupported_town(text, m, e, ctx, exempt, title):
            return e
    return None


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
            or _in_spans(m.start, _cached_headline_spans(text))
        )
        return capitals_say_nothing and not (supported or placed)
    if e.kind == "county":
        return " " not in m.key and not supported
    if " " in m.key and e.alt:
        return not placed  # "Chang Chi-cheng" is a person, not Changzhi: only "in Chang Chi"
    if " " in m.key:
        return supported and not placed
    return not (supported and placed)


@lru_cache(maxsize=4)
def _cached_headline_spans(text: str) -> list[tuple[int, int]]:
    return _headline_spans(text)
