"""The editions' pages: one small handler per page (load, 404, context, render).

Each handler builds its page's fragment inside a `build` closure, which runs only on a cache
miss (see site.pages and site.cache); what it returns is reused until the content changes.
"""

from datetime import date

from django.db.models import Count
from django.db.models.functions import Substr, TruncMonth
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from wiredesk.config import env_int
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import edition_articles, lead_candidates
from wiredesk.site.pages import (
    Fragment,
    edition_or_404,
    fragment,
    page_number,
    pager,
    paginate,
    render_fragment,
    respond,
    version,
)
from wiredesk.site.presenters import ArticleView, country_name, present
from wiredesk.site.ranking import Candidate, rank_leads
from wiredesk.site.topics import front_sections, topics_of

LEADS = 3
SECTION_POOL = 120
TEASER_SOURCE = 600  # characters of text read for a list's teaser
SECTION_SIZE = 4
FRONT_LATEST = 10
SEE_ALSO = 5


def listing(articles):
    """Lists show teasers: read the text's opening only, leave the HTML in the database."""
    return articles.defer("body_html", "body_text", "minhash", "flags").annotate(
        opening=Substr("body_text", 1, TEASER_SOURCE)
    )


def _page_size() -> int:
    return env_int("WIREDESK_PAGE_SIZE")


def network_index(request: HttpRequest) -> HttpResponse:
    def build() -> Fragment:
        editions = list(Edition.objects.filter(active=True))
        return render_fragment(
            "site/index.html", {"editions": editions}, "Wiredesk: the editions", editions=editions
        )

    return respond(request, None, fragment(request, "index", build))


def network_search(request: HttpRequest) -> HttpResponse:
    """The network page's search box names an edition; its search lives there."""
    slug = request.GET.get("edition", "")
    edition = edition_or_404(request, slug)
    target = reverse("site:search", args=[edition.slug])
    return HttpResponseRedirect(f"{target}?{request.GET.urlencode()}")


