"""Text -> weighted features for story clustering (pure, no model download).

An article becomes a bag of features in four families:

- ``w:<lang>:<stem>``  content words of the article's own language (stop words removed,
  accents folded, English plurals and possessives dropped, cut to `STEM_CHARS` characters
  as a crude stemmer; `stem`). Two-letter capitals count in mixed-case text ("GM").
  Words only match articles in the same language. Words on jusText's frequent-word list
  for the language (shipped with jusText, a trafilatura dependency) count
  `FREQUENT_WEIGHT` = 0.3: a prior that "said", "police", "president" say less than rare
  words while idf is still young.
- ``e:<skeleton>``     proper nouns (capitalised words not at a sentence start) reduced to a
  consonant skeleton after transliteration: "Biden", "Байден" -> ``bdn``; "Zelensky",
  "Зеленского", "Selenskyj" -> ``slnsk``. Language independent.
- ``n:<digits>``       numbers with separators removed ("1,000", "1 000", "1.000" -> ``1000``).
- ``c:<iso2>``         country names in English, French, German or Russian (pycountry's
  translations plus a few everyday short forms such as "Russia"/"Россия", "USA"/"США").

The last three families are the cross-language signal. False-positive risks: skeletons are
lossy, so unrelated names can share one (``ptn`` is "Putin" and "Patton"); short skeletons
and common numbers (years) collide often, which the clusterer's idf weighting damps but does
not remove. German capitalises every noun, so German articles carry noisier ``e:`` features.
"""

import gettext
import re
import string
import unicodedata
from collections import Counter, defaultdict
from functools import cache, lru_cache

import justext
import pycountry

from wiredesk.stories.stopwords import BY_LANG

STEM_CHARS = 6
FREQUENT_WEIGHT = 0.3
LANGS = ("en", "fr", "de", "ru")
# An apostrophe joins letters ("O'Brien", "can't", "l'Europe") except an English possessive
# ("Dick's", "GM's", "China's"), which must meet the bare name ("Dicks" aside).
WORD = re.compile(r"[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)?", re.UNICODE)
NUMBER = re.compile(r"\d+(?:[ .,\u00a0\u202f]\d{3})*(?:[.,]\d+)?")
UPPER = string.ascii_uppercase.encode()
LETTERS = string.ascii_letters.encode()
NON_DIGIT = re.compile(r"\D")
VOWELS = re.compile(r"[aeiouyh'’]")  # and what a skeleton drops with them
REPEATS = re.compile(r"(.)\1+")
SENTENCE_END = re.compile(r"[.!?:;\"“”«»\n]\s*$")
CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
RUSSIAN_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ыми",
    "ими",
    "ом",
    "ем",
    "ам",
    "ям",
    "ым",
    "им",
    "ах",
    "ях",
    "ой",
    "ей",
    "ый",
    "ий",
    "ь",
)
EXTRA_COUNTRY_NAMES = {
    "US": ["USA", "U.S.", "America", "США", "Америка", "Etats-Unis", "USA", "Amerika"],
    "GB": [
        "UK",
        "Britain",
        "Great Britain",
        "Grande-Bretagne",
        "Royaume-Uni",
        "Großbritannien",
        "Великобритания",
        "Британия",
    ],
    "RU": ["Russia", "Russie", "Russland", "Россия"],
    "KR": ["South Korea", "Corée du Sud", "Südkorea", "Южная Корея", "Korea", "Corée", "Корея"],
    "KP": ["North Korea", "Corée du Nord", "Nordkorea", "Северная Корея", "КНДР"],
    "IR": ["Iran", "Иран"],
    "SY": ["Syria", "Syrie", "Syrien", "Сирия"],
    "VN": ["Vietnam", "Вьетнам"],
    "TW": ["Taiwan", "Taïwan", "Тайвань"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "RDC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville"],
}


@lru_cache(maxsize=1 << 17)  # pure; most calls are for words seen before
def fold(text: str) -> str:
    """Lowercase, strip accents, ß -> ss; Cyrillic is kept (see `transliterate`)."""
    if text.isascii():
        return text.lower()  # no accents to strip: most words, read at C speed
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # pure, and called for every word of every article
def transliterate(word: str) -> str:
    """Russian (after stripping case endings) to plain Latin letters."""
    if word.isascii():
        return word.lower()  # what the steps below leave of it
    word = unicodedata.normalize("NFC", word.lower()).replace("ё", "е")
    if any("а" <= ch <= "я" for ch in word):
        for ending in RUSSIAN_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        word = word.replace("дж", "ж")
    return fold("".join(CYRILLIC.get(ch, ch) for ch in word))


