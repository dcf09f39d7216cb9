"""The shipped aboutness model, partners' country tags and the names readers see."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from wiredesk.geo import tag
from wiredesk.geo.features import FEATURES, SIGNS, Story, country_features
from wiredesk.geo.model import ModelFileError, aboutness_model, model_from_dict
from wiredesk.geo.names import country_name
from wiredesk.geo.scoring import ABOUT
from wiredesk.geo.tagger import read_story
from wiredesk.geo.tags import TAG_LOG_ODDS, countries_in_tags, headline_label


def shipped() -> dict:
    path = resources.files("wiredesk.geo").joinpath("data", "aboutness.json")
    return json.loads(path.read_text("utf-8"))


def test_the_shipped_model_matches_the_features_and_says_what_it_was_fitted_on() -> None:
    data = shipped()
    assert tuple(data["features"]) == FEATURES
    assert "Reuters" in data["fitted_on"]
    assert data["threshold"] == ABOUT
    assert 0.05 < data["balanced_cut"] < 0.95
    assert math.isclose(
        data["shift"],
        math.log(ABOUT / (1 - ABOUT)) - math.log(data["balanced_cut"] / (1 - data["balanced_cut"])),
        abs_tol=1e-4,
    )


def test_a_model_fitted_on_other_features_is_refused() -> None:
    data = shipped() | {"features": [*FEATURES[:-1], "something_else"]}
    with pytest.raises(ModelFileError, match="refit"):
        model_from_dict(data)


def test_the_model_is_evaluated_as_written() -> None:
    """log-odds = intercept + w . x: a logistic regression on the raw features."""
    data = shipped()
    story, _ = read_story("Voters in Switzerland rejected the plan, the Swiss government said.")
    (x,) = country_features(story).values()
    expected = data["intercept"] + sum(w * v for w, v in zip(data["coefficients"], x, strict=True))
    assert math.isclose(aboutness_model().log_odds(x), expected, rel_tol=1e-9, abs_tol=1e-9)


def test_more_mentions_in_more_places_never_lower_a_score() -> None:
    """The weights of the plainest evidence point the way they should."""
    weights = dict(zip(FEATURES, shipped()["coefficients"], strict=True))
    for name in ("title", "dateline", "weight_share", "first_sentence"):
        assert weights[name] > 0, name
    assert weights["venue"] < 0
    for name, sign in SIGNS.items():
        assert weights[name] * sign >= 0, name  # the bounds of logistic.py held


def test_a_story_that_names_nothing_has_no_country() -> None:
    assert country_features(Story(text_chars=0, paragraphs=1)) == {}
    assert tag("Markets were calm on Monday.").scores == {}


def test_scores_are_probabilities_and_the_subject_scores_highest() -> None:
    r = tag(
        "Peru's congress voted on Thursday to remove the president. Lima was calm. A Chilean "
        "diplomat said Chile respected the vote.",
        title="Peru: Congress Removes President",
    )
    assert r.main == "PE" and r.scores["PE"] >= 0.9
    assert all(0.0 <= s <= 1.0 for s in r.scores.values())


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["Switzerland", "Politics"], {"CH"}),
        (["World/Europe/Switzerland"], {"CH"}),
        (["Country: Peru", "Latin America"], {"PE"}),
        (["CHE", "FR"], {"CH", "FR"}),
        (["Russian Federation"], {"RU"}),
        (["Politics", "Swiss", "Latin America"], None),  # no country named: no evidence
        ([], None),
    ],
)
def test_countries_in_a_partners_tags(tags: list[str], expected: set[str] | None) -> None:
    assert countries_in_tags(tags) == expected
    assert countries_in_tags(None) is None


def test_a_partners_country_tags_count_as_evidence() -> None:
    text = (
        "The finance minister of Peru met bankers in New York. Chile's central bank "
        "watched, and Peru's peso... Peru's economy grew."
    )
    untagged = tag(text).scores
    tagged = tag(text, tags=["Chile", "Economy"]).scores
    assert tagged["CL"] > untagged["CL"]
    assert tagged["PE"] < untagged["PE"]  # named but not tagged by a partner that tags
    assert math.isclose(
        math.log(tagged["CL"] / (1 - tagged["CL"])),
        math.log(untagged["CL"] / (1 - untagged["CL"])) + TAG_LOG_ODDS,
        abs_tol=0.01,
    )
    only_tagged = tag(text, tags=["Bolivia"]).scores
    assert only_tagged["BO"] >= ABOUT  # tagged but never named in the text


def test_tags_are_ignored_unless_given() -> None:
    text = "Peru's congress voted on Thursday."
    assert tag(text).scores == tag(text, tags=None).scores


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("RU", "Russia"),
        ("PS", "Palestine"),
        ("CD", "DR Congo"),
        ("IR", "Iran"),
        ("KR", "South Korea"),
        ("US", "United States"),
        ("CH", "Switzerland"),
        ("NL", "Netherlands"),
        ("ch", "Switzerland"),
        ("ZZ", "ZZ"),
    ],
)
def test_countries_have_the_names_readers_use(code: str, name: str) -> None:
    assert country_name(code) == name


def test_a_headline_label_files_the_story() -> None:
    text = (
        "Drone strikes continued in the south of Yemen, where residents said the United "
        "States had struck twice this week. Yemeni activists started a campaign online, "
        "and Yemen's government said nothing."
    )
    labelled = tag(text, title="Yemen: Activists Campaign Against Drone Strikes").scores
    plain = tag(text, title="Activists Campaign Against Drone Strikes").scores
    assert labelled["YE"] >= plain["YE"]
    assert labelled["US"] < plain["US"]  # named, but the partner filed it under Yemen


def test_a_continent_label_keeps_countries_outside_it_out() -> None:
    text = (
        "Cartoonists in Gabon, Madagascar and Burkina Faso are mocking their leaders online. "
        "A Chinese loan to Gabon drew jokes too, and Gabon's president was not amused."
    )
    labelled = tag(text, title="Africa: Regimes Under Fire From Cartoonists").scores
    plain = tag(text, title="Regimes Under Fire From Cartoonists").scores
    assert labelled["CN"] < plain["CN"]
    assert labelled["GA"] == plain["GA"]


@pytest.mark.parametrize(
    "title", ["Middle East: Bloggers React", "Best of the Blogs 2012: Winners", "No label here"]
)
def test_not_every_colon_is_a_label(title: str) -> None:
    assert headline_label(title) is None