def front_page(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        now = timezone.now()
        pool = list(listing(lead_candidates(current, now, SECTION_POOL)))
        by_id = {a.pk: a for a in pool}
        lead_ids = rank_leads(
            [Candidate(a.pk, a.published_at, a.relevance or 0.0, bool(a.pinned)) for a in pool],
            LEADS,
        )
        shown = set(lead_ids)
        newest = sorted(
            (a for a in pool if not a.pinned or a.pk in shown),
            key=lambda a: (a.published_at or a.republished_at, a.pk),
            reverse=True,
        )
        sections = []
        for topic in front_sections([a.categories or [] for a in newest]):
            members = [
                a for a in newest if a.pk not in shown and topic in topics_of(a.categories or [])
            ][:SECTION_SIZE]
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
        return render_fragment("site/front.html", context, current.name, _feed_links(current))

    return respond(request, current, fragment(request, f"front:{current.slug}", build))


def more_news(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)

    def build() -> Fragment:
        page = paginate(listing(edition_articles(current, timezone.now())), number, _page_size())
        heading = f"More {current.country_label} News"
        return _list_fragment(current, heading, page, f"{heading} – page {number}")

    return respond(request, current, fragment(request, f"more:{current.slug}:{number}", build))


def article_page(request: HttpRequest, edition: str, article_id: int, slug: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        now = timezone.now()
        article = edition_articles(current, now).filter(pk=article_id).first()
        if article is None:
            raise Http404("No such article in this edition")
        view = ArticleView(article, current)
        absolute = request.build_absolute_uri(view.url)
        from wiredesk.site.search import related, visible_set

        visible = visible_set(current, now, version(request))
        similar = related(article, current, now, SEE_ALSO, visible)
        found = listing(edition_articles(current, now)).in_bulk(similar)
        context = {
            "edition": current,
            "article": view,
            "see_also": present([found[i] for i in similar if i in found], current),
            "versions": _versions(article, current, now),
        }
        head = format_html(
            '<link rel="canonical" href="{}">\n<meta name="description" content="{}">\n{}'
            '<script type="application/ld+json">{}</script>',
            view.canonical(absolute),
            view.description,
            format_html_join("", '<meta property="{}" content="{}">\n', view.open_graph(absolute)),
            view.news_article(absolute),
        )
        return render_fragment(
            "site/article.html",
            context,
            f"{article.headline} – {current.name}",
            head,
            slug=view.slug,
            url=view.url,
            date_gap=view.date_gap,
        )

    page = fragment(request, f"article:{current.slug}:{article_id}", build)
    if slug != page.extra["slug"]:
        return redirect(page.extra["url"], permanent=True)
    return respond(request, current, page)


def _versions(article, edition: Edition, now) -> list[dict]:
    """Other sources' versions of the same story: our page when this edition carries it."""
    if not article.story_id:
        return []
    others = article.story.articles.exclude(pk=article.pk).select_related("source")
    visible = set(
        edition_articles(edition, now)
        .filter(story_id=article.story_id)
        .values_list("pk", flat=True)
    )
    return [
        {
            "source": other.source.name,
            "headline": other.headline,
            "url": ArticleView(other, edition).url if other.pk in visible else other.url,
            "ours": other.pk in visible,
        }
        for other in others.order_by("published_at")
    ]


def story_page(request: HttpRequest, edition: str, story_id: int) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        from wiredesk.stories.models import Story

        story = Story.objects.filter(pk=story_id).first()
        articles = list(
            edition_articles(current, timezone.now())
            .filter(story_id=story_id)
            .order_by("published_at", "pk")
        )
        if story is None or not articles:
            raise Http404("No such story in this edition")
        context = {"edition": current, "story": story, "articles": present(articles, current)}
        return render_fragment("site/story.html", context, f"{story.title} – {current.name}")

    return respond(request, current, fragment(request, f"story:{current.slug}:{story_id}", build))


def country_page(request: HttpRequest, edition: str, code: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)
    if len(code) != 2 or code != code.lower():
        raise Http404("No such country")

    def build() -> Fragment:
        articles = edition_articles(current, timezone.now()).filter(countries__country=code.upper())
        page = paginate(articles, number, _page_size())
        if not page.object_list:
            raise Http404("No stories about this country")
        heading = country_name(code)
        feeds = _feed_links(current, "country", code)
        return _list_fragment(current, heading, page, f"{heading} – {current.name}", feeds)

    key = f"country:{current.slug}:{code}:{number}"
    return respond(request, current, fragment(request, key, build))


def topic_page(request: HttpRequest, edition: str, topic: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)

    def build() -> Fragment:
        articles = listing(edition_articles(current, timezone.now())).filter(
            site_topics__slug=topic
        )
        page = paginate(articles, number, _page_size())
        if not page.object_list:
            raise Http404("No stories on this topic")
        name = next(
            (t.name for t in topics_of(page.object_list[0].categories or []) if t.slug == topic),
            topic.replace("-", " ").title(),
        )
        feeds = _feed_links(current, "topic", topic)
        return _list_fragment(current, name, page, f"{name} – {current.name}", feeds)

    key = f"topic:{current.slug}:{topic}:{number}"
    return respond(request, current, fragment(request, key, build))


def archive_index(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> Fragment:
        months = (
            edition_articles(current, timezone.now())
            .exclude(published_at=None)
            .order_by()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )
        years: dict[int, list] = {}
        for row in months:
            month = row["month"]
            url = reverse("site:archive_month", args=[current.slug, month.year, month.month])
            years.setdefault(month.year, []).append(
                {"date": month, "count": row["count"], "url": url}
            )
        context = {"edition": current, "years": sorted(years.items(), reverse=True)}
        return render_fragment("site/archive.html", context, f"Archive – {current.name}")

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
    current = edition_or_404(request, edition)
    number = page_number(request)
    try:
        when = date(year, month, day or 1)
    except ValueError as exc:
        raise Http404("No such date") from exc

    def build() -> Fragment:
        articles = listing(edition_articles(current, timezone.now())).filter(
            published_at__year=year, published_at__month=month
        )
        if day:
            articles = articles.filter(published_at__day=day)
        page = paginate(articles, number, _page_size())
        if not page.object_list:
            raise Http404("No stories on that date")
        label = f"{when:%B} {when.day}, {year}" if day else f"{when:%B} {year}"
        heading = f"Stories of {label}"
        return _list_fragment(current, heading, page, f"{heading} – {current.name}")

    key = f"archive:{current.slug}:{year}:{month}:{day}:{number}"
    return respond(request, current, fragment(request, key, build))


def search_page(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    number = page_number(request)
    query = " ".join(request.GET.get("q", "").split())[:200]

    def build() -> Fragment:
        from wiredesk.site.search import search, visible_set

        size = _page_size()
        now = timezone.now()
        visible = visible_set(current, now, version(request))
        results = search(current, query, now, (number - 1) * size, size, visible)
        pages = max(1, -(-results.total // size))
        if number > pages:
            raise Http404("No such page")
        found = listing(edition_articles(current, now)).in_bulk(
            [h.article_id for h in results.hits]
        )
        hits = [
            {"hit": h, "article": ArticleView(found[h.article_id], current)}
            for h in results.hits
            if h.article_id in found
        ]
        paging = {
            "number": number,
            "pages": pages,
            "newer": f"?q={_quote(query)}&page={number - 1}" if number > 1 else "",
            "older": f"?q={_quote(query)}&page={number + 1}" if number < pages else "",
        }
        context = {
            "edition": current,
            "query": query,
            "total": results.total,
            "hits": hits,
            "pager": paging,
        }
        title = f"Search: {query} – {current.name}" if query else f"Search – {current.name}"
        return render_fragment(
            "site/search.html", context, title, '<meta name="robots" content="noindex">'
        )

    return respond(
        request, current, fragment(request, f"search:{current.slug}", build, query, number)
    )


def _quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text)


def _list_fragment(edition: Edition, heading: str, page, title: str, head: str = "") -> Fragment:
    context = {
        "edition": edition,
        "heading": heading,
        "articles": present(page.object_list, edition),
        "pager": pager(page),
    }
    return render_fragment("site/list.html", context, title, head or _feed_links(edition))


def _feed_links(edition: Edition, kind: str = "", value: str = "") -> str:
    """<link rel="alternate"> for the page's feeds: the section's, or the edition's."""
    args = [edition.slug, value] if kind else [edition.slug]
    prefix = f"site:{kind}_feed" if kind else "site:feed"
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        [
            (mime, f"{edition.name} ({label})", reverse(prefix, args=[*args, fmt]))
            for fmt, mime, label in (
                ("rss", "application/rss+xml", "RSS"),
                ("atom", "application/atom+xml", "Atom"),
                ("json", "application/feed+json", "JSON Feed"),
            )
        ],
    )
