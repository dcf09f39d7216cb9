"""Shortcuts taken for speed give what the slower paths they replace give."""

from hypothesis import given
from hypothesis import strategies as st
from trafilatura.utils import INVALID_XML_CHARS, repair_faulty_html

from wiredesk.extract.page import _checked_text, _repair_markup

PIECES = st.sampled_from(
    [
        "<!DOCTYPE html>",
        "<!doctype html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'x/y.dtd'/>",
        "<html lang='en'/>",
        "<html>",
        "<p>Text</p>",
        "\n",
        "\t",
        "\r",
        "\x00",
        "\x0b",
        "\x1f",
        "\ufffe",
        "\uffff",
        "\ud800",
        "é ü 中文",
        "\U0001f600",
    ]
)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_repair_without_the_character_scan_is_trafilaturas(text: str) -> None:
    checked, clean = _checked_text(text)
    beginning = checked[:50].lower()
    if clean:
        assert _repair_markup(checked, beginning) == repair_faulty_html(checked, beginning)
    else:  # the full repair runs: only where it deletes something, or on a lone surrogate
        assert INVALID_XML_CHARS.search(checked) or "\ud800" in text


def test_clean_text_is_told_from_text_with_invalid_characters() -> None:
    assert _checked_text("<p>é</p>\n\t\r") == ("<p>é</p>\n\t\r", True)
    assert _checked_text("<p>a\x0cb</p>")[1] is False
    assert _checked_text("<p>a\uffffb</p>")[1] is False
    assert _checked_text("<p>a\ud800b</p>") == ("<p>a?b</p>", False)
