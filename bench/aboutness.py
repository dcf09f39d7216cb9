"""Benchmark aboutness: which countries a story is ABOUT, at the editions' default threshold.

Run: .venv/bin/python bench/aboutness.py [--shared PATH] [--folds 5] [--baseline-ref REF]
     [--reuters-only]

`--reuters-only` gives the wiredesk k-fold figures alone (no baselines, no demo): the same
held-out macro and micro figures in a third of the time, for trying a feature.

Data (used in place, never copied): ../shared/data/aboutness/reuters21578.dev.jsonl.gz
(12,422 Reuters stories with the countries Reuters' editors filed them under) and
../shared/data/aboutness/globalvoices-countries.jsonl (Global Voices' own country
categories of the demo's 390 stories, whose text is the demo corpus in the repository).

Figures:
- Reuters, on stories the fitting did not see: k-fold over stories (`--folds`); in each
  fold the model is fitted on the other folds exactly as geo/fit.py fits the shipped one
  (its threshold calibration included, by an inner k-fold), then scores the held-out fold.
  Per country and macro-averaged precision, recall and F1 over countries with 20+ stories,
  and micro-averaged, at the default threshold (geo.scoring.ABOUT, 0.2).
- Beside it, in the same run, two baselines on the same stories: every country mentioned
  (geotext 0.4.0), and the scoring as it was before the model (the tagger at
  `--baseline-ref`, by default the commit before this work, read from git into a temporary
  folder and run in a subprocess; skipped with a note where git or the commit is absent).
- The demo: each edition of the demo network (demo.network.EDITIONS) fed the demo corpus
  (headline and text, the way ingest tags them) and routed by editions.routing, against
  Global Voices' categories (a story belongs in an edition when one of its categories is
  one of the edition's countries): precision and recall, edition by edition. The Global
  Voices stories are never used for fitting or tuning: they are the demo's test.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from wiredesk.demo.corpus_files import gv_articles
from wiredesk.editions.routing import EditionRule, decide_placements
from wiredesk.geo import fit as geofit
from wiredesk.geo import tag
from wiredesk.geo.model import model_from_dict
from wiredesk.geo.scoring import ABOUT, country_scores
from wiredesk.geo.tagger import read_story

REPO = Path(__file__).resolve().parents[1]
BASELINE_REF = "299c694664783bada00d32ce2f9829b4d2e697b0"  # main before the fitted model
LEAST = geofit.LEAST_STORIES
Scores = dict[str, float]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- Reuters, k-fold -------------------------------------------------------------------


def model_scores(stories: list[dict[str, Any]], folds: int) -> list[Scores]:
    """Each story's scores from a model fitted without its fold."""
    ex = geofit.examples(stories, progress=True)
    parts = geofit.folds_of(len(stories), folds)
    out: list[Scores] = [{} for _ in stories]
    for f, held_out in enumerate(parts):
        train = sorted(set(range(len(stories))) - held_out)
        model = model_from_dict(geofit.fit(ex, train))
        for i in sorted(held_out):
            s = stories[i]
            story, _ = read_story(s["text"], s.get("title", ""), s.get("dateline", ""))
            out[i] = country_scores(story, model=model)
        print(f"fold {f + 1}/{folds} done", file=sys.stderr)
    return out


def geotext_scores(stories: Iterable[dict[str, Any]]) -> list[Scores]:
    from geotext import GeoText

    return [
        dict.fromkeys(GeoText(f"{s.get('title', '')}\n{s['text']}").country_mentions, 1.0)
        for s in stories
    ]


_BASELINE_RUNNER = """
import json, sys
from wiredesk.geo import tag
for line in sys.stdin:
    s = json.loads(line)
    r = tag(s["text"], title=s.get("title", ""), dateline=s.get("dateline", ""))
    print(json.dumps(r.scores))
"""


