"""Two schedulers that read the same due feed: only one of them polls it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.ingest.pipeline import claim_feed, due_feeds
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db


def test_a_due_feed_is_claimed_once():
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    source = Source.objects.create(name="Agency", slug="agency", licence=licence)
    Feed.objects.create(source=source, url="http://agency.test/feed.rss")
    now = timezone.now()
    first_reader, second_reader = due_feeds(now), due_feeds(now)  # both saw it due
    until = now + timedelta(minutes=10)
    assert claim_feed(first_reader[0], until) is True
    assert claim_feed(second_reader[0], until) is False
    assert due_feeds(now) == []
