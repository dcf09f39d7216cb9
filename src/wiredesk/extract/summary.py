"""Summaries as plain text: a story's teaser, meta description and digest line.

A partner's summary is HTML (an RSS <description>, an Atom <summary>): markup (<i>, <a>,
<img>), entities, and often escaped once too often, so that the text itself reads
"&#8220;" or "<i>". It may end as a teaser does ("Continue reading", "[…]", "The post ...
appeared first on ..."). `clean_summary` makes it plain text; `summary_text` cuts that, or
the story's own opening when the partner sent none, to a length.

Cutting: at the last sentence end that keeps at least half the length (the text then ends
with whole sentences), else at the last whole word, with an ellipsis. A sentence ends at
".", "!" or "?" (closing quotes allowed) before a space and a capital, a digit or an opening
quote, unless the word before is an initial or a common abbreviation ("Mr.", "Gen.",
"U.S."); CJK full stops end a sentence without a space. Risk: after an unlisted
abbreviation ("approx. 40") a cut may end a text early, but never inside a word.

Entities and tags are removed up to three times over: a summary that meant to show the
literal text "&amp;" or "<b>" would lose it, which news text does not do.
"""

import html
import re

import nh3

STORED_LENGTH = 2000  # what ingest keeps of a partner's summary
ELLIPSIS = "…"
MIN_SENTENCE_SHARE = 0.5  # a cut at a sentence end keeps at least this share of the length
ROUNDS = 3  # summaries escaped more often than this are not worth reading

# A space before each block-level tag, so that "<p>One</p><p>Two</p>" reads "One Two".
_BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|figcaption|table|tr|td|th|dd|dt|hr"
    r"|section|article|header|footer|aside|pre)\b)",
    re.I,
)
_TAG = re.compile(r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>", re.I)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
# The end of a teaser: a link to the rest, a WordPress footer, or a truncation mark.
_PROMO_TAIL = re.compile(
    r"\s*(?:(?:read more|continue reading|read the (?:full|rest)\b|full story\b)[^.!?]{0,80}"
    r"|the post\b.{1,300}\bappeared first on\b.{1,120})$",
    re.I,
)
_TRUNCATED = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)$")
_WHOLE_END = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"(?:[.!?][\"'”’»)\]]*(?=\s)|[。！？])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen sen rep gov lt col capt sgt maj jr sr rev hon pres no vs inc "
    "ltd co corp dept univ jan feb mar apr jun jul aug sep sept oct nov dec mt ft".split()
)
_OPENING = "\"'“‘«([¿¡"
_CLAUSE_TAIL = ",;:–—-([{/ "


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags and their markup gone, entities decoded, one space
    between words. A fragment escaped more than once is unescaped again (see the module)."""
    text = fragment
    for _ in range(ROUNDS):
        text = html.unescape(nh3.clean(_BLOCK_TAG.sub(" <", text), tags=set()))
        if not (_TAG.search(text) or _ENTITY.search(text)):
            break
    return " ".join(text.split())


def clean_summary(fragment: str) -> str:
    """A partner's summary as plain text, without a teaser's tail; a truncation mark
    ("[…]", "...") becomes one ellipsis."""
    text = plain_text(fragment)
    cut = False
    while _PROMO_TAIL.search(text):
        text, cut = _PROMO_TAIL.sub("", text), True
    if _TRUNCATED.search(text):
        text, cut = _TRUNCATED.sub("", text), True
    text = text.rstrip(_CLAUSE_TAIL) if cut else text
    if cut and text and not _WHOLE_END.search(text):
        text += ELLIPSIS
    return text


def stored_summary(fragment: str) -> str:
    """What ingest keeps of a partner's summary."""
    return shorten(clean_summary(fragment), STORED_LENGTH)


def summary_text(summary: str, body_text: str, limit: int) -> str:
    """The summary (cleaned, for rows stored before it was), else the text's opening, cut
    to `limit` characters."""
    text = clean_summary(summary) if summary else ""
    if not text:
        text = " ".join(body_text.split())
    return shorten(text, limit)


def shorten(text: str, limit: int) -> str:
    """The text within `limit` characters: whole sentences, else whole words and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    window = text[: limit - len(ELLIPSIS)]
    end = last_sentence_end(text, limit)
    if end >= limit * MIN_SENTENCE_SHARE:
        return text[:end]
    if not text[len(window)].isspace() and " " in window:
        window = window.rsplit(" ", 1)[0]  # the last word was cut: drop it
    return window.rstrip(_CLAUSE_TAIL) + ELLIPSIS


def last_sentence_end(text: str, limit: int) -> int:
    """Where the last whole sentence that ends within `limit` characters ends, 0 if none."""
    best = 0
    for match in _SENTENCE_END.finditer(text, 0, limit + 1):
        if match.end() <= limit and _ends_sentence(text, match.start(), match.end()):
            best = match.end()
    return best


def _ends_sentence(text: str, mark: int, end: int) -> bool:
    if text[mark] in "。！？":
        return True
    following = text[end:].lstrip()
    if not following:
        return False  # the next character is unknown: it may continue the sentence
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in _OPENING):
        return False
    if text[mark] != ".":
        return True
    word = text[:mark].rsplit(None, 1)[-1] if text[:mark].strip() else ""
    word = word.lstrip(_OPENING)
    is_initial = len(word) == 1 and word.isalpha()
    return not (is_initial or "." in word or word.lower() in _ABBREVIATIONS)
