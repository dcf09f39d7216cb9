"""Which paragraphs of a story are in another language than the story itself.

A story quoting a source in its own language and then translating it (Global Voices' habit,
also common in wire copy from bilingual countries) names the quote's places twice. The
tagger counts such a paragraph's places only when its neighbours do not name them
(evidence.py). Telling the language needs little: the commonest function words of a few
languages, counted per paragraph, and the script for Cyrillic. A paragraph with fewer than
`LEAST_HITS` function words (a list, a slogan, a short caption) has no language here and
is never taken for a translation. Risk: a paragraph mixing two languages half and half is
read as the one with more function words.
"""

from __future__ import annotations

import re
from collections import Counter

LEAST_HITS = 3
MAIN_SHARE = 0.6  # of the text in a known language, the story's own language holds this much
FUNCTION_WORDS = {
    "en": "the and of to is that with for was are this have from it on be by not which were",
    "es": "el los las que del por para con una es y se lo como más pero su sus fue está",
    "pt": "os que do da dos das não em uma com para por é e se mais mas foi está",
    "fr": "le les des est une et que du dans pour pas sur qui au aux ce il elle sont",
    "de": "der die das und ist nicht mit ein eine den von zu auf für sich dem des auch",
    "it": "il che di della non per una sono gli nel anche è dei delle alla si con",
}
_LANGUAGE_WORDS = {
    lang: re.compile(rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, words.split()))})(?![^\W\d_])")
    for lang, words in FUNCTION_WORDS.items()
}
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def paragraph_language(paragraph: str) -> str | None:
    """The paragraph's language code, or None when too short to tell."""
    if len(_CYRILLIC.findall(paragraph)) > len(paragraph) / 3:
        return "ru" if len(_WORD.findall(paragraph)) >= LEAST_HITS else None
    lower = paragraph.lower()
    hits = sorted(
        ((len(p.findall(lower)), lang) for lang, p in _LANGUAGE_WORDS.items()), reverse=True
    )
    (n, best), (second, _) = hits[0], hits[1]
    if n < LEAST_HITS or second == n:
        return None
    return best


def foreign_paragraphs(paragraphs: list[str]) -> set[int]:
    """Indexes of the paragraphs written in another language than most of the text."""
    langs = [paragraph_language(p) for p in paragraphs]
    weight: Counter[str] = Counter()
    for lang, p in zip(langs, paragraphs, strict=True):
        if lang:
            weight[lang] += len(p)
    if len(weight) < 2:
        return set()
    main, most = weight.most_common(1)[0]
    if most < MAIN_SHARE * sum(weight.values()):
        return set()  # no language clearly the story's own
    return {i for i, lang in enumerate(langs) if lang and lang != main}
