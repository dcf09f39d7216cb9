"""What an edition shows: visible placements, licence checked at read time too.

Routing already respects licences; checking again here means an editor's
manual placement or a licence changed later can never show a story where no
licence allows it. Every page of the site (lists, search, feeds, sitemaps)
goes through `visible_placements`, so no page can show what another would hide.
"""

from datetime import datetime

from django.db.models import Q, QuerySet

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition, Placement


def licensed_for(edition: Edition, now: datetime) -> Q:
    licence = "article__source__licence__"
    allowed = Q(**{f"{licence}all_editions": True}) | Q(**{f"{licence}editions": edition})
    valid = Q(**{f"{licence}valid_until__isnull": True}) | Q(**{f"{licence}valid_until__gt": now})
    return allowed & valid


def visible_placements(edition: Edition, now: datetime) -> QuerySet[Placement]:
    """Placements shown now: not hidden, not a duplicate, past any embargo, licensed."""
    return (
        Placement.objects.filter(
            edition=edition, hidden=False, article__hidden=False, article__duplicate_of__isnull=True
        )
        .filter(Q(visible_from__isnull=True) | Q(visible_from__lte=now))
        .filter(licensed_for(edition, now))
    )


def visible_ids(edition: Edition, now: datetime) -> QuerySet:
    """The ids of the articles an edition may show now, as a subquery."""
    return visible_placements(edition, now).values("article_id")


def edition_articles(edition: Edition, now: datetime) -> QuerySet[Article]:
    """The articles an edition may show now, newest first."""
    return (
        Article.objects.filter(pk__in=visible_ids(edition, now))
        .select_related("source__licence")
        .order_by("-published_at", "-pk")
    )


def pinned_ids(edition: Edition) -> set[int]:
    return set(edition.placements.filter(pinned=True).values_list("article_id", flat=True))
