"""The whole slice: partner server -> ingest -> database -> rendered page."""

import pytest
from django.test import Client

from wiredesk.articles.models import Article
from wiredesk.demo.network import create_network
from wiredesk.demo.partner_site import RFERL_FEED, RFERL_URL, gv_feed_urls
from wiredesk.editions.models import Edition, Placement
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed

pytestmark = pytest.mark.django_db


def feeds(*urls: str) -> list[Feed]:
    return list(Feed.objects.filter(url__in=urls).select_related("source__licence"))


@pytest.fixture
def network():
    create_network()


def test_ingest_stores_each_item_once(partner, network):
    first = ingest(feeds(gv_feed_urls()[0]))
    assert first.articles_new == 25, first.errors
    count = Article.objects.count()
    Feed.objects.update(etag="", last_modified="")  # force a full re-read, not a 304
    second = ingest(feeds(gv_feed_urls()[0]))
    assert second.articles_new == 0
    assert Article.objects.count() == count


def test_second_poll_is_conditional(partner, network):
    ingest(feeds(gv_feed_urls()[0]))
    report = ingest(feeds(gv_feed_urls()[0]))
    assert report.feeds_unchanged == 1


def test_same_item_under_another_feed_is_not_stored_twice(partner, network):
    ingest(feeds(RFERL_FEED))
    other = Feed.objects.create(
        source=Feed.objects.get(url=RFERL_FEED).source, url="http://rferl.example/api/other.rss"
    )
    partner.add(
        other.url, partner.routes[("rferl.example", "/api/feed.rss")].content, "application/rss+xml"
    )
    report = ingest([other])
    assert report.articles_new == 0
    assert Article.objects.filter(url=RFERL_URL).count() == 1


def test_rferl_story_follows_its_licence(partner, network):
    ingest(feeds(RFERL_FEED))
    article = Article.objects.get(url=RFERL_URL)
    editions = set(article.placements.values_list("edition__slug", flat=True))
    allowed = set(article.source.licence.editions.values_list("slug", flat=True))
    assert editions, "the story should be placed somewhere"
    assert editions <= allowed
    assert "switzerland" not in editions
    assert article.rights_line.startswith(f"Copyright (c) {article.year}.")


def test_licence_blocks_an_editor_placement(partner, network):
    ingest(feeds(RFERL_FEED))
    article = Article.objects.get(url=RFERL_URL)
    swiss = Edition.objects.get(slug="switzerland")
    Placement.objects.create(edition=swiss, article=article, reason=Placement.Reason.EDITOR)
    client = Client()
    front = client.get("/switzerland/")
    assert article.headline not in front.content.decode()
    assert client.get(f"/switzerland/a/{article.pk}/x/").status_code == 404


def test_rendered_article_page(partner, network):
    ingest(feeds(gv_feed_urls()[0]))
    placement = Placement.objects.select_related("article", "edition").first()
    client = Client()
    front = client.get(f"/{placement.edition.slug}/", follow=True)
    assert front.status_code == 200
    page = client.get(f"/{placement.edition.slug}/a/{placement.article.pk}/x/", follow=True)
    assert page.status_code == 200
    html = page.content.decode()
    article = placement.article
    assert article.headline in html.replace("&#x27;", "'").replace("&quot;", '"').replace(
        "&amp;", "&"
    )
    assert "originally appeared on Global Voices" in html
    assert 'class="published"' in html and 'class="republished"' in html
    first_words = article.body_text.split()[:6]
    assert " ".join(first_words)[:20] in page.content.decode().replace("&#x27;", "'")


def test_partner_template_is_learned_and_kept(partner, network):
    ingest(feeds(gv_feed_urls()[0]))
    source = Feed.objects.get(url=gv_feed_urls()[0]).source
    assert source.page_template, "the first batch of pages should teach the partner's chrome"
    body = Article.objects.filter(source=source).first().body_text
    assert "Subscribe by e-mail" not in body and "Recent posts" not in body
