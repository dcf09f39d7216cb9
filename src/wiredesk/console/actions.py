"""What an editor can change, each change in one transaction with its audit entry and log line.

Views parse the form and call one function here; the function checks, changes, re-routes
where the change affects routing, and records before/after. Keeping this out of the views
means the rules (a move needs a licence, a pin is exclusive, corrected countries survive
re-tagging) are written once and tested without HTTP.

Rules:
- Corrected countries replace the article's countries. Each scores 1.0 (a score is the
  likelihood that an editor files the story under the country: geo.scoring, and here one
  did), the first is the main one, every row is marked `by_editor` so re-tagging keeps it,
  and the article is routed again (unless it is a duplicate, which is never routed, as at
  ingest): it reaches every edition of its countries and may lead their front pages.
- A move hides the placement in the old edition (a hidden row, so re-routing cannot bring it
  back) and shows the article in the new one as an editor's placement, which routing never
  removes. It is refused when the source's licence does not allow the new edition: the site
  would not show it anyway (see editions.queries), and the editor should know now.
- A pin is exclusive: pinning a story unpins the edition's other pins, so it leads the front
  page. A pinned placement is also shown.
"""

import logging
from typing import Any

import pycountry
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.console.models import AuditEntry
from wiredesk.editions.models import Edition, Placement
from wiredesk.editions.placing import route_article
from wiredesk.errors import LicenceError, WiredeskError

log = logging.getLogger("wiredesk.console")

MAX_COUNTRIES = 10
EXTRA_CODES = {"XK"}  # Kosovo: user-assigned, not in ISO 3166-1, used by the gazetteer.

User = AbstractBaseUser | AnonymousUser


class EditorialError(WiredeskError):
    """An editor's request that cannot be carried out as asked; the message says why."""


def parse_countries(text: str) -> list[str]:
    """ "ch, fr de" -> ["CH", "FR", "DE"]: ISO alpha-2 codes, in order, each once."""
    codes: list[str] = []
    for word in text.replace(",", " ").replace(";", " ").split():
        code = word.strip().upper()
        if code not in EXTRA_CODES and pycountry.countries.get(alpha_2=code) is None:
            raise EditorialError(f"{word!r} is not an ISO 3166-1 alpha-2 country code")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise EditorialError("name at least one country")
    if len(codes) > MAX_COUNTRIES:
        raise EditorialError(f"at most {MAX_COUNTRIES} countries")
    return codes


def countries_state(article: Article) -> dict[str, Any]:
    rows = article.countries.order_by("-is_main", "-score", "country")
    return {
        "countries": [
            {"country": r.country, "score": r.score, "main": r.is_main, "by_editor": r.by_editor}
            for r in rows
        ],
        "editions": sorted(
            article.placements.filter(hidden=False).values_list("edition__slug", flat=True)
        ),
    }


def placement_state(placement: Placement) -> dict[str, Any]:
    return {
        "edition": placement.edition.slug,
        "pinned": placement.pinned,
        "hidden": placement.hidden,
        "reason": placement.reason,
    }


def record(
    user: User,
    action: str,
    article: Article | None,
    edition: Edition | None,
    before: dict[str, Any],
    after: dict[str, Any],
) -> AuditEntry:
    """Write the audit entry and the matching structured log line."""
    username = user.get_username() if user.is_authenticated else "anonymous"
    entry = AuditEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=username,
        action=action,
        article=article,
        article_ref=article.pk if article else None,
        edition=edition,
        before=before,
        after=after,
    )
    log.info(
        "console %s",
        action,
        extra={
            "action": action,
            "article_id": article.pk if article else None,
            "edition": edition.slug if edition else None,
            "user": username,
            "before": before,
            "after": after,
            "audit_id": entry.pk,
        },
    )
    return entry


