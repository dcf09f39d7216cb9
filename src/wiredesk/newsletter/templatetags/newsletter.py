"""Template tags for the sign-up box, which site pages include without our context."""

from django import template

from wiredesk.editions.models import Edition
from wiredesk.newsletter.digest import offered_languages

register = template.Library()


@register.simple_tag
def newsletter_languages(edition: Edition) -> list[tuple[str, str]]:
    """The languages this edition's sign-up offers."""
    return offered_languages(edition)
