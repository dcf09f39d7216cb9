"""When a reader's digest is due, when it is too late, and how long to back off.

Pure functions of values: no database, no clock. The sender decides with them.

- An issue is frozen at the first `send` run of the edition's local day; each
  reader's delivery is due at the first occurrence of their local hour at or
  after that moment (so a 07:00 reader in Tokyo and one in Zurich each get it
  at their own 07:00).
- A delivery not sent within `SEND_WINDOW` of its hour is expired, never sent:
  a morning digest that arrives in the evening after an outage is worse than none.
- A 4xx answer is retried after `RETRY_BASE` doubled per attempt, capped at
  `RETRY_CAP`; a retry that would fall after the deadline is not tried.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SEND_WINDOW = timedelta(hours=4)
RETRY_BASE = timedelta(minutes=2)
RETRY_CAP = timedelta(hours=1)
ISSUE_WINDOW = timedelta(days=1)


def zone(name: str) -> ZoneInfo:
    """The time zone of that name, UTC when it is unknown (a bad value must not stop sending)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_date(now: datetime, time_zone: str) -> date:
    return now.astimezone(zone(time_zone)).date()


def due_at(after: datetime, hour: int, time_zone: str) -> datetime:
    """The first local `hour`:00 in `time_zone` at or after `after`, in UTC.

    Built on the local wall clock, so a daylight-saving change keeps 07:00 at 07:00.
    """
    tz = zone(time_zone)
    local = after.astimezone(tz)
    candidate = local.replace(hour=hour % 24, minute=0, second=0, microsecond=0)
    if candidate < local.replace(minute=0, second=0, microsecond=0):
        candidate = (candidate + timedelta(days=1)).replace(hour=hour % 24)
    return candidate.astimezone(UTC)


def deadline(due: datetime) -> datetime:
    return due + SEND_WINDOW


def retry_at(now: datetime, attempts: int) -> datetime:
    """When to try again after the `attempts`-th temporary failure."""
    delay = min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_CAP)
    return now + delay


def issue_window_start(now: datetime, last_built: datetime | None) -> datetime:
    """Stories newer than this go in the next issue: the last day, never one already sent."""
    start = now - ISSUE_WINDOW
    return max(start, last_built) if last_built else start
