"""Author strings -> people and agencies: the cleaning every byline source shares.

`split_names` turns raw author strings ("By Jane Doe and John Roe, Reuters", "Text by PJ
Hamel", "Amy Roe, PhD, RD") into people and agencies: "By", roles, e-mail addresses, dates,
job titles and the letters after a name are removed; agency names (RFE/RL, AFP, dpa, ...)
and initials go to the agencies, kept whole; "Staff", "Admin" and their kin are dropped; a
person is 1 to `MAX_NAME_WORDS` (5) words, starting with a letter, not an account or a
site ("rezwan", "@handle", "Atlatszo.hu"). `feed_authors` does the same for a feed's author
fields, where a lone lower-case token is the CMS account, not a byline. Where on a page the
raw strings are found is `bylines`' job.
"""

import re

from wiredesk.extract.blocks import clean_space

MAX_NAME_WORDS = 5
AGENCIES = {
    "ap",
    "associated press",
    "the associated press",
    "reuters",
    "thomson reuters",
    "afp",
    "agence france-presse",
    "agence france presse",
    "dpa",
    "deutsche presse-agentur",
    "efe",
    "ansa",
    "xinhua",
    "kyodo",
    "tass",
    "bloomberg",
    "upi",
    "pa",
    "press association",
    "pa media",
    "aap",
    "cnn wire",
    "rfe/rl",
    "bbc",
    "agencies",
}
NOT_PEOPLE = {
    "staff",
    "staff reports",
    "wire reports",
    "news desk",
    "newsdesk",
    "admin",
    "editorial staff",
    "editor",
    "web desk",
    "administrator",
    "guest",
    "anonymous",
}
_ROLE = re.compile(
    r"\b(?:staff writer|senior writer|contributing writer|correspondent|reporter|editor|"
    r"columnist|contributor|writer|journalist|photographer|special to|for the|updated|"
    r"published|posted|on behalf of)\b.*$",
    re.I,
)
_BY = re.compile(
    r"^\s*(?:this\s+(?:post|article|story|piece)\s+(?:was\s+)?)?(?:written\s+)?"
    r"(?:by|von|par|por|door|di)\s*[:\s]\s*",
    re.I,
)
# ", Head of Marketing and Community Development": a job title after the name ends the name
_JOB_AFTER_COMMA = re.compile(
    r",\s*(?:the\s+)?(?:head\s+of|director|manager|founder|co-founder|chief|president|"
    r"vice\s+president|officer|ceo|cto|cfo|coo|vp|lead|strategist|consultant|analyst|"
    r"specialist)\b.*$",
    re.I,
)
TEXT_BYLINE = re.compile(
    r"^[\W_]*(?:(?:written|words|posted|published)\s+|(?:posted|published)\s+on\s+(?=[^|]{0,30}\d)"
    r"[^|]{4,40}?\s+)?by\s*:?\s+(?=[^\W\d_])",
    re.I,
)
_NOT_A_NAME = re.compile(
    r"^(?:photo(?:graph)?s?|image|illustration|video|view|read|more|follow|posted|share|"
    r"about|contact|all posts)\b",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+")
# "/" separates names only with spaces around it: "RFE/RL" is one name
_NAME_SPLIT = re.compile(
    r"\s*(?:,|;|&|\+|\band\b|\bund\b|\bet\b|\by\b|\||\s/\s|\u00b7|\u2022)\s*", re.I
)
# one capitalised token, joined by "/", "-", "&" or ".": an agency's initials (AFP, RFE/RL)
_INITIALS = re.compile(r"^[A-Z]{2,6}(?:[/&.-][A-Z]{1,6})*\.?$")
# Letters after a name, split from it at its comma ("Jane Doe, M.D., FACP", "Amy Roe, PhD,
# RD", "John Smith, Jr."): degrees, licences, fellowships (F and 2 to 5 capitals) and
# suffixes, neither a person nor an agency to credit
_POST_NOMINAL = re.compile(
    r"^(?:ph\.?\s?d|m\.?d|d\.?o|r\.?n|bsn|msn|np|pa-c|m\.?p\.?h|mba|msc|bsc|ms|ma|m\.?s\.?w|"
    r"r\.?d\.?n?|ld|cpa|cfa|cfp|j\.?d|esq|dds|dmd|dvm|pharm\.?d|psy\.?d|ed\.?d|lcsw|lpc|"
    r"(?:e-)?ryt(?:\s+\d+)?|cscs|jr|sr|ii|iii|iv)\.?$|^F[A-Z]{2,5}$",
    re.I,
)
# a user name: one lower-case token ("rezwan", "salah.almhamdi", "jdoe_42")
_ACCOUNT = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# What only an account or a site is called: "Violeta_Camarasa", "@handle", "Atlatszo.hu"
HANDLE = re.compile(r"_|@|^\S+\.[A-Za-z]{2,}$|(?:[^\W_]+-){3}[^\W_]")  # account, site, class
# Words that begin a name's part in lower case (Dutch, German, French, Spanish, Portuguese,
# Italian, Arabic names).
_NAME_PARTICLES = {
    *("de", "van", "von", "der", "den", "ter", "ten", "zu", "du", "la", "le", "des"),
    *("da", "do", "dos", "das", "del", "della", "di", "dei", "y", "e"),
    *("bin", "bint", "ibn", "al", "el", "abu"),
}
_PARTICLE_PREFIX = re.compile(r"^(?:d|l|al|el)['\u2019-]", re.I)
# A role and "by" before the name: "Text by", "Recipe by", "Reviewed by", "Photos and words by".
_CREDITED_BY = re.compile(
    r"^(?:.{0,30}\W\s*)?(?:text|words|recipe|story|article|interview)"
    r"(?:\s+and\s+(?:photos?|pictures|images))?\s+by:?\s+(?=[^\W\d_])",
    re.I,
)
# Someone credited for other work than the writing: an editor, a reviewer, a translator.
_OTHER_CREDIT = re.compile(
    r"\b(?:edited|(?:medically\s+)?reviewed|fact[- ]checked|translated|produced)\s+by\b", re.I
)


def split_names(raw: list[str]) -> tuple[list[str], list[str]]:
    """Clean raw author strings into (people, agencies)."""
    people: list[str] = []
    agencies: list[str] = []
    for value in raw:
        value = _EMAIL.sub("", _BY.sub("", TEXT_BYLINE.sub("", clean_space(value))))
        value = _JOB_AFTER_COMMA.sub("", value)
        value = _CREDITED_BY.sub("", value)  # "Text by Hunter Dukes", "Recipe by PJ Hamel"
        named = False  # letters after a name are its post-nominals ("Jane Doe, MD")
        for part in _NAME_SPLIT.split(value):
            name = clean_name(part)
            if not name:
                continue
            if name.casefold() in NOT_PEOPLE or (named and _POST_NOMINAL.match(name)):
                continue
            named = True
            if name.casefold() in AGENCIES or _INITIALS.match(name):
                if name not in agencies:
                    agencies.append(name)
            elif _is_person(name) and name not in people:
                people.append(name)
    return _shaped_like_names(people), agencies


def feed_authors(raw: list[str]) -> list[str]:
    """People named by a feed's author fields (`dc:creator`, `author`), for when the page
    names none. A feed often gives the CMS account: a single lower-case token ("rezwan") is
    a user name, not a byline, and is dropped; a lower-case name of several words ("ndesanjo
    macha") is a display name typed in lower case and is capitalised."""
    names = []
    for value in raw:
        value = clean_space(value)
        if _ACCOUNT.match(value):
            continue
        names.append(value.title() if value.islower() else value)
    return split_names(names)[0]


def clean_name(part: str) -> str:
    name = _BY.sub("", part.strip())
    if _NOT_A_NAME.match(name):
        return ""
    name = re.split(r"\s+[-\u2013\u2014|]\s+", name)[0]  # "Jane Doe - January 5"
    name = re.sub(r"\s+says:?$", "", name)
    if _OTHER_CREDIT.search(name):  # "Reviewed by Molly Price": not the story's author
        return ""
    if re.search(r"\bby:?$", name, re.I):  # a label left alone ("Recipe by"), not a name
        return ""
    name = _ROLE.sub("", name)
    name = re.sub(r"\(.*?\)|\[.*?\]|\d.*$", "", name)
    name = clean_space(name.strip(" :-\u2013\u2014|"))
    return name[:-1] if name.endswith(".") and len(name.split()[-1]) > 3 else name


def _is_person(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= MAX_NAME_WORDS
        and ":" not in name
        and name[0].isalpha()
        and not name.islower()
        and not name.startswith(("http", "www."))
        and not HANDLE.search(name)
    )


def _shaped_like_names(people: list[str]) -> list[str]:
    """The names among `people` that read as a person's name when there are any: "Verified
    expert" or "on December" beside "Craig Hull" in one byline is the byline's furniture. A
    lone such name is left to the sources' order to judge (it may be the only byline)."""
    shaped = [p for p in people if not any(_lower_word(w) for w in p.split())]
    return shaped or people


def _lower_word(word: str) -> bool:
    """A word that starts in lower case and is no particle of a name ("de", "van", "bin",
    "d'"): "on December", "Verified expert", "Ask the Doctors" are no person's name."""
    first = next((c for c in word if c.isalpha()), "")
    return (
        first.islower()
        and word.casefold() not in _NAME_PARTICLES
        and not _PARTICLE_PREFIX.match(word)
    )
