"""The app as wiredesk.settings installs it: Django's checks and the `wiredesk subscriber`
command through the CLI."""

import os
import subprocess
import sys
import textwrap

SETTINGS = textwrap.dedent(
    """
    from wiredesk.settings import *  # noqa: F403

    assert "wiredesk.security" in INSTALLED_APPS  # noqa: F405
    assert "wiredesk.security.login.LoginRateLimitMiddleware" in MIDDLEWARE  # noqa: F405
    """
)


def wiredesk(tmp_path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "installed_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="installed_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")]),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_checks_pass_and_the_command_is_found(tmp_path):
    check = wiredesk(tmp_path, "check")
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout
    listing = wiredesk(tmp_path, "help", "subscriber")
    assert listing.returncode == 0, listing.stderr
    assert "export" in listing.stdout and "delete" in listing.stdout
