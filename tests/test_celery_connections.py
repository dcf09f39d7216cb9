"""A Celery worker keeps its database connection from one task to the next.

Celery's Django fixup closes every connection around each task unless CELERY_DB_REUSE_MAX
is set; on PostgreSQL that started a server process per task (see wiredesk.celery). These
drive the fixup's own task hooks, as a worker calls them, in this process."""

from types import SimpleNamespace

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from wiredesk.celery import app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="Django never closes the tests' in-memory SQLite database; the PostgreSQL "
        "pass of `make test` runs these",
    ),
]


class Task:
    """What the hooks read of a task (a signal's sender must be hashable)."""

    name = "wiredesk.tasks.example"
    request = SimpleNamespace(is_eager=False)


TASK = Task()


def run_task_hooks(fixup: DjangoWorkerFixup) -> None:
    """What a worker does around a task: the fixup's hooks, then the signals' receivers."""
    fixup.on_task_prerun(sender=TASK)
    signals.task_prerun.send(sender=TASK, task_id="1", task=TASK, args=(), kwargs={})
    with connection.cursor() as cursor:  # the task's queries
        cursor.execute("SELECT 1")
    fixup.on_task_postrun(sender=TASK)
    signals.task_postrun.send(sender=TASK, task_id="1", task=TASK, args=(), kwargs={})


def fresh_connection():
    """A new, healthy connection (an earlier test may have left this thread's broken)."""
    connection.close()
    connection.ensure_connection()
    return connection.connection


def test_the_connection_outlives_a_task():
    held = fresh_connection()
    for _ in range(5):
        run_task_hooks(DjangoWorkerFixup(app))
    assert connection.connection is held


def test_without_the_setting_celery_would_open_one_per_task(monkeypatch):
    """The check above can fail: Celery's default closes the connection around each task."""
    monkeypatch.delitem(app.conf, "CELERY_DB_REUSE_MAX")
    held = fresh_connection()
    run_task_hooks(DjangoWorkerFixup(app))
    assert connection.connection is not held


def test_an_unusable_connection_is_still_closed(monkeypatch):
    """As after a request: a connection an error left unusable is not handed to the next task."""
    held = fresh_connection()
    connection.errors_occurred = True
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    run_task_hooks(DjangoWorkerFixup(app))
    assert connection.connection is not held


def test_a_connection_broken_behind_djangos_back_is_replaced_at_the_next_task():
    """A database restart breaks kept connections without an error Django saw: the health
    check (CONN_HEALTH_CHECKS) replaces it at the task's first query."""
    held = fresh_connection()
    held.close()  # as a server restart would
    run_task_hooks(DjangoWorkerFixup(app))
    assert connection.connection is not held and not connection.connection.closed
