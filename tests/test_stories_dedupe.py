"""Near-duplicate index and the duplicate decision, on real article texts where available."""

import json
from datetime import UTC, datetime

import numpy as np
import pytest

from conftest import shared_path
from wiredesk.stories.dedupe import (
    SIGNATURE_BYTES,
    DuplicateAction,
    DuplicateIndex,
    IncomingArticle,
    KnownArticle,
    check_duplicate,
    decide_duplicate,
    signature,
)
from wiredesk.stories.fingerprint import fingerprint, shingles

STORY = (
    "The central bank raised its main interest rate by a quarter point on Tuesday, the first "
    "increase in seven years, citing stubborn inflation and a tight labour market. Officials "
    "said further moves would depend on wage data due next month. Markets had expected the "
    "decision, and the currency rose slightly against the dollar after the announcement."
)
OTHER = (
    "The home side scored twice in the second half to win the derby on Sunday night, lifting "
    "them to third in the table. Their coach praised the defence, which has kept five clean "
    "sheets in a row, and said the squad would rest key players before the cup tie."
)


def giveme5w1h_rows() -> list[dict]:
    path = shared_path("data/clusters/giveme5w1h-newscluster/giveme5w1h-newscluster.dev.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [r for r in rows if r["text"] and len(r["text"].split()) > 100]


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_byline_copy_and_light_edit_are_found_unrelated_is_not():
    index = DuplicateIndex()
    index.add("orig", STORY)
    assert index.find("By Jane Doe, Staff Writer. " + STORY) == "orig"
    assert index.find(STORY.replace("Tuesday", "Wednesday")) == "orig"
    assert index.find(OTHER) is None
    assert index.find("Too short to judge.") is None


def test_signatures_round_trip_through_storage():
    sig = signature(STORY)
    assert isinstance(sig, bytes) and len(sig) == SIGNATURE_BYTES
    assert signature(STORY) == sig, "same text, same signature, across processes too"
    rebuilt = DuplicateIndex.from_signatures([("orig", sig), ("other", signature(OTHER))])
    assert len(rebuilt) == 2
    assert rebuilt.find(STORY + " Reporting by Agency staff.") == "orig"
    with pytest.raises(ValueError):
        rebuilt.add_signature("bad", b"\x00" * 3)


def test_remove_and_re_add():
    index = DuplicateIndex()
    index.add("a", STORY)
    index.remove("a")
    assert index.find(STORY) is None and "a" not in index
    index.add("b", STORY)
    assert index.find(STORY) == "b"


def test_lookup_unchanged_among_many_random_signatures():
    rng = np.random.default_rng(7)
    pairs = [
        (f"s{i}", rng.integers(0, 2**32, SIGNATURE_BYTES // 4, dtype=np.uint32).tobytes())
        for i in range(5000)
    ]
    index = DuplicateIndex.from_signatures(pairs)
    index.add("orig", STORY)
    assert index.find_similar("Updated: " + STORY)[0] == "orig"
    assert index.find(OTHER) is None


def test_real_texts_only_wire_copies_are_duplicates_and_edits_are_found():
    """230 full texts of Giveme5W1H: the only hits are AP copies reprinted by several papers
    (same gold story, true shingle Jaccard >= 0.6); a byline-edited copy is always found."""
    rows = giveme5w1h_rows()
    index = DuplicateIndex()
    for i, row in enumerate(rows):
        hit = index.find(row["text"])
        if hit is not None:
            original = rows[int(hit[1:])]
            assert original["story"] == row["story"]
            assert jaccard(original["text"], row["text"]) >= 0.6
        index.add(f"t{i}", row["text"])
    for row in rows[:40]:
        edited = "UPDATED, with a new byline: by Our Correspondent. " + row["text"]
        hit = index.find(edited)
        assert hit is not None and rows[int(hit[1:])]["story"] == row["story"]


NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
EARLIER = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_decide_exact_near_update_new():
    new = IncomingArticle("n", STORY, source="AFP", published=NOW)
    same_text = KnownArticle("x", source="Reuters", published=EARLIER)
    assert decide_duplicate(new, same_text).action is DuplicateAction.DUPLICATE
    own_old = KnownArticle("o", source="AFP", published=EARLIER)
    intent = decide_duplicate(new, None, own_old, 0.85)
    assert (intent.action, intent.of, intent.similarity) == (DuplicateAction.UPDATE, "o", 0.85)
    other_agency = KnownArticle("r", source="Reuters", published=EARLIER)
    assert decide_duplicate(new, None, other_agency, 0.9).action is DuplicateAction.DUPLICATE
    later_own = KnownArticle("l", source="AFP", published=NOW.replace(hour=15))
    assert decide_duplicate(new, None, later_own, 0.9).action is DuplicateAction.DUPLICATE
    assert decide_duplicate(new, None).action is DuplicateAction.NEW


def test_check_duplicate_reads_through_the_callers_lookups():
    index = DuplicateIndex()
    index.add("o", STORY)
    known = {"o": KnownArticle("o", source="AFP", published=EARLIER)}
    by_fp = {fingerprint(STORY): known["o"]}
    edited = IncomingArticle("n", STORY.replace("slightly", "sharply"), "AFP", NOW)
    intent = check_duplicate(edited, index, by_fp.get, known.get)
    assert (intent.action, intent.of) == (DuplicateAction.UPDATE, "o")
    resent = IncomingArticle("n2", STORY + " ", "Reuters", NOW)
    assert check_duplicate(resent, index, by_fp.get, known.get).reason == "same fingerprint"
    fresh = IncomingArticle("n3", OTHER, "AFP", NOW)
    assert check_duplicate(fresh, index, by_fp.get, known.get).action is DuplicateAction.NEW
    assert len(index) == 1, "checking does not index"
