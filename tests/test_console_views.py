"""The console's pages and actions through Django's test client, on ingested demo data.

The demo network is ingested for real (partner server on loopback, real pipeline), with one
extra feed whose URL the partner does not serve, so it fails as a real feed would.
"""

import json
import logging
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wiredesk.articles.countries import tag_countries
from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.console import flags
from wiredesk.console.models import AuditEntry
from wiredesk.demo.network import create_network
from wiredesk.demo.partner import PartnerServer
from wiredesk.demo.partner_site import GV_HOST, RFERL_FEED, RFERL_URL, gv_feed_urls
from wiredesk.editions.models import Edition, Placement
from wiredesk.ingest.pipeline import ingest
from wiredesk.logs import JsonFormatter
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscriber, Subscription
from wiredesk.site import cache as site_cache
from wiredesk.site.search import reindex_all
from wiredesk.sources.models import Feed

pytestmark = pytest.mark.django_db

BROKEN_FEED = f"http://{GV_HOST}/broken/feed/"
PAGES = ["dashboard", "intake", "queue", "flags", "newsletters", "audit"]


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """Ingest once for the module (about 4 s a time), committed; each test's changes roll back.

    Torn down with a flush and an emptied search index, so later modules start clean.
    """
    with PartnerServer(0) as server:
        config = replace(settings.WIREDESK, fetch_proxy=server.proxy_url)
        with django_db_blocker.unblock():
            create_network()
            gv = Feed.objects.get(url=gv_feed_urls()[0])
            Feed.objects.create(source=gv.source, url=BROKEN_FEED, title="Broken feed")
            urls = [gv_feed_urls()[0], RFERL_FEED, BROKEN_FEED]
            feeds = Feed.objects.filter(url__in=urls).select_related("source__licence")
            ingest(list(feeds), config=config)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        reindex_all()
    site_cache.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("ed", password="pw", is_staff=True)


@pytest.fixture
def client(editor):
    c = Client()
    c.force_login(editor)
    return c


