"""What looks like a place name but is not one: drop it before choosing senses
(resolve.py). Each rule is general, with the false positive it trades for:

- Blockers: a match whose best sense is a region ("Latin America", "Middle East") names no
  country. It also shields the country inside it ("America") by longest match.
- "New Spain", "Nouvelle-France": a country's name after New/Nueva/Nouvelle names a colony
  or region, not the country.
- Water and peninsulas: a name inside "Indian Ocean", "South China Sea", "Korean
  Peninsula", "Gulf of Mexico" (also in a headline's capitals) names no country (a story
  about the sea is not about the country, and GeoWebNews gives such places none).
- Languages: a demonym that is also a language ("French", "Russian") after "in", "into",
  "from" or before "language", "-speaking", "speakers", "translation", "version",
  "subtitles" names the language. Risk: "in Russian hands" is lost (rare in news). So does
  every demonym of a list of languages ("courses in English, French, Italian and Arabic";
  `_language_lists`), but not a list of nationalities before a noun ("French, German and
  Italian troops").
- Manners: a demonym or country before "-style", "-inspired", "-spiced" ("Greek-style
  yogurt") and a demonym before "cuisine", "restaurant", "dishes" ("a Mexican
  restaurant") name a manner of cooking or design, not the country. Dishes and household
  things ("Swiss chard", "French press", "Dutch oven") are blockers in data/aliases.tsv.
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
  countries, demonyms, US states and capitals of 100k+ not; a country too when a surname
  follows it: "chef Jordan Anderson"), two one-word minor places side by side ("Barry
  Douglas", "David Stanley"), a capitalised particle before a capitalised word ("said Van
  Boxtel": not Van, Turkey) and a minor place before a trophy word ("Stanley Cup", "Davis
  Cup"). Another language's name of a country ("Maurice", gazetteer `alt`) is no exemption
  ("Maurice Saltzman").
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

"""

from __future__ import annotations

import itertools
import re
from functools import cache, lru_cache
from importlib import resources

