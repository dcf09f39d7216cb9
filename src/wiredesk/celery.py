"""The Celery application, used only when CELERY_BROKER_URL is set.

Settings chosen for a cluster: acknowledge a task after it ran (acks_late) and requeue
it if its worker dies (reject_on_worker_lost), take one task at a time (prefetch 1) so a
slow page does not hold others back, JSON only; on Redis, hand a dead worker's tasks to
another within WIREDESK_CELERY_VISIBILITY_TIMEOUT.
"""

import os

from celery import Celery, signals
from django.db import close_old_connections

from wiredesk import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")

# The Celery app is configured at import, the worker's start-up, from the same table as Django.
_config = config.load(os.environ)
app = Celery("wiredesk")
app.conf.update(
    broker_url=_config.celery_broker_url or None,
    task_default_queue=_config.celery_queue,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    result_backend=None,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    # Redis holds the tasks a worker took until it acknowledges them; if the worker was
    # killed, they go to another after this many seconds (kombu's default is an hour).
    # RabbitMQ requeues a dead consumer's messages at once and ignores it.
    broker_transport_options={"visibility_timeout": _config.celery_visibility_timeout},
    timezone="UTC",
    beat_schedule={
        "schedule-due-feeds": {"task": "wiredesk.tasks.schedule_due_feeds", "schedule": 60.0},
        # a safety net: each poll queues the enrichment of its own new stories
        "enrich-articles": {"task": "wiredesk.tasks.enrich_articles", "schedule": 60.0},
        "link-articles": {"task": "wiredesk.tasks.link_articles", "schedule": 30.0},
    },
)
app.conf.imports = ["wiredesk.tasks"]

# Celery's Django fixup closes every database connection before and after each task unless
# CELERY_DB_REUSE_MAX is set: a new PostgreSQL backend for every task, about four an
# article, whose start-up cost the server more CPU than the article's own queries (a third
# of the machine's CPU per article with one worker, bench/scale.py). Connections are kept
# instead, and closed as Django closes them after a request: past CONN_MAX_AGE, or left
# unusable by an error.
app.conf.CELERY_DB_REUSE_MAX = 10**9


@signals.task_prerun.connect
@signals.task_postrun.connect
def _close_old_connections(**kwargs: object) -> None:
    close_old_connections()
