"""bench/geo_readings.py on invented wire stories."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import load_bench

bench = load_bench("geo_readings")


def test_readings_inside_and_outside_the_filed_countries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = [
        {
            "title": "KENYA RAISES TEA EXPORTS",
            "dateline": "NAIROBI, March 3",
            "text": "Kenya sold more tea to Britain, traders in London said.",
            "countries": ["KE"],
        }
    ]
    folder = tmp_path / "data" / "aboutness"
    folder.mkdir(parents=True)
    with gzip.open(folder / "reuters21578.dev.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(s) for s in stories))
    assert bench.main(["--shared", str(tmp_path), "--top", "5"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    last = json.loads(out[-1])
    assert last["inside"] >= 2 and last["outside"] == 2
    assert any("'GB'" in line for line in out[:-1])
