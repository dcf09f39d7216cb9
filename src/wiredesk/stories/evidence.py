"""What counts as evidence that two reports are of one event (pure, no database).

Similar wording is not enough: wire services file thousands of templated briefs a day
("CMS ENERGY CORP <CMS> 3RD QTR NET", "BAHRAIN TREASURY BILL YIELDS FALL"), and a blog's
short posts all open with a country name. Two reports are of one event only when they
share *specific* evidence: features that are rare in the stream so far (names, rare
words, uncommon numbers). General features never suffice:

- country codes and the words and name skeletons that spell a country ("Bulgaria" as
  ``w:en:bulgar`` and ``e:blgr``), because every report from a country names it;
- jusText's frequent words of the language ("said", "company");
- features found in more than `share` of the documents seen so far (at least `min_df`
  documents): topic and template words such as "qtr", "dividend", "yields".

A *templated* headline is one whose shape (its general words in order, with every
specific word, country and number masked) has already been seen `TEMPLATE_SEEN` times in
the stream. Templates are found from recurrence, not from a list of phrasings. A templated
brief joins a story only when the entities in its headline's slots (its specific words, places
and countries) meet those that most of the story's headlines name, and never when both name
identifiers (tickers) and none is shared. Headlines naming countries, none in common, never
join (Mother's Day in China and in Ecuador are two stories).

False-positive risks left: two templated briefs about one entity on different days (two
weekly auctions of one country's bills) share the slot and may join when their bodies also
share rare numbers; early in a stream (fewer than a few hundred documents) few words are
general yet, so topic words still count as specific there.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from wiredesk.geo.gazetteer import GENERIC_WORDS, gazetteer
from wiredesk.stories.features import (
    NUMBER,
    WORD,
    content_stem,
    country_counts,
    country_names,
    fold,
    frequent_words,
    shouting,
    skeleton,
    stem,
    stop_words,
    tokens,
)

TEMPLATE_SEEN = 3  # a headline shape seen this often before is a template
IDENTIFIER = re.compile(
    r"<\s*([^<>]{1,60}?)\s*[>)]|\((?:NYSE|NASDAQ|Nasdaq|LSE|TSX|AMEX|OTC)\s*:\s*([A-Z.]{1,8})\)"
)


PLACE_KINDS = frozenset({"country", "demonym", "metonym", "region"})


@cache
def place_words() -> frozenset[str]:
    """Folded words that name a country, its people, its seat of power, a region, a
    state or province, or a capital ("bulgaria", "georgians", "kremlin", "ontario",
    "tbilisi"): every report from a place names it, so it says nothing about the event.
    Other cities stay specific: "Valparaiso" after an earthquake is evidence."""
    words: set[str] = {w for name in country_names() for w in name.split()}
    for key, entries in gazetteer().names.items():
        single = " " not in key
        for entry in entries:
            if entry.kind in PLACE_KINDS or (single and (entry.kind == "admin" or entry.capital)):
                words.update(key.split())
    ordinary = stop_words("en") | {w for w in frequent_words("en") if len(w) < 6}
    return frozenset(words - GENERIC_WORDS - ordinary)  # "near", "of" name places too


@cache
def country_keys(lang: str) -> frozenset[str]:
    """Word and skeleton features of place words (`place_words`)."""
    # `stem` uncached: each place word is stemmed once a language, and the cache would
    # fill with them (the first article in each further language waited for it)
    cut = stem.__wrapped__
    words = {f"w:{lang}:{cut(fold(word), lang)}" for word in place_words()}
    return frozenset(words) | _place_skeletons()


@cache
def _place_skeletons() -> frozenset[str]:
    """The skeleton features of place words: the same in every language, so they are
    made once (most of `country_keys`' cost, paid again by the stream's first article
    in each further language)."""
    return frozenset(f"e:{s}" for word in place_words() if len(s := skeleton(word)) >= 2)


@cache
def general_keys(lang: str) -> frozenset[str]:
    """Features that are general whatever the stream: country names and frequent words."""
    frequent = {f"w:{lang}:{w}" for w in frequent_words(lang)}
    return country_keys(lang) | frozenset(frequent)


def headline_names(title: str, lead: str) -> frozenset[str]:
    """The headline's words that the text writes as names: capitalised in `lead` and
    never in lower case there ("VOLCKER", "Saab-Scania"; not "ISSUES" or "EUROBOND",
    which the text writes "issues", "eurobond"). A headline in capitals says nothing of
    its words' kind; its own text does. Folded; empty without a text."""
    if not lead:
        return frozenset()
    lower: set[str] = set()
    capital: set[str] = set()
    for word in tokens(lead):
        (lower if word.islower() else capital if word[0].isupper() else lower).add(fold(word))
    return frozenset(
        f for f in map(fold, tokens(title)) if len(f) > 1 and f in capital and f not in lower
    )


