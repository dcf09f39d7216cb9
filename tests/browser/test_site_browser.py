"""The editions' site in headless Chromium: every page type, paging, search, accessibility.

Demo content is ingested through the real partner server and pipeline, the real app is
served by pytest-django's live server, and Debian's chromium is driven by Playwright.
Screenshots go to test-results/site/. Accessibility: axe-core (vendored, MPL-2.0) checks
each page against its WCAG 2.0/2.1 A and AA rules and the test fails on any violation.
"""

import json
import re

import pytest
from chromium import ARGS, AXE, AXE_TAGS, CHROMIUM, REPO, sync_api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = REPO / "test-results" / "site"


@pytest.fixture
def site(partner, live_server, monkeypatch, configure):
    """A small demo network, ingested for real, with one two-source story."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    configure(page_size=8)
    from wiredesk.articles.models import Article
    from wiredesk.demo.network import create_network
    from wiredesk.demo.partner_site import RFERL_FEED, gv_feed_urls
    from wiredesk.ingest.pipeline import ingest
    from wiredesk.site import cache
    from wiredesk.sources.models import Feed
    from wiredesk.stories.models import Story

    create_network()
    urls = [*gv_feed_urls()[:2], RFERL_FEED]
    ingest(list(Feed.objects.filter(url__in=urls).select_related("source__licence")))
    pair = list(Article.objects.filter(placements__edition__slug="europe").order_by("pk")[:2])
    story = Story.objects.create(
        title=pair[0].headline, first_seen=pair[0].republished_at, last_seen=pair[1].republished_at
    )
    for a in pair:
        a.story = story
        a.save()
    cache.clear()
    SHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url, story


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def check_accessibility(page, name: str) -> None:
    """Run axe-core in the page; fail with each violation's rule and first target."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in result["violations"]
    ]
    assert not problems, f"{name}: " + "; ".join(problems)
    assert result["passes"], f"{name}: axe checked nothing"


def visit(page, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{name}: {url}"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    check_accessibility(page, name)


def test_every_page_type_in_a_real_browser(site, browser):
    base, story = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()

    visit(page, base + "/", "index")
    # The network's search box searches every edition unless one is chosen.
    page.get_by_label("Search", exact=True).fill("the")
    page.get_by_role("button", name="Search").click()
    assert page.url.startswith(base + "/search/?")
    visit(page, page.url, "network-search")
    editions = page.locator(".hit h2 a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.split('/')[1])"
    )
    assert len(set(editions)) > 1, editions  # hits link into their own editions
    page.locator(".hit h2 a").first.click()
    assert page.locator("h1").count() == 1 and "/a/" in page.url
    page.goto(base + "/")
    page.get_by_role("link", name="Europe News").first.click()
    assert page.url == base + "/europe/"
    visit(page, page.url, "front")
    assert page.locator(".leads article").count() >= 1
    assert page.locator("aside.signup").count() == 1
    assert page.locator("section.section h2").count() >= 1  # sections by topic

    # Keyboard: the first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"

    # "Access More" pages through the whole archive.
    page.locator("section.latest").get_by_role("link", name="Access More").click()
    visit(page, page.url, "more-1")
    seen = set()
    pages = 0
    while True:
        pages += 1
        seen.update(page.locator(".teaser h2 a").evaluate_all("links => links.map(a => a.href)"))
        following = page.locator('a[rel="next"]')
        if not following.count():
            break
        following.click()
    total = int(re.search(r"of (\d+)", page.locator(".pager span").inner_text())[1])
    assert pages == total and pages > 1
    page.screenshot(path=str(SHOTS / "more-last.png"), full_page=True)

    # An article, its See also, and the story it belongs to. "See also" shows only
    # neighbours near the article's nearest, so take the first front-page article with one.
    page.goto(base + "/europe/")
    links = page.locator("main article a[href*='/europe/a/']").evaluate_all(
        "links => links.map(a => a.href)"
    )
    for link in links:
        page.goto(link)
        if page.locator(".see-also li").count():
            break
    visit(page, page.url, "article")
    assert page.locator("h1").count() == 1
    assert page.locator("time.published").count() == 1
    assert page.locator("time.republished").count() == 1
    assert page.locator(".attribution").inner_text()
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["@type"] == "NewsArticle"
    assert page.locator(".see-also li").count() >= 1
    page.locator(".see-also a").first.click()
    assert "/europe/a/" in page.url

    visit(page, f"{base}/europe/story/{story.pk}/", "story")
    assert page.locator(".teaser").count() == 2

    # Topic, country and archive pages, reached by their links.
    page.goto(base + "/europe/")
    page.locator("section.section h2 a").first.click()
    visit(page, page.url, "topic")
    page.goto(base + "/europe/")
    page.locator(".leads article h3 a").first.click()
    page.locator(".countries a").first.click()
    visit(page, page.url, "country")
    page.get_by_role("link", name="Archive").click()
    visit(page, page.url, "archive")
    page.locator(".months a").first.click()
    visit(page, page.url, "archive-month")

    # Search from the box on the page, then page through the results.
    page.get_by_label("Search Europe News").fill("the")
    page.get_by_role("button", name="Search").click()
    assert "/europe/search/?q=the" in page.url
    visit(page, page.url, "search")
    assert page.locator("mark").count() >= 1
    assert page.get_by_label("Search Europe News").input_value() == "the"
    page.locator('a[rel="next"]').click()
    assert "page=2" in page.url and page.locator(".hit").count() >= 1
    page.screenshot(path=str(SHOTS / "search-2.png"), full_page=True)
    context.close()


def test_readable_on_a_phone_and_without_javascript(site, browser):
    base, _ = site
    phone = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, bypass_csp=True
    )
    page = phone.new_page()
    for name, path in [("phone-front", "/europe/"), ("phone-search", "/europe/search/?q=news")]:
        visit(page, base + path, name)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
    page.goto(base + "/europe/")
    page.locator(".leads article h3 a").first.click()
    visit(page, page.url, "phone-article")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    phone.close()

    # Everything works without JavaScript: the search box is a plain GET form.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/europe/")
    page.get_by_label("Search Europe News").fill("europe")
    page.get_by_role("button", name="Search").click()
    assert "/europe/search/?q=europe" in page.url
    assert page.locator(".hit").count() >= 1
    context.close()
