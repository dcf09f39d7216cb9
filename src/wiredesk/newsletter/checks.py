"""Deployment checks (`wiredesk check --deploy`): what mail providers require of us.

RFC 8058 one-click unsubscribe is honoured only for an HTTPS List-Unsubscribe
URL in a DKIM-signed message; without both, large providers ignore it or
treat the mail as less trustworthy.
"""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def newsletter_deploy(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if not settings.WIREDESK.base_url.startswith("https://"):
        found.append(
            Warning(
                "WIREDESK_BASE_URL is not https: List-Unsubscribe one-click (RFC 8058) needs "
                "an HTTPS URL.",
                id="newsletter.W001",
            )
        )
    if not settings.WIREDESK.dkim_key_file:
        found.append(
            Warning(
                "WIREDESK_DKIM_KEY_FILE is not set: newsletters go out without a DKIM signature.",
                id="newsletter.W002",
            )
        )
    return found
