"""Shared fixtures: the real database (pytest-django) and a real partner server on loopback."""

import importlib.util
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wiredesk.demo.partner import PartnerServer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def load_bench(name: str):
    """bench/<name>.py as a module `bench_<name>` (registered, as dataclasses need; loaded
    by path because bench/ is scripts, and site.py would shadow the standard library)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    """Move the clock WIREDESK_TEST_CLOCK_SHIFT_HOURS ahead for the whole run (`make test-clock`).

    A test that builds its data around a fixed date while the code reads the clock passes on the
    day it is written and fails some day after; running the suite with the clock far ahead makes
    that day today. time-machine moves every clock Python reads (datetime, time.time), not the
    monotonic one, so timeouts keep working; servers in other processes keep the real clock, so
    the run leaves out the slow suites that start them.
    """
    hours = os.environ.get("WIREDESK_TEST_CLOCK_SHIFT_HOURS")
    if not hours:
        return
    import time_machine

    moved = time_machine.travel(datetime.now(UTC) + timedelta(hours=int(hours)), tick=True)
    moved.start()
    config.add_cleanup(moved.stop)


def pytest_report_header(config: pytest.Config) -> str | None:
    if os.environ.get("WIREDESK_TEST_CLOCK_SHIFT_HOURS"):
        return f"clock moved ahead: the tests see {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    return None


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
def configure(settings):
    """Change Wiredesk's settings for one test: `configure(page_size=4)`; undone after it."""

    def change(**values) -> None:
        settings.WIREDESK = replace(settings.WIREDESK, **values)

    return change


@pytest.fixture
def partner(configure):
    """The demo partners' sites on a free loopback port, used as the fetch proxy."""
    with PartnerServer(0) as server:
        configure(fetch_proxy=server.proxy_url)
        yield server


@pytest.fixture
def bare_partner(configure):
    """A partner server with no sites: tests add their own routes."""
    with PartnerServer(0, with_demo_sites=False) as server:
        configure(fetch_proxy=server.proxy_url)
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