@lru_cache(maxsize=1 << 16)  # pure, and called for every name of every article
def skeleton(word: str) -> str:
    """Consonant skeleton of a name in any of our scripts: "Washington", "Вашингтон" -> vsngtn."""
    s = transliterate(word)
    s = s.replace("ph", "f").replace("w", "v").replace("c", "k").replace("q", "k")
    s = s.replace("x", "ks").replace("z", "s").rstrip("j")
    s = VOWELS.sub("", s)
    return REPEATS.sub(r"\1", s)


@lru_cache(maxsize=16)  # an article's title is read by several steps (language, words, ...)
def tokens(text: str) -> tuple[str, ...]:
    """The words of text (`WORD`) in order, shared read-only."""
    return tuple(WORD.findall(text))


@cache
def stop_words(lang: str) -> frozenset[str]:
    return frozenset(fold(w) for w in BY_LANG.get(lang, BY_LANG["en"]))


@cache
def _all_stop_words() -> dict[str, frozenset[str]]:
    return {lang: stop_words(lang) for lang in LANGS}


def guess_lang(text: str) -> str:
    """The one of en/fr/de/ru whose stop words are most frequent in text ("en" if none)."""
    words = tokens(text[:2000])
    if not words:
        return "en"
    counts = dict.fromkeys(LANGS, 0)
    langs_of = _stop_word_langs()
    for word in words:  # one look-up a word, not one a word and language
        for lang in langs_of.get(word.lower() if word.isascii() else fold(word), ()):
            counts[lang] += 1
    return max(counts, key=lambda lang: (counts[lang], lang == "en"))


@cache
def _stop_word_langs() -> dict[str, tuple[str, ...]]:
    """Each stop word (folded) -> the languages (of `LANGS`, in order) that have it."""
    langs: dict[str, list[str]] = {}
    for lang, stops in _all_stop_words().items():
        for word in stops:
            langs.setdefault(word, []).append(lang)
    return {word: tuple(found) for word, found in langs.items()}


@cache
def country_names() -> dict[str, str]:
    """Folded/transliterated country name -> ISO alpha-2, in en, fr, de and ru."""
    names: dict[str, str] = {}
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("fr", "de", "ru")
    ]
    claimed: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        english = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        for form in set(english) | {t.gettext(n) for t in translations for n in english}:
            if form := form.split(",")[0].strip():
                claimed[_name_key(form)].add(c.alpha_2)
    # a name two countries share ("Korea", "Congo" of "Congo, The Democratic Republic of
    # the") names neither, unless it is one of ours below
    names = {key: codes.pop() for key, codes in claimed.items() if len(codes) == 1}
    for code, forms in EXTRA_COUNTRY_NAMES.items():
        names.update((_name_key(form), code) for form in forms)
    return names


def _name_key(phrase: str) -> str:
    return " ".join(_country_word(w) for w in WORD.findall(phrase))


@lru_cache(maxsize=1 << 16)
def _country_word(word: str) -> str:
    """Transliterated, with Russian case vowels dropped: "Германии", "Германия" -> german."""
    word = word.lower()
    if word.isascii():
        return word  # what `transliterate` leaves of it
    if any("а" <= ch <= "я" for ch in word):
        stem = word.rstrip("аяеиоуыюйь")
        word = stem if len(stem) >= 3 else word
    return transliterate(word)


def countries(text: str) -> Counter[str]:
    """ISO codes of the country names in text (names of any length, longest first)."""
    return Counter(dict(country_counts(text)))


@lru_cache(maxsize=16)  # the clusterer reads a headline's countries twice (features, slots)
def country_counts(text: str) -> tuple[tuple[str, int], ...]:
    """`countries` as (code, count) pairs in order of first mention, shared read-only."""
    names = country_names()
    openers = _name_openers()
    # an ASCII word's key is the word lowercased (`_country_word`), without the call
    words = [w.lower() if w.isascii() else _country_word(w) for w in tokens(text)]
    if openers.keys().isdisjoint(words) and names.keys().isdisjoint(words):
        return ()  # most texts name no country: one pass at C speed says so
    found: dict[str, int] = {}
    after = 0  # the first word past the last name read
    for i, word in enumerate(words):
        if i < after:
            continue  # inside a name: "Korea" of "South Korea" is not counted again
        code, span = _longest_name_at(words, i, openers[word]) if word in openers else ("", 1)
        code = code or names.get(word, "")
        if code:
            found[code] = found.get(code, 0) + 1
            after = i + span
    return tuple(found.items())


def _longest_name_at(words: list[str], i: int, lengths: tuple[int, ...]) -> tuple[str, int]:
    """The name of several words starting at `words[i]`, longest first ("Papua New
    Guinea", not "Guinea"), with its length in words; ("", 1) when none."""
    names = country_names()
    for n in lengths:
        code = names.get(" ".join(words[i : i + n]))
        if code:
            return code, n
    return "", 1


