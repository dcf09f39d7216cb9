"""The newsroom console: editors' pages behind the admin login.

One handler per page or action: load, 404, build a context, render. Pages read through
health, intake, flags and letters; actions go through `actions`, which records every change
in the audit log. Every action is a POST with Django's CSRF check and sends the editor back
to where the form was (`next`, if it is one of our own URLs) with a message saying what
happened.
"""

from collections.abc import Callable
from datetime import date
from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wiredesk.articles.models import Article
from wiredesk.console import actions, flags, health, intake, letters, svg, worldmap
from wiredesk.console.models import AuditEntry
from wiredesk.editions.models import Edition, Placement
from wiredesk.errors import WiredeskError

QUEUE_PAGE = 25
AUDIT_PAGE = 50
CHART_HOURS = (24, 48, 168)


def page(request: HttpRequest, template: str, context: dict, title: str) -> HttpResponse:
    """Render a console page with what every page needs (title, nav, admin context)."""
    base = admin.site.each_context(request)
    return render(
        request,
        f"console/{template}",
        base | context | {"title": title, "now": timezone.now(), "is_nav_sidebar_enabled": False},
    )


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Sources and feeds, failing ones first, with a sparkline of each feed's volume."""
    rows = health.feed_health(timezone.now())
    feeds = [
        (h, svg.sparkline(h.daily, label=f"{h.feed}: articles per day, last {len(h.daily)} days"))
        for h in rows
    ]
    failing = sum(1 for h in rows if h.failing)
    context = {"feeds": feeds, "failing": failing, "days": health.DAYS}
    return page(request, "dashboard.html", context, "Sources and feeds")


@staff_member_required
def intake_view(request: HttpRequest) -> HttpResponse:
    """Articles per hour by source and by edition, and the map of today's stories."""
    now = timezone.now()
    asked = request.GET.get("hours", "")
    span = int(asked) if asked in {str(h) for h in CHART_HOURS} else CHART_HOURS[0]
    buckets = intake.hours(now, span)
    labels = [b.strftime("%H:00" if span <= 48 else "%a %H:00") for b in buckets]
    by_source = svg.stacked_bars(
        labels, intake.per_source(buckets), f"Articles per hour by source, last {span} h"
    )
    by_edition = svg.stacked_bars(
        labels, intake.per_edition(buckets), f"Placements per hour by edition, last {span} h"
    )
    try:
        day = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else None
    except ValueError:
        day = None
    day = day or now.date()
    counts = intake.per_country(day, now.tzinfo)
    world = worldmap.shapes()
    shapes = {code: (name, path) for code, (name, path) in world["countries"].items()}
    title = f"Articles per country on {day.isoformat()} (UTC)"
    context = {
        "span": span,
        "spans": CHART_HOURS,
        "by_source": by_source,
        "by_edition": by_edition,
        "day": day,
        "map": svg.choropleth(shapes, counts, title, world["width"], world["height"]),
        "legend": svg.legend_steps(max(counts.values(), default=0)),
        "top_countries": sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15],
        "off_map": sorted((c, n) for c, n in counts.items() if c not in shapes),
        "countries_total": len(counts),
    }
    return page(request, "intake.html", context, "Intake")


def queue_articles(request: HttpRequest) -> tuple[object, dict]:
    """The queue's articles for the filters in the query string, newest first."""
    articles = Article.objects.select_related("source", "duplicate_of").prefetch_related(
        "countries",
        Prefetch("placements", queryset=Placement.objects.select_related("edition")),
    )
    filters = {
        "edition": request.GET.get("edition", ""),
        "q": request.GET.get("q", "").strip(),
        "state": request.GET.get("state", ""),
    }
    if filters["edition"]:
        articles = articles.filter(placements__edition__slug=filters["edition"])
    if filters["q"]:
        by_id = Q(pk=int(filters["q"])) if filters["q"].isdigit() else Q()
        articles = articles.filter(Q(headline__icontains=filters["q"]) | by_id)
    if filters["state"] == "unplaced":
        placed = Placement.objects.filter(article=OuterRef("pk"))
        articles = articles.exclude(Exists(placed)).filter(duplicate_of__isnull=True)
    elif filters["state"] == "hidden":
        articles = articles.filter(hidden=True)
    articles = articles.order_by("-republished_at", "-pk").distinct()
    return articles, filters


@staff_member_required
def queue(request: HttpRequest) -> HttpResponse:
    """The routing queue: each article, its countries and editions, and the actions."""
    articles, filters = queue_articles(request)
    listing = Paginator(articles, QUEUE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": listing,
        "filters": filters,
        "editions": Edition.objects.all(),
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }
    return page(request, "queue.html", context, "Routing queue")


@staff_member_required
def article_view(request: HttpRequest, article_id: int) -> HttpResponse:
    """One article: its countries, placements, flags, actions and audit history."""
    article = get_object_or_404(
        Article.objects.select_related("source__licence", "duplicate_of", "feed"), pk=article_id
    )
    context = {
        "article": article,
        "placements": article.placements.select_related("edition").order_by("edition__name"),
        "countries": article.countries.order_by("-is_main", "-score"),
        "editions": Edition.objects.all(),
        "history": AuditEntry.objects.filter(article_ref=article.pk)[:50],
        "boilerplate": flags.boilerplate_in(article.body_text),
        "date_reasons": flags.gap_reasons(article),
        "here": request.get_full_path(),
    }
    return page(request, "article.html", context, article.headline)


