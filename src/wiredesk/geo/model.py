"""The fitted aboutness model, read from data/aboutness.json; no scikit-learn needed.

The file is written by fit.py (`python -m wiredesk.geo.fit`): the feature names, one
coefficient per feature (on the features' own scale: the standardisation used in fitting
is folded in), the intercept, and what it was fitted on. A logistic regression: each
feature moves a country's log-odds one way only, which keeps the scores sensible on text
unlike the wire copy it was fitted on. A file whose feature names differ from
features.FEATURES is refused: the weights would be read against the wrong features.
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
    coefficients: tuple[float, ...]
    intercept: float
    info: dict[str, Any]

    def log_odds(self, x: list[float]) -> float:
        return self.intercept + sum(w * v for w, v in zip(self.coefficients, x, strict=True))


def model_from_dict(data: dict[str, Any]) -> AboutnessModel:
    names = tuple(data.get("features", ()))
    if names != FEATURES:
        raise ModelFileError(
            f"{MODEL_FILE} was fitted on features {names}, the code computes {FEATURES}: "
            "refit it with `python -m wiredesk.geo.fit`"
        )
    coefficients = tuple(float(w) for w in data["coefficients"])
    if len(coefficients) != len(FEATURES):
        raise ModelFileError(f"{MODEL_FILE}: {len(coefficients)} coefficients")
    info = {k: v for k, v in data.items() if k != "coefficients"}
    return AboutnessModel(coefficients, float(data["intercept"]), info)


@cache
def aboutness_model() -> AboutnessModel:
    text = resources.files("wiredesk.geo").joinpath("data", MODEL_FILE).read_text("utf-8")
    return model_from_dict(json.loads(text))
