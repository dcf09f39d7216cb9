"""The editions' pages through Django's test client, on the real database."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from test_site_factory import BASE, article, edition, source
from wiredesk.editions.models import Placement
from wiredesk.site import cache
from wiredesk.stories.linking import merge_stories
from wiredesk.stories.models import Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]


def text(response) -> str:
    return unescape(response.content.decode())


def links(html: str, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern})"', html)


def test_front_page_leads_pinned_then_fresh_and_relevant(client, swiss, agency):
    old_pin = article(agency, swiss, "Pinned by the desk", hours_ago=72, pinned=True)
    fresh = article(agency, swiss, "Fresh and central", hours_ago=1, score=1.0)
    article(agency, swiss, "Fresher but marginal", hours_ago=0, score=0.05)
    html = text(client.get("/switzerland/"))
    leads = html.split('class="leads"')[1].split("</section>")[0]
    assert leads.index(old_pin.headline) < leads.index(fresh.headline)
    # A story that only mentions the country never leads (issue 17), however fresh.
    assert "Fresher but marginal" not in leads
    assert "Fresher but marginal" in html


def test_front_page_sections_come_from_topic_categories(client, swiss, agency):
    for i in range(4):
        article(agency, swiss, f"Vote {i}", hours_ago=i, categories=["Politics", "English"])
        article(agency, swiss, f"Match {i}", hours_ago=10 + i, categories=["Sport", "Weblog"])
        article(agency, swiss, f"Other {i}", hours_ago=20 + i, categories=["English"])
    html = text(client.get("/switzerland/"))
    assert 'href="/switzerland/topic/politics/">Politics</a></h2>' in html
    assert 'href="/switzerland/topic/sport/">Sport</a></h2>' in html
    assert "/topic/english/" not in html and "/topic/weblog/" not in html
    assert 'name="q"' in html and 'role="search"' in html
    assert 'class="signup"' in html


def test_access_more_reaches_the_whole_archive(client, swiss, agency, settings, configure):
    configure(page_size=4)
    made = {article(agency, swiss, f"Story number {i}", hours_ago=i).pk for i in range(11)}
    html = text(client.get("/switzerland/"))
    url = links(html, r"/switzerland/more/[^\"]*")[-1]
    seen: set[int] = set()
    pages = 0
    while url:
        page = text(client.get(url if url.startswith("/") else "/switzerland/more/" + url))
        seen.update(int(i) for i in re.findall(r'href="/switzerland/a/(\d+)/', page))
        pages += 1
        more = re.findall(r'rel="next" href="([^"]+)"', page)
        url = more[0] if more else ""
    assert pages == 3
    assert seen == made
    second = text(client.get("/switzerland/more/?page=2"))
    assert 'rel="prev" href="."' in second, "page 1 has one address, not also ?page=1"
    assert client.get("/switzerland/more/?page=4").status_code == 404
    assert client.get("/switzerland/more/?page=x").status_code == 404


def test_article_page_shows_every_field(client, swiss, agency):
    a = article(
        agency,
        swiss,
        "Glacier retreat speeds up",
        "The glacier lost a record volume.\n\nScientists measured it.",
        dateline="ZERMATT",
        authors=["Anna Muster"],
        credits=["AFP"],
        rights_line="Copyright 2024 Agency",
        categories=["Environment"],
        image_url="https://img.partner.example/glacier.jpg",
        countries=("CH", "IT"),
    )
    response = client.get(f"/switzerland/a/{a.pk}/glacier-retreat-speeds-up/")
    assert response.status_code == 200
    html = text(response)
    for expected in [
        "Glacier retreat speeds up",
        "ZERMATT",
        "Anna Muster",
        "With reporting by AFP",
        "Copyright 2024 Agency",
        "By Anna Muster for Agency, May 14, 2024.",
        'class="published" datetime="2024-05-14T12:00:00+00:00"',
        'class="republished" datetime="2024-05-14T12:05:00+00:00"',
        ">Switzerland</a> (main)",
        ">Italy</a>",
        'href="/switzerland/topic/environment/"',
        "Scientists measured it.",
        'loading="lazy"',
        'referrerpolicy="no-referrer"',
    ]:
        assert expected in html, expected


def test_article_page_names_the_others_who_reported(client, swiss):
    """Two authors read as a list; the source is not credited with helping itself, whether
    named whole or by its initials (stored before ingest dropped it)."""
    rferl = source("Radio Free Europe/Radio Liberty")
    a = article(
        rferl,
        swiss,
        "Talks in Brussels",
        authors=["Jane Doe", "John Roe"],
        credits=["AFP", "Reuters", "dpa", "RFE/RL"],
    )
    html = text(client.get(f"/switzerland/a/{a.pk}/talks-in-brussels/"))
    assert "With reporting by AFP, Reuters and dpa<" in html
    assert ">Jane Doe and John Roe<" in html


def test_article_slug_is_canonicalised(client, swiss, agency):
    a = article(agency, swiss, "Right Title")
    response = client.get(f"/switzerland/a/{a.pk}/wrong/")
    assert response.status_code == 301
    assert response["Location"] == f"/switzerland/a/{a.pk}/right-title/"


def test_date_gap_flag_only_for_editors(client, swiss, agency):
    a = article(agency, swiss, "Old news", republished_at=BASE)
    a.published_at = a.republished_at.replace(year=2020)
    a.save()
    url = f"/switzerland/a/{a.pk}/old-news/"
    assert "republished long after" not in text(client.get(url))
    editor = User.objects.create_user("ed", password="pw", is_staff=True)
    client.force_login(editor)
    assert "republished long after" in text(client.get(url))


def test_see_also_is_by_content_within_the_edition(client, swiss, agency):
    other = edition("russia", "Russia News", countries=["RU"])
    a = article(
        agency, swiss, "Avalanche warning in Valais", "Avalanche risk in Valais ski resorts."
    )
    near = article(
        agency, swiss, "Valais avalanche kills skier", "An avalanche in Valais buried skiers."
    )
    article(agency, swiss, "Bank earnings rise", "The bank reported higher earnings.")
    elsewhere = article(agency, other, "Avalanche in Valais seen from Moscow", "Avalanche Valais.")
    html = text(client.get(f"/switzerland/a/{a.pk}/avalanche-warning-in-valais/"))
    see_also = html.split('id="see-also-heading"')[1].split("</section>")[0]
    assert near.headline in see_also
    assert "Bank earnings" not in see_also
    assert elsewhere.headline not in see_also


def test_also_reported_by_and_story_page(client, swiss, agency):
    wire = source("Wire")
    story = Story.objects.create(
        title="Dam breaks",
        first_seen=BASE,
        last_seen=BASE,
    )
    a = article(agency, swiss, "Dam breaks in Ticino", story=story)
    b = article(wire, swiss, "Ticino dam failure floods valley", story=story)
    c = article(wire, None, "Dam story not placed here", story=story)
    html = text(client.get(f"/switzerland/a/{a.pk}/dam-breaks-in-ticino/"))
    versions = html.split('id="versions-heading"')[1].split("</section>")[0]
    assert f'href="/switzerland/a/{b.pk}/' in versions and "Wire: Ticino dam" in versions
    assert f'href="{c.url}"' in versions
    story_html = text(client.get(f"/switzerland/story/{story.pk}/"))
    assert a.headline in story_html and b.headline in story_html
    assert c.headline not in story_html
    assert "2 reports in Switzerland News" in story_html  # what the edition carries of it


def test_a_merged_story_sends_readers_to_the_story_it_joined(client, swiss, agency):
    stories = [Story.objects.create(title=t, first_seen=BASE, last_seen=BASE) for t in "ABC"]
    for story in stories:
        article(agency, swiss, f"Dam report {story.title}", story=story)
    first, second, third = (str(s.pk) for s in stories)
    merge_stories([(second, first)])
    response = client.get(f"/switzerland/story/{second}/")
    assert response.status_code == 301
    assert response["Location"] == f"/switzerland/story/{first}/"
    merge_stories([(first, third)])  # merged again: both old addresses lead to the last
    for old in (first, second):
        response = client.get(f"/switzerland/story/{old}/")
        assert (response.status_code, response["Location"]) == (301, f"/switzerland/story/{third}/")
    assert "Dam report B" in text(client.get(f"/switzerland/story/{third}/"))
    assert client.get("/switzerland/story/999999/").status_code == 404


def test_a_story_shows_other_sources_apart_from_the_same_sources_coverage(client, swiss, agency):
    """ "Also reported by" never names the article's own source; the source's own earlier
    and later reports of the story form its timeline; the story page leads with its lead."""
    wire = source("Wire")
    story = Story.objects.create(title="Dam breaks", first_seen=BASE, last_seen=BASE)
    early = article(agency, swiss, "Dam cracks in Ticino", story=story, hours_ago=30)
    a = article(agency, swiss, "Dam breaks in Ticino", story=story, hours_ago=5)
    late = article(agency, swiss, "Ticino dam: repairs begin", story=story)
    b = article(wire, swiss, "Ticino dam failure floods valley", story=story, hours_ago=4)
    Story.objects.filter(pk=story.pk).update(lead=a)
    html = text(client.get(f"/switzerland/a/{a.pk}/dam-breaks-in-ticino/"))
    versions = html.split('id="versions-heading"')[1].split("</section>")[0]
    assert "Wire: Ticino dam failure" in versions
    assert agency.name not in versions and early.headline not in versions
    coverage = html.split('id="coverage-heading"')[1].split("</section>")[0]
    earlier, later = coverage.split("Later coverage")
    assert early.headline in earlier and late.headline in later
    assert b.headline not in coverage
    parts = html.split('id="see-also-heading"')  # none left: the section is not shown
    see_also = parts[1].split("</section>")[0] if len(parts) > 1 else ""
    assert not any(x.headline in see_also for x in (early, late, b)), "listed twice"
    alone = text(client.get(f"/switzerland/a/{early.pk}/dam-cracks-in-ticino/"))
    assert "Also reported by" in alone and f"{agency.name}:" not in alone.split("See also")[0]
    story_html = text(client.get(f"/switzerland/story/{story.pk}/"))
    assert f"Reported by {agency.name}, Wire" in story_html
    lead_part, timeline = story_html.split("<h1>")[1].split('id="timeline-heading"')
    assert a.headline in lead_part and early.headline not in lead_part
    assert early.headline in timeline and b.headline in timeline


def test_a_story_page_is_headed_by_what_the_edition_shows(client, swiss, agency):
    """A story led elsewhere by a version this edition does not carry is headed, and dated,
    by the versions readers here can open: not by a headline they cannot find."""
    wire = source("Wire")
    story = Story.objects.create(title="Quake hits the north", first_seen=BASE, last_seen=BASE)
    elsewhere = article(wire, None, "Quake hits the north", story=story, hours_ago=48)
    here = article(agency, swiss, "Ticino feels the tremor", story=story, hours_ago=2)
    Story.objects.filter(pk=story.pk).update(
        lead=elsewhere, first_seen=elsewhere.published_at, last_seen=here.published_at
    )
    html = text(client.get(f"/switzerland/story/{story.pk}/"))
    assert f"<h1>{here.headline}</h1>" in html and elsewhere.headline not in html
    assert f"<title>{here.headline} – {swiss.name}</title>" in html
    shown = f'first seen <time datetime="{here.published_at.isoformat()}">'
    assert shown in html, "dated by the version shown, not by the one placed elsewhere"


def test_country_topic_and_archive_pages(client, swiss, agency):
    a = article(agency, swiss, "Geneva talks", categories=["Diplomacy"], countries=("CH", "FR"))
    b = article(agency, swiss, "Bern budget", hours_ago=48, countries=("CH",))
    fr = text(client.get("/switzerland/country/fr/"))
    assert "<h1>France</h1>" in fr and a.headline in fr and b.headline not in fr
    topic = text(client.get("/switzerland/topic/diplomacy/"))
    assert "<h1>Diplomacy</h1>" in topic and a.headline in topic and b.headline not in topic
    archive = text(client.get("/switzerland/archive/"))
    assert 'href="/switzerland/archive/2024/5/"' in archive and "(2)" in archive
    day = text(client.get("/switzerland/archive/2024/5/12/"))
    assert b.headline in day and a.headline not in day
    assert client.get("/switzerland/archive/2024/13/").status_code == 404
    assert client.get("/switzerland/country/xx/").status_code == 404
    assert client.get("/switzerland/topic/nothing/").status_code == 404


def test_licence_keeps_a_story_out_of_every_page(client, swiss, agency):
    russia = edition("russia", "Russia News", countries=["RU"])
    restricted = source("Restricted", all_editions=False)
    restricted.licence.editions.set([russia])
    a = article(restricted, swiss, "Licensed elsewhere only", "Unique zebra words.")
    assert client.get(f"/switzerland/a/{a.pk}/licensed-elsewhere-only/").status_code == 404
    for url in [
        "/switzerland/",
        "/switzerland/more/",
        "/switzerland/search/?q=zebra",
        "/switzerland/feed/rss/",
        "/switzerland/sitemap-articles.xml",
    ]:
        assert a.headline not in text(client.get(url)), url


def test_canonical_open_graph_and_json_ld(client, swiss, agency):
    a = article(agency, swiss, "Own canonical", categories=["Economy"])
    html = text(client.get(f"/switzerland/a/{a.pk}/own-canonical/"))
    own = f"http://testserver/switzerland/a/{a.pk}/own-canonical/"
    assert f'<link rel="canonical" href="{own}">' in html
    assert '<meta property="og:title" content="Own canonical">' in html
    assert '<meta property="og:type" content="article">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "NewsArticle" and data["headline"] == "Own canonical"
    assert data["isBasedOn"] == a.url and data["datePublished"].startswith("2024-05-14T12:00")
    assert data["articleSection"] == ["Economy"]
    partner = source("Partner", canonical_to_original=True)
    b = article(partner, swiss, "Their canonical")
    html = text(client.get(f"/switzerland/a/{b.pk}/their-canonical/"))
    assert f'<link rel="canonical" href="{b.url}">' in html


def test_json_ld_cannot_close_its_script(client, swiss, agency):
    a = article(agency, swiss, "Evil </script><script>alert(1)</script> title")
    html = client.get(f"/switzerland/a/{a.pk}/x/", follow=True).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in block
    assert "<script>alert" not in html


def test_body_is_sanitized_again_at_render(client, swiss, agency):
    a = article(agency, swiss, "Tampered")
    type(a).objects.filter(pk=a.pk).update(
        body_html='<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:x()">l</a>'
        '<img src="https://img.example/a.png" onerror="x()"><form action="https://evil.example">'
        "<input name=p></form></p>"
    )
    cache.clear()
    html = client.get(f"/switzerland/a/{a.pk}/tampered/").content.decode()
    body = html.split('class="body"')[1].split("</div>")[0]
    assert "script" not in body and "onclick" not in body and "onerror" not in body
    assert "javascript:" not in body and "<form" not in body and "<input" not in body
    assert 'loading="lazy"' in body and 'referrerpolicy="no-referrer"' in body


def test_editor_change_shows_at_once(client, swiss, agency):
    a = article(agency, swiss, "Soon hidden")
    assert a.headline in text(client.get("/switzerland/"))
    placement = Placement.objects.get(article=a)
    placement.hidden = True
    placement.save()
    assert a.headline not in text(client.get("/switzerland/"))


def test_security_headers_on_every_page(client, swiss, agency, settings):
    path = "wiredesk.site.middleware.SecurityHeadersMiddleware"
    if path not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, path]
    a = article(agency, swiss, "Headers")
    for url in [
        "/",
        "/switzerland/",
        f"/switzerland/a/{a.pk}/headers/",
        "/switzerland/feed/rss/",
        "/nope/",
    ]:
        response = Client().get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_network_index_and_its_search_box(client, swiss):
    html = text(client.get("/"))
    assert 'href="/switzerland/">Switzerland News</a>' in html
    assert 'name="q"' in html and 'name="edition"' in html
    response = client.get("/search/?edition=switzerland&q=vote")
    assert response.status_code == 302 and response["Location"].startswith("/switzerland/search/?")


def test_article_page_outlives_other_stories_ingest_not_its_own_change(client, swiss, agency):
    from wiredesk.articles.models import Article

    a = article(agency, swiss, "Glacier retreat measured", "The glacier lost ten metres.")
    url = f"/switzerland/a/{a.pk}/glacier-retreat-measured/"
    assert "ten metres" in text(client.get(url))
    Article.objects.filter(pk=a.pk).update(body_html="<p>Unannounced edit.</p>")  # no signal
    article(agency, swiss, "Another story arrives", "Ingest goes on.")  # bumps the lists
    assert "ten metres" in text(client.get(url))  # the page was kept
    assert "Another story arrives" in text(client.get("/switzerland/"))  # the lists were not
    a.refresh_from_db()
    a.body_html = "<p>The glacier lost twelve metres.</p>"
    a.save()
    assert "twelve metres" in text(client.get(url))
    Placement.objects.filter(article=a, edition=swiss).update(hidden=True)
    Placement.objects.get(article=a, edition=swiss).save()  # as the console hides it
    assert client.get(url).status_code == 404  # visibility is checked on every request
