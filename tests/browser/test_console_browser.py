"""The newsroom console in headless Chromium, driven as an editor would.

The demo network is ingested through the real partner server and pipeline (plus one feed
the partner does not serve, which fails), the app is served by pytest-django's live server,
and Debian's chromium is driven by Playwright. The editor logs in through the admin, sees the
failing feed first, reads the charts and map drawn from what was ingested, corrects a
story's countries, pins it, and finds it leading the edition's front page. Screenshots go to
test-results/console/. Accessibility: axe-core (vendored beside the site's browser test)
checks the console's own content on each page, WCAG 2.0/2.1 A and AA.
"""

import re

import pytest
from chromium import ARGS, AXE, AXE_TAGS, CHROMIUM, REPO, sync_api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = REPO / "test-results" / "console"


@pytest.fixture
def newsroom(partner, live_server, monkeypatch, django_user_model):
    """A small demo network ingested for real, one failing feed, and an editor's account."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from wiredesk.demo.network import create_network
    from wiredesk.demo.partner_site import GV_HOST, RFERL_FEED, gv_feed_urls
    from wiredesk.ingest.pipeline import ingest
    from wiredesk.site import cache
    from wiredesk.sources.models import Feed

    create_network()
    gv = Feed.objects.get(url=gv_feed_urls()[0])
    broken = f"http://{GV_HOST}/moved-away/feed/"
    Feed.objects.create(source=gv.source, url=broken, title="Global Voices (moved away)")
    urls = [gv_feed_urls()[0], RFERL_FEED, broken]
    ingest(list(Feed.objects.filter(url__in=urls).select_related("source__licence")))
    django_user_model.objects.create_user("editor", password="correct horse", is_staff=True)
    cache.clear()
    SHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        # bypass_csp lets the test inject axe-core; the pages' own CSP is tested by the site tests.
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        # Partner images point at hosts this machine cannot reach: refuse them at once.
        context.route(
            re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])"),
            lambda route: route.abort(),
        )
        yield context.new_page()
        chromium.close()


def check_accessibility(page, name: str) -> None:
    """axe-core on the console's own part of the page (the admin's chrome is Django's)."""
    if not AXE.exists():
        return
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run('#content', {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in result["violations"]
    ]
    assert not problems, f"{name}: " + "; ".join(problems)


def submit(page, button) -> None:
    """Click a form's button and wait for the page it leads to (after any redirect)."""
    with page.expect_navigation():
        button.click()


def shoot(page, name: str, check: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    if check:
        check_accessibility(page, name)


def test_an_editor_corrects_and_pins_a_story(newsroom, page):
    from wiredesk.articles.models import Article
    from wiredesk.console.models import AuditEntry

    base = newsroom
    # Log in through the admin's own form, asking for the console.
    page.goto(base + "/console/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse")
    submit(page, page.locator("input[type=submit]"))
    assert page.url == base + "/console/"

    # Sources and feeds: the failing feed is listed first, with its error.
    first = page.locator("table.feeds tbody tr").first
    assert "failing" in (first.get_attribute("class") or "")
    assert "moved away" in first.inner_text() and "HTTP 404" in first.inner_text()
    assert page.locator("table.feeds tr.ok").count() >= 2
    assert page.locator("svg.spark polyline").count() >= 2
    shoot(page, "1-feeds")

    # Intake: two charts and the map, drawn from what was just ingested.
    submit(page, page.get_by_role("link", name="Intake"))
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart rect title").count() >= 2
    shaded = page.locator("svg.map path:not([data-count='0'])")
    assert shaded.count() >= 3, "today's stories should shade several countries"
    assert page.locator("svg.map path").count() > 150
    shoot(page, "2-intake")

    # The routing queue, filtered to Russia: pick a Global Voices story placed there.
    article = (
        Article.objects.filter(
            placements__edition__slug="russia", source__slug="global-voices", hidden=False
        )
        .order_by("pk")
        .first()
    )
    submit(page, page.get_by_role("link", name="Routing queue"))
    page.select_option("#f-edition", "russia")
    submit(page, page.get_by_role("button", name="Filter"))
    row = page.locator(f"#article-{article.pk}")
    assert "Russia News" in row.inner_text()
    shoot(page, "3-queue")

    # Correct its countries: it is about Switzerland and Germany, not Russia.
    row.locator("input[name=countries]").fill("CH DE")
    submit(page, row.get_by_role("button", name="Correct countries"))
    assert "set to CH, DE" in page.locator(".messagelist").inner_text()
    assert page.locator(f"#article-{article.pk}").count() == 0, "it left the Russia list"
    # Find it again by its id, in every edition.
    page.select_option("#f-edition", "")
    page.fill("#f-q", str(article.pk))
    submit(page, page.get_by_role("button", name="Filter"))
    row = page.locator(f"#article-{article.pk}")
    editions = set(row.locator(".placement:not(.is-hidden) .edition").all_inner_texts())
    assert {"Switzerland News", "Europe News"} <= editions and "Russia News" not in editions
    shoot(page, "4-corrected")

    # Pin it as the Switzerland edition's lead.
    submit(page, row.get_by_role("button", name="Pin as lead in Switzerland News"))
    assert "now leads Switzerland News" in page.locator(".messagelist").inner_text()

    # The edition's front page leads with it.
    page.goto(base + "/switzerland/")
    lead = page.locator(".leads article").first
    assert lead.locator("h2, h3").first.inner_text().strip() == article.headline.strip()
    page.screenshot(path=str(SHOTS / "5-front-page.png"), full_page=True)

    # The audit log says who did what.
    page.goto(base + "/console/audit/")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() == 2
    assert re.search(r"editor\s+Pinned as lead", rows.nth(0).inner_text())
    assert re.search(r"editor\s+Corrected countries", rows.nth(1).inner_text())
    assert AuditEntry.objects.filter(username="editor").count() == 2
    shoot(page, "6-audit")

    # The story's own page in the console: its countries set by the editor, its history.
    page.goto(base + f"/console/articles/{article.pk}/")
    assert page.locator("table.countries-table").inner_text().count("editor") == 2
    assert page.locator("table.audit tbody tr").count() == 2
    # Moving needs an edition chosen: none is picked for the editor, and none is sent.
    move = page.locator("select[name=edition]").first
    assert move.input_value() == ""
    assert move.evaluate("el => el.validity.valueMissing")
    shoot(page, "7-article")

    submit(page, page.get_by_role("link", name="Flags"))
    assert page.locator("h1").inner_text() == "Flags"
    assert page.locator("#gaps tbody tr").count() >= 1
    # The RFE/RL story's date gap, told in the days its text names.
    assert "speaks of 10-12 January 2022" in page.locator("#gaps").inner_text()
    shoot(page, "8-flags")

    # Newsletters: today's Switzerland issue, frozen by the newsletter code, led by the pin.
    issue = freeze_switzerland_issue()
    submit(page, page.get_by_role("link", name="Newsletters"))
    row = page.locator("table.letters tr", has_text="Switzerland News")
    cells = row.locator("td.num").all_inner_texts()
    assert cells[:3] == ["2", "1", "0"], cells  # delivered, bounced, failed
    assert issue.subject in row.inner_text()
    frame = page.frame_locator(f"#issue-{issue.pk} iframe")
    assert article.headline.split(":")[-1].strip()[:20] in frame.locator("body").inner_text()
    shoot(page, "9-newsletters")


def freeze_switzerland_issue():
    """Three readers, today's issue frozen for real, two sends and a bounce recorded."""
    from django.utils import timezone

    from wiredesk.editions.models import Edition
    from wiredesk.newsletter.freeze import freeze_issue
    from wiredesk.newsletter.models import Delivery, Subscriber, Subscription

    swiss = Edition.objects.get(slug="switzerland")
    for n in range(3):
        reader = Subscriber.objects.create(email=f"reader{n}@example.org")
        Subscription.objects.create(subscriber=reader, edition=swiss, status="active")
    issue = freeze_issue(swiss, timezone.now())
    assert issue is not None
    deliveries = list(issue.deliveries.order_by("pk"))
    for delivery, status in zip(deliveries, ["sent", "sent", "bounced"], strict=True):
        delivery.status = status
        delivery.save(update_fields=["status"])
    assert Delivery.objects.filter(issue=issue).count() == 3
    return issue