@cache
def _name_openers() -> dict[str, tuple[int, ...]]:
    """First word of each name of several words -> the lengths in words of the names it
    opens, longest first: only such a word can begin one, and only those lengths."""
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in country_names():
        first, *rest = key.split(" ")
        if rest:
            lengths[first].add(1 + len(rest))
    return {first: tuple(sorted(ns, reverse=True)) for first, ns in lengths.items()}


def is_title_case(title: str) -> bool:
    """True when most words of a headline are capitalised, so capitals say nothing."""
    words = [w for w in tokens(title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def proper_nouns(text: str, lang: str, skip_title_case: bool = False) -> list[str]:
    """Capitalised non-stop words that do not open a sentence."""
    if skip_title_case and is_title_case(text):
        return []
    stops = stop_words(lang)
    found = []
    for m in WORD.finditer(text):
        word = m.group(0)
        if not word[0].isupper() or fold(word) in stops:
            continue
        before = text[max(0, m.start() - 3) : m.start()]
        if m.start() == 0 or SENTENCE_END.search(before):
            continue
        found.append(word)
    return found


def numbers(text: str) -> list[str]:
    return [NON_DIGIT.sub("", m.group(0)) for m in NUMBER.finditer(text)]


@cache
def frequent_words(lang: str) -> frozenset[str]:
    """jusText's frequent-word list for lang, folded and stemmed: words weighed down."""
    name = {"en": "English", "fr": "French", "de": "German", "ru": "Russian"}.get(lang)
    if name is None:
        return frozenset()
    return frozenset(stem(fold(w), lang) for w in justext.get_stoplist(name))


@lru_cache(maxsize=1 << 17)  # pure; most calls are for words seen before
def stem(folded: str, lang: str) -> str:
    """A folded word cut to `STEM_CHARS`; Russian transliterated first, English plurals
    singular first (Harman's S-stemmer: "companies", "banks", "Dicks" -> "company",
    "bank", "dick"), so that a short word meets its plural, which the cut alone misses."""
    if lang == "ru":
        return transliterate(folded)[:STEM_CHARS]
    if lang == "en" and len(folded) > 3 and folded[-1] == "s":
        if folded.endswith("ies") and not folded.endswith(("eies", "aies")):
            folded = folded[:-3] + "y"
        elif not folded.endswith(("us", "ss")):
            folded = folded[:-1]
    return folded[:STEM_CHARS]


@lru_cache(maxsize=16)  # read for a headline by `words` and by the headline's evidence
def shouting(text: str) -> bool:
    """Most letters are capitals (a wire's all-caps headline): case says nothing there."""
    sample = text[:300]
    if sample.isascii():  # the same counts, by deleting the letters at C speed
        raw = sample.encode()
        upper = len(raw) - len(raw.translate(None, UPPER))
        return upper > 0.6 * (len(raw) - len(raw.translate(None, LETTERS)))
    return sum(map(str.isupper, sample)) > 0.6 * sum(map(str.isalpha, sample))


def kept(word: str, folded: str, stops: frozenset[str], loud: bool) -> bool:
    """A content word: not a stop word, and over two letters unless a two-letter acronym
    in mixed-case text ("GM", "EU", "LG": a company's or body's whole name)."""
    if folded in stops:
        return False
    return len(folded) > 2 or (len(word) == 2 and word.isupper() and not loud)


def words(text: str, lang: str) -> list[str]:
    loud = shouting(text)
    return [s for w in tokens(text) if (s := content_stem(w, lang, loud))]


@lru_cache(maxsize=1 << 17)  # pure; one cached call per word of every article
def content_stem(word: str, lang: str, loud: bool) -> str:
    """The word's stem when it is a content word (`kept`), else ""."""
    f = fold(word)
    return stem(f, lang) if kept(word, f, stop_words(lang), loud) else ""


def features(
    title: str, text: str, lang: str, title_weight: float = 3.0, lead_chars: int = 1500
) -> dict[str, float]:
    """Weighted features of one article: title counts `title_weight` times the lead text."""
    lead = text[:lead_chars]
    bag: defaultdict[str, float] = defaultdict(float)
    frequent = frequent_words(lang)
    for part, weight, is_title in ((title, title_weight, True), (lead, 1.0, False)):
        if not part:
            continue  # a headline without a text: nothing to read, so no work
        for w in words(part, lang):
            bag[f"w:{lang}:{w}"] += weight * (FREQUENT_WEIGHT if w in frequent else 1.0)
        for name in proper_nouns(part, lang, skip_title_case=is_title):
            s = skeleton(name)
            if len(s) >= 2:
                bag[f"e:{s}"] += weight
        for n in numbers(part):
            bag[f"n:{n}"] += weight
        for code, count in country_counts(part):
            bag[f"c:{code}"] += weight * count
    return dict(bag)
