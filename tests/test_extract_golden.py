"""Golden pairs: tests/data/extract/<name>.html beside <name>.expected.json (every field)."""

import json
from pathlib import Path

import pytest

from wiredesk.extract import extract_page

DATA = Path(__file__).parent / "data" / "extract"
PAIRS = sorted(DATA.glob("*.html"))


@pytest.mark.parametrize("page", PAIRS, ids=[p.stem for p in PAIRS])
def test_golden_page(page: Path) -> None:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    article = extract_page(page.read_bytes(), expected["url"]).to_json()
    assert {key: article[key] for key in expected} == expected


def test_golden_story_alone() -> None:
    article = extract_page((DATA / "wire-story.html").read_bytes())
    for chrome in ("SEE ALSO", "Share on Facebook", "Sign up", "newsletter", "Copyright", "Home"):
        assert chrome not in article.body
    assert article.credits == ["Wire Agency", "Nordic Press"]
    assert article.rights.startswith("Copyright (c) 2024 Coastline Daily")
    assert article.dateline == "Nordhaven"
    assert article.published is not None and article.published.utcoffset() is not None