from wiredesk.geo.gazetteer import GENERIC_WORDS, name_key, words
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
# After a minor place, a trophy named after a person: "Stanley Cup", "Davis Cup".
TROPHIES = words("cup trophy prize award awards medal")
LANGUAGE_BEFORE = frozenset(["in", "into", "from"])
LANGUAGE_AFTER = re.compile(
    r"[\s-]*(?:language|speaking|speakers?|translation|version|subtitles|dub)", re.IGNORECASE
)
# Between the items of a list of languages ("in Spanish, German, French and English").
_LIST_SEPARATOR = r"(?:\s*,\s*(?:and\s+|or\s+|as\s+well\s+as\s+)?|\s+(?:and|or)\s+|\s*/\s*)"
# A word that qualifies a language in a list ("Brazilian Portuguese", "simplified Chinese").
_LANGUAGE_QUALIFIER = r"(?:(?:[A-Z][a-z]+|simplified|traditional)\s+)?"
# "Greek-style yogurt", "Indian-spiced eggs", "a Danish-inspired design": a manner, no place.
_MANNER_AFTER = re.compile(
    r"-(?:style|styled|inspired|spiced|themed|flavou?red|influenced)\b", re.IGNORECASE
)
# "Mexican restaurant", "Indian and Sri Lankan cuisine": a kind of cooking, no place.
_COOKING_AFTER = re.compile(
    r"(?:,?\s+(?:and|or|&)\s+[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)?\s+"
    r"(?:cuisine|restaurants?|eater(?:y|ies)|dishes|fare|cooking|bistro|takeout|takeaway)\b"
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


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_language_use(text: str, tokens: list[Token], m: Mention) -> bool:
    if m.key not in languages() or m.candidates[0].kind != "demonym":
        return False
    if m.first > 0 and tokens[m.first - 1].key in LANGUAGE_BEFORE:
        return True
    return bool(LANGUAGE_AFTER.match(text, m.end))


@cache
def _language_list_pattern() -> re.Pattern[str]:
    names = "|".join(k.title() for k in sorted(languages(), key=len, reverse=True))
    item = rf"{_LANGUAGE_QUALIFIER}(?:{names})\b"
    return re.compile(rf"\b{item}(?:{_LIST_SEPARATOR}{item})+")


def _language_lists(
    text: str, tokens: list[Token], mentions: list[Mention]
) -> list[tuple[int, int]]:
    """Spans of lists of languages ("courses in English, French, Italian and Arabic";
    "supports English, Brazilian Portuguese, Danish and Mandarin Chinese"). A list of two or
    more language names is one when it holds a name that is only a language ("English",
    "Arabic": no demonym of the gazetteer) or one used as a language by `_is_language_use`,
    and no noun follows it: "the English, Dutch and Spanish settlers" are people. Risk: a
    list of nationalities as nouns with "English" in it ("the English, French and Dutch.")."""
    demonyms = {m.start: m for m in mentions if m.candidates[0].kind == "demonym"}
    if not demonyms or sum(t.cap and t.key in languages() for t in tokens) < 2:
        return []  # the common case, without a scan of the text
    spans: list[tuple[int, int]] = []
    for found in _language_list_pattern().finditer(text):
        after = re.match(r"\s+([a-z]+)", text[found.end() : found.end() + 40])
        if after and after.group(1) not in stopwords():
            continue  # "French, German and Italian troops"
        words_ = re.finditer(r"[A-Z][a-z]+", found.group())
        names = [w for w in words_ if name_key(w.group()) in languages()]
        starts = [found.start() + w.start() for w in names]
        if any(a not in demonyms for a in starts) or any(
            _is_language_use(text, tokens, demonyms[a]) for a in starts
        ):
            spans.append(found.span())
    return spans


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
    return _minor(m) and _surname_follows(text, tokens, m, covered)


def _surname_follows(text: str, tokens: list[Token], m: Mention, covered: set[int]) -> bool:
    """Is the word right after `m` shaped like a surname (`_name_like`)?"""
    if m.last + 1 >= len(tokens):
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
            and not in_spans(a.start, headlines)
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


def _given_before_surname(text: str, tokens: list[Token], m: Mention) -> bool:
    """Is `m` a one-word name (a country's too) right before a surname, so that after a
    title it is a given name ("coach Chad Morris", "chef Jordan Anderson")? Without a
    title a country there stays a country: "Jordan Valley", "Israel Museum"."""
    # No word is exempt for spelling a place: after a title a surname that spells a town
    # ("Anderson", South Carolina) is still a surname.
    return m.first == m.last and _surname_follows(text, tokens, m, set())


def _particle(text: str, tokens: list[Token], m: Mention) -> bool:
    """Is `m` the capitalised particle of a surname ("said Van Boxtel", "to Van Der Beek",
    "Van Gogh's painting"), which spells Van, Turkey? Not in capitals, where every word is
    capitalised."""
    if m.first != m.last or m.key not in NAME_PARTICLES or m.last + 1 >= len(tokens):
        return False
    nxt, written = tokens[m.last + 1], text[m.start : m.end]
    if written.isupper() or not written[0].isupper() or nxt.text.isupper():
        return False
    return text[m.end : nxt.start] == " " and nxt.cap


def _trophy(text: str, tokens: list[Token], m: Mention) -> bool:
    """Is `m` a minor place before a trophy word, so a person's name ("a Stanley Cup
    title", "Davis Cup finals")? Risk: a small town's own cup ("the Kenilworth Cup") is
    lost, which costs a mention of a small town."""
    if m.last + 1 >= len(tokens) or not _minor(m):
        return False
    nxt = tokens[m.last + 1]
    return text[m.end : nxt.start] == " " and nxt.key in TROPHIES


def _drop_people(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    covered = {i for m in mentions for i in range(m.first, m.last + 1)}
    headlines = cached_headline_spans(text)
    named = [
        m
        for m in mentions
        if m.candidates[0].kind not in ("demonym", "metonym")
        and not in_spans(m.start, headlines)
        and (_after_name(text, tokens, m, covered) or _before_surname(text, tokens, m, covered))
    ]
    # A title or a second minor place makes a name for sure: it goes even after a locative
    # ("from Mr Nelson Gantz"), where a name guessed from one capitalised word stays ("of
    # Belfast Magistrate's Court").
    sure = [
        m
        for m in mentions
        if (_titled(m) or _given_before_surname(text, tokens, m)) and _after_title(text, tokens, m)
    ]
    sure += _minor_pair(text, mentions, headlines)
    sure += [m for m in mentions if _particle(text, tokens, m) or _trophy(text, tokens, m)]
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


def followed_by_region(text: str, m: Mention, nxt: Mention | None) -> bool:
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


def _in_language_list(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return m.candidates[0].kind == "demonym" and in_spans(m.start, spans)


def _manner(text: str, m: Mention) -> bool:
    """ "Greek-style yogurt", "Portuguese-inspired seafood", "a Mexican restaurant", "Indian
    and Sri Lankan cuisine": a demonym or country naming a manner of cooking or design, not
    the country. Risk: "Italian cuisine won Unesco status" in a story with nothing else of
    Italy loses the country."""
    if m.candidates[0].kind not in ("demonym", "country"):
        return False
    if _MANNER_AFTER.match(text, m.end):
        return True
    return m.candidates[0].kind == "demonym" and bool(_COOKING_AFTER.match(text, m.end))


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
    spoken = _language_lists(text, tokens, mentions)
    kept: list[Mention] = []
    in_dateline: list[Mention] = []
    for idx, m in enumerate(mentions):
        nxt = mentions[idx + 1] if idx + 1 < len(mentions) else None
        if m.candidates[0].kind == "region" or _is_language_use(text, tokens, m):
            continue
        if _in_language_list(m, spoken) or _manner(text, m):
            continue
        if _in_water_name(text, m) or _named_after(text, m) or _ticker(text, m):
            continue
        if dateline is not None and dateline[0] <= m.start < dateline[1]:
            in_dateline.append(m)
            continue
        if _is_common_word(m, lower_words) and not followed_by_region(text, m, nxt):
            continue
        kept.append(m)
    people = _drop_people(text, tokens, kept)
    return sorted(in_dateline + people, key=lambda m: m.start) if in_dateline else people


@lru_cache(maxsize=4)
def cached_headline_spans(text: str) -> list[tuple[int, int]]:
    return _headline_spans(text)
