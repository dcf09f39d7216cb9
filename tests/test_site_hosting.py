"""An edition on its own host name (WIREDESK_HOST_ROUTING): pages, links, feeds, sitemaps and
canonical URLs without the /<slug>/ prefix, through the test client with a Host header."""

import json
import re
from dataclasses import replace
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse, set_urlconf

from test_site_factory import article, edition
from wiredesk.site.hosting import hosted_urlconf
from wiredesk.site.links import article_url, site_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]

HOST = "swiss.example.net"


@pytest.fixture
def hosted(swiss, settings):
    """The Swiss edition on its own host, host routing on; a client for that host."""
    settings.WIREDESK = replace(settings.WIREDESK, host_routing=True)
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    swiss.host = HOST
    swiss.save()
    return Client(HTTP_HOST=HOST)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]+)"', html)


def local(urls: list[str]) -> list[str]:
    return [u for u in urls if u.startswith("/") and not u.startswith("/static/")]


def test_front_page_and_its_links_have_no_prefix(hosted, agency):
    a = article(agency, None, "Lake Geneva level rises", categories=["Environment"])
    from wiredesk.editions.models import Edition, Placement

    Placement.objects.create(edition=Edition.objects.get(slug="switzerland"), article=a)
    html = text(hosted.get("/"))
    links = local(hrefs(html))
    assert f"/a/{a.pk}/lake-geneva-level-rises/" in links
    for expected in ["/", "/more/", "/archive/", "/search/", "/editions/", "/feed/rss/"]:
        assert expected in links, expected
    assert not [u for u in links if u.startswith("/switzerland/")], links


def test_article_page_canonical_and_links_have_no_prefix(hosted, swiss, agency):
    a = article(
        agency, swiss, "Glacier retreat in Valais", "Glaciers retreat in Valais.",
        categories=["Environment"], countries=("CH", "IT"),
    )  # fmt: skip
    near = article(agency, swiss, "Valais glacier melt", "Glaciers in Valais melt.")
    html = text(hosted.get(f"/a/{a.pk}/glacier-retreat-in-valais/"))
    own = f"http://{HOST}/a/{a.pk}/glacier-retreat-in-valais/"
    assert f'<link rel="canonical" href="{own}">' in html
    assert f'<meta property="og:url" content="{own}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["mainEntityOfPage"] == own and data["url"] == own
    links = local(hrefs(html))
    for expected in [
        "/country/ch/",
        "/country/it/",
        "/topic/environment/",
        f"/a/{near.pk}/valais-glacier-melt/",
        "/more/",
    ]:
        assert expected in links, expected
    assert not [u for u in links if u.startswith("/switzerland/")], links


def test_wrong_slug_redirects_to_the_bare_url(hosted, swiss, agency):
    a = article(agency, swiss, "Right Title")
    response = hosted.get(f"/a/{a.pk}/wrong/")
    assert response.status_code == 301 and response["Location"] == f"/a/{a.pk}/right-title/"


def test_prefixed_urls_on_the_edition_host_redirect_to_bare_ones(hosted, swiss, agency):
    response = hosted.get("/switzerland/more/?page=2")
    assert response.status_code == 301 and response["Location"] == "/more/?page=2"


def test_feeds_link_to_bare_urls(hosted, swiss, agency):
    a = article(agency, swiss, "Bern budget passes")
    item = f"http://{HOST}/a/{a.pk}/bern-budget-passes/"
    rss = text(hosted.get("/feed/rss/"))
    assert f"<link>{item}</link>" in rss and f"<link>http://{HOST}/</link>" in rss
    atom = text(hosted.get("/feed/atom/"))
    assert f'href="{item}"' in atom
    feed = json.loads(text(hosted.get("/feed/json/")))
    assert feed["home_page_url"] == f"http://{HOST}/"
    assert feed["feed_url"] == f"http://{HOST}/feed/json/"
    assert [i["url"] for i in feed["items"]] == [item]
    assert "/switzerland/" not in rss + atom


def test_sitemaps_and_robots_name_bare_urls(hosted, swiss, agency):
    from django.utils import timezone

    a = article(agency, swiss, "Zurich tram strike", republished_at=timezone.now())
    index = text(hosted.get("/sitemap.xml"))
    assert f"<loc>http://{HOST}/sitemap-articles.xml</loc>" in index
    articles = text(hosted.get("/sitemap-articles.xml"))
    assert f"<loc>http://{HOST}/a/{a.pk}/zurich-tram-strike/</loc>" in articles
    pages = text(hosted.get("/sitemap-pages.xml"))
    assert f"<loc>http://{HOST}/more/</loc>" in pages
    news = text(hosted.get("/news-sitemap.xml"))
    assert f"<loc>http://{HOST}/a/{a.pk}/zurich-tram-strike/</loc>" in news
    robots = text(hosted.get("/robots.txt"))
    assert f"Sitemap: http://{HOST}/sitemap.xml" in robots
    assert "Disallow: /search/" in robots
    for body in (index, articles, pages, news, robots):
        assert "/switzerland/" not in body


def test_search_on_the_host(hosted, swiss, agency):
    a = article(agency, swiss, "Avalanche in Davos", "Avalanche near Davos.")
    html = text(hosted.get("/search/?q=avalanche"))
    assert f"/a/{a.pk}/avalanche-in-davos/" in local(hrefs(html))


def test_the_network_host_keeps_prefixes_and_caches_apart(hosted, swiss, agency):
    a = article(agency, swiss, "Basel art fair opens")
    url = f"/a/{a.pk}/basel-art-fair-opens/"
    assert f'href="{url}"' in text(hosted.get("/"))
    network = text(Client().get("/switzerland/"))  # the network's own host, same edition
    assert f'href="/switzerland{url}"' in network
    assert f'href="{url}"' not in network
    page = text(Client().get(f"/switzerland{url}"))
    assert f'<link rel="canonical" href="http://testserver/switzerland{url}">' in page


def test_other_editions_and_the_network_pages_on_the_host(hosted, swiss, agency):
    russia = edition("russia", "Russia News", countries=["RU"])
    b = article(agency, russia, "Moscow metro extends")
    listing = text(hosted.get("/editions/"))
    assert 'href="/">Switzerland News</a>' in listing
    assert 'href="/russia/">Russia News</a>' in listing
    assert f'href="/russia/a/{b.pk}/moscow-metro-extends/"' in text(hosted.get("/russia/"))


def test_host_routing_off_ignores_the_host(swiss, agency, settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    swiss.host = HOST
    swiss.save()
    assert Client(HTTP_HOST=HOST).get("/").status_code == 200  # the network index
    assert "Switzerland News" in text(Client(HTTP_HOST=HOST).get("/switzerland/"))


@pytest.mark.parametrize("hosted_slug", [None, "switzerland"])
def test_article_url_matches_reverse(hosted_slug):
    urlconf = hosted_urlconf(hosted_slug) if hosted_slug else None
    set_urlconf(urlconf)
    try:
        for slug in ("switzerland", "russia"):
            expected = reverse("site:article", args=[slug, 42, "a-title"], urlconf=urlconf)
            assert article_url(slug, 42, "a-title") == expected
            assert site_url("site:front", slug) == reverse(
                "site:front", args=[slug], urlconf=urlconf
            )
    finally:
        set_urlconf(None)
    assert article_url("switzerland", 42, "a-title") == "/switzerland/a/42/a-title/"
