"""bench/aboutness.py's fast mode, on a few invented wire stories in a temporary folder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import load_bench

bench = load_bench("aboutness")

COUNTRIES = [("Japan", "Tokyo", "JP"), ("Brazil", "Brasilia", "BR"), ("Kenya", "Nairobi", "KE")]


def _stories() -> list[dict]:
    """Each story is about its dateline's country and names another in passing."""
    out = []
    for i in range(24):
        name, city, code = COUNTRIES[i % 3]
        other = COUNTRIES[(i + 1) % 3][0]
        out.append(
            {
                "id": f"invented-{i}",
                "title": f"{name.upper()} RAISES RATES",
                "dateline": f"{city.upper()}, March {i + 1}",
                "text": f"{name}'s central bank raised rates, officials said. A trader in "
                f"{other} said the move was expected.",
                "countries": [code],
            }
        )
    return out


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "data" / "aboutness"
    folder.mkdir(parents=True)
    with gzip.open(folder / "reuters21578.dev.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(s) + "\n" for s in _stories())
    (folder / "globalvoices-countries.jsonl").write_text("", "utf-8")
    return tmp_path


def test_reuters_only_gives_the_held_out_figures_without_baselines_or_demo(
    shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--shared", str(shared), "--folds", "2", "--reuters-only"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["folds"] == 2
    assert "demo" not in summary
    assert list(summary["reuters"]) == ["wiredesk"]
    figures = summary["reuters"]["wiredesk"]
    assert figures["micro_recall"] == 1.0  # every story names its dateline's country
    assert 0.0 < figures["micro_precision"] <= 1.0
