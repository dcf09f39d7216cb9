"""Edition slugs may not be the site's own top-level paths, which would hide the edition."""

from collections.abc import Iterable, Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.converters import get_converters

from wiredesk.editions.models import Edition
from wiredesk.editions.validators import RESERVED_SLUGS
from wiredesk.site.hosting import hosted_urlconf

EDITION_FORM = {
    "name": "Switzerland News",
    "host": "",
    "countries": '["CH"]',
    "threshold": "0.2",
    "language": "en",
    "time_zone": "UTC",
    "tagline": "",
    "active": "on",
}


def _routes(patterns: Iterable, prefix: str = "") -> Iterator[str]:
    """Every full route (the prefixes of its includes joined) of a URLconf's patterns."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def _without_empty_converter(route: str) -> str:
    """The route less a leading converter that matches nothing (a hosted edition's own)."""
    if route.startswith("<"):
        name = route[1:].split(":", 1)[0]
        converter = get_converters().get(name)
        if converter is not None and converter.regex == "":
            return route[route.index(">") + 1 :]
    return route


def _top_segments(urlconf: object) -> set[str]:
    """The first path segment of every route, where it does not start with a converter."""
    segments = set()
    for route in _routes(get_resolver(urlconf).url_patterns):
        first = _without_empty_converter(route).lstrip("^").split("/")[0]
        if first and not first.startswith("<"):
            segments.add(first)
    return segments


def _routed_top_segments() -> set[str]:
    network = _top_segments(settings.ROOT_URLCONF)
    hosted = _top_segments(hosted_urlconf("slugs-test-edition"))
    static = settings.STATIC_URL.strip("/").split("/")[0]
    return network | hosted | {static}


def test_reserved_slugs_are_exactly_the_routed_top_level_paths():
    segments = _routed_top_segments()
    literal = {s for s in segments if "<" not in s}
    assert literal == RESERVED_SLUGS
    # A segment with a converter in it ("sitemap-<slug:section>.xml") cannot be a slug.
    assert all("." in s for s in segments - literal), segments - literal


def test_the_list_names_the_paths_everyone_knows():
    for path in ("img", "static", "admin", "console", "newsletter", "editions", "metrics"):
        assert path in RESERVED_SLUGS
    for path in ("healthz", "robots.txt", "sitemap.xml", "search", "archive", "feed"):
        assert path in RESERVED_SLUGS


def _slug_errors(slug: str) -> list[str]:
    edition = Edition(name="Some News", slug=slug, countries=["CH"])
    with pytest.raises(ValidationError) as caught:
        edition.full_clean()
    return caught.value.message_dict["slug"]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_full_clean_refuses_a_reserved_slug(slug: str):
    errors = _slug_errors(slug)
    assert any(f"/{slug}/" in e and "top-level paths" in e for e in errors), errors


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["IMG", "Admin", "Static"])
def test_letter_case_does_not_get_around_it(slug: str):
    assert any("top-level paths" in e for e in _slug_errors(slug))


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["switzerland", "latin-america", "images", "admins", "a1"])
def test_a_normal_slug_passes(slug: str):
    Edition(name="Some News", slug=slug, countries=["CH"]).full_clean()


@pytest.mark.django_db
def test_the_admin_refuses_a_reserved_slug(admin_client: Client):
    response = admin_client.post("/admin/editions/edition/add/", {**EDITION_FORM, "slug": "img"})
    assert response.status_code == 200
    assert "top-level paths" in response.content.decode()
    assert not Edition.objects.filter(slug="img").exists()


@pytest.mark.django_db
def test_the_admin_accepts_a_normal_slug(admin_client: Client):
    form = {**EDITION_FORM, "slug": "switzerland"}
    response = admin_client.post("/admin/editions/edition/add/", form)
    assert response.status_code == 302
    assert Edition.objects.filter(slug="switzerland").exists()
