"""The newsletter's pages: one small handler each (load, 404, act, render).

Sign-up answers the same page whatever the address's state (no enumeration).
Confirmation and one-click unsubscribe act on POST only: mail scanners fetch
every link in a message with GET, and must neither confirm nor unsubscribe.
The unsubscribe POST is CSRF-exempt and works without cookies, as RFC 8058
requires; it answers 200 with a page, never a redirect.

The sign-up POST takes no CSRF token either. A token guards what a visitor's browser may do
with the visitor's authority (a session, a login); signing up carries none: anyone may
post any address, and the double opt-in, the honeypot and the rate limits are what stop
abuse. What a token would still stop, another site's page making its visitors' browsers
post sign-ups, is refused by the browser's own Fetch Metadata or Origin header
(`_from_another_site`). Without a token, the sign-up box on every page is the same for
every reader, so pages set no cookie: they cost less to serve and any cache in front of
the site may keep them.
"""

from urllib.parse import urlsplit

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wiredesk.editions.models import Edition
from wiredesk.newsletter import digest, ratelimit, schedule, subscribers, tokens
from wiredesk.newsletter.forms import PreferencesForm, SignupForm
from wiredesk.newsletter.models import Subscriber, Subscription


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition, slug=slug, active=True)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _render(
    request: HttpRequest, language: str, template: str, context: dict, status: int = 200
) -> HttpResponse:
    """Render a page in the reader's language (pages have no LocaleMiddleware to pick one)."""
    with translation.override(digest.reader_language(language)):
        return render(request, template, context | {"language": language}, status=status)


def _offered(edition: Edition, language: str | None) -> str:
    """The asked language if this edition offers it, else the edition's first."""
    codes = [code for code, _name in digest.offered_languages(edition)]
    return language if language and language in codes else codes[0]


def _from_another_site(request: HttpRequest) -> bool:
    """A POST a browser sent from another site's page: Fetch Metadata says so, or, where a
    browser sends none, the Origin names another host. Requests without either (a script,
    an old browser) carry no visitor's browser to misuse, and pass."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site == "cross-site"  # same-origin, same-site (sister editions), none
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.get_host()


@csrf_exempt  # see the module's docstring: the Origin check stands in for a token
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, edition: str) -> HttpResponse:
    if request.method == "POST" and _from_another_site(request):
        return HttpResponseForbidden("Sign up from the edition's own pages.")
    current = _edition(edition)
    form = SignupForm(request.POST or None, initial={"language": current.language})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(f"ip:{_client_ip(request)}", ratelimit.PER_IP):
            return _render(
                request,
                current.language,
                "newsletter/slow_down.html",
                {"edition": current},
                status=429,
            )
        email = form.cleaned_data["email"]
        if not form.is_bot() and ratelimit.allow(tokens.address_key(email), ratelimit.PER_ADDRESS):
            subscribers.subscribe(
                subscribers.SignupRequest(
                    email=email,
                    edition=current,
                    language=_offered(current, form.cleaned_data.get("language")),
                    ip=_client_ip(request),
                    form=f"signup {request.path} from {request.POST.get('from', 'page')}",
                )
            )
        return redirect("newsletter:check_inbox", current.slug)
    language = request.GET.get("lang") or current.language
    return _render(request, language, "newsletter/signup.html", {"edition": current, "form": form})


def check_inbox(request: HttpRequest, edition: str) -> HttpResponse:
    current = _edition(edition)
    return _render(request, current.language, "newsletter/check_inbox.html", {"edition": current})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription_id = tokens.read_confirm_token(token)
    subscription = (
        Subscription.objects.select_related("subscriber", "edition")
        .filter(pk=subscription_id)
        .first()
        if subscription_id
        else None
    )
    if subscription is None:
        return _render(request, "en", "newsletter/link_expired.html", {}, status=404)
    language = subscription.subscriber.language
    context = {"edition": subscription.edition, "subscriber": subscription.subscriber}
    if request.method == "POST":
        subscribers.confirm(subscription)
        return _render(request, language, "newsletter/confirmed.html", context)
    return _render(request, language, "newsletter/confirm.html", context)


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, token=token)
    active = subscriber.subscriptions.filter(status=Subscription.Status.ACTIVE)
    initial = {
        "language": subscriber.language,
        "time_zone": subscriber.time_zone,
        "delivery_hour": subscriber.delivery_hour,
        "editions": [s.edition_id for s in active],
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subscriber.language = data["language"]
        subscriber.time_zone = data["time_zone"]
        subscriber.delivery_hour = data["delivery_hour"]
        subscriber.save(update_fields=["language", "time_zone", "delivery_hour"])
        subscribers.set_editions(subscriber, {e.pk for e in data["editions"]}, _client_ip(request))
        saved = True
    context = {"subscriber": subscriber, "form": form, "saved": saved}
    return _render(request, subscriber.language, "newsletter/preferences.html", context)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str, edition: str) -> HttpResponse:
    """RFC 8058: POST unsubscribes at once, cookies or not; GET only shows the button."""
    subscriber = get_object_or_404(Subscriber, token=token)
    current = get_object_or_404(Edition, slug=edition)
    context = {"subscriber": subscriber, "edition": current}
    if request.method == "POST":
        subscribers.unsubscribe(subscriber, current.slug)
        return _render(request, subscriber.language, "newsletter/unsubscribed.html", context)
    return _render(request, subscriber.language, "newsletter/unsubscribe.html", context)


@staff_member_required
@xframe_options_sameorigin
def preview(request: HttpRequest, edition: str) -> HttpResponse:
    """Today's digest as it would be frozen now, for editors."""
    current = get_object_or_404(Edition, slug=edition)
    now = timezone.now()
    stories = digest.select_stories(current, now, schedule.issue_window_start(now, None))
    language = digest.reader_language(request.GET.get("lang"), current.language)
    day = schedule.local_date(now, current.time_zone)
    rendered = digest.render_digest(current, stories, day, language).for_preview(current.slug)
    if request.GET.get("format") == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    if request.GET.get("format") == "html":
        return HttpResponse(rendered.html)
    context = {"edition": current, "rendered": rendered, "stories": stories, "language": language}
    return render(request, "newsletter/preview.html", context)
