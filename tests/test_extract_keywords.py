"""The quick "cannot match" of `keywords` before the rules' case-insensitive patterns."""

import re
import sys
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from wiredesk.extract import chrome, credits
from wiredesk.extract.keywords import FOLD_GUARD, Keys

# (pattern, the keys every match of it holds)
KEYED = [
    (chrome._PITCH, chrome._PITCH_KEYS),
    (chrome._CAPTION, chrome._CAPTION_KEYS),
    (chrome._PICTURE, chrome._PICTURE_KEYS),
    (chrome._FLICKR_CREDIT, chrome._PICTURE_KEYS),
    (credits._RIGHTS, credits._RIGHTS_KEYS),
    (credits._CREDIT_CONTRIB, credits._CONTRIB_KEYS),
]
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_lower_case_matches_every_character_the_patterns_match_but_the_guard() -> None:
    for char in sorted({c for _, keys in KEYED for key in keys.words for c in key}):
        for found in re.finditer(re.escape(char), EVERY_CHARACTER, re.I):
            assert found[0].lower() == char or found[0] in FOLD_GUARD, (char, found[0])


@settings(max_examples=200)
@given(st.sampled_from(range(len(KEYED))), st.data())
def test_every_match_holds_a_key(index: int, data: st.DataObject) -> None:
    pattern, keys = KEYED[index]
    assert keys.may_match(data.draw(st.from_regex(pattern)))


BLOCK_PIECES = st.sampled_from(
    [
        *(" ", ": ", "(", ")", " by ", "x", "é", "\u201c", "2019", ".", "\n"),
        *("Photo", "PHOTOS", "image", "Picture", "credit", "Video", "source", "©", "ⓒ", "Ⓒ"),
        *("Getty Images", "AP Photo", "Reuters/", "Shutterstock", "iStock", "flickr user"),
        *("Flickr", "published under", "Creative Commons license", "thumbnail"),
        *("Copyright", "(C)", "All rights reserved", "republished with permission", "無"),
        *("distributed by", "licensed", "무단전재", "版权所有", "sign up", "Subscribe to"),
        *("our newsletter", "your INBOX", "e-mails", "updates", "alerts", "contributed"),
        *("Jane Doe", " also ", "to this report", "reporting", *FOLD_GUARD, "ſhutterſtock"),
    ]
)
RULES = [chrome.is_promo, chrome.is_caption, chrome.is_picture_credit, credits.is_rights_line]


@settings(max_examples=1000)
@example("ſhutterſtock")
@example("İmage by Jane Doe, published under a Creative Commons license")
@given(st.lists(BLOCK_PIECES, max_size=14).map("".join))
def test_rules_answer_as_without_the_quick_test(text: str) -> None:
    quick = [rule(text) for rule in RULES] + [credits.credit_names(text)]
    with mock.patch.object(Keys, "may_match", lambda _keys, _text: True):
        slow = [rule(text) for rule in RULES] + [credits.credit_names(text)]
    assert quick == slow


@given(st.lists(BLOCK_PIECES, max_size=14).map("".join), st.integers(0, 50))
def test_a_word_count_given_is_the_one_counted(text: str, link_chars: int) -> None:
    count = len(text.split())
    for rule in (chrome.is_promo, chrome.is_caption, chrome.is_stamp):
        assert rule(text, count) == rule(text)
    assert chrome.is_link_list(text, link_chars, count) == chrome.is_link_list(text, link_chars)
