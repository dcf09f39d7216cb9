"""The fitted aboutness model, read from data/aboutness.json; no scikit-learn needed.

The file is written by fit.py (`python -m wiredesk.geo.fit`): the feature names, each
feature's mean and scale (standardisation), the intercept, one linear weight per feature and
an upper-triangular matrix of weights for the products of pairs of features (a logistic
regression on a quadratic surface), and what it was fitted on. A file whose feature names
differ from features.FEATURES is refused: the weights would be read against the wrong
features. Evaluating it is about 500 multiplications per country.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from wiredesk.errors import WiredeskError
from wiredesk.geo.features import FEATURES

MODEL_FILE = "aboutness.json"


class ModelFileError(WiredeskError):
    """The packaged model file does not match the code."""


@dataclass(frozen=True, slots=True)
class AboutnessModel:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    intercept: float
    linear: tuple[float, ...]
    quadratic: tuple[tuple[tuple[int, float], ...], ...]  # row i: (j, weight) for j >= i
    info: dict[str, Any]

    def log_odds(self, x: list[float]) -> float:
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        total = self.intercept + sum(w * v for w, v in zip(self.linear, z, strict=True))
        for zi, row in zip(z, self.quadratic, strict=True):
            if zi:
                total += zi * sum(w * z[j] for j, w in row)
        return total


def model_from_dict(data: dict[str, Any]) -> AboutnessModel:
    names = tuple(data.get("features", ()))
    if names != FEATURES:
        raise ModelFileError(
            f"{MODEL_FILE} was fitted on features {names}, the code computes {FEATURES}: "
            "refit it with `python -m wiredesk.geo.fit`"
        )
    n = len(FEATURES)
    quadratic = tuple(
        tuple((j, float(w)) for j, w in enumerate(row) if j >= i and w)
        for i, row in enumerate(data["quadratic"])
    )
    if len(quadratic) != n:
        raise ModelFileError(f"{MODEL_FILE}: the quadratic weights are not {n} x {n}")
    info = {k: v for k, v in data.items() if k not in ("linear", "quadratic", "mean", "scale")}
    return AboutnessModel(
        tuple(map(float, data["mean"])),
        tuple(float(s) or 1.0 for s in data["scale"]),
        float(data["intercept"]),
        tuple(map(float, data["linear"])),
        quadratic,
        info,
    )


@cache
def aboutness_model() -> AboutnessModel:
    text = resources.files("wiredesk.geo").joinpath("data", MODEL_FILE).read_text("utf-8")
    return model_from_dict(json.loads(text))
