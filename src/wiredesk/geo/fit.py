"""Fit the aboutness model on Reuters wire stories that their editors filed by country.

Run: .venv/bin/python -m wiredesk.geo.fit [--shared ../shared] [--out PATH]

Data: ../shared/data/aboutness/reuters21578.dev.jsonl.gz (12,422 Reuters stories of 1987,
each with the countries Reuters' editors filed it under). It is used in place and never
copied: only the fitted weights (data/aboutness.json) ship. The Global Voices stories of
the demo are never read here: they are the demo's test.

What is fitted: one example per (story, country the story names), labelled by whether the
editors filed the story under that country; the features are features.FEATURES; the model
is a logistic regression on the standardised features, L2-regularised (`C`), whose weights
keep the sign each feature's reading gives it (features.SIGNS, logistic.py). A quadratic
surface (pairwise products) and gradient boosting with monotone constraints were tried:
both gave the same out-of-fold macro F1 as the linear model (0.88) and the quadratic one
scored short stories erratically (a country named once in a closing list above the one
the story is about), so the linear model ships. Fitting needs scipy (the `bench` extra),
running does not: the weights are written as plain numbers.

Calibration: the editions' default threshold (scoring.ABOUT, 0.2) must be where precision
and recall meet. The cut where macro-averaged precision (over countries with
`LEAST_STORIES` stories or more) meets recall is found on out-of-fold predictions (k-fold
over stories, `FOLDS`), and the intercept is shifted so that this cut scores ABOUT. The
shift and the cut are written to the file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wiredesk.geo.features import FEATURES, SIGNS, country_features
from wiredesk.geo.logistic import SignedLogistic
from wiredesk.geo.scoring import ABOUT
from wiredesk.geo.tagger import read_story

FOLDS = 5
C = 1.0
LEAST_STORIES = 20
DATA = Path("data/aboutness/reuters21578.dev.jsonl.gz")


@dataclass
class Examples:
    """One row per (story, named country): features, label, story index, country."""

    x: np.ndarray
    y: np.ndarray
    story: np.ndarray
    country: list[str]
    gold: list[list[str]]  # every story's filed countries, named or not

    def subset(self, stories: set[int]) -> Examples:
        keep = np.array([s in stories for s in self.story], dtype=bool)
        return Examples(
            self.x[keep],
            self.y[keep],
            self.story[keep],
            [c for c, k in zip(self.country, keep, strict=True) if k],
            self.gold,
        )


def read_stories(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def examples(stories: Sequence[dict[str, Any]], progress: bool = False) -> Examples:
    rows, labels, index, names = [], [], [], []
    items: Any = stories
    if progress:
        from tqdm import tqdm

        items = tqdm(stories, desc="features", unit=" stories", mininterval=5)
    for i, s in enumerate(items):
        story, _ = read_story(s["text"], s.get("title", ""), s.get("dateline", ""))
        for country, x in country_features(story).items():
            rows.append(x)
            labels.append(country in s["countries"])
            index.append(i)
            names.append(country)
    return Examples(
        np.array(rows, dtype=float).reshape(-1, len(FEATURES)),
        np.array(labels, dtype=bool),
        np.array(index),
        names,
        [list(s["countries"]) for s in stories],
    )


def folds_of(n_stories: int, k: int = FOLDS) -> list[set[int]]:
    """Story indexes of each fold (by position: the data's order is a hash of the id)."""
    return [{i for i in range(n_stories) if i % k == f} for f in range(k)]


def _model() -> SignedLogistic:
    return SignedLogistic([SIGNS.get(name, 0) for name in FEATURES], C)


def predicted(ex: Examples, probabilities: np.ndarray, cut: float) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for s, c, p in zip(ex.story, ex.country, probabilities, strict=True):
        if p >= cut:
            out.setdefault(int(s), set()).add(c)
    return out


def per_country(
    gold: dict[int, list[str]], pred: dict[int, set[str]], least: int
) -> dict[str, tuple[float, float, float, int]]:
    """Precision, recall, F1 and stories of each country filed `least` times or more."""
    tp: dict[str, int] = {}
    n_pred: dict[str, int] = {}
    n_gold: dict[str, int] = {}
    for s, countries in gold.items():
        found = pred.get(s, set())
        for c in countries:
            n_gold[c] = n_gold.get(c, 0) + 1
            tp[c] = tp.get(c, 0) + (c in found)
        for c in found:
            n_pred[c] = n_pred.get(c, 0) + 1
    out = {}
    for c, n in n_gold.items():
        if n >= least:
            p = tp.get(c, 0) / n_pred[c] if n_pred.get(c) else 0.0
            r = tp.get(c, 0) / n
            out[c] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, n)
    return out


