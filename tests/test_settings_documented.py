from conftest import REPO
from wiredesk.config import SETTINGS


def test_every_setting_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"document these settings in README.md: {missing}"


def test_every_setting_has_help():
    assert all(s.help.strip() for s in SETTINGS)
