"""Per-host turns shared through the database."""

from datetime import timedelta

import pytest

from wiredesk.ingest.throttle import host_of, take_turn

pytestmark = pytest.mark.django_db


def test_one_turn_per_host_per_interval():
    assert take_turn("agency.test", timedelta(seconds=30)) is None
    busy_until = take_turn("agency.test", timedelta(seconds=30))
    assert busy_until is not None
    assert take_turn("other.test", timedelta(seconds=30)) is None


def test_turn_comes_back_after_the_interval():
    assert take_turn("agency.test", timedelta(0)) is None
    assert take_turn("agency.test", timedelta(0)) is None


def test_host_of_folds_case_and_port():
    assert host_of("http://Agency.TEST:8080/a") == "agency.test"
