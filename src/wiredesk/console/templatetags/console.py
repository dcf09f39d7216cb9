"""Small template helpers for the console's pages."""

from django import template

from wiredesk.articles.models import Article
from wiredesk.geo.names import country_name as _country_name

register = template.Library()


@register.filter
def country_codes(article: Article) -> str:
    """ "CH FR": the article's countries, main first, as the correction form expects them.

    Reads `article.countries.all()` so a prefetched queue costs no query per row.
    """
    rows = sorted(article.countries.all(), key=lambda c: (not c.is_main, -c.score, c.country))
    return " ".join(c.country for c in rows)


@register.filter
def country_name(code: str) -> str:
    """ "Russia" for "RU": the name readers see (geo.names)."""
    return _country_name(code)


@register.filter
def state_summary(state: object) -> str:
    """An audit entry's before/after in words: "RU 1.00 (main), US 0.13; editions: russia".

    Countries and editions are what editors compare at a glance; any other key is shown as
    key=value, so a new kind of entry is never hidden.
    """
    if not isinstance(state, dict):
        return str(state)
    parts = []
    for key, value in state.items():
        if key == "countries" and isinstance(value, list):
            shown = ", ".join(
                f"{c.get('country')} {c.get('score', 0):.2f}"
                + (" (main)" if c.get("main") else "")
                + (" ✎" if c.get("by_editor") else "")
                for c in value
                if isinstance(c, dict)
            )
            parts.append(f"countries: {shown or 'none'}")
        elif isinstance(value, list):
            parts.append(f"{key}: {', '.join(map(str, value)) or 'none'}")
        elif isinstance(value, dict):
            parts.append(f"{key}: ({state_summary(value)})")
        else:
            parts.append(f"{key}={value}")
    return "; ".join(parts)