def baseline_scores(stories: list[dict[str, Any]], ref: str) -> list[Scores] | None:
    """The tagger at git `ref`, run in a subprocess on its own copy of src/wiredesk/geo."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = ["src/wiredesk/__init__.py", "src/wiredesk/geo"]
        try:
            archive = subprocess.run(
                ["git", "-C", str(REPO), "archive", ref, *paths],
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"baseline at {ref} not available: {exc}", file=sys.stderr)
            return None
        lines = "".join(json.dumps(s) + "\n" for s in stories)
        done = subprocess.run(
            [sys.executable, "-c", _BASELINE_RUNNER],
            input=lines,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONPATH": f"{tmp}/src", "PATH": "/usr/bin:/bin"},
        )
    return [json.loads(line) for line in done.stdout.splitlines()]


def at_threshold(scores: list[Scores]) -> dict[int, set[str]]:
    return {i: {c for c, v in s.items() if v >= ABOUT} for i, s in enumerate(scores)}


def reuters_figures(gold: dict[int, list[str]], scores: list[Scores]) -> dict[str, Any]:
    return filing_figures(gold, at_threshold(scores))


def filing_figures(gold: dict[int, list[str]], pred: dict[int, set[str]]) -> dict[str, Any]:
    """Macro (countries with `LEAST` stories) and micro figures of the countries filed."""
    rows = geofit.per_country(gold, pred, LEAST)
    p, r, f = geofit.macro(rows)
    tp = sum(len(set(g) & pred.get(i, set())) for i, g in gold.items())
    n_pred = sum(len(v) for v in pred.values())
    n_gold = sum(len(g) for g in gold.values())
    mp, mr = tp / max(1, n_pred), tp / max(1, n_gold)
    return {
        "macro_precision": p,
        "macro_recall": r,
        "macro_f1": f,
        "countries": len(rows),
        "micro_precision": mp,
        "micro_recall": mr,
        "micro_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
        "per_country": {c: [round(v, 4) for v in row[:3]] + [row[3]] for c, row in rows.items()},
    }


# --- the demo's editions ----------------------------------------------------------------


def demo_editions() -> list[tuple[Any, ...]]:
    """The demo network's editions (demo.network imports models: Django is set up first)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    django.setup()
    from wiredesk.demo.network import EDITIONS

    return EDITIONS


def edition_figures(
    stories: list[dict[str, Any]], gold: dict[str, list[str]], scores: list[Scores]
) -> dict[str, dict[str, float]]:
    editions = demo_editions()
    rules = [EditionRule(i, frozenset(c), t) for i, (_, _, c, _, _, t) in enumerate(editions)]
    out = {}
    for i, (name, _, countries, _, _, _) in enumerate(editions):
        tp = placed = relevant = 0
        for story, s in zip(stories, scores, strict=True):
            about = bool(set(gold.get(story["id"], [])) & set(countries))
            carried = any(p.edition_id == i for p in decide_placements(s, rules, None))
            tp, placed, relevant = tp + (about and carried), placed + carried, relevant + about
        out[name] = {
            "precision": tp / placed if placed else 0.0,
            "recall": tp / relevant if relevant else 0.0,
            "placed": placed,
            "about": relevant,
            "single_country": len(countries) == 1,
        }
    return out


# --- output ---------------------------------------------------------------------------


