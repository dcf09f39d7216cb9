"""`make test-clock` really runs the suite with the clock moved ahead (see conftest.py)."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

SHIFT = os.environ.get("WIREDESK_TEST_CLOCK_SHIFT_HOURS")


@pytest.mark.skipif(
    not SHIFT, reason="only under make test-clock (WIREDESK_TEST_CLOCK_SHIFT_HOURS)"
)
def test_the_clock_the_code_reads_is_moved_ahead():
    # The kernel's own clock stamped this process's start; Python's clocks read the moved time.
    started = datetime.fromtimestamp(Path(f"/proc/{os.getpid()}").stat().st_mtime, UTC)
    ahead = timedelta(hours=int(SHIFT or 0)) - timedelta(hours=1)
    assert timezone.now() - started > ahead
    assert datetime.now(UTC) - started > ahead
