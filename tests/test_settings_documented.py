"""The settings table: one typed object, read once, documented in the README from itself."""

import re
from dataclasses import fields

import pytest

from conftest import REPO
from wiredesk.config import Config, SettingsError, load, markdown_table

TABLE = re.compile(
    r"<!-- settings table: generated .*? -->\n(.*?)<!-- end of settings table -->", re.S
)


def test_the_readme_table_is_the_generated_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = TABLE.search(readme)
    assert found, "README.md lost its generated settings table"
    assert found.group(1) == markdown_table(), "run `python -m wiredesk.config` into README.md"


def test_every_setting_has_a_variable_and_help():
    names = [f.metadata["env"] for f in fields(Config)]
    assert len(names) == len(set(names))
    assert all(f.metadata["help"].strip() for f in fields(Config))


def test_an_empty_environment_gives_the_defaults():
    assert load({}) == Config()


def test_values_are_parsed_once_into_their_types():
    config = load(
        {
            "WIREDESK_FETCH_TIMEOUT": "2.5",
            "WIREDESK_PAGE_SIZE": " 4 ",
            "DEBUG": "true",
            "ALLOWED_HOSTS": "a.example, b.example,",
            "WIREDESK_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
            "UNRELATED": "ignored",
        }
    )
    assert config.fetch_timeout == 2.5 and config.page_size == 4 and config.debug is True
    assert config.allowed_hosts == ("a.example", "b.example")
    assert [str(n) for n in config.allowed_networks] == ["127.0.0.0/8"]


def test_every_bad_value_is_named_at_once():
    with pytest.raises(SettingsError) as caught:
        load(
            {
                "WIREDESK_PAGE_SIZE": "0",
                "DEBUG": "maybe",
                "WIREDESK_FETCH_CONCURRENCY": "eight",
                "LOG_FORMAT": "xml",
                "WIREDESK_BASE_URL": "example.net",
                "WIREDESK_FETCH_ALLOW_NETWORKS": "10.0.0.0/33",
            }
        )
    message = str(caught.value)
    for name in (
        "WIREDESK_PAGE_SIZE",
        "DEBUG",
        "WIREDESK_FETCH_CONCURRENCY",
        "LOG_FORMAT",
        "WIREDESK_BASE_URL",
        "WIREDESK_FETCH_ALLOW_NETWORKS",
    ):
        assert name in message


def test_no_module_reads_wiredesk_settings_from_the_environment():
    """Settings are read once (config.load); code is handed them, not os.environ."""
    reads = re.compile(r"os\.environ(\.get)?\[?\(?[\"'](WIREDESK_|CELERY_|EMAIL_|DATABASE_URL)")
    offenders = []
    for path in (REPO / "src" / "wiredesk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name in {"config.py", "settings.py", "celery.py"}:
            continue
        if reads.search(text):
            offenders.append(str(path.relative_to(REPO)))
    assert not offenders, offenders
