"""What editors should look at: date gaps, duplicates to decide, blocked placements, poor text.

Each check is a queryset, so the page shows the newest `LIMIT` and the true total, and
/metrics can count the same sets.

- Date gap: the extractor's `date-gap` flag (the text speaks of dates far from the stated
  one, see extract.dates); or the feed's date and the page's original date more than
  `GAP_DAYS` apart.
- Old when taken: first published more than `STALE_DAYS` before we republished it. Kept
  apart from date gaps because for an archive partner it is true of everything (the demo's
  Global Voices stories are years old) and would drown the real gaps; for a live wire it
  means an old story is being passed off as news.
- Duplicate awaiting a decision: `duplicate_of` set by ingest and no editor has confirmed it.
- Licence or embargo block: a placement not yet visible (`visible_from` in the future) or
  one the licence does not (or no longer) allow, which the site hides at read time.
- Poor extraction: a body under `SHORT_BODY` characters that is not a brief (flag
  `brief`: the extraction found the short story to be all there is, see extract.page), or
  a paragraph that opens with a boilerplate marker ("SEE ALSO: ...", "Sign up for ...").
  Only a paragraph's opening counts: inside a sentence the same words are prose ("Other
  related articles:", "(click here to download an entry form)" in the demo's Global Voices
  posts). The match is case-insensitive on SQLite (LIKE), so a paragraph opening "See also
  the report by..." is a possible false positive; a marker run into a paragraph is missed.
"""

from datetime import date, datetime, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast, Length

from wiredesk.articles.models import Article
from wiredesk.console.models import AuditEntry
from wiredesk.editions.models import Placement
from wiredesk.extract.article import BRIEF_FLAG, SHORT_BODY
from wiredesk.extract.dates import text_dates
from wiredesk.sources.models import Licence

GAP_DAYS = 45
NEAR_DAYS = 14  # text dates this close to the nearest one are shown with it, as a span
STALE_DAYS = 30
LIMIT = 50
PARAGRAPH = "\n\n"  # between the paragraphs of a stored body (see extract.body)
BOILERPLATE = (
    "SEE ALSO",
    "Sign up for",
    "Subscribe to our",
    "Click here to",
    "Share this article",
    "Related Articles",
    "All rights reserved",
)


# The flags list as text, where a flag is its quoted name: JSON containment is not
# something SQLite's JSON field can ask, a substring is, on both databases.
FLAGS_TEXT = Cast("flags", TextField())


def has_flag(flag: str) -> Q:
    """Of a queryset annotated with `flags_text=FLAGS_TEXT`: the articles flagged `flag`."""
    return Q(flags_text__contains=f'"{flag}"')


def date_gaps() -> QuerySet[Article]:
    gap = timedelta(days=GAP_DAYS)
    return (
        Article.objects.annotate(flags_text=FLAGS_TEXT)
        .filter(
            has_flag("date-gap")
            | Q(feed_published_at__gt=F("published_at") + gap)
            | Q(feed_published_at__lt=F("published_at") - gap)
        )
        .select_related("source")
    )


def old_when_taken() -> QuerySet[Article]:
    stale = timedelta(days=STALE_DAYS)
    return Article.objects.filter(published_at__lt=F("republished_at") - stale).select_related(
        "source"
    )


def duplicates_pending() -> QuerySet[Article]:
    decided = AuditEntry.objects.filter(
        article_ref=OuterRef("pk"), action=AuditEntry.Action.KEEP_DUPLICATE
    )
    return (
        Article.objects.filter(duplicate_of__isnull=False)
        .exclude(Exists(decided))
        .select_related("source", "duplicate_of")
    )


def licence_lists_edition() -> Exists:
    """The placement's edition is among those its source's licence names."""
    listed = Licence.editions.through.objects.filter(
        licence_id=OuterRef("article__source__licence_id"), edition_id=OuterRef("edition_id")
    )
    return Exists(listed)


def blocked_placements(now: datetime) -> QuerySet[Placement]:
    licence = "article__source__licence__"
    allowed = (Q(**{f"{licence}all_editions": True}) | licence_lists_edition()) & (
        Q(**{f"{licence}valid_until__isnull": True}) | Q(**{f"{licence}valid_until__gt": now})
    )
    return (
        Placement.objects.filter(hidden=False, article__hidden=False)
        .filter(Q(visible_from__gt=now) | ~allowed)
        .select_related("article__source__licence", "edition")
        .order_by("-placed_at", "-pk")
    )


def poor_extraction() -> QuerySet[Article]:
    marked = Q()
    for marker in BOILERPLATE:
        marked |= Q(body_text__startswith=marker) | Q(body_text__contains=PARAGRAPH + marker)
    short = Q(body_length__lt=SHORT_BODY) & ~has_flag(BRIEF_FLAG)
    return (
        Article.objects.annotate(body_length=Length("body_text"), flags_text=FLAGS_TEXT)
        .filter(short | marked)
        .select_related("source")
    )


def gap_reasons(article: Article) -> list[str]:
    """Why an article is on the date-gap list, in words an editor can check."""
    reasons = []
    if "date-gap" in (article.flags or []):
        reasons.append(_text_dates_reason(article))
    published, stated = article.published_at, article.feed_published_at
    if published and stated and abs(stated - published) > timedelta(days=GAP_DAYS):
        reasons.append(f"feed and page dates {abs(stated - published).days} days apart")
    if published and article.republished_at - published > timedelta(days=STALE_DAYS):
        reasons.append(f"first published {(article.republished_at - published).days} days earlier")
    return reasons


def _text_dates_reason(article: Article) -> str:
    """The text's dates nearest the stated one, so the editor can check them in the story:
    "its text speaks of 10-12 January 2022, 176 days before the stated 7 July 2022"."""
    stated = article.published_at
    mentions = sorted(set(text_dates(article.body_text, stated.date()))) if stated else []
    if not mentions:  # re-extracted since, or no stated date left
        return "its text speaks of dates far from the stated one"
    day = stated.date()
    nearest = min(mentions, key=lambda m: abs((m - day).days))
    near = [m for m in mentions if abs((m - nearest).days) <= NEAR_DAYS]
    span = _day_span(near[0], near[-1])
    days = abs((nearest - day).days)
    side = "before" if nearest < day else "after"
    return f"its text speaks of {span}, {days} days {side} the stated {_day(day)}"


def _day_span(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{_day(last)}"
    return f"{_day(first)} to {_day(last)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def boilerplate_in(text: str) -> list[str]:
    """The markers that open a paragraph of the body, to show the editor why it was
    flagged."""
    lowered = PARAGRAPH + text.lower()
    return [m for m in BOILERPLATE if PARAGRAPH + m.lower() in lowered]
