"""The publish step: "these articles changed", told to subscribers after the change commits.

Writers (ingest, enrichment, linking, editors) change articles, their countries and
placements; what is derived from them for readers (the site's search index, "See also",
cached pages) is kept by subscribers of `articles_changed`, which this module sends once
the writer's transaction has committed. So a writer never imports a later stage, never
holds its transaction open for a subscriber's work, and a transaction rolled back is never
announced (a savepoint rolled back inside a committed one may be: harmless, as
subscribers read the rows as they are).

- The owning apps announce saves and deletes of their own models (Article and
  ArticleCountry here, Placement in editions; see `announce_saves`); bulk writes
  (`bulk_create`, `QuerySet.update`) send no model signals, so their writers call
  `changed` themselves.
- Within one transaction the ids are gathered and sent once, after the commit. Outside
  a transaction they are sent at once.
- Each unit of pipeline work ends with `deliver()`, after its transactions: whatever it
  announced and was not sent yet (a test's wrapping transaction never commits) goes now.

A process killed between a commit and its delivery loses the announcement; the link unit
ends with `sweep()`, on which subscribers catch up with what they missed (the site indexes
articles it has no entry for).
"""

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

log = logging.getLogger(__name__)

# Sent with `article_ids` (a sorted list; may be empty: something lists show changed).
articles_changed = Signal()
# Sent when a unit asks subscribers to catch up with announcements a killed process lost.
sweep_requested = Signal()

_pending = threading.local()


def changed(article_ids: Iterable[int]) -> None:
    """Announce that these articles changed; sent after the caller's transaction commits."""
    ids = _ids()
    if in_transaction() and not _flush_registered():
        if not _in_test():  # what is pending was announced in a transaction rolled back
            ids.clear()
        transaction.on_commit(deliver)
    ids.update(article_ids)
    ids.add(None)  # marks "something changed", even when no id was given
    if not in_transaction():
        deliver()


def deliver() -> None:
    """Send what was announced and not sent yet (unless a transaction is still open)."""
    if in_transaction():
        if _ids() and not _flush_registered():
            transaction.on_commit(deliver)
        return
    ids = _ids()
    if not ids:
        return
    _pending.ids = set()
    article_ids = sorted(pk for pk in ids if pk is not None)
    for receiver, response in articles_changed.send_robust(sender=None, article_ids=article_ids):
        if isinstance(response, Exception):
            log.error("publish: %s failed: %r", receiver, response, exc_info=response)


def sweep() -> None:
    """Have subscribers catch up with announcements lost by a killed process."""
    deliver()
    sweep_requested.send(sender=None)


def in_transaction() -> bool:
    """Whether the caller has a transaction open (a test's own wrapping block is not one:
    its changes count as committed, as they would be outside the test)."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


def _in_test() -> bool:
    """Inside a test's wrapping transaction, which never commits: what the test changed
    counts as committed, and waits for the unit's `deliver()`."""
    return any(block._from_testcase for block in connection.atomic_blocks)


def _ids() -> set[int | None]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    return _pending.ids


def _flush_registered() -> bool:
    return any(entry[1] is deliver for entry in connection.run_on_commit)


def announce_saves(model: type, articles: Callable[[Any], list[int]]) -> None:
    """Announce every save and delete of `model`, as a change of `articles(instance)`."""

    def saved(sender: type, instance: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):  # fixtures loading: the site is rebuilt after (site_reindex)
            changed(articles(instance))

    uid = f"publish-{model._meta.label_lower}"  # type: ignore[attr-defined]
    post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-saved", weak=False)
    post_delete.connect(saved, sender=model, dispatch_uid=f"{uid}-deleted", weak=False)
