"""The doors: every console and admin page needs a staff login, every form a CSRF token.

Walks the project's URL patterns, so a page added later is checked without editing this.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
# Views that take POSTs without a CSRF token, on purpose, with the reason.
CSRF_EXEMPT = {
    # A mail provider's one-click unsubscribe (RFC 8058): a POST with no cookies; the
    # secret token in the URL is the authority.
    "wiredesk.newsletter.views.unsubscribe",
    # Signing up acts with no visitor's authority (anyone may post any address; the double
    # opt-in and rate limits stop abuse), so a token guards nothing; a post from another
    # site's page is refused by its Fetch Metadata or Origin instead. Without a token the
    # public pages set no cookie.
    "wiredesk.newsletter.views.signup",
}
PUBLIC_PREFIXES = ("admin/login/", "admin/logout/", "admin/password_reset", "admin/r/")


def patterns(resolver=None, prefix: str = ""):
    """(route, callback) for every URL pattern, routes as written with their converters."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def example_path(route: str) -> str:
    """A concrete path for a route: 1 for every parameter, regexes made plain."""
    path = re.sub(r"<(?:int:)?\w+>", "1", route)
    path = re.sub(r"<\w+:\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("^").replace("$", "").replace("\\", "")


def qualified(callback) -> str:
    view = getattr(callback, "view_class", None) or callback
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return f"{view.__module__}.{view.__qualname__}"


def test_only_the_listed_views_skip_csrf():
    exempt = {
        qualified(callback) for _, callback in patterns() if getattr(callback, "csrf_exempt", False)
    }
    assert exempt == CSRF_EXEMPT


def console_and_admin_routes() -> list[str]:
    routes = [
        route
        for route, _ in patterns()
        if route.startswith(("console/", "admin/")) and not route.startswith(PUBLIC_PREFIXES)
    ]
    assert len(routes) > 30, routes  # the walk found the admin and the console
    return routes


def test_console_and_admin_pages_need_a_staff_login():
    User.objects.create_user("reader", password="x")  # logged in but not staff
    anonymous, reader = Client(), Client()
    reader.login(username="reader", password="x")
    for route in console_and_admin_routes():
        path = example_path(route)
        for who, client in (("anonymous", anonymous), ("non-staff", reader)):
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                assert response.status_code in (302, 404, 405), (who, method, path)
                if response.status_code == 302:
                    assert response["Location"].startswith("/admin/login/"), (who, path)


def test_console_forms_refuse_a_post_without_csrf_token():
    editor = User.objects.create_user("ed", password="x", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    posts = [
        example_path(route)
        for route, _ in patterns()
        if route.startswith("console/") and "<" in route  # the actions take an id
    ]
    assert posts
    for path in posts:
        assert client.post(path, {}).status_code == 403, path


def test_sign_up_refuses_a_post_from_another_sites_page():
    client = Client(enforce_csrf_checks=True)
    url = "/newsletter/anything/"
    for headers in (
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "https://evil.example"},  # a browser without Fetch Metadata
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame
    ):
        response = client.post(url, {"email": "a@example.org"}, **headers)
        assert response.status_code == 403, headers


def test_public_pages_set_no_cookie(client):
    """No per-reader token on public pages: any cache in front of the site may keep them."""
    from wiredesk.editions.models import Edition

    Edition.objects.create(slug="switzerland", name="Switzerland News", countries=["CH"])
    for path in ("/switzerland/", "/newsletter/switzerland/", "/switzerland/search/?q=x"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.cookies, path
