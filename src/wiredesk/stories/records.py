"""What the story clusterer reads and holds: articles, decisions, open stories, vectors.

Plain data and the vector arithmetic on it; the rules that read them live in `cluster.py`
and the modules it names (`CLUSTERING.md` tells the method).
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wiredesk.stories.evidence import Headline


@dataclass(frozen=True)
class ClusterItem:
    """An article as the clusterer sees it (`published` should be timezone-aware)."""

    id: str
    title: str
    text: str = ""
    lang: str = ""
    published: datetime | None = None
    source: str = ""


@dataclass(frozen=True)
class ClusterDecision:
    """What to do with one article: join `story_id` (or open it when `new`)."""

    story_id: str
    new: bool
    similarity: float
    cross_language: bool = False
    merges: tuple[str, ...] = ()
    vectors: "Vectors | None" = field(default=None, repr=False, compare=False)


@dataclass
class OpenStory:
    """A story the clusterer still holds (active or dormant): members and centroids.

    Not the database row (`wiredesk.stories.models.Story`); ingest maps `id` to it.
    """

    id: str
    first_published: datetime | None
    last_published: datetime | None
    members: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    langs: set[str] = field(default_factory=set)
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    cross: dict[str, float] = field(default_factory=dict)
    cross_norm2: float = 0.0
    slots: Counter[str] = field(default_factory=Counter)
    ids: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)  # its headlines' content words
    short: int = 0  # members under the clusterer's `short_chars`
    names: Counter[str] = field(default_factory=Counter)  # members naming each name
    named: int = 0  # members with a text, whose headline names could be read


@dataclass
class Vectors:
    """One article as the clusterer compares it: its unit vectors (all features; the
    language-independent ones) and what its headline says, made once per decision."""

    full: dict[str, float]
    cross: dict[str, float]
    lang: str
    specific: frozenset[str] = frozenset()
    headline: Headline | None = None
    templated: bool = False
    short: bool = False
    source: str = ""
    # headline words too common to be specific, with the headlines of one story that must
    # name them for them to count as that story's own (`StoryClusterer._own_words`)
    owned: dict[str, tuple[str, float]] = field(default_factory=dict)
    bare: bool = False  # a headline without text
    names: frozenset[str] = frozenset()  # the headline's words its text writes as names


@dataclass(slots=True)
class Match:
    """What an article shares with one candidate story."""

    dot: float = 0.0
    cross_dot: float = 0.0
    specific_dot: float = 0.0
    specific_shared: int = 0


def unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def add_into(target: dict[str, float], norm2: float, vector: dict[str, float]) -> float:
    """Add vector into target in place; return the new squared norm of target."""
    get = target.get
    parts = []  # the dot product's terms, read before each key is added (one pass)
    for k, v in vector.items():
        old = get(k, 0.0)
        parts.append(old * v)
        target[k] = old + v
    return norm2 + 2 * sum(parts) + sum(v * v for v in vector.values())


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(w * b.get(k, 0.0) for k, w in a.items())


def seniority(story: OpenStory) -> tuple[int, datetime, str]:
    """Sorts the bigger story first, then the older, then by id: never by chance."""
    first = story.first_published or datetime.max.replace(tzinfo=UTC)
    return (-len(story.members), first, story.id)