def _f(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def print_reuters(results: dict[str, dict[str, Any] | None]) -> None:
    systems = list(results)
    print("| figure | " + " | ".join(systems) + " |")
    print("|---|" + "---|" * len(systems))
    for key in (
        "macro_precision",
        "macro_recall",
        "macro_f1",
        "micro_precision",
        "micro_recall",
        "micro_f1",
    ):
        cells = [_f(r[key]) if r else "n/a" for r in results.values()]
        print(f"| {key.replace('_', ' ')} | " + " | ".join(cells) + " |")
    ours = results["wiredesk"]
    assert ours is not None
    print("\nPer country (wiredesk, held-out folds): precision / recall / F1 (stories)\n")
    print("| country | P | R | F1 | stories |")
    print("|---|---|---|---|---|")
    for c, (p, r, f, n) in sorted(ours["per_country"].items(), key=lambda kv: -kv[1][3]):
        print(f"| {c} | {p:.3f} | {r:.3f} | {f:.3f} | {n} |")


def print_demo(results: dict[str, dict[str, dict[str, float]] | None]) -> None:
    systems = [s for s, r in results.items() if r]
    print("\n| edition | " + " | ".join(f"{s} P / R" for s in systems) + " | GV stories |")
    print("|---|" + "---|" * (len(systems) + 1))
    first = results[systems[0]]
    assert first is not None
    for name, row in first.items():
        cells = []
        for s in systems:
            r = results[s][name]  # type: ignore[index]
            cells.append(f"{r['precision']:.3f} / {r['recall']:.3f} ({int(r['placed'])})")
        print(f"| {name} | " + " | ".join(cells) + f" | {int(row['about'])} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--folds", type=int, default=geofit.FOLDS)
    parser.add_argument("--baseline-ref", default=BASELINE_REF)
    parser.add_argument(
        "--reuters-only",
        action="store_true",
        help="the wiredesk k-fold figures alone: no baselines, no demo editions",
    )
    args = parser.parse_args(argv)
    reuters_path = args.shared / "data/aboutness/reuters21578.dev.jsonl.gz"
    gv_path = args.shared / "data/aboutness/globalvoices-countries.jsonl"
    if not reuters_path.exists() or not gv_path.exists():
        print(f"data not found under {args.shared}", file=sys.stderr)
        return 2
    stories = list(geofit.read_stories(reuters_path))
    gold = {i: list(s["countries"]) for i, s in enumerate(stories)}
    systems: dict[str, Callable[[list[dict[str, Any]]], list[Scores] | None]] = {
        "wiredesk": lambda ss: model_scores(ss, args.folds),
        "before (main)": lambda ss: baseline_scores(ss, args.baseline_ref),
        "geotext 0.4.0": geotext_scores,
    }
    if args.reuters_only:
        systems = {"wiredesk": systems["wiredesk"]}
    reuters = {}
    for name, system in systems.items():
        scores = system(stories)
        reuters[name] = reuters_figures(gold, scores) if scores is not None else None
    if args.reuters_only:
        print_reuters(reuters)
        print(
            json.dumps(
                {
                    "benchmark": "aboutness",
                    "threshold": ABOUT,
                    "folds": args.folds,
                    "reuters": {k: _rounded(v) for k, v in reuters.items()},
                }
            )
        )
        return 0
    demo = gv_articles()
    gv = {r["id"]: r["countries"] for r in read_jsonl(gv_path)}
    shipped = [tag(s["text"], title=s["title"]).scores for s in demo]
    demo_results = {
        "wiredesk": edition_figures(demo, gv, shipped),
        "before (main)": _maybe(baseline_scores(demo, args.baseline_ref), demo, gv),
        "geotext 0.4.0": edition_figures(demo, gv, geotext_scores(demo)),
    }
    print(
        f"Reuters development set: {len(stories)} stories, {args.folds}-fold, threshold "
        f"{ABOUT}; macro over countries with {LEAST}+ stories\n"
    )
    print_reuters(reuters)
    print(
        f"\nDemo editions against Global Voices' categories ({len(demo)} stories), "
        "precision / recall (stories placed):"
    )
    print_demo(demo_results)
    summary = {
        "benchmark": "aboutness",
        "threshold": ABOUT,
        "folds": args.folds,
        "reuters": {k: _rounded(v) for k, v in reuters.items()},
        "demo": demo_results,
    }
    print(json.dumps(summary))
    return 0


def _maybe(
    scores: list[Scores] | None, demo: list[dict[str, Any]], gv: dict[str, list[str]]
) -> dict[str, dict[str, float]] | None:
    return edition_figures(demo, gv, scores) if scores is not None else None


def _rounded(figures: dict[str, Any] | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()}


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
