"""What each place mention says about the story: where it stands and what role it plays.

The aboutness model (model.py) reads these facts, never the text. Each is a general reading
of how news is written, with the false reading it risks:

- position: the dateline, the headline, the lead (first paragraph, or the first `LEAD_CHARS`
  characters when the text has no paragraph breaks) and the paragraph it sits in;
- venue ("talks in Geneva", "listed in Luxembourg"): where something happens or is held, not
  what it is about. Risk: "fighting in Donetsk" is not a venue and is not taken for one.
- seat: the seat of an organisation the story names ("Brussels" in a NATO story);
- quote: inside quotation marks, someone's words rather than the story's own;
- currency ("US$ 5 million", "Canadian dlrs", "Swiss francs"): a unit, which says nothing of
  the country. Such a mention is kept as a place but does not count as one;
- market ("Japanese investors", "the Tokyo market", "U.S. buyers"): the country as a place
  trade passes through, which a trade or markets story names in passing. Risk: "Japanese
  consumers" in a story about Japan's economy, which its other mentions carry;
- crowd: how many other countries the list it stands in names: a list of places
  ("Holland, Belgium and Luxembourg", "In Zurich, Switzerland:\n\nIn Paris, France:")
  names each in passing. Mentions are in one list when only separators lie between them
  (`is_list_gap`);
- container: "Zurich, Switzerland" is one place named twice; the country after the town
  does not count again;
- translation: a paragraph in another language than the story's is a quote that its
  neighbouring paragraph translates (Global Voices' habit); its mentions do not count when
  a paragraph next to it names the same country, so a quote is not counted twice. A small
  town named there (under noise.SMALL_CITY_POP, not a capital) is no place at all: the
  capitals of another language's names of institutions and eras ("la Universidad Central",
  "la Nueva España") are read against an English gazetteer's towns. Risk: a small town
  named only in a foreign-language quote is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Segment = Literal["text", "title", "dateline"]

LEAD_CHARS = 400
_VENUE = re.compile(
    r"\b(?:talks|headquarters|hq|summit|meeting|meetings|conference|negotiations|forum|"
    r"held|hosted|convened|based|session|listed|quoted|traded|registered|"
    r"exchange|exchanges|issued|incorporated|domiciled|agreed|reached|signed|met|meet|"
    r"clinched)\s+(?:[\w-]+\s+)?in\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CURRENCY = re.compile(
    r"\s?(?:\$|dollars?|dlrs?|cents?|francs?|sterling|pesos?|lir[ae]|yen|yuan|renminbi|"
    r"rupees?|kron[aeo]r?|reais|rubles?|roubles?|cruzados?|guilders?|escudos?|pesetas?|"
    r"schillings?|drachmas?|riy?als?|dinars?|shekels?|baht|ringgit|rupiah|bolivars?|"
    r"currency)\b",
    re.IGNORECASE,
)
# Also verbs or common words ("Russia pounds", "Brazil won"): a unit only after an adjective.
_CURRENCY_AFTER_ADJECTIVE = re.compile(
    r"\s(?:pounds?|marks?|won|real|rand|crowns?|soles|euros?)\b", re.IGNORECASE
)
# "Paris accord", "Geneva Convention", "Paris Club": an event or body named after a city.
_EVENT_AFTER = re.compile(
    r"[ -](?i:accords?|agreements?|pact|club|summit|talks|declaration|treaty|protocol|"
    r"convention|round|process|conference|consensus|communique|statement|meeting)\b"
)
# "Japan's Finance Ministry", "Brazilian government", "the Bank of Japan": the country's
# institutions act in the story.
_INSTITUTION = (
    r"(?i:government|minister|ministry|president|premier|officials?|authorities|parliament|"
    r"central bank|cabinet|army|military|forces|police|embassy|ambassador|leaders?|king|"
    r"court|department|agency|treasury|senate|congress|administration|delegation|economy)"
)
_INSTITUTION_AFTER = re.compile(rf"(?:['’]s?)?\s+(?:[A-Z][\w.-]*\s+){{0,2}}{_INSTITUTION}\b")
_INSTITUTION_BEFORE = re.compile(
    r"\b(?i:government|ministry|minister|bank|president|parliament|embassy|king|queen|people|"
    r"republic|kingdom|army|state)\s+of\s+(?:the\s+)?$"
)
# "San Miguel Corp", "National Australia Bank", "Hong Kong Land Co": a company's name.
# A wire's ticker after a name ("Delta <DAL>") marks a company too.
_COMPANY_AFTER = re.compile(
    r"\s+(?:[A-Z][\w&.-]*\s+){0,3}?(?:Corp|Corporation|Co|Cos|Inc|Ltd|Plc|PLC|AG|SA|NV|BV|"
    r"Holdings|Industries|Group|Bank|Airlines|Airways|Petroleum|Telecom|Partners|LP|Fund|"
    r"Works|Steel|Railroads?|Railways?|Energy)\b(?! of)|(?:['’]s)?(?:\s+[A-Z][\w&.-]*){0,3}\s*"
    r"<[A-Z][A-Z0-9.]*>"
)
# "Japanese investors", "the Tokyo market", "U.S. buyers": the country as a market, a
# place trade passes through, which a trade or markets story names in passing.
_MARKET_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[a-z-]+\s+)?(?:investors?|buyers?|sellers?|traders?|dealers?|markets?|"
    r"importers?|exporters?|demand|consumers?|institutions|funds?|houses|brokers?|"
    r"customers?|clients?|purchasers?|operators?)\b"
)
_LIST_GAP = re.compile(
    r"(?:\s*(?:[,;:/&|]|\band\b|\bor\b|\bas well as\b)\s*)+"
    r"(?:(?:the|in|and|to|from|west|east|north|south)\s+)*",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"\"[^\"\n]{1,2000}\"|“[^”\n]{1,2000}”|«[^»\n]{1,2000}»")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[A-Z\"“])|\n+")


@dataclass(slots=True)
class Evidence:
    """One place mention as the model sees it (see the module docstring)."""

    country: str
    kind: str
    segment: Segment
    start: int
    end: int = 0
    is_dateline: bool = False
    paragraph: int = 0  # index of its paragraph in the text; 0 for headline and dateline
    lead: bool = False
    venue: bool = False
    seat: bool = False
    quote: bool = False
    currency: bool = False
    container: bool = False
    translated: bool = False
    foreign_town: bool = False  # a small town named in a paragraph in another language
    crowd: int = 0  # other countries of the list it stands in
    first_sentence: bool = False
    possessive: bool = False
    institution: bool = False
    company: bool = False
    market: bool = False

    @property
    def counts(self) -> bool:
        """Whether it counts as a mention of its country (units and repeats do not)."""
        return not (self.is_not_a_place or self.container or self.translated)

    @property
    def is_not_a_place(self) -> bool:
        """A currency, or a capitalised common noun of another language ("Universidad",
        "Nueva España" in a Spanish quote): kept from the places and the counts."""
        return self.currency or self.foreign_town


def paragraph_starts(text: str) -> list[int]:
    """Offsets where the text's paragraphs (blocks between blank lines) start."""
    starts = [0]
    for m in re.finditer(r"\n\s*\n", text):
        starts.append(m.end())
    return starts


