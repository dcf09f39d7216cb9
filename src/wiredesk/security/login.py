"""Admin login rate limit: `MAX_FAILURES` failed logins for one (IP, username) in `WINDOW`
and every further attempt for that pair is refused with 429 until the window has passed,
even with the right password (an attacker must not learn that a guess was right).

Failures are rows in `newsletter.RateLimitHit`, so every worker process shares the counts;
the key is a MAC of the IP and the lower-cased username, so neither is stored in clear.
A successful login clears its pair's failures. Counting is check-then-insert, so a burst of
parallel requests can get a few attempts past the limit; the next request is refused.

Per (IP, username) only, as asked: one IP trying many usernames, or many IPs trying one
username, is not limited here.
"""

import hashlib
import hmac
import logging
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wiredesk.newsletter.models import RateLimitHit

log = logging.getLogger("wiredesk.security")
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def failure_key(ip: str, username: str) -> str:
    secret = (settings.SECRET_KEY + ":wiredesk.security.login").encode()
    value = f"{ip}|{username.strip().lower()}".encode()
    return "login:" + hmac.new(secret, value, hashlib.sha256).hexdigest()[:40]


def locked_until(key: str, now: datetime) -> datetime | None:
    """When the pair may try again, or None if it may try now."""
    hits = list(
        RateLimitHit.objects.filter(key=key, at__gt=now - WINDOW)
        .order_by("-at")
        .values_list("at", flat=True)[:MAX_FAILURES]
    )
    if len(hits) < MAX_FAILURES:
        return None
    return hits[-1] + WINDOW  # the oldest failure that still counts leaves the window


def record_failure(key: str, now: datetime) -> None:
    RateLimitHit.objects.create(key=key, at=now)
    RateLimitHit.objects.filter(key=key, at__lte=now - WINDOW).delete()


def clear(key: str) -> None:
    RateLimitHit.objects.filter(key=key).delete()


def refused(until: datetime, now: datetime) -> HttpResponse:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    response = HttpResponse(
        f"Too many failed logins for this username from your address. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return response


class LoginRateLimitMiddleware:
    """Wraps POSTs to the admin login page. Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path != _login_path():
            return self.get_response(request)
        ip = request.META.get("REMOTE_ADDR") or "unknown"
        key = failure_key(ip, request.POST.get("username", ""))
        now = timezone.now()
        until = locked_until(key, now)
        if until is not None:
            log.warning("admin login refused: too many failures", extra={"client_ip": ip})
            return refused(until, now)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            clear(key)
        elif response.status_code == 200:  # the form shown again: a failed login
            record_failure(key, now)
            log.info("admin login failed", extra={"client_ip": ip})
        return response


def _login_path() -> str | None:
    try:
        return reverse("admin:login")
    except NoReverseMatch:
        return None
