"""Candidate aboutness features, each scored by bench/aboutness.py's held-out k-fold.

Run: .venv/bin/python bench/aboutness_trials.py [--shared PATH] [--folds 5] [--only NAME ...]

Each trial appends features to features.FEATURES (or changes the regularisation) and is
scored exactly as bench/aboutness.py scores the shipped model: k-fold over the Reuters
development stories; in each fold the model is fitted on the others, its cut calibrated by
an inner k-fold (fit.py), and the held-out fold predicted at that cut. Macro figures over
countries with 20+ stories, micro over every (story, country). Nothing ships from here: a
trial that helps becomes a feature in features.py with a test, and the weights are refitted.

Beside the trials, the list ceiling: the macro figures if every mention in a list of three
or more countries (`listed`) were decided as Reuters' editors decided it, the rest as the
model does. It bounds what any list feature can win. Data used in place:
../shared/data/aboutness/reuters21578.dev.jsonl.gz. The Global Voices stories are never read.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wiredesk.geo import fit as geofit
from wiredesk.geo.evidence import Evidence
from wiredesk.geo.features import FEATURES, SIGNS, Story, country_features
from wiredesk.geo.logistic import SignedLogistic
from wiredesk.geo.tagger import read_story

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from aboutness import filing_figures  # noqa: E402  (beside this script)

Vectors = dict[str, list[float]]
Fields = dict[str, str]  # the story's "title", "dateline" and "text"
Extra = Callable[[Story, Fields, Vectors], Vectors]


@dataclass(frozen=True)
class Trial:
    """Features appended to FEATURES (`extra` gives them per country), with their signs."""

    name: str
    names: tuple[str, ...] = ()
    signs: dict[str, int] = field(default_factory=dict)
    extra: Extra | None = None
    c: float = geofit.C


@dataclass
class Corpus:
    """The stories read once: their evidence, headlines and filed countries."""

    stories: list[Story]
    fields: list[Fields]
    gold: list[list[str]]


def read_corpus(raw: Sequence[dict[str, Any]]) -> Corpus:
    fields = [{k: s.get(k, "") for k in ("title", "dateline", "text")} for s in raw]
    stories = [read_story(f["text"], f["title"], f["dateline"])[0] for f in fields]
    return Corpus(stories, fields, [list(s["countries"]) for s in raw])


# --- the candidate features -------------------------------------------------------------

_TITLE_VERB = re.compile(
    r"(?:'S)?\s+(?:[A-Z.]+\s+)?(?i:says?|sees?|to|will|may|plans?|cuts?|raises?|sets?|buys?|"
    r"sells?|agrees?|rejects?|asks?|urges?|expects?|considers?|reports?|offers?|seeks?|lifts?|"
    r"lowers?|signs?|approves?|warns?|calls?|has|is|are|was|could|would|must|tells?|reduces?|"
    r"increases?|imposes?|eases?)\b"
)
_TITLE_PREPOSITION = re.compile(r"(?i)\b(?:in|to|from|with|for|on|of|at|by|into|against)\s+$")
_FIRM_AFTER = re.compile(
    r"(?:-\w+)?\s+(?:[a-z-]+\s+)?(?i:firm|company|concern|unit|subsidiary|group|insurer|"
    r"bank|maker|producer|partner|manufacturer|affiliate|venture|carrier|refiner)s?\b"
)


def _counted(story: Story, country: str, segment: str | None = None) -> list[Evidence]:
    return [
        e
        for e in story.evidence
        if e.country == country and e.counts and (segment is None or e.segment == segment)
    ]


def headline_role(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """Opens the headline; followed by a verb (its subject); only after a preposition."""
    title = fields["title"]
    out = {}
    for c in vectors:
        named = _counted(story, c, "title")
        out[c] = [
            float(any(not title[: e.start].strip() for e in named)),
            float(any(_TITLE_VERB.match(title, e.end) for e in named)),
            float(bool(named))
            * all(bool(_TITLE_PREPOSITION.search(title[: e.start])) for e in named),
        ]
    return out


def lead_role(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """Mentions in the first paragraph, their share of its mentions, named first there."""
    lead = [e for e in story.evidence if e.counts and e.segment == "text" and e.paragraph == 0]
    first = lead[0].country if lead else None
    out = {}
    for c in vectors:
        n = sum(e.country == c for e in lead)
        out[c] = [math.log1p(n), n / len(lead) if lead else 0.0, float(c == first)]
    return out


def only_listed(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """Every mention of the country stands in a list of three or more countries."""
    return {c: [float(all(e.crowd >= 2 for e in _counted(story, c)))] for c in vectors}


def interactions(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """Headline, dateline and lead, each times the count; headline times lead."""
    at = {name: FEATURES.index(name) for name in ("count_log", "title", "dateline", "lead")}
    out = {}
    for c, x in vectors.items():
        n = x[at["count_log"]]
        out[c] = [
            x[at["title"]] * n,
            x[at["dateline"]] * n,
            x[at["lead"]] * n,
            x[at["title"]] * x[at["lead"]],
        ]
    return out


def weight_gap(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """How far the country falls behind the story's heaviest one (log of the weight ratio)."""
    share = FEATURES.index("weight_share")
    return {c: [-math.log(max(x[share], 1e-3))] for c, x in vectors.items()}


