"""Routing decisions, pure."""

from wiredesk.editions.routing import EditionRule, decide_placements, relevance

SWISS = EditionRule(1, frozenset({"CH"}), 0.2)
RUSSIA = EditionRule(2, frozenset({"RU"}), 0.2)
EUROPE = EditionRule(3, frozenset({"CH", "BE", "DE"}), 0.3)


def test_passing_mention_is_not_enough():
    scores = {"RU": 0.6, "UA": 0.25, "CH": 0.05}
    placed = {p.edition_id for p in decide_placements(scores, [SWISS, RUSSIA, EUROPE], None)}
    assert placed == {2}


def test_regional_edition_adds_its_countries():
    assert relevance({"CH": 0.15, "DE": 0.2, "US": 0.65}, EUROPE.countries) == 0.35
    placed = {p.edition_id for p in decide_placements({"CH": 0.15, "DE": 0.2}, [EUROPE], None)}
    assert placed == {3}


def test_unlicensed_edition_is_never_chosen():
    assert decide_placements({"CH": 1.0}, [SWISS], licensed={2, 3}) == []

