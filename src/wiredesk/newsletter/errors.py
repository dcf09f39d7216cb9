"""The newsletter's errors, below wiredesk.errors.WiredeskError. smtplib's are translated here.

WiredeskError
└── MailError                   an SMTP exchange went wrong (carries code, message)
    ├── TemporaryMailError      4xx, or the connection dropped: try again later, not a failure
    │   └── ConnectionLost      no answer from the server: reconnect before going on
    ├── RecipientRejected       5xx on RCPT TO: the address is bad (a hard bounce)
    ├── MessageRejected         5xx on DATA: this message, not the reader
    └── SenderRejected          5xx on MAIL FROM or AUTH: our configuration; stop the run
"""

import re
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager

from wiredesk.errors import WiredeskError


class MailError(WiredeskError):
    def __init__(self, code: int, message: str):
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


class TemporaryMailError(MailError):
    pass


class ConnectionLost(TemporaryMailError):
    pass


class RecipientRejected(MailError):
    pass


class MessageRejected(MailError):
    pass


class SenderRejected(MailError):
    pass


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@contextmanager
def smtp_errors() -> Iterator[None]:
    """Translate smtplib's exceptions into the tree above."""
    try:
        yield
    except smtplib.SMTPRecipientsRefused as error:
        code, message = next(iter(error.recipients.values()))
        kind = TemporaryMailError if 400 <= code < 500 else RecipientRejected
        raise kind(code, _text(message)) from error
    except smtplib.SMTPServerDisconnected as error:
        raise ConnectionLost(0, str(error)) from error
    except (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError) as error:
        kind = TemporaryMailError if 400 <= error.smtp_code < 500 else SenderRejected
        raise kind(error.smtp_code, _text(error.smtp_error)) from error
    except smtplib.SMTPResponseException as error:
        kind = TemporaryMailError if 400 <= error.smtp_code < 500 else MessageRejected
        raise kind(error.smtp_code, _text(error.smtp_error)) from error
    except (smtplib.SMTPException, OSError) as error:
        raise ConnectionLost(0, str(error)) from error


ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def redact_addresses(text: str) -> str:
    """SMTP replies quote the recipient ("452 <x@y>: mailbox full"): keep addresses out of logs."""
    return ADDRESS.sub("<address>", text)
