"""Machine-written dates (ISO 8601, RFC 2822) read, and the bounds every date must keep."""

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from wiredesk.extract.structured import as_text

MIN_YEAR = 1995
FUTURE_SLACK = timedelta(days=1)


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601, RFC 2822 or YYYY-MM-DD text -> aware datetime; None when unreadable or absurd."""
    text = as_text(value)[:64].strip()
    if not text:
        return None
    parsed = _parse_iso(text) or _parse_rfc(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed.year < MIN_YEAR or parsed > datetime.now(UTC) + timedelta(days=1):
        return None
    return parsed


def _parse_iso(text: str) -> datetime | None:
    candidate = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text
    candidate = re.sub(r"Z$", "+00:00", candidate)
    candidate = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    match = re.match(r"^(\d{4})-?(\d\d)-?(\d\d)", text)
    if match:
        try:
            return datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def _parse_rfc(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def plausible(found: datetime, reference: datetime) -> bool:
    """Not before `MIN_YEAR` and not after `reference` (plus `FUTURE_SLACK`): a page cannot
    have been published after it was fetched, and a date from before the web is a typo."""
    return found.year >= MIN_YEAR and found <= reference + FUTURE_SLACK


def bounded(found: datetime | None, reference: datetime) -> datetime | None:
    return found if found and plausible(found, reference) else None
