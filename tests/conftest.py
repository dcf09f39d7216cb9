"""Shared fixtures: the real database (pytest-django) and a real partner server on loopback."""

from pathlib import Path

import pytest

from wiredesk.demo.partner import PartnerServer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test where the shared data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared test data sits beside the repository")
    return path


@pytest.fixture(autouse=True)
def fresh_story_desk(monkeypatch):
    """Each test has its own database, so no process memory of stories carries over."""
    from wiredesk.stories import linking

    monkeypatch.setattr(linking, "_desk", None)


@pytest.fixture
def partner(monkeypatch):
    """The demo partners' sites on a free loopback port, used as the fetch proxy."""
    with PartnerServer(0) as server:
        monkeypatch.setenv("WIREDESK_FETCH_PROXY", server.proxy_url)
        yield server


@pytest.fixture
def bare_partner(monkeypatch):
    """A partner server with no sites: tests add their own routes."""
    with PartnerServer(0, with_demo_sites=False) as server:
        monkeypatch.setenv("WIREDESK_FETCH_PROXY", server.proxy_url)
        yield server


@pytest.fixture
def fresh_site_cache():
    """The site's page cache, empty before and after (site tests use it by name)."""
    from wiredesk.site import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def swiss():
    """A small Switzerland edition (see test_site_factory)."""
    from test_site_factory import edition

    return edition()


@pytest.fixture
def agency():
    """A partner source under an open licence (see test_site_factory)."""
    from test_site_factory import source

    return source("Agency")
