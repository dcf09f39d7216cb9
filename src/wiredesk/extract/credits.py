"""Credit and rights lines: recognise them and move them out of the story.

A *credit line* names who contributed reporting ("With reporting by AFP, Reuters, and dpa",
"Reporting by A; editing by B", "X contributed to this report", "With Post wires").
A *rights line* states copyright or republication permission ("Copyright (c) 2018. RFE/RL,
Inc. Republished with the permission of ...", "(c) 2019 Reuters. All rights reserved").

Both are recognised only on short blocks (at most `MAX_CREDIT_WORDS` = 40 words), so a
paragraph of the story that happens to mention copyright is never taken out.
False-positive risk: a one-sentence paragraph that starts "Reporting by ..." in the sense of
news coverage; judged rare next to the benefit.
"""

import re

from wiredesk.extract.keywords import Keys

MAX_CREDIT_WORDS = 40
NAME_SHARE = 0.6  # of the names in a credit line that must start with a capital ("dpa" may not)

_CREDIT_START = re.compile(
    r"^\(?\s*(?:with\s+)?(?:additional\s+|further\s+|more\s+)?(?:reporting|writing|"
    r"research|editing|compiled|compilation)\s+(?:by|from)\s+",
    re.I,
)
_CREDIT_CONTRIB = re.compile(
    r"^(?P<who>.{2,300}?)\s+(?:also\s+)?contributed\s+(?:reporting|to\s+this\s+"
    r"(?:report|story|article))[^.]*\.?\)?$",
    re.I,
)
# every match of `_CREDIT_CONTRIB` holds this, and of `_RIGHTS` one of `_RIGHTS_KEYS`
# (see `keywords`)
_CONTRIB_KEYS = Keys("contributed")
_CREDIT_COLON = re.compile(r"^(?:contributing|contributors?|additional reporting)\s*:\s*", re.I)
# "With Post wires", "staff and wires"; not an instruction ending in "wires" ("Bend wires")
_CREDIT_WIRES = re.compile(
    r"^(?:with\s+(?:(?P<who>[\w.&' -]{2,40}?)\s+)?|(?:staff|agencies)\s+(?:and|&)\s+)?"
    r"wires\.?$",
    re.I,
)
_ORG_WRITERS = re.compile(r"^.{0,40}?\b(?:writers?|reporters?|correspondents?|staff)\s+", re.I)
_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\bwith\b)\s*", re.I)
_ROLE_WORDS = re.compile(
    r"^(?:additional\s+|further\s+)?(?:reporting|writing|editing|research|compiled|"
    r"compilation)\s+(?:by|from)\s+",
    re.I,
)
_RIGHTS = re.compile(
    r"^\W{0,3}(?:copyright\b|©|\(c\)|ⓒ)|all rights reserved|"
    r"republished with (?:the )?permission|reprinted with (?:the )?permission|"
    r"used with permission|distributed by\b.{0,40}\blicen[cs]|무단전재|版权所有",
    re.I,
)
_RIGHTS_KEYS = Keys(
    "copyright",
    "©",
    "(c)",
    "ⓒ",
    "all rights reserved",
    "permission",
    "distributed by",
    "무단전재",
    "版权所有",
)


def _words(text: str) -> int:
    return len(text.split())


def credit_names(line: str) -> list[str] | None:
    """Names in a credit line, or None when the line is not one.

    "With reporting by AFP, Reuters, and dpa" -> ["AFP", "Reuters", "dpa"].
    """
    text = line.strip().strip("()[]").strip()
    if not text or _words(text) > MAX_CREDIT_WORDS:
        return None
    if _CREDIT_START.match(text) or _CREDIT_COLON.match(text):
        names = _names(text)
        capitalised = sum(n[:1].isupper() for n in names)
        return names if names and capitalised >= NAME_SHARE * len(names) else None
    wires = _CREDIT_WIRES.match(text)
    if wires:
        who = (wires.group("who") or "").strip()
        return [f"{who} wires" if who else "wires"]
    contrib = _CREDIT_CONTRIB.match(text) if _CONTRIB_KEYS.may_match(text) else None
    if contrib and _words(contrib.group("who")) <= 30 and _looks_like_names(contrib.group("who")):
        return _names(contrib.group("who"))
    return None


def _looks_like_names(text: str) -> bool:
    """Mostly capitalised words: "Associated Press writers Alan Fram and Zeke Miller"."""
    words = [w for w in re.findall(r"[^\W\d_][\w'.-]*", text) if w.lower() not in _GLUE]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_GLUE = {
    "and",
    "in",
    "from",
    "of",
    "de",
    "van",
    "von",
    "der",
    "la",
    "le",
    "writers",
    "writer",
    "also",
    "the",
    "staff",
    "reporters",
    "reporter",
    "correspondent",
}


def _names(text: str) -> list[str]:
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\.\s+", text):
        part = _CREDIT_COLON.sub("", _ROLE_WORDS.sub("", _CREDIT_START.sub("", part.strip())))
        for name in _SPLIT.split(part):
            name = _ROLE_WORDS.sub("", name).strip(" .()[]")
            name = re.sub(r"^(?:the|and)\s+", "", name, flags=re.I)
            name = re.sub(r"\s+in\s+[A-Z][\w ]+$", "", name)  # "Jane Doe in Geneva"
            name = _ORG_WRITERS.sub("", name)  # "Associated Press writers Alan Fram"
            if name and _words(name) <= 6 and name not in names:
                names.append(name)
    return names


def is_rights_line(line: str) -> bool:
    """A short block stating copyright or republication permission."""
    text = line.strip()
    if not text or _words(text) > MAX_CREDIT_WORDS:
        return False
    return _RIGHTS_KEYS.may_match(text) and bool(_RIGHTS.search(text))


def others_credits(credits: list[str], source_name: str) -> list[str]:
    """The credits that name someone other than the story's own source.

    An agency found as the byline ("Written by RFE/RL") goes to the credits with those of
    the credit line, but "With reporting by AFP, Reuters, and dpa, RFE/RL" under RFE/RL's own
    story credits the source with helping itself. A credit is the source's own when it is
    its name or its initials ("Radio Free Europe/Radio Liberty": "RFE/RL"; "Agence
    France-Presse": "AFP"), compared case-folded ("dpa").
    """
    own = {source_name.casefold(), initials(source_name).casefold()} - {""}
    return [c for c in credits if c.casefold() not in own]


def initials(name: str) -> str:
    """The initials of a name's capitalised words, each "/"-part apart: "Radio Free
    Europe/Radio Liberty" -> "RFE/RL", "Agence France-Presse" -> "AFP", "Global Voices" ->
    "GV"; "" when it has fewer than two capitalised words or a part has none."""
    parts = [
        "".join(w[0] for w in re.split(r"[\s-]+", part) if w[:1].isupper())
        for part in name.split("/")
    ]
    letters = "".join(parts)
    return "/".join(parts) if all(parts) and len(letters) >= 2 else ""
