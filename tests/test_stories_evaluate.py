"""The clustering measures against values worked out by hand (and scikit-learn's docs)."""

import pytest

from wiredesk.stories.evaluate import adjusted_rand, bcubed, score


def test_bcubed_perfect_and_all_in_one():
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, ["x", "x", "y", "y"]) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(gold, ["x"] * 4)
    assert (precision, recall) == (0.5, 1.0)


def test_bcubed_by_hand():
    # Gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}.
    # precision: 1,1,1/3,2/3,2/3 -> 11/15; recall: 2/3,2/3,1/3,1,1 -> 11/15.
    p, r, f = bcubed(list("aaabb"), list("xxyyy"))
    assert (p, r, f) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([0, 0, 1, 1], [1, 1, 0, 0], 1.0),
        ([0, 0, 1, 1], [0, 0, 1, 2], 0.5714285714285715),
        ([0, 0, 1, 2], [0, 0, 1, 1], 0.5714285714285715),
        ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),
    ],
)
def test_adjusted_rand_matches_scikit_learn_examples(gold, pred, expected):
    assert adjusted_rand([str(g) for g in gold], [str(p) for p in pred]) == pytest.approx(expected)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        score(["a"], ["a", "b"])
