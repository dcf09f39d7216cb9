"""Every setting Wiredesk reads, typed and validated once at start-up.

`Config` is the one table: each field names its environment variable, its default and its
help. `load(os.environ)` builds it (Django's settings module does, as `settings.WIREDESK`),
parsing each value once and reporting every bad one together, so a typo stops the start
instead of a fetch an hour later. Code takes the `Config` (or the values it needs) as an
argument; the Django side reads `settings.WIREDESK`.

The README's settings table is generated from this table (`python -m wiredesk.config`);
tests/test_settings_documented.py fails when the two differ.
"""

from __future__ import annotations

import ipaddress
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(ValueError):
    """One or more settings in the environment cannot be used; the message names each."""


def _setting(env: str, default: Any, help: str, *, shown: str = "", **checks: Any) -> Any:
    """A Config field: its variable, default, help and checks (min, choices, url, networks)."""
    return field(default=default, metadata={"env": env, "help": help, "shown": shown, **checks})


@dataclass(frozen=True)
class Config:
    database_url: str = _setting(
        "DATABASE_URL",
        "sqlite:///var/wiredesk.sqlite3",
        "database; a relative SQLite path is taken from the working directory",
    )
    secret_key: str = _setting(
        "SECRET_KEY", "", "Django's secret key; set it in production", shown="(development key)"
    )
    debug: bool = _setting("DEBUG", False, "`1` turns on Django's debug pages; never in production")
    allowed_hosts: tuple[str, ...] = _setting(
        "ALLOWED_HOSTS", ("*",), "comma-separated host names the site answers to"
    )
    host_routing: bool = _setting(
        "WIREDESK_HOST_ROUTING",
        False,
        "`1`: the host name picks the edition (production); `0`: a path prefix such as "
        "`/switzerland/`",
    )
    fetch_timeout: float = _setting(
        "WIREDESK_FETCH_TIMEOUT", 10.0, "seconds before one feed or page fetch gives up", min=0.1
    )
    fetch_max_bytes: int = _setting(
        "WIREDESK_FETCH_MAX_BYTES", 10_000_000, "largest feed or page body read, in bytes", min=1
    )
    fetch_concurrency: int = _setting(
        "WIREDESK_FETCH_CONCURRENCY", 8, "feeds and pages fetched at once during an ingest", min=1
    )
    poll_processes: int = _setting(
        "WIREDESK_POLL_PROCESSES",
        0,
        "processes that fetch and parse feeds during an ingest; `0`: one per core for runs of "
        "200 feeds or more, else in-process",
        min=0,
    )
    fetch_per_host: int = _setting(
        "WIREDESK_FETCH_PER_HOST",
        2,
        "connections open to one partner host at once (politeness); more requests wait",
        min=1,
    )
    user_agent: str = _setting(
        "WIREDESK_USER_AGENT",
        "Wiredesk/0.1 (+https://github.com/wiredesk)",
        "User-Agent sent to partner servers",
    )
    fetch_proxy: str = _setting(
        "WIREDESK_FETCH_PROXY",
        "",
        "HTTP proxy for every partner fetch (an egress proxy; the demo points it at its "
        "partner server)",
        url=True,
    )
    fetch_allow_networks: tuple[str, ...] = _setting(
        "WIREDESK_FETCH_ALLOW_NETWORKS",
        (),
        "comma-separated networks ingest may fetch from although not public (e.g. "
        "`127.0.0.0/8` for a local partner server); empty: public addresses only (no SSRF)",
        networks=True,
    )
    page_size: int = _setting(
        "WIREDESK_PAGE_SIZE", 20, "articles per page of 'More <Country> News' lists", min=1
    )
    demo_port: int = _setting("WIREDESK_DEMO_PORT", 8000, "port of the demo site", min=0)
    partner_port: int = _setting(
        "WIREDESK_PARTNER_PORT", 8765, "port of the demo's partner server", min=0
    )
    celery_broker_url: str = _setting(
        "CELERY_BROKER_URL",
        "",
        "when set (`redis://...` or `amqp://...`), pipeline work goes to Celery workers",
        url=True,
    )
    celery_visibility_timeout: int = _setting(
        "WIREDESK_CELERY_VISIBILITY_TIMEOUT",
        300,
        "on Redis, seconds before a dead worker's task goes to another worker; longer than any "
        "task, countdown or retry back-off",
        min=1,
    )
    celery_queue: str = _setting(
        "WIREDESK_CELERY_QUEUE", "wiredesk", "the Celery queue the workers read"
    )
    base_url: str = _setting(
        "WIREDESK_BASE_URL",
        "http://127.0.0.1:8000",
        "public base URL for links that leave the site (newsletters, feeds)",
        url=True,
    )
    email_host: str = _setting("EMAIL_HOST", "localhost", "SMTP server for newsletters")
    email_port: int = _setting("EMAIL_PORT", 25, "SMTP port", min=1)
    email_host_user: str = _setting(
        "EMAIL_HOST_USER", "", "SMTP user name, if the server wants one"
    )
    email_host_password: str = _setting("EMAIL_HOST_PASSWORD", "", "SMTP password")
    email_use_tls: bool = _setting("EMAIL_USE_TLS", False, "`1` for STARTTLS")
    default_from_email: str = _setting(
        "DEFAULT_FROM_EMAIL", "Wiredesk <news@wiredesk.localhost>", "sender of newsletters"
    )
    bounce_domain: str = _setting(
        "WIREDESK_BOUNCE_DOMAIN",
        "wiredesk.localhost",
        "domain of the VERP bounce addresses (`bounces+<token>@domain`)",
    )
    dkim_key_file: str = _setting(
        "WIREDESK_DKIM_KEY_FILE", "", "PEM private key for DKIM signing; none: no signature"
    )
    dkim_selector: str = _setting("WIREDESK_DKIM_SELECTOR", "wiredesk", "DKIM selector")
    dkim_domain: str = _setting("WIREDESK_DKIM_DOMAIN", "", "DKIM signing domain (`d=`)")
    log_format: str = _setting(
        "LOG_FORMAT", "text", "`json` for one JSON object per log line", choices=("text", "json")
    )
    log_level: str = _setting(
        "LOG_LEVEL", "INFO", "level of Wiredesk's own loggers", choices=LOG_LEVELS
    )

    @property
    def allowed_networks(self) -> tuple[Network, ...]:
        return tuple(ipaddress.ip_network(n, strict=False) for n in self.fetch_allow_networks)