@staff_member_required
def flags_view(request: HttpRequest) -> HttpResponse:
    """The four lists editors work through, newest first, with their totals."""
    now = timezone.now()
    gaps = flags.date_gaps().order_by("-republished_at", "-pk")
    old = flags.old_when_taken().order_by("-republished_at", "-pk")
    duplicates = flags.duplicates_pending().order_by("-republished_at", "-pk")
    blocked = flags.blocked_placements(now)
    poor = flags.poor_extraction().order_by("-republished_at", "-pk")
    context = {
        "gaps": [(a, flags.gap_reasons(a)) for a in gaps[: flags.LIMIT]],
        "gaps_total": gaps.count(),
        "old": [(a, flags.gap_reasons(a)) for a in old[: flags.LIMIT]],
        "old_total": old.count(),
        "duplicates": duplicates[: flags.LIMIT],
        "duplicates_total": duplicates.count(),
        "blocked": blocked[: flags.LIMIT],
        "blocked_total": blocked.count(),
        "poor": [(a, flags.boilerplate_in(a.body_text)) for a in poor[: flags.LIMIT]],
        "poor_total": poor.count(),
        "now": now,
        "limits": {"gap": flags.GAP_DAYS, "stale": flags.STALE_DAYS, "short": flags.SHORT_BODY},
        "here": request.get_full_path(),
    }
    return page(request, "flags.html", context, "Flags")


@staff_member_required
def newsletters(request: HttpRequest) -> HttpResponse:
    """Each edition's last issue with its deliveries, and its preview."""
    return page(request, "newsletters.html", {"letters": letters.edition_letters()}, "Newsletters")


@staff_member_required
def audit(request: HttpRequest) -> HttpResponse:
    """Every change editors made, newest first."""
    entries = AuditEntry.objects.select_related("edition")
    if request.GET.get("user"):
        entries = entries.filter(username=request.GET["user"])
    listing = Paginator(entries, AUDIT_PAGE).get_page(request.GET.get("page"))
    return page(request, "audit.html", {"page_obj": listing}, "Audit log")


# Actions ---------------------------------------------------------------------------------


def action(view: Callable[..., str]) -> Callable[..., HttpResponse]:
    """Staff only, POST only; the view returns the message, errors become error messages."""

    @staff_member_required
    @require_POST
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            messages.success(request, view(request, *args, **kwargs))
        except WiredeskError as exc:
            messages.error(request, str(exc))
        return back(request, kwargs)

    return wrapper


def back(request: HttpRequest, kwargs: dict) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    if "article_id" in kwargs:
        return HttpResponseRedirect(reverse("console:article", args=[kwargs["article_id"]]))
    return HttpResponseRedirect(reverse("console:queue"))


def flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name, "1") not in ("0", "false", "off", "")


@action
def correct_countries(request: HttpRequest, article_id: int) -> str:
    article = get_object_or_404(Article.objects.select_related("source__licence"), pk=article_id)
    codes = actions.parse_countries(request.POST.get("countries", ""))
    entry = actions.correct_countries(request.user, article, codes)
    editions = ", ".join(entry.after["editions"]) or "no edition"
    return f"Countries of “{article}” set to {', '.join(codes)}; now in {editions}."


@action
def hide_article(request: HttpRequest, article_id: int) -> str:
    article = get_object_or_404(Article, pk=article_id)
    hidden = flag(request, "hidden")
    actions.set_article_hidden(request.user, article, hidden)
    return f"“{article}” is {'hidden from' if hidden else 'shown in'} every edition."


@action
def decide_duplicate(request: HttpRequest, article_id: int) -> str:
    article = get_object_or_404(Article.objects.select_related("source__licence"), pk=article_id)
    keep = request.POST.get("decision") == "keep"
    actions.decide_duplicate(request.user, article, keep)
    return f"“{article}” {'stays a duplicate' if keep else 'is not a duplicate: routed'}."


def placement_or_404(placement_id: int) -> Placement:
    return get_object_or_404(
        Placement.objects.select_related("article__source__licence", "edition"), pk=placement_id
    )


@action
def pin(request: HttpRequest, placement_id: int) -> str:
    placement = placement_or_404(placement_id)
    pinned = flag(request, "pinned")
    actions.set_pinned(request.user, placement, pinned)
    verb = "now leads" if pinned else "no longer pinned in"
    return f"“{placement.article}” {verb} {placement.edition}."


@action
def hide_placement(request: HttpRequest, placement_id: int) -> str:
    placement = placement_or_404(placement_id)
    hidden = flag(request, "hidden")
    actions.set_placement_hidden(request.user, placement, hidden)
    return f"“{placement.article}” {'hidden in' if hidden else 'shown in'} {placement.edition}."


@action
def move(request: HttpRequest, placement_id: int) -> str:
    placement = placement_or_404(placement_id)
    target = get_object_or_404(Edition, slug=request.POST.get("edition", ""))
    actions.move(request.user, placement, target)
    return f"“{placement.article}” moved from {placement.edition} to {target}."
