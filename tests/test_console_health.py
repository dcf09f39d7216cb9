"""The console's feed list: an editor finds a partner's numbered feeds in their order."""

import pytest
from django.utils import timezone

from wiredesk.console.health import feed_health, natural_key
from wiredesk.sources.models import Feed, Licence, Source


def test_natural_key_sorts_numbers_by_value():
    urls = ["http://p.example/feed/?paged=10", "http://p.example/feed/?paged=2"]
    assert sorted(urls, key=natural_key) == urls[::-1]
    assert natural_key("a1b") < natural_key("a1c") < natural_key("a2")


@pytest.mark.django_db
def test_feed_list_orders_numbered_pages_by_number():
    licence = Licence.objects.create(name="CC BY")
    source = Source.objects.create(name="Partner", slug="partner", licence=licence)
    for n in (10, 1, 2, 11):
        Feed.objects.create(source=source, url=f"http://p.example/feed/?paged={n}")
    Feed.objects.create(source=source, url="http://p.example/broken/", error_count=1)
    urls = [h.feed.url.rsplit("/", 1)[1] for h in feed_health(timezone.now())]
    assert urls == ["", "?paged=1", "?paged=2", "?paged=10", "?paged=11"]