def load(environ: Mapping[str, str]) -> Config:
    """The settings from `environ` (unset ones take their defaults), parsed and checked."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    hints = typing.get_type_hints(Config)
    for f in fields(Config):
        name = f.metadata["env"]
        if name not in environ:
            continue
        try:
            value = _parse(environ[name], hints[f.name])
            _check(value, f.metadata)
        except ValueError as exc:
            problems.append(f"{name}={environ[name]!r}: {exc}")
            continue
        values[f.name] = value
    if problems:
        raise SettingsError("bad settings in the environment: " + "; ".join(problems))
    return Config(**values)


def _parse(raw: str, kind: Any) -> Any:
    text = raw.strip()
    if kind is bool:
        if text.lower() in {"1", "true", "yes", "on"}:
            return True
        if text.lower() in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError("expected 1 or 0")
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    if kind == tuple[str, ...]:
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text


def _check(value: Any, meta: Mapping[str, Any]) -> None:
    if "min" in meta and value < meta["min"]:
        raise ValueError(f"must be at least {meta['min']}")
    if "choices" in meta and value not in meta["choices"]:
        raise ValueError(f"must be one of {', '.join(meta['choices'])}")
    if meta.get("url") and value and not (urlsplit(value).scheme and urlsplit(value).netloc):
        raise ValueError("must be a URL with a scheme and a host")
    if meta.get("networks"):
        for network in value:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad one


def shown_default(f: Any) -> str:
    """A field's default as the README shows it."""
    if f.metadata["shown"]:
        return f.metadata["shown"]
    default = f.default
    if isinstance(default, bool):
        return "`1`" if default else "`0`"
    if isinstance(default, tuple):
        return f"`{','.join(default)}`" if default else "(none)"
    if isinstance(default, float) and default.is_integer():
        default = int(default)
    return f"`{default}`" if default != "" else "(none)"


def markdown_table() -> str:
    """The README's settings table, generated from `Config`."""
    rows = ["| variable | default | what |", "| --- | --- | --- |"]
    for f in fields(Config):
        rows.append(f"| `{f.metadata['env']}` | {shown_default(f)} | {f.metadata['help']} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown_table())
