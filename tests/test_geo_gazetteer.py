"""The gazetteer: folding, sources and the blockers the matcher relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.geo.gazetteer import (
    Entry,
    Gazetteer,
    _read_cache,
    _write_cache,
    build_gazetteer,
    gazetteer,
    name_key,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Zürich", "zurich"),
        ("U.S.", "u s"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("Guinea-Bissau", "guinea bissau"),
        ("Trinidad & Tobago", "trinidad and tobago"),
        ("Швейцария", "швеицария"),
    ],
)
def test_name_key_folds(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Suisse", "CH"),
        ("Schweiz", "CH"),
        ("Suiza", "CH"),
        ("Швейцария", "CH"),
        ("Russie", "RU"),
        ("Russland", "RU"),
        ("Rusia", "RU"),
        ("Россия", "RU"),
        ("Korea", "KR"),
        ("Iran", "IR"),
        ("Burma", "MM"),
        ("Kremlin", "RU"),
        ("Geneva", "CH"),
        ("Genf", "CH"),
        ("Texas", "US"),
        ("Ontario", "CA"),
        ("Scotland", "GB"),
    ],
)
def test_names_from_every_source(name: str, country: str) -> None:
    entries = gazetteer().names[name_key(name)]
    assert country in {e.country for e in entries}


def test_the_two_congos_as_the_press_writes_them() -> None:
    """ "Republic of Congo" is Brazzaville's, not "Congo" (Kinshasa's) after two words;
    "Democratic Republic of Congo" and "DR of Congo" are Kinshasa's, without "the"."""
    from wiredesk.geo.tagger import read_story

    def countries(text: str) -> set[str]:
        return {place.country for place in read_story(text)[1]}

    assert countries("Voters in the Republic of Congo went to the polls.") == {"CG"}
    assert countries("Fighting in the Democratic Republic of Congo went on.") == {"CD"}
    assert countries("Aid reached the D.R. of Congo and the DR of Congo.") == {"CD"}


def test_regions_and_organisations_block() -> None:
    names = gazetteer().names
    for name in ("Latin America", "Middle East", "European Union", "UN", "NATO"):
        assert names[name_key(name)][0].country is None


def test_generic_words_are_not_places() -> None:
    names = gazetteer().names
    assert "western" not in names and "central" not in names


def test_cached_gazetteer_matches_a_fresh_build() -> None:
    cached, fresh = gazetteer(), build_gazetteer()
    assert cached.names == fresh.names
    assert cached.seats == fresh.seats


def test_cache_round_trip_and_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "geo-gazetteer-test.pickle"
    stale = tmp_path / "geo-gazetteer-old.pickle"
    stale.write_bytes(b"old")
    small = Gazetteer(
        names={"bern": (Entry("CH", "city", 2661552, 121631),)},
        upper_only=frozenset(),
        max_tokens=1,
        prefixes=frozenset(),
        neighbours={},
        seats={},
        country_entry={},
        region_abbreviations={},
    )
    _write_cache(path, small)
    assert _read_cache(path) == small
    assert not stale.exists()  # caches built from older code or data are removed
    path.write_bytes(b"not a pickle")
    assert _read_cache(path) is None
