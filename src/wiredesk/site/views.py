"""The editions' pages: one small handler per page (load, 404, context, render).

Each handler builds its page's fragment inside a `build` closure, which runs only on a cache
miss (see site.pages and site.cache); what it returns is reused until the content changes.
Lists take their ids from site.listing (an edition's stories in order, held per content
version) and read only the rows of the page they show.
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Edition, Placement
from wiredesk.extract.summary import shorten
from wiredesk.site.article_page import build as article_page_build
from wiredesk.site.cache import ARTICLE_TIMEOUT, article_versions
from wiredesk.site.listing import among, edition_entries, edition_ids, fetch, visible_set
from wiredesk.site.models import ArticleEntry, ArticleTopic
from wiredesk.site.pages import (
    Fragment,
    edition_or_404,
    fragment,
    page_number,
    pager,
    paginate,
    render_fragment,
    respond,
    set_version,
    version,
)
from wiredesk.site.presenters import ArticleView, country_name, datetime_attribute, present
from wiredesk.site.ranking import Candidate, rank_leads
from wiredesk.site.topics import front_sections, topics_of

LEADS = 3
SECTION_POOL = 120
SECTION_SIZE = 4
FRONT_LATEST = 10
DESCRIBED = 200  # longest meta description


def edition_description(edition: Edition) -> str:
    """An edition's meta description: its tagline, else what it is."""
    return edition.tagline or (
        f"The latest {edition.country_label} news from partner news agencies, "
        "republished under their licences, with each story's source named."
    )


def _page_size() -> int:
    return settings.WIREDESK.page_size


def network_index(request: HttpRequest) -> HttpResponse:
    def build() -> Fragment:
        editions = list(Edition.objects.filter(active=True))
        names = ", ".join(e.name for e in editions)
        return render_fragment(
            "site/index.html",
            {"editions": editions},
            "Wiredesk: the editions",
            editions=editions,
            description=shorten(f"News by country from partner agencies: {names}.", DESCRIBED),
        )

    return respond(request, None, fragment(request, "index", build))


def network_search(request: HttpRequest) -> HttpResponse:
    """Every edition's stories (site.network_search); a search that names an edition is
    that edition's, and goes there."""
    slug = request.GET.get("edition", "")
    if slug:
        target = reverse("site:search", args=[edition_or_404(request, slug).slug])
        return HttpResponseRedirect(f"{target}?{request.GET.urlencode()}")
    number = page_number(request)
    query = _query(request)

    def build() -> Fragment:
        from wiredesk.site.network_search import search_network

        editions = list(Edition.objects.filter(active=True))
        size = _page_size()
        found = search_network(
            editions, query, timezone.now(), (number - 1) * size, size, version(request)
        )
        articles = {a.pk: a for a in fetch([h.article_id for h, _ in found.hits])}
        hits = [
            {"hit": h, "article": ArticleView(articles[h.article_id], home), "edition": home}
            for h, home in found.hits
            if h.article_id in articles
        ]
        return _results_fragment(None, query, number, found.total, found.by_date, hits)

    return respond(request, None, fragment(request, "search", build, query, number))


