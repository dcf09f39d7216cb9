"""bench/geo_folds.py on two invented GeoWebNews-shaped articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import load_bench

bench = load_bench("geo_folds")


def test_folds_are_stable_and_cover_every_fold() -> None:
    folds = {bench.fold_of(f"gwn-{i}") for i in range(200)}
    assert folds == set(range(bench.FOLDS))
    assert bench.fold_of("gwn-7") == bench.fold_of("gwn-7")


def test_a_run_prints_folds_rules_and_list_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = [
        {
            "id": "gwn-a",
            "title": "Floods in Kenya",
            "text": "Rain fell on Nairobi and the Kenyan coast.",
            "gold_countries": ["KE"],
        },
        {
            "id": "gwn-b",
            "title": "Budget",
            "text": "Police in Mobile said the Centre would close.",
            "gold_countries": [],
        },
    ]
    geo = tmp_path / "data" / "geo"
    geo.mkdir(parents=True)
    (geo / "geowebnews.dev.jsonl").write_text("\n".join(json.dumps(a) for a in articles))
    assert bench.main(["--shared", str(tmp_path)]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["benchmark"] == "geo_folds" and len(last["f1_per_fold"]) == bench.FOLDS
