"""Clustering quality measures: B-cubed precision/recall/F1 and the adjusted Rand index.

Pure functions over two parallel label lists (gold, predicted), one label per article.
B-cubed (Bagga & Baldwin 1998) averages, over articles, the share of the article's
predicted cluster that shares its gold story (precision) and the share of its gold story
that sits in its predicted cluster (recall). The adjusted Rand index (Hubert & Arabie 1985)
is pair counting corrected for chance: 0 for random, 1 for identical partitions.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    ari: float


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1); F1 is the harmonic mean of the averages."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same length")
    if not gold:
        return 0.0, 0.0, 0.0
    both = Counter(zip(gold, pred, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(pred)
    precision = sum(n * n / pred_size[p] for (_, p), n in both.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, _), n in both.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def adjusted_rand(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Adjusted Rand index, as scikit-learn's `adjusted_rand_score` computes it."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same length")
    n = len(gold)
    if n < 2:
        return 1.0
    sum_cells = sum(comb(c, 2) for c in Counter(zip(gold, pred, strict=True)).values())
    sum_gold = sum(comb(c, 2) for c in Counter(gold).values())
    sum_pred = sum(comb(c, 2) for c in Counter(pred).values())
    expected = sum_gold * sum_pred / comb(n, 2)
    maximum = (sum_gold + sum_pred) / 2
    if maximum == expected:
        return 1.0
    return (sum_cells - expected) / (maximum - expected)


def score(gold: Sequence[str], pred: Sequence[str]) -> Scores:
    """All four figures at once."""
    precision, recall, f1 = bcubed(gold, pred)
    return Scores(precision, recall, f1, adjusted_rand(gold, pred))