def placed_article(edition_slug: str) -> Article:
    return (
        Article.objects.filter(
            placements__edition__slug=edition_slug,
            placements__hidden=False,
            source__slug="global-voices",
        )
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_a_staff_login(name, django_user_model):
    anonymous = Client().get(f"/console/{'' if name == 'dashboard' else name + '/'}")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    reader = django_user_model.objects.create_user("reader", password="pw")
    c = Client()
    c.force_login(reader)
    assert c.get("/console/").status_code == 302


def test_every_page_renders_real_data(network, client):
    for name in PAGES:
        response = client.get(f"/console/{'' if name == 'dashboard' else name + '/'}")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'id="site-name"' in html, f"{name} should extend the admin's base"
        assert "console-nav" in html
        assert '<ol class="breadcrumbs">' in html, f"{name}: the admin styles only this trail"

    html = client.get("/console/").content.decode()
    # The failing feed comes first, with its error, before the working ones.
    rows = html.split('<tr class="')[1:]
    assert rows[0].startswith("failing") and "Broken feed" in rows[0]
    assert "HTTP 404" in rows[0]
    assert sum(r.startswith("ok") for r in rows) >= 2
    assert html.count('<svg class="spark"') == Feed.objects.count()

    article = placed_article("russia")
    html = client.get(f"/console/articles/{article.pk}/").content.decode()
    assert article.headline.split()[0] in html and "Russia News" in html


def test_intake_charts_and_map_come_from_the_articles(network, client):
    html = client.get("/console/intake/").content.decode()
    by_source = html.split("Articles per hour by source</h2>")[1].split("</svg>")[0]
    # The legend names each source with its articles in the window: all of them, just taken.
    legend = dict(re.findall(r'fill="#333">([^<]+) \((\d+)\)</text>', by_source))
    assert legend == {
        "Global Voices": str(Article.objects.filter(source__slug="global-voices").count()),
        "Radio Free Europe/Radio Liberty": str(
            Article.objects.filter(source__slug="rferl").count()
        ),
    }
    assert html.count('<svg class="chart"') == 2
    # The map: the countries of today's stories are shaded, others not.
    today = ArticleCountry.objects.filter(article__duplicate_of__isnull=True).values_list(
        "country", flat=True
    )
    country = max(set(today), key=list(today).count)
    count = (
        ArticleCountry.objects.filter(country=country, article__duplicate_of__isnull=True)
        .values("article")
        .distinct()
        .count()
    )
    assert f'data-country="{country}" data-count="{count}"' in html
    assert 'data-country="AQ"' not in html
    assert 'fill="#eef1f4" stroke="#fff" stroke-width="0.4" data-country="' in html  # unshaded
    assert client.get("/console/intake/?hours=168&day=2001-01-01").status_code == 200
    assert client.get("/console/intake/?hours=9999&day=junk").status_code == 200


def test_correct_countries_reroutes_records_and_survives_retagging(network, client, caplog):
    article = placed_article("russia")
    before = set(article.placements.values_list("edition__slug", flat=True))
    assert "switzerland" not in before
    caplog.set_level(logging.INFO, logger="wiredesk.console")
    response = client.post(
        f"/console/articles/{article.pk}/countries/", {"countries": "ch, de"}, follow=True
    )
    assert response.status_code == 200
    assert "set to CH, DE" in response.content.decode()
    rows = {c.country: c for c in article.countries.all()}
    assert set(rows) == {"CH", "DE"}
    assert all(r.by_editor for r in rows.values()) and rows["CH"].is_main
    article.refresh_from_db()
    assert article.main_country == "CH"
    visible = set(article.placements.filter(hidden=False).values_list("edition__slug", flat=True))
    assert {"switzerland", "europe"} <= visible and "russia" not in visible

    entry = AuditEntry.objects.get(action="countries")
    assert entry.username == "ed" and entry.article_ref == article.pk
    assert {c["country"] for c in entry.after["countries"]} == {"CH", "DE"}
    assert "russia" in entry.before["editions"]

    record = next(r for r in caplog.records if getattr(r, "audit_id", None) == entry.pk)
    line = json.loads(JsonFormatter().format(record))
    assert line["article_id"] == article.pk and line["user"] == "ed" and "edition" in line

    tag_countries(article)  # re-tagging keeps what the editor set
    kept = article.countries.filter(by_editor=True)
    assert {c.country for c in kept} == {"CH", "DE"}


def test_bad_countries_are_refused_with_a_message(network, client):
    article = placed_article("russia")
    response = client.post(
        f"/console/articles/{article.pk}/countries/", {"countries": "Narnia"}, follow=True
    )
    assert "not an ISO 3166-1" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_pin_leads_the_front_page_and_is_exclusive(network, client):
    europe = Edition.objects.get(slug="europe")
    first, second = list(
        Placement.objects.filter(edition=europe).select_related("article").order_by("pk")[:2]
    )
    client.post(f"/console/placements/{first.pk}/pin/", {"pinned": "1"})
    client.post(f"/console/placements/{second.pk}/pin/", {"pinned": "1"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.pinned and not first.pinned
    front = Client().get("/europe/").content.decode()
    leads = front.split('class="leads"')[1]
    headline = second.article.headline.replace("'", "&#x27;").replace('"', "&quot;")
    assert headline in leads.split("</article>")[0]
    assert AuditEntry.objects.filter(action="pin").count() == 2
    assert AuditEntry.objects.get(action="pin", article_ref=second.article_id).after[
        "unpinned_articles"
    ] == [first.article_id]
    client.post(f"/console/placements/{second.pk}/pin/", {"pinned": "0"})
    second.refresh_from_db()
    assert not second.pinned


def test_move_hide_and_show(network, client):
    article = placed_article("europe")
    placement = article.placements.get(edition__slug="europe")
    response = client.post(
        f"/console/placements/{placement.pk}/move/",
        {"edition": "switzerland", "next": "/console/queue/?page=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/console/queue/?page=1"
    placement.refresh_from_db()
    moved = article.placements.get(edition__slug="switzerland")
    assert placement.hidden and not moved.hidden and moved.reason == "editor"
    assert AuditEntry.objects.get(action="move").edition.slug == "switzerland"

    client.post(f"/console/placements/{moved.pk}/hide/", {"hidden": "1"})
    moved.refresh_from_db()
    assert moved.hidden
    client.post(f"/console/placements/{moved.pk}/hide/", {"hidden": "0"})
    moved.refresh_from_db()
    assert not moved.hidden

    client.post(f"/console/articles/{article.pk}/hide/", {"hidden": "1"})
    article.refresh_from_db()
    assert article.hidden
    assert article.headline not in Client().get("/switzerland/").content.decode()
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["move", "hide", "show", "hide-article"]


def test_move_is_refused_where_the_licence_does_not_allow(network, client):
    article = Article.objects.get(url=RFERL_URL)
    placement = article.placements.first()
    response = client.post(
        f"/console/placements/{placement.pk}/move/", {"edition": "switzerland"}, follow=True
    )
    assert "does not allow" in response.content.decode()
    assert not article.placements.filter(edition__slug="switzerland").exists()
    assert not AuditEntry.objects.exists()
    bad = client.post(f"/console/placements/{placement.pk}/move/", {"edition": "atlantis"})
    assert bad.status_code == 404


def test_actions_are_post_only_and_need_csrf(network, editor):
    placement = Placement.objects.first()
    c = Client(enforce_csrf_checks=True)
    c.force_login(editor)
    assert c.get(f"/console/placements/{placement.pk}/pin/").status_code == 405
    assert c.post(f"/console/placements/{placement.pk}/pin/").status_code == 403
    page = c.get(f"/console/articles/{placement.article_id}/")
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    ok = c.post(f"/console/placements/{placement.pk}/pin/", {"csrfmiddlewaretoken": token})
    assert ok.status_code == 302
    assert Client().post(f"/console/placements/{placement.pk}/pin/").status_code == 302  # login
    assert c.post(
        "/console/placements/999999/pin/", {"csrfmiddlewaretoken": token}
    ).status_code == (404)
    # An outside `next` is ignored: the editor stays on our site.
    away = c.post(
        f"/console/placements/{placement.pk}/pin/",
        {"csrfmiddlewaretoken": token, "next": "https://evil.example/"},
    )
    assert away["Location"] == "/console/queue/"


def test_flags_list_each_kind(network, client):
    now = timezone.now()
    original = Article.objects.filter(duplicate_of__isnull=True).order_by("pk").first()
    copy = Article.objects.exclude(pk=original.pk).order_by("pk").first()
    Article.objects.filter(pk=copy.pk).update(
        duplicate_of=original, flags=["date-gap"], body_text="Short.\n\nSEE ALSO: more"
    )
    placement = Placement.objects.exclude(article=copy).first()
    Placement.objects.filter(pk=placement.pk).update(visible_from=now + timedelta(days=2))
    html = client.get("/console/flags/").content.decode()
    gaps, duplicates, blocked, poor = (
        html.split('id="gaps"')[1].split("</section>")[0],
        html.split('id="duplicates"')[1].split("</section>")[0],
        html.split('id="blocked"')[1].split("</section>")[0],
        html.split('id="poor"')[1].split("</section>")[0],
    )
    assert f"/console/articles/{copy.pk}/" in gaps and "speaks of dates far" in gaps
    # The demo's Global Voices stories are from 2012: old when taken, listed apart.
    old = html.split('id="old"')[1].split("</section>")[0]
    assert f"/console/articles/{original.pk}/" in old and "days earlier" in old
    assert f"/console/articles/{copy.pk}/" in duplicates
    assert f"/console/articles/{placement.article_id}/" in blocked and "Embargo until" in blocked
    assert f"/console/articles/{copy.pk}/" in poor and "SEE ALSO" in poor
    # A brief that is all its page holds is short because the story is: not a poor extraction.
    brief = next(a for a in Article.objects.order_by("pk") if "brief" in a.flags)
    assert len(brief.body_text) < 300
    assert f"/console/articles/{brief.pk}/" not in poor

    # A placement no licence allows: an editor's placement of the RFE/RL story in Switzerland.
    rferl = Article.objects.get(url=RFERL_URL)
    Placement.objects.create(
        edition=Edition.objects.get(slug="switzerland"), article=rferl, reason="editor"
    )
    blocked = client.get("/console/flags/").content.decode().split('id="blocked"')[1]
    assert "does not allow Switzerland News" in blocked.split("</section>")[0]

    client.post(f"/console/articles/{copy.pk}/duplicate/", {"decision": "keep"})
    html = client.get("/console/flags/").content.decode()
    assert f"/console/articles/{copy.pk}/" not in html.split('id="duplicates"')[1].split("</s")[0]

    client.post(f"/console/articles/{copy.pk}/duplicate/", {"decision": "release"})
    copy.refresh_from_db()
    assert copy.duplicate_of is None
    assert AuditEntry.objects.filter(action="not-duplicate", article_ref=copy.pk).exists()


def test_queue_reads_a_page_in_a_fixed_number_of_queries(
    network, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = client.get("/console/queue/")
    assert response.content.decode().count('<tr id="article-') == 25


def test_queue_filters_and_pages(network, client):
    html = client.get("/console/queue/?edition=russia").content.decode()
    russia = Article.objects.filter(placements__edition__slug="russia").distinct().count()
    assert f"{russia} article" in html
    article = placed_article("russia")
    html = client.get(f"/console/queue/?q={article.pk}").content.decode()
    assert f'id="article-{article.pk}"' in html
    assert client.get("/console/queue/?state=unplaced&page=99").status_code == 200
    assert client.get("/console/queue/?state=hidden").status_code == 200
    assert client.get("/console/articles/999999/").status_code == 404


def test_newsletters_show_the_last_issue_and_its_deliveries(network, client):
    swiss = Edition.objects.get(slug="switzerland")
    today = timezone.now().date()
    NewsletterIssue.objects.create(
        edition=swiss, date=today - timedelta(days=1), subject="Old", html="<p>old</p>", text=""
    )
    issue = NewsletterIssue.objects.create(
        edition=swiss, date=today, subject="Today in CH", html='<p>Hi "there"</p>', text="Hi"
    )
    for n, status in enumerate(["sent", "sent", "bounced", "pending"]):
        reader = Subscriber.objects.create(email=f"r{n}@example.org")
        Delivery.objects.create(issue=issue, subscriber=reader, status=status)
        Subscription.objects.create(
            subscriber=reader,
            edition=swiss,
            status="unsubscribed" if n == 3 else "active",
        )
    html = client.get("/console/newsletters/").content.decode()
    row = html.split('<th scope="row">Switzerland News</th>')[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["2", "1", "0", "1", "1", "3"]
    assert "Today in CH" in row and "/newsletter/preview/switzerland/" in row
    assert 'sandbox="" srcdoc="&lt;p&gt;Hi &quot;there&quot;&lt;/p&gt;"' in html


@pytest.mark.urls("wiredesk.console.urls_ops")
def test_metrics_and_healthz(network):
    pytest.importorskip("prometheus_client", reason="pip install prometheus-client")
    c = Client()
    health = c.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok", "database": "ok"}
    response = c.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    text = response.content.decode()
    taken = Article.objects.filter(source__slug="rferl").count()
    assert f'wiredesk_articles_total{{source="rferl"}} {float(taken)}' in text or taken == 0
    assert "wiredesk_feeds_failing 1.0" in text
    assert 'wiredesk_feeds{state="failing"} 1.0' in text
    assert 'wiredesk_queue_articles{queue="unplaced"}' in text
    assert 'wiredesk_queue_articles{queue="duplicates_pending"}' in text
    stale = Article.objects.filter(source__slug="global-voices").count()
    assert f'wiredesk_queue_articles{{queue="old_when_taken"}} {float(stale + 1)}' in text
    assert "# TYPE wiredesk_newsletter_deliveries gauge" in text
    assert "wiredesk_item_errors" in text
    assert c.post("/metrics").status_code == 405


def test_a_date_gap_names_the_texts_dates(network, client):
    """The editor reads which days the text speaks of, beside the stated one, on the flags
    list and on the article's page: the seed's RFE/RL story, re-dated 7 July, tells of the
    talks of 10-12 January."""
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(
        flags=["date-gap"],
        published_at=datetime(2022, 7, 7, 9, tzinfo=UTC),
        body_text="Talks in Geneva on January 10 were inconclusive. On January 11 the "
        "envoy spoke; the January 12 talks follow.",
    )
    said = "its text speaks of 10-12 January 2022, 176 days before the stated 7 July 2022"
    gaps = client.get("/console/flags/").content.decode().split('id="gaps"')[1]
    assert said in gaps.split("</section>")[0]
    assert said in client.get(f"/console/articles/{article.pk}/").content.decode()


def test_boilerplate_counts_where_it_opens_a_paragraph(network):
    """ "SEE ALSO: ..." as a paragraph is the partner's promo left in; the same words in a
    sentence are the story's ("Other related articles:", "click here to download")."""
    first, second = Article.objects.order_by("pk")[:2]
    prose = "The award is open to blogs. " * 20
    Article.objects.filter(pk=first.pk).update(
        body_text=prose + "Other related articles: a list. Click here to download a form."
    )
    Article.objects.filter(pk=second.pk).update(body_text=prose + "\n\nRelated Articles\n\nMore")
    poor = set(flags.poor_extraction().values_list("pk", flat=True))
    assert first.pk not in poor and second.pk in poor
    assert flags.boilerplate_in(Article.objects.get(pk=second.pk).body_text) == ["Related Articles"]
    assert flags.boilerplate_in(Article.objects.get(pk=first.pk).body_text) == []