def firm_nationality(story: Story, fields: Fields, vectors: Vectors) -> Vectors:
    """Share of mentions naming a firm's nationality ("a Norwegian firm", "Japanese unit")."""
    out = {}
    for c in vectors:
        named = _counted(story, c)
        firms = [
            e.kind in ("country", "demonym") and bool(_FIRM_AFTER.match(fields[e.segment], e.end))
            for e in named
        ]
        out[c] = [sum(firms) / len(named) if named else 0.0]
    return out


TRIALS = (
    Trial("shipped"),
    Trial(
        "headline role",
        ("title_start", "title_subject", "title_after_preposition"),
        {"title_start": 1, "title_subject": 1, "title_after_preposition": -1},
        headline_role,
    ),
    Trial(
        "lead role",
        ("lead_count", "lead_share", "lead_first"),
        {"lead_count": 1, "lead_share": 1, "lead_first": 1},
        lead_role,
    ),
    Trial("only listed", ("only_listed",), {"only_listed": -1}, only_listed),
    Trial(
        "interactions",
        ("title_x_count", "dateline_x_count", "lead_x_count", "title_x_lead"),
        {},
        interactions,
    ),
    Trial("weight gap", ("weight_gap",), {"weight_gap": -1}, weight_gap),
    Trial("firm nationality", ("firm",), {"firm": -1}, firm_nationality),
    Trial("C 0.1", c=0.1),
    Trial("C 10", c=10.0),
)


# --- scoring ----------------------------------------------------------------------------


def examples(corpus: Corpus, trial: Trial) -> geofit.Examples:
    rows, labels, index, names = [], [], [], []
    width = len(FEATURES) + len(trial.names)
    for i, (story, fields) in enumerate(zip(corpus.stories, corpus.fields, strict=True)):
        vectors = country_features(story)
        extra = trial.extra(story, fields, vectors) if trial.extra else {}
        for country, x in vectors.items():
            rows.append([*x, *extra.get(country, [])])
            labels.append(country in corpus.gold[i])
            index.append(i)
            names.append(country)
    return geofit.Examples(
        np.array(rows, dtype=float).reshape(-1, width),
        np.array(labels, dtype=bool),
        np.array(index),
        names,
        corpus.gold,
    )


def held_out(ex: geofit.Examples, n_stories: int, folds: int, trial: Trial) -> np.ndarray:
    """Each example predicted (at its fold's calibrated cut) by a model fitted without it."""
    signs = [{**SIGNS, **trial.signs}.get(n, 0) for n in (*FEATURES, *trial.names)]

    def make_model() -> SignedLogistic:
        return SignedLogistic(signs, trial.c)

    chosen = np.zeros(len(ex.y), dtype=bool)
    for part in geofit.folds_of(n_stories, folds):
        train = sorted(set(range(n_stories)) - part)
        mine = ex.subset(set(train))
        cut = geofit.balanced_cut(mine, geofit.out_of_fold(mine, train, folds, make_model), train)
        rows = np.array([int(s) in part for s in ex.story])
        model = make_model().fit(mine.x, mine.y)
        chosen[rows] = model.predict_proba(ex.x[rows])[:, 1] >= cut
    return chosen


def figures(ex: geofit.Examples, chosen: np.ndarray) -> dict[str, float]:
    pred: dict[int, set[str]] = {}
    for s, c, yes in zip(ex.story, ex.country, chosen, strict=True):
        if yes:
            pred.setdefault(int(s), set()).add(c)
    found = filing_figures(dict(enumerate(ex.gold)), pred)
    return {k: found[k] for k in ("macro_precision", "macro_recall", "macro_f1", "micro_f1")}


def list_ceiling(ex: geofit.Examples, chosen: np.ndarray) -> dict[str, float]:
    """The figures if every listed country were decided as the editors decided it."""
    listed = ex.x[:, FEATURES.index("listed")] > 0
    return figures(ex, np.where(listed, ex.y, chosen))


def run_trial(corpus: Corpus, trial: Trial, folds: int) -> dict[str, Any]:
    ex = examples(corpus, trial)
    chosen = held_out(ex, len(corpus.stories), folds, trial)
    out: dict[str, Any] = {k: round(v, 4) for k, v in figures(ex, chosen).items()}
    if trial.name == "shipped":
        out["list_ceiling"] = {k: round(v, 4) for k, v in list_ceiling(ex, chosen).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--folds", type=int, default=geofit.FOLDS)
    parser.add_argument("--only", nargs="*", help="trial names (default: all)")
    args = parser.parse_args(argv)
    path = args.shared / geofit.DATA
    if not path.exists():
        print(f"{path} not found", file=sys.stderr)
        return 2
    corpus = read_corpus(list(geofit.read_stories(path)))
    results = {}
    for trial in TRIALS:
        if args.only and trial.name not in args.only:
            continue
        results[trial.name] = run_trial(corpus, trial, args.folds)
        print(trial.name, json.dumps(results[trial.name]), file=sys.stderr, flush=True)
    print("| trial | macro P | macro R | macro F1 | micro F1 |\n|---|---|---|---|---|")
    for name, r in results.items():
        cells = (r["macro_precision"], r["macro_recall"], r["macro_f1"], r["micro_f1"])
        print(f"| {name} | " + " | ".join(f"{v:.4f}" for v in cells) + " |")
    print(json.dumps({"benchmark": "aboutness trials", "folds": args.folds, "trials": results}))
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
