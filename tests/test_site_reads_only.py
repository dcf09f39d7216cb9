"""A page view only reads: every write for readers happens when articles are published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from test_site_factory import BASE, article
from wiredesk.site import cache
from wiredesk.stories.linking import link_new_articles

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def test_no_public_page_writes_to_the_database(client, swiss, agency):
    first = article(agency, swiss, "Glacier melt in the Alps", categories=["Environment"])
    article(agency, swiss, "Alps glacier melt record", "Record melt.", countries=("CH", "IT"))
    link_new_articles()  # stories, so the story page has one
    first.refresh_from_db()
    day = BASE.astimezone(tz=None)
    pages = [
        "/",
        "/search/?q=glacier",
        "/switzerland/",
        "/switzerland/more/",
        "/switzerland/search/?q=glacier",
        f"/switzerland/a/{first.pk}/glacier/",
        f"/switzerland/story/{first.story_id}/",
        "/switzerland/country/it/",
        "/switzerland/topic/environment/",
        "/switzerland/archive/",
        f"/switzerland/archive/{day.year}/{day.month}/",
        "/switzerland/feed/rss/",
        "/switzerland/sitemap.xml",
        "/switzerland/news-sitemap.xml",
    ]
    for cold in (True, False):  # a page built anew, then served from the cache
        if cold:
            cache.clear()
        for url in pages:
            with CaptureQueriesContext(connection) as seen:
                response = client.get(url)
            assert response.status_code in (200, 301, 302), (url, response.status_code)
            written = [q["sql"] for q in seen.captured_queries]
            assert not [sql for sql in written if sql.lstrip().upper().startswith(WRITES)], url
