"""Storing an extracted entry: how its fields are chosen."""

from datetime import UTC, datetime

from wiredesk.ingest.store import content_hash, original_date


def test_original_date_takes_the_feeds_time_when_the_day_agrees():
    day = datetime(2012, 5, 16, tzinfo=UTC)
    feed = datetime(2012, 5, 16, 14, 3, tzinfo=UTC)
    repost = datetime(2013, 1, 2, 9, 0, tzinfo=UTC)
    assert original_date(day, feed) == feed
    assert original_date(day, repost) == day
    assert original_date(None, feed) == feed


def test_content_hash_folds_case_and_spacing():
    assert content_hash("Talks  began\n in Brussels.") == content_hash("talks began in brussels.")
    assert content_hash("Talks began") != content_hash("Talks ended")
