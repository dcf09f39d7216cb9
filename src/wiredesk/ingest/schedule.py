"""When to poll a feed next: decided from what the last poll found, pure.

- New entries: poll sooner (interval x 0.75), down to MIN_INTERVAL.
- Nothing new (or 304): poll later (interval x 1.25), up to MAX_INTERVAL.
- Failure: back off exponentially from the interval, up to MAX_BACKOFF, with jitter of
  +-20% so feeds that fail together do not all come back at the same moment.
- The server said when (Retry-After on 429/503): that moment, within MAX_BACKOFF.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_INTERVAL = timedelta(minutes=5)
MAX_INTERVAL = timedelta(hours=6)
MAX_BACKOFF = timedelta(hours=12)


@dataclass(frozen=True)
class PollOutcome:
    new_entries: int = 0
    failed: bool = False
    error_count: int = 0  # consecutive failures, this one included
    retry_after: float | None = None  # seconds the server asked us to wait


@dataclass(frozen=True)
class NextPoll:
    at: datetime
    interval: timedelta


def next_poll(
    interval: timedelta, outcome: PollOutcome, now: datetime, jitter: random.Random | None = None
) -> NextPoll:
    rng = jitter or random
    if outcome.retry_after is not None:
        wait = min(timedelta(seconds=max(outcome.retry_after, 0)), MAX_BACKOFF)
        return NextPoll(now + wait, interval)
    if outcome.failed:
        backoff = min(interval * 2 ** min(outcome.error_count, 10), MAX_BACKOFF)
        return NextPoll(now + backoff * rng.uniform(0.8, 1.2), interval)
    factor = 0.75 if outcome.new_entries else 1.25
    adapted = min(max(interval * factor, MIN_INTERVAL), MAX_INTERVAL)
    return NextPoll(now + adapted * rng.uniform(0.9, 1.1), adapted)