def macro(rows: dict[str, tuple[float, float, float, int]]) -> tuple[float, float, float]:
    n = max(1, len(rows))
    return tuple(sum(r[i] for r in rows.values()) / n for i in range(3))  # type: ignore[return-value]


def out_of_fold(
    ex: Examples,
    stories: list[int],
    k: int = FOLDS,
    make_model: Callable[[], SignedLogistic] = _model,
) -> np.ndarray:
    """Each example's probability from a model fitted without its story's fold (`make_model`:
    the shipped kind unless given; bench/aboutness_trials.py scores other features)."""
    probabilities = np.zeros(len(ex.y))
    position = {s: i for i, s in enumerate(stories)}
    fold = np.array([position[int(s)] % k for s in ex.story])
    for f in range(k):
        train, test = fold != f, fold == f
        model = make_model().fit(ex.x[train], ex.y[train])
        probabilities[test] = model.predict_proba(ex.x[test])[:, 1]
    return probabilities


def balanced_cut(ex: Examples, probabilities: np.ndarray, stories: list[int]) -> float:
    """The cut where macro precision meets macro recall on these stories."""
    gold = {s: ex.gold[s] for s in stories}
    best, best_gap = 0.5, math.inf
    for cut in np.arange(0.05, 0.951, 0.01):
        p, r, _ = macro(per_country(gold, predicted(ex, probabilities, cut), LEAST_STORIES))
        if abs(p - r) < best_gap:
            best, best_gap = float(cut), abs(p - r)
    return best


def fit(ex: Examples, stories: list[int]) -> dict[str, Any]:
    """Fit on these stories (their examples only) and return the model file's content."""
    mine = ex.subset(set(stories))
    held_out = out_of_fold(mine, stories)
    cut = balanced_cut(mine, held_out, stories)
    gold = {s: ex.gold[s] for s in stories}
    p, r, f = macro(per_country(gold, predicted(mine, held_out, cut), LEAST_STORIES))
    model = export(_model().fit(mine.x, mine.y), cut, len(stories))
    model["out_of_fold_macro"] = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
    }
    return model


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def export(fitted: SignedLogistic, cut: float, n_stories: int) -> dict[str, Any]:
    """Plain numbers: coefficients on the raw features (the standardisation folded in) and
    the intercept shifted so that the balanced cut scores ABOUT."""
    weights, intercept = fitted.raw_weights()
    shift = _logit(ABOUT) - _logit(cut)
    intercept += shift
    return {
        "features": list(FEATURES),
        "coefficients": [round(float(w), 6) for w in weights],
        "intercept": round(intercept, 6),
        "fitted_on": f"Reuters-21578 development part, {n_stories} stories",
        "balanced_cut": round(cut, 3),
        "shift": round(shift, 6),
        "threshold": ABOUT,
        "C": C,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[4] / "shared"
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "data" / "aboutness.json"
    )
    args = parser.parse_args(argv)
    path = args.shared / DATA
    if not path.exists():
        print(f"{path} not found: the Reuters development data sits in ../shared", file=sys.stderr)
        return 2
    stories = list(read_stories(path))
    ex = examples(stories, progress=True)
    model = fit(ex, list(range(len(stories))))
    args.out.write_text(json.dumps(model, indent=1) + "\n", "utf-8")
    print(
        f"wrote {args.out}: cut {model['balanced_cut']} -> {ABOUT}, "
        f"{len(ex.y)} examples from {len(stories)} stories"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
