"""When a digest is due, when it is too late, how long to back off (pure)."""

from datetime import UTC, datetime, timedelta

from wiredesk.newsletter import schedule


def test_due_at_the_readers_local_hour():
    frozen = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    assert schedule.due_at(frozen, 9, "Asia/Tokyo") == datetime(2026, 11, 29, 0, tzinfo=UTC)
    assert schedule.due_at(frozen, 7, "Europe/Zurich") == datetime(2026, 11, 29, 6, tzinfo=UTC)
    assert schedule.due_at(frozen, 23, "UTC") == datetime(2026, 11, 28, 23, tzinfo=UTC)  # this hour
    assert schedule.due_at(frozen, 7, "No/Such_Zone") == datetime(2026, 11, 29, 7, tzinfo=UTC)


def test_local_hour_survives_daylight_saving():
    before = datetime(2026, 3, 28, 12, tzinfo=UTC)  # Zurich switches to CEST on the 29th
    assert schedule.due_at(before, 7, "Europe/Zurich") == datetime(2026, 3, 29, 5, tzinfo=UTC)


def test_deadline_and_back_off():
    due = datetime(2026, 1, 1, 7, tzinfo=UTC)
    assert schedule.deadline(due) - due == schedule.SEND_WINDOW
    delays = [schedule.retry_at(due, n) - due for n in range(1, 9)]
    assert delays[0] == schedule.RETRY_BASE and delays == sorted(delays)
    assert delays[-1] == schedule.RETRY_CAP


def test_issue_window_never_repeats_a_story():
    now = datetime(2026, 1, 2, tzinfo=UTC)
    assert schedule.issue_window_start(now, None) == now - timedelta(days=1)
    last = now - timedelta(hours=5)
    assert schedule.issue_window_start(now, last) == last
