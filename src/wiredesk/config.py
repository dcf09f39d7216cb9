"""Every setting Wiredesk reads from the environment, with its default and help.

One table, so `README.md` can list them and a test can check that none is
undocumented (see tests/test_settings_documented.py).
"""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "sqlite:///var/wiredesk.sqlite3",
        "Database to use; a relative SQLite path is taken from the working directory.",
    ),
    Setting(
        "SECRET_KEY", "", "Django secret key; a development key is used when empty and DEBUG is on."
    ),
    Setting("DEBUG", "0", "1 turns on Django's debug pages. Never in production."),
    Setting("ALLOWED_HOSTS", "*", "Comma-separated host names the site answers to."),
    Setting(
        "WIREDESK_HOST_ROUTING",
        "0",
        "1 picks the edition from the request's host name (production); "
        "0 from a path prefix such as /switzerland/.",
    ),
    Setting("WIREDESK_FETCH_TIMEOUT", "10", "Seconds before one feed or page fetch gives up."),
    Setting("WIREDESK_FETCH_MAX_BYTES", "10000000", "Largest feed or page body read, in bytes."),
    Setting("WIREDESK_FETCH_CONCURRENCY", "8", "Feeds and pages fetched at once during an ingest."),
    Setting(
        "WIREDESK_POLL_PROCESSES",
        "0",
        "Processes that fetch and parse feeds during an ingest; 0: one per core for runs "
        "of 200 feeds or more, else in-process.",
    ),
    Setting(
        "WIREDESK_FETCH_PER_HOST",
        "2",
        "Connections open to one partner host at once (politeness); more requests wait.",
    ),
    Setting(
        "WIREDESK_USER_AGENT",
        "Wiredesk/0.1 (+https://github.com/wiredesk)",
        "User-Agent sent to partner servers.",
    ),
    Setting(
        "WIREDESK_FETCH_PROXY",
        "",
        "HTTP proxy for every partner fetch (an egress proxy; "
        "the demo points it at its partner server).",
    ),
    Setting(
        "WIREDESK_FETCH_ALLOW_NETWORKS",
        "",
        "Comma-separated networks ingest may fetch from although not public "
        "(e.g. 127.0.0.0/8 for a local partner server). Empty: public addresses only.",
    ),
    Setting("WIREDESK_PAGE_SIZE", "20", "Articles per page in 'More <Country> News' lists."),
    Setting("WIREDESK_DEMO_PORT", "8000", "Port `wiredesk demo` serves the site on."),
    Setting("WIREDESK_PARTNER_PORT", "8765", "Port of the demo's local partner server."),
    Setting(
        "CELERY_BROKER_URL", "", "When set, pipeline work goes to Celery workers on this broker."
    ),
    Setting(
        "WIREDESK_CELERY_VISIBILITY_TIMEOUT",
        "300",
        "Seconds Redis waits before handing a task a dead worker had taken to another "
        "worker; longer than any task, countdown or retry back-off.",
    ),
    Setting(
        "WIREDESK_BASE_URL",
        "http://127.0.0.1:8000",
        "Public base URL used in links that leave the site (newsletters, feeds).",
    ),
    Setting("EMAIL_HOST", "localhost", "SMTP server for newsletters."),
    Setting("EMAIL_PORT", "25", "SMTP port."),
    Setting("EMAIL_HOST_USER", "", "SMTP user name, if the server wants one."),
    Setting("EMAIL_HOST_PASSWORD", "", "SMTP password."),
    Setting("EMAIL_USE_TLS", "0", "1 to use STARTTLS."),
    Setting("DEFAULT_FROM_EMAIL", "Wiredesk <news@wiredesk.localhost>", "Sender of newsletters."),
    Setting(
        "WIREDESK_BOUNCE_DOMAIN",
        "wiredesk.localhost",
        "Domain of the VERP bounce addresses (bounces+<token>@domain).",
    ),
    Setting("WIREDESK_DKIM_KEY_FILE", "", "PEM private key for DKIM signing; none: no signature."),
    Setting("WIREDESK_DKIM_SELECTOR", "wiredesk", "DKIM selector."),
    Setting("WIREDESK_DKIM_DOMAIN", "", "DKIM signing domain (d=)."),
    Setting("WIREDESK_CELERY_QUEUE", "wiredesk", "Name of the Celery queue the workers read."),
    Setting("LOG_FORMAT", "text", "'json' for one JSON object per log line."),
    Setting("LOG_LEVEL", "INFO", "Level of Wiredesk's own loggers."),
)


def env(name: str) -> str:
    """The environment's value for a setting, else its documented default."""
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(name, setting.default)
    raise KeyError(f"{name} is not a documented setting; add it to wiredesk.config.SETTINGS")


def env_bool(name: str) -> bool:
    return env(name).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str) -> int:
    return int(env(name))
