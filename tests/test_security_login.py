"""Admin login rate limit: 5 failures per (IP, username) in 15 minutes, then 429."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from wiredesk.newsletter.models import RateLimitHit
from wiredesk.security.login import MAX_FAILURES

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
LIMITER = "wiredesk.security.login.LoginRateLimitMiddleware"


@pytest.fixture(autouse=True)
def limiter(settings):
    assert LIMITER in settings.MIDDLEWARE  # installed by wiredesk.settings
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password="right-horse-battery", is_staff=True)


def attempt(password: str, username: str = "editor", ip: str = "203.0.113.7"):
    client = Client(REMOTE_ADDR=ip)
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def fail(times: int, **kwargs) -> None:
    for _ in range(times):
        response = attempt("wrong", **kwargs)
        assert response.status_code == 200, "a failed login shows the form again"
        assert b"correct username and password" in response.content


def test_right_password_logs_in(editor):
    response = attempt("right-horse-battery")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_sixth_attempt_is_refused_even_with_the_right_password(editor):
    fail(MAX_FAILURES)
    response = attempt("right-horse-battery")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert b"15 minutes" in response.content
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in response.wsgi_request.session


def test_four_failures_still_let_the_right_password_in_and_clear_the_count(editor):
    fail(MAX_FAILURES - 1)
    assert attempt("right-horse-battery").status_code == 302
    fail(MAX_FAILURES - 1)  # the count started again: these are not refused
    assert attempt("right-horse-battery").status_code == 302


def test_the_limit_is_per_ip_and_username(editor):
    User.objects.create_user("other", password="other-pass-word", is_staff=True)
    fail(MAX_FAILURES)
    assert attempt("right-horse-battery").status_code == 429
    assert attempt("right-horse-battery", ip="198.51.100.9").status_code == 302
    assert attempt("other-pass-word", username="other").status_code == 302
    # Case does not make a new username for the limit.
    assert attempt("wrong", username="EDITOR").status_code == 429


def test_unknown_usernames_and_non_staff_count_as_failures(editor):
    User.objects.create_user("reader", password="reader-pass-word")  # not staff
    fail(MAX_FAILURES, username="nobody")
    assert attempt("anything", username="nobody").status_code == 429
    for _ in range(MAX_FAILURES):
        assert attempt("reader-pass-word", username="reader").status_code == 200
    assert attempt("reader-pass-word", username="reader").status_code == 429


def test_refusal_ends_when_the_window_passes(editor):
    fail(MAX_FAILURES)
    assert attempt("right-horse-battery").status_code == 429
    # The refused attempt is not counted, so moving the failures back 15 minutes frees it.
    assert RateLimitHit.objects.filter(key__startswith="login:").count() == MAX_FAILURES
    for hit in RateLimitHit.objects.filter(key__startswith="login:"):
        hit.at -= timedelta(minutes=15, seconds=1)
        hit.save()
    assert attempt("right-horse-battery").status_code == 302


def test_nothing_in_clear_in_the_counts(editor):
    fail(2)
    keys = list(RateLimitHit.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("editor" in k or "203.0.113.7" in k for k in keys)


def test_get_and_other_pages_pass_through(editor):
    fail(MAX_FAILURES)
    assert Client(REMOTE_ADDR="203.0.113.7").get(LOGIN).status_code == 200
