"""A country's score: how likely an editor would file the story under it.

The mentions' facts (evidence.py) become features (features.py), which the fitted model
(model.py, weights in data/aboutness.json, fitted by fit.py on Reuters wire stories that
their editors filed by country) turns into a probability per country. Its odds are scaled
by one factor (fit.py: the intercept's shift) so that the editions' default threshold,
`ABOUT` (0.2), is the point where precision and recall meet on stories the model was not
fitted on; 0.2 stands for a probability of about 0.33 and 0.5 for about 0.66 (the
shipped file's `balanced_cut`). Scores are independent: a story can be about two
countries (0.9 each) or about none of those it names (a list of places, a currency, a
venue: each under 0.2).

A partner's own country tags (a source marked as tagging countries) and a headline's
country label ("Peru: ...") are evidence the model was not fitted on (the development
data has neither): each is taken at the likelihood ratio of a careful partner's tags
(tags.py), added to the model's log-odds.
"""

from __future__ import annotations

import math

from wiredesk.geo.features import Story, country_features
from wiredesk.geo.gazetteer import Gazetteer
from wiredesk.geo.model import AboutnessModel, aboutness_model
from wiredesk.geo.tags import TAG_LOG_ODDS, TAG_ONLY_LOG_ODDS, UNTAGGED_LOG_ODDS, Filing

# The editions' default threshold: a story is about a country from this score on. The model
# is fitted so that precision and recall meet here (fit.py); readers see these countries.
ABOUT = 0.2


def seat_keys(named: set[str], gaz: Gazetteer) -> set[str]:
    """City keys that are seats of organisations named in the story (`named`: every key
    the matcher found, organisations included, as the gazetteer holds them as blockers)."""
    seats: set[str] = set()
    for org in named & gaz.seats.keys():
        seats.update(gaz.seats[org])
    return seats


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


def country_scores(
    story: Story, filing: Filing | None = None, model: AboutnessModel | None = None
) -> dict[str, float]:
    """Scores in [0, 1], highest first (ties in order of first mention). `filing` is where
    the partner filed the story (tags.py), None when it does not say. `model` is the shipped
    one unless given (bench/aboutness.py scores held-out folds with its own)."""
    model = model or aboutness_model()
    log_odds = {c: model.log_odds(x) for c, x in country_features(story).items()}
    if filing is not None:
        for c in log_odds:
            if c in filing.tagged:
                log_odds[c] += TAG_LOG_ODDS
            elif c not in filing.within:
                log_odds[c] += UNTAGGED_LOG_ODDS
        for c in filing.tagged - log_odds.keys():
            log_odds[c] = TAG_ONLY_LOG_ODDS
    order = sorted(log_odds, key=lambda c: -log_odds[c])
    return {c: round(_sigmoid(log_odds[c]), 4) for c in order}
