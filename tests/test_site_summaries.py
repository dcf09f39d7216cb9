"""Summaries, meta descriptions, <time> values and heading levels on the real pages.

The faults the demo showed (issue 19): a literal "&#8220;" and "&#39;" in a China News teaser,
a raw "<i>" in another, 90 of 256 article pages and every edition front page without a meta
description, <time datetime> with six digits of a second, and "More" pages going from h1
to h3.
"""

import re
from datetime import timedelta
from html import unescape

import feedparser
import pytest
from django.test import Client

from test_site_factory import article
from test_site_html_valid import heading_jumps
from wiredesk.articles.models import Article
from wiredesk.stories.models import Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]

GREEN_DAM = (
    "Activists have been testing the filter software, &#8220;Green Dam Youth Escort&#8221; "
    "since the WSJ&#39;s news about it."
)
BONGO = "Bloggers write about what Bongo's death means for <i>Francafrique</i>."
# HTML's valid global date and time string: at most three digits of a second.
VALID_DATETIME = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,3})?)?(?:Z|[+-]\d\d:?\d\d)$"
)


def meta_description(html: str) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, f"{len(found)} meta descriptions"
    return unescape(found[0])


def page(client: Client, url: str) -> str:
    response = client.get(url, follow=True)  # an article's URL with any slug redirects
    assert response.status_code == 200, url
    return response.content.decode()


def test_teasers_show_partner_summaries_as_plain_text(client, swiss, agency):
    article(agency, swiss, "Green Dam", summary=GREEN_DAM)
    article(agency, swiss, "Gabon", summary=BONGO, hours_ago=1)
    for url in ("/switzerland/", "/switzerland/more/"):
        html = page(client, url)
        assert "&amp;#8220;" not in html and "&amp;#39;" not in html and "&lt;i&gt;" not in html
        shown = unescape(html)
        assert "the filter software, “Green Dam Youth Escort” since the WSJ's news" in shown
        assert "what Bongo's death means for Francafrique." in shown
    rss = feedparser.parse(client.get("/switzerland/feed/rss/").content)
    summaries = " ".join(e.summary for e in rss.entries)
    assert "“Green Dam Youth Escort”" in summaries and "<i>" not in summaries


def test_every_article_page_has_a_plain_meta_description(client, swiss, agency):
    bare = article(
        agency,
        swiss,
        "Quiet valley",
        "The valley voted on Sunday. Turnout was high.\n\nA second paragraph follows.",
    )
    long = article(agency, swiss, "Long summary", summary="<p>" + "word " * 80 + "</p>")
    empty = article(agency, swiss, "Only a headline")
    Article.objects.filter(pk=empty.pk).update(body_html="", body_text="")  # a waiting story
    dirty = article(agency, swiss, "Green Dam", summary=GREEN_DAM)
    described = {
        a.pk: meta_description(page(client, f"/switzerland/a/{a.pk}/x/"))
        for a in (bare, long, empty, dirty)
    }
    assert described[bare.pk] == (
        "The valley voted on Sunday. Turnout was high. A second paragraph follows."
    )
    assert described[long.pk].endswith("word…") and len(described[long.pk]) <= 200
    assert described[empty.pk] == "Only a headline"
    assert described[dirty.pk].startswith("Activists have been testing the filter software, “Green")


def test_every_list_page_has_a_meta_description(client, swiss, agency, configure):
    configure(page_size=2)
    made = [
        article(agency, swiss, f"Vote {i}", hours_ago=i, categories=["Politics"]) for i in range(3)
    ]
    story = Story.objects.create(
        title="Vote", first_seen=made[0].republished_at, last_seen=made[1].republished_at
    )
    for a in made[:2]:
        a.story = story
        a.save()
    when = made[0].published_at
    urls = [
        "/",
        "/switzerland/",
        "/switzerland/more/",
        "/switzerland/more/?page=2",
        f"/switzerland/story/{story.pk}/",
        "/switzerland/topic/politics/",
        "/switzerland/country/ch/",
        "/switzerland/archive/",
        f"/switzerland/archive/{when.year}/{when.month}/",
        f"/switzerland/archive/{when.year}/{when.month}/{when.day}/",
        "/switzerland/search/?q=vote",
        "/search/?q=vote",
    ]
    described = {url: meta_description(page(client, url)) for url in urls}
    assert all(len(d) > 20 for d in described.values()), described
    assert described["/switzerland/more/?page=2"].endswith("(page 2 of 2).")
    assert described[f"/switzerland/story/{story.pk}/"].startswith("Vote ")


