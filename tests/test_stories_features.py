"""The language-independent features that let a foreign report join its English story."""

import unicodedata

import pytest

from wiredesk.stories.features import (
    countries,
    features,
    fold,
    guess_lang,
    numbers,
    proper_nouns,
    shouting,
    skeleton,
    transliterate,
    words,
)


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (["Biden", "Байден", "Байдена"], "bdn"),
        (["Zelensky", "Selenskyj", "Зеленский", "Зеленского"], "slnsk"),
        (["Washington", "Вашингтон"], "vsngtn"),
        (["Putin", "Poutine", "Путин", "Путиным"], "ptn"),
        (["Macron", "Макрон"], "mkrn"),
        (["Merkel", "Меркель"], "mrkl"),
        (["Valparaíso", "Valparaiso", "Вальпараисо"], "vlprs"),
    ],
)
def test_one_name_one_skeleton_across_scripts(spellings, expected):
    assert {skeleton(s) for s in spellings} == {expected}


def test_country_names_in_four_languages():
    text = "La Russie et les États-Unis; Россия и США; in Deutschland; Германии; Germany"
    assert countries(text) == {"RU": 2, "US": 2, "DE": 3}


def test_numbers_lose_their_separators():
    assert numbers("1,000 or 1 000 or 1.000 and 52% by 2030") == [
        "1000",
        "1000",
        "1000",
        "52",
        "2030",
    ]


def test_proper_nouns_skip_sentence_starts_and_title_case_headlines():
    text = "Officials said President Joe Biden met Emmanuel Macron. The talks ended."
    assert proper_nouns(text, "en") == ["President", "Joe", "Biden", "Emmanuel", "Macron"]
    assert proper_nouns("Biden Sets Target Of Cutting Emissions", "en", True) == []


def test_guess_lang():
    assert guess_lang("Le président a dit que les négociations continuent") == "fr"
    assert guess_lang("Der Präsident sagte, dass die Gespräche weitergehen") == "de"
    assert guess_lang("Президент заявил, что переговоры продолжатся") == "ru"
    assert guess_lang("The president said the talks would go on") == "en"


def test_feature_families():
    bag = features("Séisme au Chili", "Au moins 12 morts près de Valparaíso.", "fr")
    assert {"w:fr:seisme", "e:vlprs", "n:12", "c:CL"} <= set(bag)
    assert bag["w:fr:seisme"] > bag["e:vlprs"], "title words weigh more than the text's"


def test_a_possessive_meets_the_bare_name():
    # "Dick's" and "Dick", "China's" and "China" are one name; other apostrophes stay words
    assert words("Dick's profit beats; GM's recall; Bitcoin’s fall", "en") == words(
        "Dick profit beats; GM recall; Bitcoin fall", "en"
    )
    assert countries("China's exports plunge") == {"CN": 1}
    assert "o'brie" in words("O'Brien says", "en")


def test_two_letter_acronyms_count_in_mixed_case_only():
    assert "gm" in words("GM faces investigations over deadly defect", "en")
    assert "eu" in words("Failing banks focus of EU talks", "en")
    # in an all-caps wire headline every short word is a capital: "OF", "IN" say nothing
    assert words("FED ADDS RESERVES IN MARKET OF NY", "en") == ["fed", "add", "reserv", "market"]


def test_english_plurals_meet_their_singular():
    # the six-letter cut alone joins "bitcoins" and "bitcoin" but not "banks" and "bank"
    assert words("Dicks banks companies recalls", "en") == words("Dick bank company recall", "en")
    assert words("virus business", "en") == ["virus", "busine"], "-us, -ss are no plurals"
    assert words("Banques", "fr") == ["banque"], "English only"


@pytest.mark.parametrize(
    "text",
    ["Biden", "GM's RECALL", "o'brien", "Valparaíso", "Straße", "Путин", "ÉTATS-UNIS", "", "42"],
)
def test_ascii_shortcuts_give_what_the_unicode_steps_give(text):
    # fold, transliterate and shouting skip their Unicode steps for ASCII text (speed):
    # the answers must be those of the steps themselves
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    assert fold(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if text.isascii():
        assert transliterate(text) == fold(text.lower())
    sample = text[:300]
    loud = sum(map(str.isupper, sample)) > 0.6 * sum(map(str.isalpha, sample))
    assert shouting(text) == loud


def test_country_pairs_and_the_cached_reads_agree():
    # two-word names are looked up only after a word that opens one; the cached reads
    # (tokens, country counts) hand out the same answers each time
    text = "Les États-Unis et la Grande-Bretagne; Sri Lanka; Lanka"
    assert countries(text) == {"US": 1, "GB": 1, "LK": 1}
    assert countries(text) == countries(text)
    assert countries("Sudan talks") == {"SD": 1}
    assert countries("no country at all") == {}


def test_a_country_name_counts_once_and_whole():
    # the second word of a pair is not a country again ("Korea" of "South Korea" was KP),
    # and the longest name wins ("Papua New Guinea" was Guinea)
    assert countries("South Korea and North Korea talk") == {"KR": 1, "KP": 1}
    assert countries("Papua New Guinea votes") == {"PG": 1}
    assert countries("Trinidad and Tobago floods") == {"TT": 1}
    assert countries("Democratic Republic of the Congo: rebels advance") == {"CD": 1}


def test_a_name_two_countries_share_names_neither_unless_news_means_one():
    assert countries("Congo rebels advance") == {}  # Congo or DR Congo: unknown
    assert countries("Korea exports rise") == {"KR": 1}  # as the news uses it
