"""The polling schedule adapts to how often a feed changes and backs off when it fails."""

import random
from datetime import UTC, datetime, timedelta

from wiredesk.ingest.schedule import (
    MAX_BACKOFF,
    MAX_INTERVAL,
    MIN_INTERVAL,
    PollOutcome,
    next_poll,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_busy_feed_is_polled_more_often_down_to_the_floor():
    interval = HOUR
    for _ in range(30):
        interval = next_poll(interval, PollOutcome(new_entries=3), NOW).interval
    assert interval == MIN_INTERVAL


def test_quiet_feed_is_polled_less_often_up_to_the_ceiling():
    interval = HOUR
    for _ in range(30):
        interval = next_poll(interval, PollOutcome(), NOW).interval
    assert interval == MAX_INTERVAL


def test_failures_back_off_with_jitter_and_a_cap():
    rng = random.Random(1)
    first = next_poll(HOUR, PollOutcome(failed=True, error_count=1), NOW, rng).at - NOW
    third = next_poll(HOUR, PollOutcome(failed=True, error_count=3), NOW, rng).at - NOW
    assert 1.6 * HOUR <= first <= 2.4 * HOUR
    assert third > first
    many = next_poll(HOUR, PollOutcome(failed=True, error_count=40), NOW, rng).at - NOW
    assert many <= MAX_BACKOFF * 1.2


def test_retry_after_is_honoured():
    assert next_poll(HOUR, PollOutcome(failed=True, retry_after=120), NOW).at == NOW + timedelta(
        seconds=120
    )