@transaction.atomic
def correct_countries(user: User, article: Article, codes: list[str]) -> AuditEntry:
    before = countries_state(article)
    article.countries.exclude(country__in=codes).delete()
    for position, code in enumerate(codes):
        ArticleCountry.objects.update_or_create(
            article=article,
            country=code,
            defaults={"score": 1.0, "is_main": position == 0, "by_editor": True},
        )
    article.main_country = codes[0]
    article.save(update_fields=["main_country"])
    if article.duplicate_of_id is None:
        route_article(article)
    after = countries_state(article)
    return record(user, AuditEntry.Action.COUNTRIES, article, None, before, after)


@transaction.atomic
def move(user: User, placement: Placement, target: Edition) -> AuditEntry:
    article = placement.article
    if target.pk == placement.edition_id:
        raise EditorialError(f"the story is already in {target}")
    if not article.source.licence.allows(target.pk):
        raise LicenceError(f"the licence of {article.source} does not allow {target}")
    before = {"from": placement_state(placement), "editions": countries_state(article)["editions"]}
    placement.hidden = True
    placement.pinned = False
    placement.save(update_fields=["hidden", "pinned"])
    moved, created = Placement.objects.get_or_create(
        edition=target,
        article=article,
        defaults={
            "reason": Placement.Reason.EDITOR,
            "score": placement.score,
            "visible_from": placement.visible_from,
        },
    )
    if not created:
        moved.hidden = False
        moved.reason = Placement.Reason.EDITOR
        moved.save(update_fields=["hidden", "reason"])
    after = {
        "from": placement_state(placement),
        "to": placement_state(moved),
        "editions": countries_state(article)["editions"],
    }
    return record(user, AuditEntry.Action.MOVE, article, target, before, after)


@transaction.atomic
def set_pinned(user: User, placement: Placement, pinned: bool) -> AuditEntry:
    before = placement_state(placement)
    others = []
    if pinned:
        # Lock the edition's row so two editors pinning at once take turns (PostgreSQL;
        # SQLite's IMMEDIATE transactions already serialise writers).
        Edition.objects.select_for_update().filter(pk=placement.edition_id).first()
        rivals = Placement.objects.filter(edition=placement.edition_id, pinned=True).exclude(
            pk=placement.pk
        )
        others = list(rivals.values_list("article_id", flat=True))
        for rival in rivals:
            rival.pinned = False
            rival.save(update_fields=["pinned"])
        placement.hidden = False
    placement.pinned = pinned
    placement.save(update_fields=["pinned", "hidden"])
    after = placement_state(placement) | ({"unpinned_articles": others} if others else {})
    action = AuditEntry.Action.PIN if pinned else AuditEntry.Action.UNPIN
    return record(user, action, placement.article, placement.edition, before, after)


@transaction.atomic
def set_placement_hidden(user: User, placement: Placement, hidden: bool) -> AuditEntry:
    before = placement_state(placement)
    placement.hidden = hidden
    if hidden:
        placement.pinned = False
    placement.save(update_fields=["hidden", "pinned"])
    action = AuditEntry.Action.HIDE if hidden else AuditEntry.Action.SHOW
    return record(
        user, action, placement.article, placement.edition, before, placement_state(placement)
    )


@transaction.atomic
def set_article_hidden(user: User, article: Article, hidden: bool) -> AuditEntry:
    before = {"hidden": article.hidden}
    article.hidden = hidden
    article.save(update_fields=["hidden"])
    action = AuditEntry.Action.HIDE_ARTICLE if hidden else AuditEntry.Action.SHOW_ARTICLE
    return record(user, action, article, None, before, {"hidden": hidden})


@transaction.atomic
def decide_duplicate(user: User, article: Article, is_duplicate: bool) -> AuditEntry:
    """Confirm a duplicate (it stays off every edition) or release it and route it."""
    if article.duplicate_of_id is None:
        raise EditorialError("the story is not marked as a duplicate")
    before = {"duplicate_of": article.duplicate_of_id, "editions": []}
    if is_duplicate:
        return record(user, AuditEntry.Action.KEEP_DUPLICATE, article, None, before, before)
    article.duplicate_of = None
    article.save(update_fields=["duplicate_of"])
    route_article(article)
    after = {"duplicate_of": None, "editions": countries_state(article)["editions"]}
    return record(user, AuditEntry.Action.NOT_DUPLICATE, article, None, before, after)
