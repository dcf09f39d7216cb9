"""Logistic regression whose weights keep the sign news-writing gives them (fit time only).

`features.SIGNS` says which way each feature may move a country's score: a headline or
dateline mention only raises it; a venue, an organisation's seat, a list, a quote, a
currency or a company name only lowers it. The wire data the model is fitted on sometimes
says otherwise: Reuters files a trade story under every country of its list of buyers, and
an EC story datelined Brussels under Belgium, while an edition's reader wants neither.
Bounding the weights keeps such habits of one agency out of the model; the likelihood is
otherwise the ordinary L2-regularised one (scikit-learn's convention: C x log-loss summed
+ |w|^2 / 2), minimised by L-BFGS-B (scipy) on standardised features.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class SignedLogistic:
    def __init__(self, signs: Sequence[int], c: float = 1.0) -> None:
        self.signs = list(signs)
        self.c = c

    def fit(self, x: np.ndarray, y: np.ndarray) -> SignedLogistic:
        from scipy.optimize import minimize

        self.mean_ = x.mean(axis=0)
        std = x.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1.0)
        z = (x - self.mean_) / self.scale_
        target = y.astype(float)

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = params[:-1], params[-1]
            margin = z @ w + b
            p = 1.0 / (1.0 + np.exp(-margin))
            nll = np.sum(np.logaddexp(0.0, margin) - target * margin)
            error = p - target
            grad = np.append(self.c * (z.T @ error) + w, self.c * error.sum())
            return float(self.c * nll + 0.5 * w @ w), grad

        bounds = [
            (0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in self.signs
        ]
        start = np.zeros(z.shape[1] + 1)
        found = minimize(
            loss,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=[*bounds, (None, None)],
            options={"maxiter": 5000},
        )
        self.coef_ = found.x[:-1]
        self.intercept_ = float(found.x[-1])
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        margin = ((x - self.mean_) / self.scale_) @ self.coef_ + self.intercept_
        p = 1.0 / (1.0 + np.exp(-margin))
        return np.column_stack([1 - p, p])

    def raw_weights(self) -> tuple[np.ndarray, float]:
        """Weights and intercept on the raw (unstandardised) features."""
        weights = self.coef_ / self.scale_
        return weights, self.intercept_ - float(np.sum(weights * self.mean_))
