"""The absolute links a reader gets by mail: their preferences page and one-click unsubscribe.

Mail has no request to build URLs against, so they are made from `WIREDESK_BASE_URL`.
The digest renders placeholders where these go and fills them per reader (`digest`);
the message's headers carry them too (`compose`), and so does the confirmation mail
(`subscribers`). Kept apart from both so neither imports the other for them.
"""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.WIREDESK.base_url.rstrip("/") + path


def manage_url(subscriber_token: str) -> str:
    return absolute(reverse("newsletter:preferences", args=[subscriber_token]))


def unsubscribe_url(subscriber_token: str, edition_slug: str) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[subscriber_token, edition_slug]))
