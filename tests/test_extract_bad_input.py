"""Bad input gives ExtractError or a safe result, never a crash or a hang."""

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wiredesk.errors import ExtractError
from wiredesk.extract import extract_page, extract_text_story
from wiredesk.extract.decode import MAX_PAGE_BYTES, decode_page

STORY = "<p>" + "The council met on Monday and approved the plan for the new bridge. " * 6 + "</p>"


@pytest.mark.parametrize(
    "page",
    [
        b"",
        "   ",
        b"plain text, no markup at all",
        b"\x00\x01\x02" * 500,
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_no_story_is_an_extract_error(page: bytes | str) -> None:
    with pytest.raises(ExtractError) as info:
        extract_page(page, "https://example.org/x")
    assert info.value.url == "https://example.org/x"


def test_too_large_is_refused() -> None:
    with pytest.raises(ExtractError, match="too large"):
        extract_page(b"<html><body>" + b"<p>x</p>" * (MAX_PAGE_BYTES // 8 + 1))


def test_megabytes_of_markup_give_a_story() -> None:
    script = "<script>var x = '" + "x" * 3_000_000 + "';</script>"  # heavy inline code
    filler = "<div><span>menu</span></div>" * 40_000  # about 1.1 MB of chrome
    page = f"<html><head>{script}</head><body>{filler}<article>{STORY}</article></body></html>"
    article = extract_page(page)
    assert "approved the plan" in article.body


def test_too_many_elements_is_refused() -> None:
    with pytest.raises(ExtractError, match="too complex"):
        extract_page("<html><body>" + "<a href='/x'>link</a> " * 120_000 + "</body></html>")


def test_a_page_run_together_is_cut_to_size() -> None:
    article = extract_page("<html><body><p>" + "word " * 60_000 + "</p></body></html>")
    assert len(article.body) <= 100_000


def test_deep_nesting_is_safe() -> None:
    page = "<html><body>" + "<div>" * 5000 + STORY + "</div>" * 5000 + "</body></html>"
    try:
        article = extract_page(page)
    except ExtractError:
        return
    assert "<div" not in article.body_html


def test_hostile_markup_is_sanitized() -> None:
    page = (
        "<html><body><article><h1>Title here</h1>"
        "<p onclick='steal()'>The council met on Monday and approved the plan for the new bridge "
        "over the river, <a href='javascript:alert(1)'>officials said</a>, after a long debate "
        "<script>alert(1)</script> that went on late into the night.</p>"
        + STORY
        + "<iframe src='https://evil.example'></iframe><img src=x onerror=alert(1)>"
        "</article></body></html>"
    )
    article = extract_page(page)
    for bad in ("<script", "onclick", "javascript:", "onerror", "<iframe"):
        assert bad not in article.body_html


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<meta charset='x-unknown-42'><p>caf\xe9</p>".encode("latin-1"), "café"),
        (
            "<meta charset='windows-1251'><p>\u041f\u0440\u0438\u0432\u0435\u0442</p>".encode(
                "cp1251"
            ),
            "Привет",
        ),
        ("<p>na\u00efve</p>".encode("utf-8"), "naïve"),
        (b"\xef\xbb\xbf<p>bom</p>", "bom"),
        (b"<meta charset='utf-16'><p>ascii</p>", "ascii"),
    ],
)
def test_decoding(raw: bytes, text: str) -> None:
    assert text in decode_page(raw)


def test_unknown_encoding_gives_a_safe_result() -> None:
    raw = b"<html><head><meta charset='no-such-charset'></head><body><article>" + (
        STORY.encode()
        + b"<p>\xff\xfe\xfa bytes of no known encoding \x81\x8d</p></article></body></html>"
    )
    article = extract_page(raw)
    assert "approved the plan" in article.body


_TAGS = st.sampled_from(
    [
        "div",
        "p",
        "span",
        "article",
        "nav",
        "script",
        "table",
        "td",
        "li",
        "h1",
        "a",
        "time",
        "iframe",
        "svg",
        "template",
        "!--",
        "![CDATA[",
    ]
)
_PIECES = st.one_of(
    st.text(max_size=40),
    _TAGS.map(lambda t: f"<{t}>"),
    _TAGS.map(lambda t: f"</{t}>"),
    st.just('<meta charset="utf-7">'),
    st.just('<script type="application/ld+json">{"@type": "NewsArticle", "author": [</script>'),
    st.just(STORY),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60))
def test_random_markup_gives_an_error_or_a_safe_story(pieces: list[str]) -> None:
    page = "<html><body>" + "".join(pieces) + "</body></html>"
    try:
        article = extract_page(page.encode("utf-8", "surrogatepass"), "https://example.org/f")
    except ExtractError:
        return
    assert article.body.strip()
    assert "<script" not in article.body_html and "<iframe" not in article.body_html


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_an_error_or_a_story(raw: bytes) -> None:
    with contextlib.suppress(ExtractError):
        assert extract_page(raw).body.strip()


@pytest.mark.parametrize("page", ["<html><head><A</head><body></body></html>", "<p>\ud800 x</p>"])
def test_odd_markup_found_by_fuzzing(page: str) -> None:
    with contextlib.suppress(ExtractError):
        assert extract_page(page).body.strip()


def test_lone_surrogates_in_text() -> None:
    article = extract_text_story("Talks resumed in Geneva today \ud800 after a pause of two weeks.")
    assert "Geneva" in article.body
