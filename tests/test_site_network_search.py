"""The network's search: every edition's stories, each linked in the edition most about it.

Before issue 19 the network page's search box sent the first edition in its list (Brazil)
by default, and /search/?q=... without an edition answered 404.
"""

import re
from html import unescape

import pytest

from test_site_factory import article, edition
from wiredesk.editions.models import Placement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]


def hit_links(html: str) -> list[str]:
    return re.findall(r'<h2><a href="(/[^"]+)">', html)


@pytest.fixture
def network(swiss, agency):
    brazil = edition("brazil", "Brazil News", countries=["BR"])
    only_swiss = article(agency, swiss, "Carnival in Basel", hours_ago=3)
    only_brazil = article(agency, brazil, "Carnival in Rio", hours_ago=2, countries=("BR",))
    both = article(agency, swiss, "Carnival abroad", hours_ago=1, score=0.3)
    Placement.objects.create(edition=brazil, article=both, score=0.9)
    hidden = article(agency, brazil, "Carnival cancelled", countries=("BR",))
    Placement.objects.filter(article=hidden).update(hidden=True)
    return {"swiss": only_swiss, "brazil": only_brazil, "both": both, "hidden": hidden}


def test_the_network_front_page_searches_every_edition_by_default(client, network):
    front = client.get("/").content.decode()
    select = re.search(r'<select id="search-edition" name="edition">(.*?)</select>', front)[1]
    first = re.search(r'<option value="([^"]*)"[^>]*>([^<]+)</option>', select)
    assert first.groups() == ("", "All editions")
    assert "selected" not in select
    assert 'action="/search/"' in front


@pytest.mark.parametrize("url", ["/search/?q=carnival", "/search/?edition=&q=carnival"])
def test_a_search_without_an_edition_finds_every_editions_stories(client, network, url):
    response = client.get(url)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "3 results for “carnival”" in html
    links = hit_links(response.content.decode())
    found = {int(re.search(r"/a/(\d+)/", link)[1]): link for link in links}
    assert found.keys() == {network[k].pk for k in ("swiss", "brazil", "both")}
    assert found[network["swiss"].pk].startswith("/switzerland/a/")
    assert found[network["brazil"].pk].startswith("/brazil/a/")
    assert found[network["both"].pk].startswith("/brazil/a/")  # placed there with more relevance
    for link in links:  # each link opens the article in its edition
        assert client.get(link).status_code == 200
    assert "Brazil News · " in html and "Switzerland News · " in html
    assert '<meta name="robots" content="noindex">' in html


def test_network_search_pages_and_answers_every_query(client, network, configure):
    configure(page_size=2)
    first = client.get("/search/?q=carnival").content.decode()
    assert len(hit_links(first)) == 2 and 'rel="next" href="?q=carnival&amp;page=2"' in first
    second = client.get("/search/?q=carnival&page=2").content.decode()
    assert len(hit_links(second)) == 1 and 'rel="prev"' in second
    assert client.get("/search/?q=carnival&page=3").status_code == 404
    assert "0 results" in client.get("/search/?q=zzyzxq").content.decode()
    empty = client.get("/search/")
    assert empty.status_code == 200 and b"Type some words" in empty.content
    for odd in ['"', "AND OR NOT", "*", "NEAR(", ")"]:
        assert client.get("/search/", {"q": odd}).status_code == 200


def test_a_search_naming_an_edition_still_goes_to_its_search(client, network):
    response = client.get("/search/?edition=brazil&q=carnival")
    assert response.status_code == 302 and response["Location"].startswith("/brazil/search/?")
    assert client.get("/search/?edition=nowhere&q=carnival").status_code == 404