def test_time_elements_carry_valid_datetimes(client, swiss, agency):
    fraction = timedelta(microseconds=525_582)
    a = article(agency, swiss, "Precise times", categories=["Politics"])
    a.republished_at += fraction
    a.published_at += fraction
    a.save()
    story = Story.objects.create(
        title="Precise", first_seen=a.republished_at, last_seen=a.republished_at
    )
    a.story = story
    a.save()
    urls = [
        "/switzerland/",
        "/switzerland/more/",
        f"/switzerland/a/{a.pk}/precise-times/",
        f"/switzerland/story/{story.pk}/",
        "/switzerland/search/?q=precise",
        "/search/?q=precise",
    ]
    for url in urls:
        values = re.findall(r'<time[^>]* datetime="([^"]*)"', page(client, url))
        assert values, url
        assert all(VALID_DATETIME.match(v) for v in values), (url, values)


def test_list_and_story_pages_do_not_skip_heading_levels(client, swiss, agency):
    made = [article(agency, swiss, f"Vote {i}", hours_ago=i) for i in range(3)]
    story = Story.objects.create(
        title="Vote", first_seen=made[0].republished_at, last_seen=made[1].republished_at
    )
    for a in made[:2]:
        a.story = story
        a.save()
    for url in [
        "/switzerland/",
        "/switzerland/more/",
        f"/switzerland/story/{story.pk}/",
        "/switzerland/country/ch/",
        "/switzerland/search/?q=vote",
        "/search/?q=vote",
        f"/switzerland/a/{made[0].pk}/vote-0/",
    ]:
        assert heading_jumps(page(client, url)) == [], url


def test_the_digest_shows_summaries_as_plain_text(swiss, agency):
    from wiredesk.newsletter.digest import render_digest

    dirty = article(agency, swiss, "Green Dam", summary=GREEN_DAM)
    bare = article(agency, swiss, "Quiet valley", "The valley voted on Sunday. Turnout was high.")
    rendered = render_digest(swiss, [dirty, bare], dirty.published_at.date(), "en")
    for part in (unescape(rendered.html), rendered.text):
        assert "the filter software, “Green Dam Youth Escort” since the WSJ's news" in part
        assert "The valley voted on Sunday. Turnout was high." in part
    assert "&amp;#8220;" not in rendered.html and "&#8220;" not in rendered.text


def test_ingest_stores_partner_summaries_as_plain_text(bare_partner, agency):
    from test_faults_ingest import page as story_page
    from wiredesk.ingest.pipeline import ingest
    from wiredesk.sources.models import Feed

    host = "http://wire.test"
    described = {  # the RSS <description>, as the XML carries it (escaped once for XML)
        "dam": "&lt;p&gt;The software, &amp;amp;#8220;Green Dam&amp;amp;#8221;, "
        "is the WSJ&amp;amp;#39;s news &lt;i&gt;today&lt;/i&gt; [&amp;#8230;]&lt;/p&gt;",
        "none": "",
    }
    items = ""
    for name, description in described.items():
        bare_partner.add(f"{host}/{name}", story_page(f"Story {name}"), "text/html")
        items += (
            f"<item><title>Story {name}</title><link>{host}/{name}</link>"
            f"<guid>{host}/{name}</guid><description>{description}</description></item>"
        )
    feed_xml = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    )
    bare_partner.add(f"{host}/feed", feed_xml, "application/rss+xml")
    ingest([Feed.objects.create(source=agency, url=f"{host}/feed")])
    stored = dict(Article.objects.values_list("url", "summary"))
    assert stored[f"{host}/dam"] == "The software, “Green Dam”, is the WSJ's news today…"
    assert stored[f"{host}/none"] == ""
