"""Plain-text stories: the seed sample and small texts."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wiredesk.errors import ExtractError
from wiredesk.extract import extract_page, extract_text_story

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed"
SAMPLE = SEED / "switzerland-news-sample.txt"
needs_seed = pytest.mark.skipif(not SAMPLE.exists(), reason="../shared/seed is not present")
CHROME = (
    "SEE ALSO",
    "More Switzerland News",
    "Access More",
    "Sign up",
    "newsletter",
    "With reporting",
    "Copyright",
    "Thu, 07 Jul 2022",
)


def _check_seed_story(article) -> None:
    for chrome in CHROME:
        assert chrome not in article.body
    assert article.body.startswith("Security talks with Russia")
    assert article.body.endswith(
        "reaction to the Russian draft agreement on guarantees,' he added."
    )
    assert article.credits == ["AFP", "Reuters", "dpa"]
    assert article.rights.startswith("Copyright (c) 2018. RFE/RL, Inc. Republished with")
    assert "date-gap" in article.flags


@needs_seed
def test_seed_sample_text() -> None:
    article = extract_text_story(SAMPLE.read_text(encoding="utf-8"))
    _check_seed_story(article)
    assert article.published == datetime(2022, 7, 7, tzinfo=UTC)
    assert article.body.count("\n\n") == 20  # 21 story paragraphs, the 2 promos gone


@needs_seed
def test_seed_sample_as_html_page() -> None:
    """The demo serves the sample as an article page: the HTML path must agree."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n\n")
    paragraphs = "".join(f"<p>{line.strip()}</p>" for line in lines[1:])
    page = (
        "<html><head><title>NATO-Russia talks | Switzerland News</title>"
        '<meta property="article:published_time" content="2022-07-07T08:00:00Z"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>NATO-Russia talks</h1><p>{lines[0]}</p>{paragraphs}</article>"
        "</body></html>"
    )
    _check_seed_story(extract_page(page, "https://example.org/ch/nato"))


def test_text_story_without_chrome() -> None:
    text = "GENEVA - Talks resumed on Monday after a pause of two weeks.\n\nThey will go on."
    article = extract_text_story(text, title="Talks resume")
    assert (
        article.body
        == "GENEVA - Talks resumed on Monday after a pause of two weeks.\n\nThey will go on."
    )
    assert article.dateline == "Geneva"
    assert article.flags == ["no-date"]


def test_text_story_empty() -> None:
    with pytest.raises(ExtractError):
        extract_text_story("SEE ALSO: something else\n\nMore Ruritania News")
