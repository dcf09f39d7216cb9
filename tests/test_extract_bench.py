"""The body benchmark's scorer, and the extractor on a few real pages of ../shared."""

import pytest

from conftest import SHARED, load_bench

DATA = SHARED / "data" / "extraction"


bench = load_bench("extraction")


def test_shingles() -> None:
    assert bench.shingles("") == {}
    assert bench.shingles("one two") == {("one", "two"): 1}
    assert sum(bench.shingles("a b c d e f").values()) == 3
    assert bench.tokens("Hello, world! Ça va?") == ["Hello", "world", "Ça", "va"]


def test_page_score_is_normalised() -> None:
    score = bench.score_page("a b c d e", "a b c d x")
    assert score.tp + score.fp + score.fn == pytest.approx(1.0)
    assert score.tp == pytest.approx(1 / 3)
    assert bench.score_page("a b c d", "a, b. c d").exact


def test_empty_prediction_leaves_precision_mean() -> None:
    """The metric's quirk, kept on purpose: an empty body costs recall only."""
    scores = [bench.score_page("a b c d e", "a b c d e"), bench.score_page("a b c d e", "")]
    figures = bench.aggregate(scores)
    assert figures["precision"] == 1.0
    assert figures["recall"] == 0.5


@pytest.mark.skipif(not DATA.exists(), reason="../shared/data/extraction is not present")
def test_real_pages() -> None:
    pages = bench.load_pages(DATA)[::10]
    results = bench.run_all({"wiredesk": bench.run_wiredesk}, pages)["wiredesk"]
    assert results["empty"] == 0
    assert results["f1"] > 0.93
