"""Storing an extracted entry: how its fields are chosen."""

from datetime import UTC, datetime

from wiredesk.ingest.store import original_date


def test_original_date_takes_the_feeds_time_when_the_day_agrees():
    day = datetime(2012, 5, 16, tzinfo=UTC)
    feed = datetime(2012, 5, 16, 14, 3, tzinfo=UTC)
    repost = datetime(2013, 1, 2, 9, 0, tzinfo=UTC)
    assert original_date(day, feed) == feed
    assert original_date(day, repost) == day
    assert original_date(None, feed) == feed
