"""bench/aboutness.py's fast mode and bench/aboutness_trials.py, on invented wire stories."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import load_bench

bench = load_bench("aboutness")
trials = load_bench("aboutness_trials")

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


def test_trials_score_each_candidate_and_the_list_ceiling(
    shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--shared", str(shared), "--folds", "2", "--only", "shipped", "headline role"]
    assert trials.main(argv) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert list(summary["trials"]) == ["shipped", "headline role"]
    assert summary["trials"]["shipped"]["micro_f1"] > 0.5
    assert "list_ceiling" in summary["trials"]["shipped"]


def test_headline_role_reads_the_headline_subject_and_a_preposition() -> None:
    fields = {"title": "JAPAN TO CUT TARIFFS ON GOODS FROM BRAZIL", "dateline": "", "text": ""}
    story, _ = trials.read_story("", fields["title"])
    vectors = trials.country_features(story)
    role = trials.headline_role(story, fields, vectors)
    assert role["JP"] == [1.0, 1.0, 0.0]  # opens it, subject of "TO CUT"
    assert role["BR"] == [0.0, 0.0, 1.0]  # only after "FROM"


def test_every_trial_gives_one_value_per_named_feature() -> None:
    fields = {
        "title": "Norway buys a Japanese firm",
        "dateline": "",
        "text": "Norway said on Monday it bought a Japanese firm. France, Italy and Spain "
        "objected.",
    }
    story, _ = trials.read_story(fields["text"], fields["title"])
    vectors = trials.country_features(story)
    for trial in trials.TRIALS:
        if trial.extra is None:
            continue
        extra = trial.extra(story, fields, vectors)
        assert set(extra) == set(vectors), trial.name
        assert all(len(v) == len(trial.names) for v in extra.values()), trial.name
    assert trials.only_listed(story, fields, vectors)["IT"] == [1.0]
    assert trials.only_listed(story, fields, vectors)["NO"] == [0.0]
    assert trials.firm_nationality(story, fields, vectors)["JP"] == [1.0]
