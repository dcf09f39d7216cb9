"""Template tags for the sign-up box, which site pages include without our context."""

from django import template

from wiredesk.newsletter.digest import LANGUAGES

register = template.Library()


@register.simple_tag
def newsletter_languages() -> list[tuple[str, str]]:
    return LANGUAGES
