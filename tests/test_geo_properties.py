"""Properties of wiredesk.geo.tag that hold for any input (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wiredesk.geo import tag

WORDS = st.sampled_from(
    [
        "Russia",
        "Geneva",
        "Paris",
        "Texas",
        "Georgia",
        "Jordan",
        "Michael",
        "the",
        "in",
        "U.S.",
        "Kremlin",
        "said",
        "Swiss",
        "NATO",
        "Brussels",
        "Man",
        ",",
        ".",
        "\n",
        "—",
        "(AP)",
        "MOSCOW",
        "Moscow",
        "Россия",
        "Москве",
        "la",
        "Suisse",
        "Indian Ocean",
        "County",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, title=TEXTS, dateline=st.one_of(st.just(""), TEXTS))
def test_any_input_gives_a_consistent_result(text: str, title: str, dateline: str) -> None:
    r = tag(text, title=title, dateline=dateline)
    assert r.countries == list(r.scores)
    assert all(0.0 <= s <= 1.0 for s in r.scores.values())
    assert (r.main is None) == (not r.countries)
    if r.main is not None:
        assert r.scores[r.main] == max(r.scores.values())
    fields = {"text": text, "title": title, "dateline": dateline}
    for p in r.places:
        assert p.country in r.scores
        assert fields[p.source][p.start : p.end] == p.name