def front_page(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        now = timezone.now()
        visible = visible_set(current, now, version(request))
        placements = Placement.objects.filter(edition=current)
        pins = [pk for pk in placements.filter(pinned=True).values_list("article_id", flat=True)]
        pool_ids = edition_ids(current, now, version(request))[:SECTION_POOL]
        pool_ids += [pk for pk in pins if pk in visible and pk not in pool_ids]
        pool = fetch(pool_ids)
        relevance = dict(
            placements.filter(article_id__in=pool_ids).values_list("article_id", "score")
        )
        lead_ids = rank_leads(
            [Candidate(a.pk, a.published_at, relevance.get(a.pk, 0.0), a.pk in pins) for a in pool],
            LEADS,
        )
        by_id = {a.pk: a for a in pool}
        shown = set(lead_ids)
        newest = [a for a in pool if a.pk not in pins or a.pk in shown]
        topics = {a.pk: topics_of(a.categories or []) for a in newest}
        sections = []
        for topic in front_sections([a.categories or [] for a in newest]):
            members = [a for a in newest if a.pk not in shown and topic in topics[a.pk]]
            members = members[:SECTION_SIZE]
            shown.update(a.pk for a in members)
            if members:
                url = reverse("site:topic", args=[current.slug, topic.slug])
                sections.append({"topic": topic, "url": url, "articles": present(members, current)})
        latest = [a for a in newest if a.pk not in shown][:FRONT_LATEST]
        context = {
            "edition": current,
            "leads": present([by_id[i] for i in lead_ids], current),
            "sections": sections,
            "latest": present(latest, current),
        }
        return render_fragment(
            "site/front.html",
            context,
            current.name,
            _feed_links(current),
            description=edition_description(current),
        )

    return respond(request, current, fragment(request, f"front:{current.slug}", build))


def more_news(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)

    def build() -> Fragment:
        ids = edition_ids(current, timezone.now(), version(request))
        heading = f"More {current.country_label} News"
        title = f"{heading} – page {number}"
        about = f"Every story of {current.name}"
        return _list_fragment(current, heading, ids, number, title, about=about)

    return respond(request, current, fragment(request, f"more:{current.slug}:{number}", build))


def article_page(request: HttpRequest, edition: str, article_id: int, slug: str) -> HttpResponse:
    content, held = article_versions(article_id)  # one read for both
    set_version(request, content)
    current = edition_or_404(request, edition)
    visible = visible_set(current, timezone.now(), version(request))
    if article_id not in visible:
        raise Http404("No such article in this edition")  # checked even when cached

    def build() -> Fragment:
        return article_page_build(request, current, article_id, timezone.now(), visible)

    key = f"article:{current.slug}:{article_id}"
    page = fragment(request, key, build, under=held, timeout=ARTICLE_TIMEOUT)
    if slug != page.extra["slug"]:
        return redirect(page.extra["url"], permanent=True)
    return respond(request, current, page)


def story_page(request: HttpRequest, edition: str, story_id: int) -> HttpResponse:
    current = edition_or_404(request, edition)
    from wiredesk.stories.models import MergedStory, Story

    def build() -> Fragment:
        story = Story.objects.filter(pk=story_id).first()
        visible = visible_set(current, timezone.now(), version(request))
        members = Article.objects.filter(story_id=story_id).order_by("published_at", "pk")
        ids = [pk for pk in members.values_list("pk", flat=True) if pk in visible]
        if story is None or not ids:
            raise Http404("No such story in this edition")
        articles = present(fetch(ids), current)
        lead = next((a for a in articles if a.article.pk == story.lead_id), articles[0])
        # What this edition shows of the story: its heading and first date come from the
        # versions readers here can open, not from one placed only in another edition.
        first_seen = min(a.when for a in articles)
        context = {
            "edition": current,
            "story": story,
            "heading": lead.headline,
            "first_seen": first_seen,
            "first_seen_attribute": datetime_attribute(first_seen),
            "articles": articles,
            "lead": lead,
            "timeline": [a for a in articles if a is not lead],
            "sources": list(dict.fromkeys(a.article.source.name for a in articles)),
        }
        title = f"{lead.headline} – {current.name}"
        description = lead.description
        return render_fragment("site/story.html", context, title, description=description)

    try:
        return respond(
            request, current, fragment(request, f"story:{current.slug}:{story_id}", build)
        )
    except Http404:  # merged into another story? (looked up on a miss only)
        merged = MergedStory.objects.filter(merged_id=story_id).first()
        if merged is None:
            raise
        return redirect("site:story", current.slug, merged.into_id, permanent=True)


def country_page(request: HttpRequest, edition: str, code: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)
    if len(code) != 2 or code != code.lower():
        raise Http404("No such country")

    def build() -> Fragment:
        tagged = (
            ArticleCountry.objects.filter(country=code.upper()).order_by().values_list("article_id")
        )
        ids = among(edition_ids(current, timezone.now(), version(request)), (r[0] for r in tagged))
        if not ids:
            raise Http404("No stories about this country")
        heading = country_name(code)
        feeds = _feed_links(current, "country", code)
        title, about = f"{heading} – {current.name}", f"Stories about {heading} in {current.name}"
        return _list_fragment(current, heading, ids, number, title, feeds, about)

    key = f"country:{current.slug}:{code}:{number}"
    return respond(request, current, fragment(request, key, build))


def topic_page(request: HttpRequest, edition: str, topic: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)

    def build() -> Fragment:
        rows = ArticleTopic.objects.filter(slug=topic)
        name = rows.values_list("name", flat=True).first()
        tagged = rows.values_list("article_id", flat=True)
        ids = among(edition_ids(current, timezone.now(), version(request)), tagged)
        if not ids or not name:
            raise Http404("No stories on this topic")
        feeds = _feed_links(current, "topic", topic)
        title, about = f"{name} – {current.name}", f"{name}: stories in {current.name}"
        return _list_fragment(current, name, ids, number, title, feeds, about)

    key = f"topic:{current.slug}:{topic}:{number}"
    return respond(request, current, fragment(request, key, build))


def archive_index(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        entries = edition_entries(current, timezone.now(), version(request))
        months = Counter((when.year, when.month) for _, when in entries)
        years: dict[int, list] = {}
        for (year, month), count in sorted(months.items(), reverse=True):
            url = reverse("site:archive_month", args=[current.slug, year, month])
            first = date(year, month, 1)
            years.setdefault(year, []).append({"date": first, "count": count, "url": url})
        context = {"edition": current, "years": list(years.items())}
        description = f"Every story of {current.name} by the month of its original date."
        return render_fragment(
            "site/archive.html", context, f"Archive – {current.name}", description=description
        )

    return respond(request, current, fragment(request, f"archive:{current.slug}", build))


def archive_month(request: HttpRequest, edition: str, year: int, month: int) -> HttpResponse:
    return _archive_list(request, edition, year, month, None)


def archive_day(
    request: HttpRequest, edition: str, year: int, month: int, day: int
) -> HttpResponse:
    return _archive_list(request, edition, year, month, day)


def _archive_list(
    request: HttpRequest, edition: str, year: int, month: int, day: int | None
) -> HttpResponse:
    """Stories by their original date (UTC), newest first."""
    current = edition_or_404(request, edition)
    number = page_number(request)
    try:
        start = datetime(year, month, day or 1, tzinfo=UTC)
    except ValueError as exc:
        raise Http404("No such date") from exc
    end = start + timedelta(days=1) if day else (start + timedelta(days=32)).replace(day=1)

    def build() -> Fragment:
        dated = ArticleEntry.objects.filter(when__gte=start, when__lt=end)
        ids = among(
            edition_ids(current, timezone.now(), version(request)),
            dated.values_list("article_id", flat=True),
        )
        if not ids:
            raise Http404("No stories on that date")
        label = f"{start:%B} {start.day}, {year}" if day else f"{start:%B} {year}"
        heading = f"Stories of {label}"
        title, about = f"{heading} – {current.name}", f"{heading} in {current.name}"
        return _list_fragment(current, heading, ids, number, title, about=about)

    key = f"archive:{current.slug}:{year}:{month}:{day}:{number}"
    return respond(request, current, fragment(request, key, build))


def search_page(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)
    query = _query(request)

    def build() -> Fragment:
        from wiredesk.site.search import search

        size = _page_size()
        now = timezone.now()
        visible = visible_set(current, now, version(request))
        newest = edition_ids(current, now, version(request))
        results = search(
            current, query, now, (number - 1) * size, size, visible, newest, version(request)
        )
        found = {a.pk: a for a in fetch([h.article_id for h in results.hits])}
        hits = [
            {"hit": h, "article": ArticleView(found[h.article_id], current)}
            for h in results.hits
            if h.article_id in found
        ]
        return _results_fragment(current, query, number, results.total, results.by_date, hits)

    return respond(
        request, current, fragment(request, f"search:{current.slug}", build, query, number)
    )


def _query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:200]


def _results_fragment(
    edition: Edition | None, query: str, number: int, total: int, by_date: bool, hits: list
) -> Fragment:
    """A page of search results, of one edition or (edition None) of every edition."""
    pages = max(1, -(-total // _page_size()))
    if number > pages:
        raise Http404("No such page")
    context = {
        "edition": edition,
        "query": query,
        "total": total,
        "by_date": by_date,
        "hits": hits,
        "pager": pager(number, pages, q=query),
    }
    where = edition.name if edition else "every edition"
    title = f"Search: {query} – {where}" if query else f"Search – {where}"
    return render_fragment(
        "site/search.html",
        context,
        title,
        '<meta name="robots" content="noindex">',
        description=f"Search the stories of {where}.",
    )


def _list_fragment(
    edition: Edition,
    heading: str,
    ids: list[int],
    number: int,
    title: str,
    head: str = "",
    about: str = "",
) -> Fragment:
    """A page of a list of stories; `about` opens its meta description."""
    page = paginate(ids, number, _page_size())
    pages = page.paginator.num_pages
    context = {
        "edition": edition,
        "heading": heading,
        "articles": present(fetch(page.object_list), edition),
        "pager": pager(page.number, pages),
    }
    paging = f" (page {number} of {pages})" if pages > 1 else ""
    description = f"{about or heading}, newest first{paging}."
    return render_fragment(
        "site/list.html", context, title, head or _feed_links(edition), description=description
    )


def _feed_links(edition: Edition, kind: str = "", value: str = "") -> str:
    """<link rel="alternate"> for the page's feeds: the section's, or the edition's."""
    args = [edition.slug, value] if kind else [edition.slug]
    name = f"site:{kind}_feed" if kind else "site:feed"
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        [
            (mime, f"{edition.name} ({label})", reverse(name, args=[*args, fmt]))
            for fmt, mime, label in (
                ("rss", "application/rss+xml", "RSS"),
                ("atom", "application/atom+xml", "Atom"),
                ("json", "application/feed+json", "JSON Feed"),
            )
        ],
    )