def identifiers(title: str) -> frozenset[str]:
    """Tickers and marked company names a headline names: "<CMS>", "<CINRAM LTD>",
    "(NYSE: IBM)"; spaces and case are normalised."""
    return frozenset(" ".join((a or b).upper().split()) for a, b in IDENTIFIER.findall(title))


@dataclass
class Headline:
    """A headline as evidence: its template shape, slot entities and identifiers."""

    shape: str
    slots: frozenset[str]
    ids: frozenset[str]
    words: frozenset[str] = frozenset()  # content stems, places and frequent words left out


def read_headline(title: str, lang: str, is_specific: Callable[[str], bool]) -> Headline:
    """Mask specific words, countries and numbers; what is left is the shape."""
    marked = "<" in title or "(" in title  # an identifier needs one of them
    masked = IDENTIFIER.sub(" \x00 ", title) if marked else title
    masked = NUMBER.sub(" \x00 ", masked)
    loud = shouting(title)
    parts: list[str] = []
    content: set[str] = set()
    slots: set[str] = {f"c:{c}" for c, _ in country_counts(title)}
    # masking can change how a word ends ("Dick's2"), so unmasked headlines only reuse
    # the words already read from them
    words = tokens(title) if masked == title else WORD.findall(masked.replace("\x00", " # "))
    for word in words:
        read = _headline_word(word, lang, loud)
        if read is None:
            continue
        cut, key, place, general = read
        if not (place or general):
            content.add(cut)
        if place or is_specific(key):
            slots.add(place or key)  # a place fills a slot too
            if not parts or parts[-1] != "*":
                parts.append("*")
        else:
            parts.append(cut)
    ids = identifiers(title) if marked else frozenset()
    return Headline(" ".join(parts), frozenset(slots), ids, frozenset(content))


@lru_cache(maxsize=1 << 16)  # pure; one call per word of every headline
def _headline_word(word: str, lang: str, loud: bool) -> tuple[str, str, str, bool] | None:
    """A headline's content word as (stem, its feature, its place slot or "", whether it
    is a frequent word); None for a stop word."""
    cut = content_stem(word, lang, loud)
    if not cut:
        return None
    folded = fold(word)
    place = f"p:{folded}" if folded in place_words() else ""
    return cut, f"w:{lang}:{cut}", place, cut in frequent_words(lang)


@dataclass
class Shapes:
    """How often each headline shape has been seen in the stream."""

    seen: Counter[str] = field(default_factory=Counter)

    def templated(self, headline: Headline) -> bool:
        """A shape of two or more general words that recurs; counts this headline too."""
        seen = self.seen.get(headline.shape, 0)  # `get`: most shapes are new, and a
        if sum(p != "*" for p in headline.shape.split()) >= 2:  # Counter's miss is slow
            self.seen[headline.shape] = seen + 1
        return seen >= TEMPLATE_SEEN


def slots_agree(
    article: Headline, story_slots: Counter[str], story_ids: Counter[str], members: int
) -> bool:
    """Entities agree: identifiers, when both have them, overlap; so do slot entities.

    Only the story's common entities count (named by at least half of its headlines), so
    that a story that once took a wrong brief does not agree with everything after it."""
    common = max(1, members // 2)
    slots = {k for k, n in story_slots.items() if n >= common}
    ids = {k for k, n in story_ids.items() if n >= common}
    if article.ids and story_ids and not article.ids & ids:
        return False
    return bool(article.slots & slots or article.ids & ids)


def places_conflict(article: Headline | None, story_slots: Counter[str], members: int) -> bool:
    """Both headlines name countries and none in common (most of the story's headlines
    name them): reports from two countries are two events ("China: Mother's Day",
    "Ecuador: Being a Mother")."""
    if article is None:
        return False
    mine = {s for s in article.slots if s.startswith("c:")}
    if not mine:
        return False  # before the story's slots, which grow with the story
    common = max(1, (members + 1) // 2)
    theirs = {k for k, n in story_slots.items() if k.startswith("c:") and n >= common}
    return bool(mine and theirs and not mine & theirs)
