"""Which local servers answer, and what a test does when one does not.

Tests that need PostgreSQL, Redis or RabbitMQ skip with a reason where the server is
absent, so `make test` passes anywhere; under CI, `.ci/run` sets
WIREDESK_REQUIRE_SERVICES=1, which turns such a skip into a failure.
"""

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get(
    "WIREDESK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("WIREDESK_TEST_REDIS", "redis://127.0.0.1:6379/15")
RABBITMQ_URL = os.environ.get("WIREDESK_TEST_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672//")


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str, host: str, port: int) -> None:
    if answers(host, port):
        return
    message = f"{name} does not answer on {host}:{port}"
    if os.environ.get("WIREDESK_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{message}, and WIREDESK_REQUIRE_SERVICES=1 says it must")
    pytest.skip(message)


def postgres_answers() -> bool:
    return answers("127.0.0.1", 5432)


def fresh_database_url(tmp_path: Path, name: str) -> Iterator[str]:
    """For a fixture: a new PostgreSQL database `wiredesk_<name>_<random>` when the server
    answers, dropped afterwards; else an SQLite file under `tmp_path`."""
    if not postgres_answers():
        yield f"sqlite:///{tmp_path / name}.sqlite3"
        return
    import psycopg

    database = f"wiredesk_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + database
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    # `python tests/services.py postgres`: exit 0 when PostgreSQL answers (used by the Makefile).
    raise SystemExit(0 if postgres_answers() else 1)
