"""Short briefs: the body is the story alone, and a brief that stays short is flagged.

The briefs are the demo's Global Voices 2012 stories of one or two sentences, rendered in the
partner template with its headline, "Written by" line, share bar and category list.
"""

import pytest

from wiredesk.articles.models import Article
from wiredesk.console.flags import poor_extraction
from wiredesk.demo.partner_site import gv_2012, key, resources
from wiredesk.extract import extract_page
from wiredesk.sources.models import Feed

BRIEFS = sorted(gv_2012(), key=lambda a: len(a["text"]))[:8]


@pytest.mark.parametrize("story", BRIEFS, ids=[s["id"] for s in BRIEFS])
def test_brief_body_is_the_story_alone(story):
    page = extract_page(resources()[key(story["url"])].content, story["url"])
    assert page.body == story["text"].strip()
    for chrome in ("Written by", "Share this", "Twitter Facebook Email", "Categories:"):
        assert chrome not in page.body
    assert not page.body.startswith(story["title"])


@pytest.mark.django_db
def test_a_short_brief_is_flagged_as_a_poor_extraction(agency):
    story = BRIEFS[0]
    page = extract_page(resources()[key(story["url"])].content, story["url"])
    feed = Feed.objects.create(source=agency, url="http://gv.test/feed/")
    Article.objects.create(
        source=agency,
        feed=feed,
        guid="b1",
        url=story["url"],
        headline=story["title"],
        body_text=page.body,
        republished_at=story["published"],
    )
    assert list(poor_extraction().values_list("guid", flat=True)) == ["b1"]
