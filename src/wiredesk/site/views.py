"""The editions' pages: one small handler per page (load, 404, context, render)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from wiredesk.config import env_int
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import edition_articles, pinned_ids
from wiredesk.site.presenters import ArticleView

FRONT_PAGE_SIZE = 12


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition, slug=slug, active=True)


def network_index(request: HttpRequest) -> HttpResponse:
    editions = Edition.objects.filter(active=True)
    return render(request, "site/index.html", {"editions": editions})


def front_page(request: HttpRequest, edition: str) -> HttpResponse:
    current = _edition(edition)
    articles = list(edition_articles(current, timezone.now())[: FRONT_PAGE_SIZE * 2])
    pins = pinned_ids(current)
    articles.sort(key=lambda a: a.pk not in pins)  # stable: pinned first, then newest
    lead, rest = articles[:1], articles[1:FRONT_PAGE_SIZE]
    return render(
        request,
        "site/front.html",
        {
            "edition": current,
            "lead": [ArticleView(a, current) for a in lead],
            "latest": [ArticleView(a, current) for a in rest],
        },
    )


def more_news(request: HttpRequest, edition: str) -> HttpResponse:
    current = _edition(edition)
    paginator = Paginator(edition_articles(current, timezone.now()), env_int("WIREDESK_PAGE_SIZE"))
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "site/more.html",
        {
            "edition": current,
            "page": page,
            "articles": [ArticleView(a, current) for a in page.object_list],
        },
    )


def article_page(request: HttpRequest, edition: str, article_id: int, slug: str) -> HttpResponse:
    current = _edition(edition)
    article = edition_articles(current, timezone.now()).filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article in this edition")
    view = ArticleView(article, current)
    if slug != view.slug:
        return redirect(view.url, permanent=True)
    return render(request, "site/article.html", {"edition": current, "article": view})
