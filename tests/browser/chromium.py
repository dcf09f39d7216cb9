"""What every browser test shares: Debian's Chromium driven by Playwright, and axe-core.

Importing this skips the importing test module, with the reason, where Playwright or
Chromium is missing.
"""

import shutil
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM}", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Headless as root on a closed network: no sandbox, no GPU, no background connections.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
