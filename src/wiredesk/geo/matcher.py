"""Find gazetteer names in text: longest match over capitalised word n-grams.

A match must start and end on a capitalised token (lower-case words such as "of", "de",
"and" may sit inside: "Bosnia and Herzegovina", "Rio de Janeiro"), and the tokens of one
name may be separated only by a space, a hyphen, an apostrophe or a period ("U.S.",
"St. Louis", "Guinea-Bissau"), never by a line break, comma or other punctuation. Short
all-capital keys (US, UK, WHO) match only when written in capitals, so "us" and "Us" do not;
other words of up to `SHORT_CAPS` (4) letters written in capitals are acronyms ("SANA",
"OAS"), not towns, unless they open a line (a dateline: "ROME (AP) -").

Scanning is linear in the number of capitalised tokens times `Gazetteer.max_tokens` (capped
at `MAX_NGRAM`), which keeps a 3,000-character story well under a millisecond of lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from operator import itemgetter
from typing import NamedTuple

from wiredesk.geo.gazetteer import Entry, Gazetteer, fold

MAX_NGRAM = 8
# Russian noun endings (oblique cases) and what the nominative ends with instead, in folded
# form (folding strips the breve: "й" is compared as "и").
_RU_ENDINGS = (
    ("иеи", "ия"),
    ("ии", "ия"),
    ("ию", "ия"),
    ("ои", "а"),
    ("ою", "а"),
    ("еи", "я"),
    ("ом", ""),
    ("ем", "ь"),
    ("е", "а"),
    ("у", "а"),
    ("ы", "а"),
    ("и", "я"),
    ("ю", "я"),
    ("е", "я"),
    ("а", ""),
    ("у", ""),
    ("е", ""),
    ("и", "ь"),
    ("я", "ь"),
)
SHORT_CAPS = 4
SHOUT_CHARS = 200
STRONG_KINDS = frozenset({"country", "metonym", "demonym", "admin"})
_TOKEN = re.compile(r"[^\W_]+")
_AMPERSAND = re.compile(r" ?& ?")
_JOINER = re.compile(r"[ \t\-\u2010'\u2019.]{1,2}|\. ")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    key: str
    cap: bool


_new_token = partial(tuple.__new__, Token)


@dataclass(slots=True)
class Mention:
    """A gazetteer name found in text, before disambiguation."""

    name: str
    start: int
    end: int
    key: str
    candidates: tuple[Entry, ...]
    first: int  # index of its first token
    last: int  # index of its last token
    abbreviation: bool = False  # a region abbreviation after a town ("Slidell, La.")


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets, folded keys and capitalisation (built column by column:
    this is the tagger's hottest loop)."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    words = [text[a:b] for a, b in spans]
    first, second = itemgetter(0), itemgetter(1)
    columns = zip(
        words,
        map(first, spans),
        map(second, spans),
        map(fold, words),
        map(str.isupper, map(first, words)),
        strict=True,
    )
    return list(map(_new_token, columns))


def _joined(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return bool(_JOINER.fullmatch(gap)) and not (gap.startswith(".") and len(left.text) > 3)


def _match_at(text: str, tokens: list[Token], i: int, gaz: Gazetteer) -> Mention | None:
    key = tokens[i].key
    best: Mention | None = None
    j = i
    while True:
        # A blocker may end in a lower-case word ("Swiss chard", "French toast"), a place
        # name may not ("New York" but not "New york" inside "the New york-style ...").
        if key in gaz.names and (tokens[j].cap or _is_blocker(gaz.names[key])):
            end = tokens[j].end
            if j > i and len(tokens[j].text) == 1 and text[end : end + 1] == ".":
                end += 1  # the closing period of an initialism: "U.S."
            best = Mention(
                text[tokens[i].start : end], tokens[i].start, end, key, gaz.names[key], i, j
            )
        if j - i + 1 >= MAX_NGRAM or j + 1 >= len(tokens) or key not in gaz.prefixes:
            break
        gap = text[tokens[j].end : tokens[j + 1].start]
        if _AMPERSAND.fullmatch(gap):  # "Trinidad & Tobago": "&" is read as "and"
            key = f"{key} and"
        elif not _joined(text, tokens[j], tokens[j + 1]):
            break
        j += 1
        key = f"{key} {tokens[j].key}"
    if best is None and "\u0400" <= tokens[i].key[0] <= "\u04ff":
        lemma = _cyrillic_lemma(tokens[i].key, gaz)
        if lemma is not None:
            t = tokens[i]
            best = Mention(t.text, t.start, t.end, lemma, gaz.names[lemma], i, i)
    return best


def _is_blocker(candidates: tuple[Entry, ...]) -> bool:
    """A phrase of data/aliases.tsv that names no country ("Swiss chard", "Native American")."""
    return all(e.kind == "region" for e in candidates)


def _cyrillic_lemma(key: str, gaz: Gazetteer) -> str | None:
    """The nominative of an inflected Russian place name ("России" -> "россия", "Москве"
    -> "москва", "Берлине" -> "берлин"): the gazetteer holds nominatives only. Tried for
    one-word Cyrillic names only, longest ending first, first known result wins."""
    for ending, replacement in _RU_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 2:
            candidate = key[: -len(ending)] + replacement
            if candidate in gaz.names:
                return candidate
    return None


def _case_ok(text: str, mention: Mention, gaz: Gazetteer) -> bool:
    letters = mention.name.replace(".", "").replace(" ", "")
    if mention.key in gaz.upper_only:
        return letters.isupper()
    if len(letters) <= SHORT_CAPS and letters.isupper():
        # "SANA", "SUV", "OAS": acronyms, unless the line starts with it (a dateline: "ROME")
        # or the whole line is in capitals (a wire headline: "U.S. SAYS IRAN ...") and the
        # name is a country's, a region's or a capital's.
        # In a headline in capitals, the word opening it is no dateline ("GAO SAYS FSLIC
        # SHOWS DEFICIT", "VAN OMMEREN ACQUIRES..."): it counts like the line's other words.
        line_start = text.rfind("\n", 0, mention.start) + 1
        shouted = _shouted(text, line_start)
        if not shouted and not text[line_start : mention.start].strip():
            return True
        return shouted and any(_shouted_kind(e, len(letters)) for e in mention.candidates)
    return True


def _shouted_kind(e: Entry, letters: int) -> bool:
    """Can a short word in a headline in capitals be this place? A country, seat of power,
    demonym or capital ("UK", "IRAN", "ROME"); a region only with four letters ("OHIO",
    "UTAH"): three-letter ones are mostly acronyms ("GAO" is also a Malian region)."""
    if e.kind == "admin":
        return letters >= 4
    return e.kind in STRONG_KINDS or e.capital


def _shouted(text: str, line_start: int) -> bool:
    """Is the line starting at `line_start` written in capitals (most of the letters of its
    first `SHOUT_CHARS` characters: a headline is short)?"""
    end = text.find("\n", line_start, line_start + SHOUT_CHARS)
    line = text[line_start : end if end >= 0 else line_start + SHOUT_CHARS]
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def find_mentions(text: str, gaz: Gazetteer) -> tuple[list[Token], list[Mention]]:
    """All non-overlapping longest gazetteer matches in `text`, left to right."""
    tokens = tokenize(text)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        if tokens[i].cap:
            found = _match_at(text, tokens, i, gaz)
            if found is not None and _case_ok(text, found, gaz):
                mentions.append(found)
                i = found.last + 1
                continue
        i += 1
    return tokens, mentions


@cache
def _abbreviation_pattern(abbreviations: frozenset[str]) -> re.Pattern[str]:
    """ "Slidell, La." and "Nelson BC"; also "Palm Beach, Fla, Oct 19": without its period
    only after a comma and before a comma or the end ("Mass" and "Miss" are words)."""
    ordered = sorted(abbreviations, key=len, reverse=True)
    alternation = "|".join(re.escape(a) for a in ordered)
    bare = "|".join(re.escape(a[:-1]) for a in ordered if a.endswith(".") and "." not in a[:-1])
    return re.compile(rf"(?:, ?| )({alternation})(?=[\s,;:)]|$)|, ?({bare})(?=,|\s*$)")


_NEXT_WORD = re.compile(r"[\s,;:)]*([^\W\d_]+)")


# Company forms that spell a region's postal code: "Algemene Bank Nederland NV" (Nevada),
# "Incentive AB" (Alberta), "Norsk Hydro AS" (American Samoa), "Acme CO" (Colorado).
_LEGAL_FORMS = frozenset({"NV", "AB", "AS", "CO", "SA", "AG", "BV", "OY", "SE"})


def _abbreviation_after_space(text: str, found: re.Match[str], abbr: str) -> bool:
    """ "Nelson BC" counts when written in capitals, but not in a line written all in
    capitals ("JAPAN TO HELP U.S. ON DEFENCES", "ISRAEL IN NINTH AIR RAID"), where every
    word looks like one, nor when it is a company's legal form ("Bank Nederland NV")."""
    if not abbr.replace(".", "").isupper() or abbr in _LEGAL_FORMS:
        return False
    after = _NEXT_WORD.match(text, found.end())
    return after is None or not after.group(1).isupper()


