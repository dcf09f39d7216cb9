"""Behaviour of wiredesk.geo.tag: golden cases, the seed story, bounds and invariants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wiredesk.geo import GeoResult, Place, tag
from wiredesk.geo.tagger import MAX_TEXT_CHARS

DATA = Path(__file__).resolve().parent / "data" / "geo"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CASES = [json.loads(line) for line in (DATA / "cases.jsonl").read_text("utf-8").splitlines()]


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared test data sits beside the repository")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case: dict[str, Any]) -> None:
    r = tag(case["text"], title=case.get("title", ""), dateline=case.get("dateline", ""))
    if "main" in case:
        assert r.main == case["main"], case["rule"]
    for code in case.get("countries_include", []):
        assert code in r.countries, case["rule"]
    for code in case.get("countries_exclude", []):
        assert code not in r.countries, case["rule"]
    for code in case.get("not_main", []):
        assert r.main != code, case["rule"]
    for code, ceiling in case.get("max_score", {}).items():
        assert r.scores.get(code, 0.0) <= ceiling, case["rule"]


def test_seed_story_is_not_swiss() -> None:
    text = shared("seed", "switzerland-news-sample.txt").read_text("utf-8")
    r = tag(text)
    assert r.main == "RU"
    assert {"RU", "UA", "US"} <= set(r.countries)
    # The raw page still carries the site's chrome ("More Switzerland News", "Sign up for
    # Switzerland News"), which extraction removes: Switzerland stays below the story's own
    # countries there, and the story itself, whose only Swiss places are two Geneva venues,
    # is far below the editions' default threshold (0.2).
    assert r.scores["CH"] < min(r.scores[c] for c in ("RU", "US", "UA"))
    body = tag(text.split("With reporting by")[0])
    assert body.main == "RU"
    assert body.scores.get("CH", 0.0) < 0.1
    assert body.scores.get("BE", 0.0) < 0.2
    assert min(body.scores[c] for c in ("RU", "US", "UA")) > 0.5


def test_result_invariants() -> None:
    r = tag(
        "Talks in Geneva. Russia and Ukraine. The Kremlin said Moscow would reply.",
        title="Russia says no",
    )
    assert r.countries == list(r.scores)
    assert all(0.0 <= s <= 1.0 for s in r.scores.values())
    assert r.main == r.countries[0] and r.scores[r.main] == max(r.scores.values())
    for p in r.places:
        assert isinstance(p, Place)
        source = {
            "text": "Talks in Geneva. Russia and Ukraine. The Kremlin said Moscow would reply.",
            "title": "Russia says no",
        }[p.source]
        assert source[p.start : p.end] == p.name


def test_places_carry_ids_and_dateline_flag() -> None:
    r = tag("GENEVA (AP) - Officials met on Monday.")
    (place,) = r.places
    assert (place.name, place.country, place.is_dateline) == ("GENEVA", "CH", True)
    assert place.geonameid == 2660646


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "12345 !!!", "東京と大阪"])
def test_nothing_to_tag(text: str) -> None:
    assert tag(text) == GeoResult()


def test_huge_text_is_bounded() -> None:
    filler = "Nothing happened here today. " * (MAX_TEXT_CHARS // 29 + 100)
    r = tag(filler + "Russia")
    assert r.main is None  # past the bound, so not read


def test_abbreviations_need_capitals() -> None:
    assert tag("Give us the report, said the official.").countries == []
    assert tag("The US and the UK agreed.").countries == ["US", "GB"]
