"""Where digests go: one SMTP connection of our own, or any other Django mail backend.

The mailer is Django 6.1's `MAILERS["newsletter"]` when defined, else
`MAILERS["default"]` (filled from EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
EMAIL_HOST_PASSWORD, EMAIL_USE_TLS). For an SMTP mailer we hold our own
connection rather than Django's backend because a digest needs its own
envelope sender (the VERP bounce address), which Django's SMTP backend takes
from the From header; any other backend (locmem in tests, console, an API
provider's backend) is used as it is, without VERP.
"""

import smtplib
import ssl
from typing import Protocol

from django.conf import settings
from django.core import mail
from django.utils.module_loading import import_string

from wiredesk.newsletter.compose import Outgoing
from wiredesk.newsletter.errors import TemporaryMailError, smtp_errors

TIMEOUT = 30
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Outbox(Protocol):
    def send(self, message: Outgoing) -> None: ...

    def close(self) -> None: ...


def mailer_config() -> dict:
    mailers = getattr(settings, "MAILERS", {})
    return mailers.get("newsletter") or mailers.get("default") or {}


def outbox_from_settings() -> Outbox:
    """An SMTP outbox for an SMTP mailer, else the configured Django backend."""
    config = mailer_config()
    backend = config.get("BACKEND", SMTP_BACKEND)
    if import_string(backend) is not import_string(SMTP_BACKEND):
        alias = "newsletter" if "newsletter" in getattr(settings, "MAILERS", {}) else "default"
        return BackendOutbox(alias)
    options = config.get("OPTIONS", {})
    return SmtpOutbox(
        options.get("host") or "localhost",
        int(options.get("port") or 25),
        options.get("username") or "",
        options.get("password") or "",
        bool(options.get("use_tls")),
        float(options.get("timeout") or TIMEOUT),
    )


class BackendOutbox:
    """Hands each message to a Django mail backend (no VERP: the backend picks the sender)."""

    def __init__(self, alias: str):
        self.connection = mail.mailers[alias]

    def send(self, message: Outgoing) -> None:
        if message.email is None or not self.connection.send_messages([message.email]):
            raise TemporaryMailError(0, "the mail backend did not take the message")

    def close(self) -> None:
        self.connection.close()


class SmtpOutbox:
    """One SMTP connection, opened lazily, reopened after a drop, with STARTTLS and AUTH."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str = "",
        password: str = "",
        use_tls: bool = False,
        timeout: float = TIMEOUT,
    ):
        self.host, self.port = host, port
        self.user, self.password = user, password
        self.use_tls, self.timeout = use_tls, timeout
        self._smtp: smtplib.SMTP | None = None
        self.sent_on_connection = 0

    def _open(self) -> smtplib.SMTP:
        with smtp_errors():
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            smtp.ehlo()
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password)
        self.sent_on_connection = 0
        return smtp

    def send(self, message: Outgoing) -> None:
        """Hand one message to the server; returns only after its 250."""
        if self._smtp is None:
            self._smtp = self._open()
        try:
            with smtp_errors():
                self._smtp.sendmail(message.envelope_from, [message.to], message.data)
        except Exception:
            if not self._is_alive():
                self.drop()
            raise
        self.sent_on_connection += 1

    def _is_alive(self) -> bool:
        try:
            return self._smtp is not None and self._smtp.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            finally:
                self.drop()
