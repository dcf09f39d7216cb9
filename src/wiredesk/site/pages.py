"""The page frame every handler shares: cached fragments, edition lookup, paging.

A handler builds a Fragment (title, head tags, main content) once per content version and
reuses it; `respond` wraps it in base.html per request, with the parts that vary per reader.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from wiredesk.editions.models import Edition
from wiredesk.site.cache import TIMEOUT, cached, content_version

NO_HEAD = SafeString("")


@dataclass(frozen=True)
class Fragment:
    title: str
    content: SafeString
    head: SafeString = NO_HEAD
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def version(request: HttpRequest) -> str:
    """The content version, read once per request."""
    if not hasattr(request, "_site_version"):
        request._site_version = content_version()  # type: ignore[attr-defined]
    return request._site_version  # type: ignore[attr-defined]


def set_version(request: HttpRequest, token: str) -> None:
    """The content version when it was read with something else (site.cache.article_versions)."""
    request._site_version = token  # type: ignore[attr-defined]


def edition_or_404(request: HttpRequest, slug: str) -> Edition:
    def load() -> Edition | bool:
        return Edition.objects.filter(slug=slug, active=True).first() or False

    found = cached(version(request), f"edition:{slug}", load)
    if not found:
        raise Http404("No such edition")
    return found  # type: ignore[return-value]


def fragment(
    request: HttpRequest,
    key: str,
    build: Callable[[], Fragment],
    *parts: object,
    under: str | None = None,
    timeout: int = TIMEOUT,
) -> Fragment:
    """The cached fragment for this page; key parts from the reader's input are hashed.

    It is kept under the content version, or under `under` for a page that changes with
    less than every save (an article page: site.cache.article_version)."""
    if parts:
        key += ":" + hashlib.sha256(repr(parts).encode()).hexdigest()[:24]
    held = version(request) if under is None else under
    return cached(held, f"{request.get_host()}:{key}", build, timeout)


def render_fragment(
    template: str, context: dict[str, Any], title: str, head: str = "", **extra: Any
) -> Fragment:
    return Fragment(
        title=title,
        content=mark_safe(render_to_string(template, context)),
        head=mark_safe(head),
        description=extra.pop("description", ""),
        extra=extra,
    )


SLOT = re.compile("\x00slot:(\\w+)\x00")


def _slot(name: str) -> str:
    return f"\x00slot:{name}\x00"


@dataclass(frozen=True)
class _Holes:
    """A page whose every part is a slot: renders the frame around any page."""

    title: str = _slot("title")
    head: str = _slot("head")
    content: str = _slot("content")
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _frame(edition: Edition | None) -> list[str]:
    """base.html rendered once with slots, split into text and slot names (odd positions).

    Rendering the whole base template per request (masthead, nav, footer, their URL
    reversals) cost more than the rest of a cached page; only the slots vary per request.
    """
    editions = [] if edition else list(Edition.objects.filter(active=True))
    html = render_to_string(
        "site/page.html",
        {
            "edition": edition,
            "page": _Holes(extra={"editions": editions}),
            "q": _slot("q"),
            "flag_slot": mark_safe(_slot("flag")),
        },
    )
    return SLOT.split(html)


def respond(
    request: HttpRequest, edition: Edition | None, page: Fragment, status: int = 200
) -> HttpResponse:
    """The fragment in the page frame, with what varies per reader filled in."""
    key = f"{request.get_host()}:frame:{edition.slug if edition else ''}"
    parts = cached(version(request), key, lambda: _frame(edition))
    user = getattr(request, "user", None)
    fills = {
        "title": escape(page.title),
        "head": (
            format_html('<meta name="description" content="{}">\n', page.description)
            if page.description
            else ""
        )
        + page.head,
        "content": page.content,
        "q": escape(request.GET.get("q", "")[:200]),
        "flag": FLAG if user and user.is_staff and page.extra.get("date_gap") else "",
    }
    body = "".join(fills[part] if i % 2 else part for i, part in enumerate(parts))
    return HttpResponse(body, status=status)


FLAG = '<p class="flag" role="note">Editors: republished long after its original date.</p>\n'


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 100_000:
        raise Http404("No such page")
    return int(raw)


def paginate(items: Any, number: int, per_page: int) -> Page:
    try:
        return Paginator(items, per_page, allow_empty_first_page=True).page(number)
    except InvalidPage as exc:
        raise Http404("No such page") from exc


def pager(number: int, pages: int, **params: str) -> dict[str, Any]:
    """Links to the neighbouring pages, keeping the other query parameters (such as q).
    Page 1 has one address, the list's own (".", every list's path ends with "/"): a
    "?page=1" beside it would be a second copy of the same page for readers and crawlers."""

    def href(n: int) -> str:
        query = {**params, "page": n} if n > 1 else params
        return "?" + urlencode(query) if query else "."

    return {
        "number": number,
        "pages": pages,
        "newer": href(number - 1) if number > 1 else "",
        "older": href(number + 1) if number < pages else "",
    }
