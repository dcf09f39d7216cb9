"""Routing decisions, pure."""

from wiredesk.editions.routing import EditionRule, decide_placements, relevance

SWISS = EditionRule(1, frozenset({"CH"}), 0.2)
RUSSIA = EditionRule(2, frozenset({"RU"}), 0.2)
EUROPE = EditionRule(3, frozenset({"CH", "BE", "DE", "FR", "ES"}), 0.3)
LATIN_AMERICA = EditionRule(4, frozenset({"AR", "BR", "CL"}), 0.3)


def test_passing_mention_is_not_enough():
    scores = {"RU": 0.6, "UA": 0.25, "CH": 0.05}
    placed = {p.edition_id for p in decide_placements(scores, [SWISS, RUSSIA, EUROPE], None)}
    assert placed == {2}


def test_regional_edition_takes_the_country_a_story_is_about():
    assert relevance({"CH": 0.15, "DE": 0.2, "US": 0.65}, EUROPE.countries) == 0.2
    placed = {p.edition_id for p in decide_placements({"DE": 0.8, "CH": 0.1}, [EUROPE], None)}
    assert placed == {3}


def test_passing_mentions_of_a_region_do_not_add_up():
    """A Latin American story naming four European countries in passing is not European."""
    scores = {"AR": 0.95, "ES": 0.1, "FR": 0.09, "CH": 0.08, "BE": 0.08}
    placed = {p.edition_id for p in decide_placements(scores, [EUROPE, LATIN_AMERICA], None)}
    assert placed == {4}


def test_unlicensed_edition_is_never_chosen():
    assert decide_placements({"CH": 1.0}, [SWISS], licensed={2, 3}) == []
