"""Which stories lead the front page. Pure: takes candidates, returns an order.

Editors' pins always lead, in the order they were pinned. Other stories lead only when
they are clearly about the edition's country: a relevance (the placement's score, the
likelihood that the story is about one of the edition's countries: geo.scoring) of at least
`LEAD_LEAST` (0.5), well above the editions' default threshold (0.2), so a story that only
mentions the country never leads, whatever the edition's own threshold or an editor's move
placed it there, and one the model is unsure of stays in the lists below the leads.
Those are ranked by relevance x freshness: the relevance times a half-life decay of the
story's age. Age is measured from the newest candidate, not
from the clock, so an edition whose partners fell quiet (or the demo's 2012 archive) still
gets a sensible lead rather than every score decaying to zero. With a 12-hour half-life a
fully relevant story from this morning beats a half-relevant one from an hour ago, and a
day-old story needs four times the relevance of a fresh one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

HALF_LIFE_HOURS = 12.0
LEAD_LEAST = 0.5


@dataclass(frozen=True)
class Candidate:
    article_id: int
    when: datetime | None
    relevance: float
    pinned: bool = False


def lead_score(candidate: Candidate, newest: datetime) -> float:
    if candidate.when is None:
        return 0.0
    age_hours = max(0.0, (newest - candidate.when).total_seconds() / 3600)
    return candidate.relevance * 0.5 ** (age_hours / HALF_LIFE_HOURS)


def rank_leads(candidates: Sequence[Candidate], count: int) -> list[int]:
    """The ids of the `count` lead stories: pins first, then by relevance x freshness."""
    pinned = [c.article_id for c in candidates if c.pinned]
    about = [c for c in candidates if not c.pinned and c.relevance >= LEAD_LEAST]
    dated = [c.when for c in candidates if c.when is not None]
    if not dated:
        return (pinned + [c.article_id for c in about])[:count]
    newest = max(dated)
    ranked = sorted(
        about,
        key=lambda c: (lead_score(c, newest), c.when or newest, c.article_id),
        reverse=True,
    )
    return (pinned + [c.article_id for c in ranked])[:count]
