"""Summaries as plain text (extract.summary): entities, markup, teaser tails, where to cut."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wiredesk.extract.summary import (
    clean_summary,
    plain_text,
    shorten,
    stored_summary,
    summary_text,
)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        # The demo's China News teaser: a feed that escaped its entities twice.
        (
            "the filter software, &#8220;Green Dam Youth Escort&#8221; since the WSJ&#39;s news",
            "the filter software, “Green Dam Youth Escort” since the WSJ's news",
        ),
        # The demo's Gabon teaser: markup kept as text.
        (
            "what Bongo's death means for <i>Francafrique</i>.",
            "what Bongo's death means for Francafrique.",
        ),
        ("The &amp;#8220;big&amp;#8221; day &lt;b&gt;now&lt;/b&gt;", "The “big” day now"),
        ("<p>One.</p><p>Two<br>three</p>", "One. Two three"),
        ('<a href="x">Link</a> <img src="y" alt="z"> text', "Link text"),
        ("<script>alert(1)</script><style>p {}</style>Safe", "Safe"),
        ("AT&amp;T says 3 < 4", "AT&T says 3 < 4"),
        ("  spaced \n\n out\t", "spaced out"),
    ],
)
def test_plain_text_decodes_entities_and_drops_markup(fragment, expected):
    assert plain_text(fragment) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>The council met on Monday [&#8230;]</p>", "The council met on Monday…"),
        ("The council met, [...]", "The council met…"),
        ("The council met. Continue reading →", "The council met."),
        ("The council met and Read more", "The council met and…"),
        (
            "<p>Text of it.</p><p>The post <a href='u'>Title</a> appeared first on "
            "<a href='v'>Partner</a>.</p>",
            "Text of it.",
        ),
        ("[…]", ""),
        ("<img src='x'>", ""),
    ],
)
def test_clean_summary_drops_teaser_tails(fragment, expected):
    assert clean_summary(fragment) == expected


STORY = (
    "Mr. Smith went to Washington on Monday. He met Gen. Jones of the U.S. Army there. "
    "They talked for hours about the state of things in the world, and nothing came of it "
    "whatsoever, as usual. Then they left."
)


def test_shorten_ends_at_a_sentence_when_that_keeps_enough():
    assert shorten(STORY, 100) == (
        "Mr. Smith went to Washington on Monday. He met Gen. Jones of the U.S. Army there."
    )
    assert shorten(STORY, 45) == "Mr. Smith went to Washington on Monday."
    assert shorten(STORY, len(STORY)) == STORY


def test_shorten_cuts_at_a_word_with_an_ellipsis_otherwise():
    cut = shorten(STORY, 170)  # the last sentence end (81) is under half of it
    assert cut.endswith(", and nothing came of it…") and len(cut) <= 170
    assert shorten("One long sentence without any end in sight at all", 20) == "One long sentence…"
    assert shorten("Commas, everywhere, here", 20) == "Commas, everywhere…"  # no ",…"


def test_initials_and_abbreviations_do_not_end_sentences():
    text = "John F. Kennedy spoke. Dr. No replied at length about many things in the end."
    assert shorten(text, 40) == "John F. Kennedy spoke."
    assert shorten("Sen. Warren and St. Louis officials met here today to talk.", 40).endswith("…")


def test_cjk_sentences():
    assert shorten("第一句话。第二句话。第三句话很长很长很长", 12) == "第一句话。第二句话。"


def test_summary_text_falls_back_on_the_story_opening():
    body = "The first sentence of the story.\n\nThe second paragraph follows it here."
    assert summary_text("", body, 200) == (
        "The first sentence of the story. The second paragraph follows it here."
    )
    assert summary_text("<p>[…]</p>", body, 40) == "The first sentence of the story."
    assert summary_text("Partner &amp; summary.", body, 200) == "Partner & summary."
    assert summary_text("", "", 200) == ""


def test_stored_summary_is_plain_and_bounded():
    long = "<p>" + "word " * 1000 + "</p>"
    kept = stored_summary(long)
    assert len(kept) <= 2000 and kept.endswith("word…") and "<" not in kept


@given(st.text(max_size=600), st.integers(min_value=10, max_value=300))
def test_any_text_is_cut_within_the_limit_between_words(text, limit):
    cut = shorten(text, limit)
    flat = " ".join(text.split())
    assert len(cut) <= limit
    if cut == flat:
        return
    kept = cut.removesuffix("…")
    assert flat.startswith(kept)
    after = flat[len(kept) : len(kept) + 1]
    one_word = " " not in flat[: limit - 1]
    assert one_word or not (kept[-1:].isalnum() and after.isalnum())  # never inside a word


@given(st.text(max_size=300))
def test_plain_text_leaves_no_markup_or_entities(fragment):
    text = plain_text(fragment)
    assert not re.search(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>", text)
    assert text == " ".join(text.split())
