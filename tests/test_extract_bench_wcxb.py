"""WCXB's scorer and the folds of sites (bench/wcxb.py)."""

from conftest import load_bench

wcxb = load_bench("wcxb")


def test_word_f1_is_over_lower_cased_token_multisets() -> None:
    assert wcxb.word_f1("The cat, the hat.", "the CAT the hat") == 1.0
    assert wcxb.word_f1("a b c d", "") == 0.0
    assert wcxb.word_f1("", "") == 1.0
    precision, recall = 2 / 3, 2 / 4  # "a b x" against "a b c d"
    expected = 2 * precision * recall / (precision + recall)
    assert abs(wcxb.word_f1("a b c d", "a b x") - expected) < 1e-9


def test_snippets_found_ignore_case_and_spacing() -> None:
    assert wcxb.snippet_share("The  Quick\nbrown fox", ["quick brown"]) == 1.0
    assert wcxb.snippet_share("text", []) is None
    assert wcxb.snippet_share("home login", ["Home", "Order Now"]) == 0.5


def test_a_site_always_falls_in_the_same_fold() -> None:
    folds = {wcxb.fold_of("example.com") for _ in range(3)}
    assert len(folds) == 1 and folds <= set(range(wcxb.FOLDS))
    assert {wcxb.fold_of(f"site{n}.org") for n in range(200)} == set(range(wcxb.FOLDS))


def test_word_scores_give_precision_and_recall_beside_f1() -> None:
    f1, precision, recall = wcxb.word_scores("a b c d", "a b x")
    assert (precision, recall) == (2 / 3, 2 / 4)
    assert f1 == wcxb.word_f1("a b c d", "a b x")
    assert wcxb.word_scores("", "") == (1.0, 1.0, 1.0)
    assert wcxb.word_scores("a", "b") == (0.0, 0.0, 0.0)