def add_region_abbreviations(
    text: str,
    mentions: list[Mention],
    gaz: Gazetteer,
    dateline: tuple[int, int] | None = None,
) -> list[Mention]:
    """Add "La." in "Slidell, La." and "BC" in "Nelson BC": abbreviated regions count only
    right after a place (after a space only when written in capitals), as they are words
    or initials elsewhere. In a dateline they count after any name ("OAK BROOK, Ill."): a
    town too small for the gazetteer is still in its state. In that place an abbreviation
    wins over a short town name it spells ("PITTSBURGH, Pa": Pennsylvania, not Pa, China)."""
    pattern = _abbreviation_pattern(frozenset(gaz.region_abbreviations))
    spelled = {m.start: m for m in mentions if _short_town(m)}
    taken = {m.start for m in mentions} - spelled.keys()
    added: list[Mention] = []
    ends = [m.end for m in mentions]
    commas = [i for i in range(*dateline) if text[i] == ","] if dateline else []
    ends += commas
    for end in ends:
        found = pattern.match(text, end)
        group = 1 if found is not None and found.group(1) else 2
        if found is None or found.start(group) in taken:
            continue
        abbr = found.group(group)
        if found.group().startswith(" ") and not _abbreviation_after_space(text, found, abbr):
            continue
        entry = gaz.region_abbreviations[abbr if group == 1 else abbr + "."]
        added.append(
            Mention(
                abbr,
                found.start(group),
                found.end(group),
                f"abbr:{abbr}",
                (entry,),
                -1,
                -1,
                abbreviation=True,
            )
        )
        taken.add(found.start(group))
    if not added:
        return mentions
    replaced = {m.start for m in added}
    kept = [m for m in mentions if m.start not in replaced]
    if dateline is not None:
        kept = _drop_fragments(text, kept, added, dateline)
    return sorted(kept + added, key=lambda m: m.start)


def _drop_fragments(
    text: str, mentions: list[Mention], added: list[Mention], dateline: tuple[int, int]
) -> list[Mention]:
    """In a dateline "BALA CYNWYD, Pa.", the place is all that comes before the comma: when
    no name ends there, the gazetteer does not know the town, and a name inside it ("BALA")
    is no place."""
    first = min(m.start for m in added)
    comma = text.rfind(",", dateline[0], first)
    if comma < 0 or any(m.end == comma for m in mentions):
        return mentions
    return [m for m in mentions if not (dateline[0] <= m.start < comma)]


def _short_town(m: Mention) -> bool:
    """A town whose name is as short as a region's abbreviation ("Pa", "Kan", "Md")."""
    return len(m.name) <= 4 and all(e.kind in ("city", "county") for e in m.candidates)
