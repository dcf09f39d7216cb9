"""The one small interface every full-text engine implements.

The site runs on SQLite (FTS5) or on PostgreSQL (full-text search), and the two differ in
where the index lives, how matches are found, ranked and highlighted, and how "See also"
candidates are found. Everything that differs is a method of a backend class, one class
per engine (`sqlite.SqliteBackend`, `postgres.PostgresBackend`), chosen once
(`engines.backend`); the rest of search (index upkeep, kept "See also", the public
functions) is written once against this interface. Adding an engine is one new class and
one line in `engines.BACKENDS`.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from wiredesk.editions.models import Edition
from wiredesk.site.search.results import Results


class Document(NamedTuple):
    """An article's text as the index holds it."""

    article_id: int
    headline: str
    text: str

    @classmethod
    def of(cls, article) -> "Document":
        return cls(article.pk, article.headline, article.body_text)


class Neighbours(NamedTuple):
    """An article's nearest articles, best first, with what they were found by."""

    ids: list[int]
    scores: list[float]  # one per id, higher nearer; comparable only within one list
    terms: str  # the words matched on, as `Backend.score` takes them
    shared: list[int] | None = None  # one per id: how many of the terms it holds

    @classmethod
    def none(cls) -> "Neighbours":
        return cls([], [], "")


@dataclass(frozen=True)
class Scope:
    """The articles a search may find, and what lets an engine find them faster.

    `edition`'s visible articles now, or with no edition the ids in `visible` (the
    network's search). `newest_first` (those ids by date) lets an engine list the matches of
    a very common word by date instead of ranking them all; `version` (the content version)
    lets it keep matches per process, since they do not depend on the edition."""

    edition: Edition | None
    now: datetime
    visible: frozenset[int] | None = None
    newest_first: list[int] | None = None
    version: str | None = None


class Backend(ABC):
    """One engine's full-text index: its upkeep, its search, its "See also" candidates."""

    vendor: str  # Django's connection.vendor this backend serves

    @abstractmethod
    def index(self, documents: Sequence[Document]) -> None:
        """(Re)index these articles' text. Idempotent."""

    @abstractmethod
    def unindex(self, article_id: int) -> None:
        """Drop one article from the index."""

    @abstractmethod
    def rebuild(self, batch: int) -> None:
        """Drop the whole index and make it again from the articles table."""

    @abstractmethod
    def search(self, terms: list[str], scope: Scope, offset: int, limit: int) -> Results:
        """The articles in scope holding every term, best first, one page highlighted."""

    @abstractmethod
    def neighbours(self, document: Document, limit: int) -> Neighbours:
        """The articles most similar in content to this one, network-wide, best first,
        never the article itself."""

    @abstractmethod
    def score(self, terms: str, article_id: int) -> float | None:
        """How near one article is to a list found by `terms` (Neighbours.terms), on that
        list's scale; None if it matches none of them."""
