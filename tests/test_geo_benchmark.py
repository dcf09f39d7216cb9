"""Quality floor on the shared GeoWebNews DEV set (skipped where ../shared is absent).

The full figures, with the baseline and speed, come from bench/geo.py; this test only keeps
a regression from landing unnoticed. The floors sit a little under the measured figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wiredesk.geo import tag

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_geowebnews_country_f1_and_main_precision() -> None:
    path = SHARED / "data" / "geo" / "geowebnews.dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared test data sits beside the repository")
    tp = n_pred = n_gold = main_ok = main_n = 0
    for line in path.read_text("utf-8").splitlines():
        art = json.loads(line)
        r = tag(art["text"], title=art["title"])
        gold, pred = set(art["gold_countries"]), set(r.countries)
        tp, n_pred, n_gold = tp + len(gold & pred), n_pred + len(pred), n_gold + len(gold)
        if r.main is not None:
            main_n, main_ok = main_n + 1, main_ok + (r.main in gold)
    precision, recall = tp / n_pred, tp / n_gold
    assert 2 * precision * recall / (precision + recall) >= 0.88
    assert main_ok / main_n >= 0.93