def is_list_gap(gap: str) -> bool:
    """Is `gap` only list separators (", ", " and the ", ":\n\nIn ")?"""
    return len(gap) <= 12 and bool(_LIST_GAP.fullmatch(gap))


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE.finditer(text)]


def sentence_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def is_venue(text: str, start: int, end: int, kind: str) -> bool:
    """ "talks in Geneva", "listed in Luxembourg", "the Paris accord"."""
    if _VENUE.search(text[max(0, start - 40) : start]):
        return True
    return kind in ("city", "county") and bool(_EVENT_AFTER.match(text, end))


def is_possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s") or (
        text[end : end + 1] in ("'", "’") and text[end - 1 : end] == "s"
    )


def is_institution(text: str, start: int, end: int) -> bool:
    return bool(
        _INSTITUTION_AFTER.match(text, end)
        or _INSTITUTION_BEFORE.search(text[max(0, start - 40) : start])
    )


def is_market(text: str, end: int) -> bool:
    return bool(_MARKET_AFTER.match(text, end))


def is_company(text: str, end: int) -> bool:
    return bool(_COMPANY_AFTER.match(text, end))


def is_currency(text: str, start: int, end: int, adjective: bool) -> bool:
    """ "US$", "$US", "U.S. dollars", "Canadian dlrs", "Swiss francs", "German marks"."""
    if _CURRENCY.match(text, end) or text[max(0, start - 1) : start] == "$":
        return True
    return adjective and bool(_CURRENCY_AFTER_ADJECTIVE.match(text, end))
