"""Where messages go: an SMTP server named by LMS_MAIL_URL, or files in development. No database.

- `smtp://user:password@host:587`: STARTTLS, required unless the host is this machine (a local
  relay such as Postfix on 127.0.0.1 may speak plain SMTP); `smtps://...:465`: TLS from the start.
  User and password are optional and percent-decoded.
- No URL: in development and testing, each message is written to `instance/mail/` as an .eml
  file and its subject logged, so `make run` works without a mail server. In production a URL is
  required; without one the sender refuses to run and mail waits in the outbox.

SMTP replies 5xx are permanent (the message is marked failed); everything else (4xx, a refused
connection, a timeout, a TLS error) is temporary and retried.
"""

from __future__ import annotations

import ipaddress
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger("lms.mail")


class DeliveryError(Exception):
    """A message the server did not take; `permanent` when trying again cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    username: str
    password: str
    implicit_tls: bool
    timeout: float

    @property
    def is_local(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_url(url: str, timeout: float = 10.0) -> SmtpServer:
    """An SMTP server from `smtp://` or `smtps://` URL; ValueError saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"LMS_MAIL_URL must start with smtp:// or smtps://, not '{parts.scheme}://'")
    if not parts.hostname:
        raise ValueError("LMS_MAIL_URL names no host, as in smtp://mail.example:587")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError:
        raise ValueError("LMS_MAIL_URL has a port that is not a number") from None
    return SmtpServer(parts.hostname, port, unquote(parts.username or ""), unquote(parts.password or ""),
                      parts.scheme == "smtps", timeout)  # fmt: skip


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def send_smtp(server: SmtpServer, message: EmailMessage, envelope_from: str, recipient: str) -> None:
    """Hand `message` to `server`; DeliveryError when it is not accepted."""
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if server.implicit_tls:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        with client:
            if not server.implicit_tls:
                client.ehlo()
                if client.has_extn("starttls"):
                    client.starttls(context=context)
                    client.ehlo()
                elif not server.is_local:
                    raise DeliveryError(f"{server.host} offers no STARTTLS; LETP sends mail to another machine "
                                        "only over TLS (use smtps:// or a server with STARTTLS)")  # fmt: skip
            if server.username:
                client.login(server.username, server.password)
            refused = client.send_message(message, from_addr=envelope_from, to_addrs=[recipient])
            if refused:  # only when some of several recipients were refused; LETP sends to one
                code, reply = refused[recipient]
                raise DeliveryError(f"{code} {reply!r}", permanent=_is_permanent(code))
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = exc.recipients.get(recipient, (450, b"refused"))
        raise DeliveryError(f"recipient refused: {code} {reply.decode(errors='replace')}",
                            permanent=_is_permanent(code)) from None  # fmt: skip
    except smtplib.SMTPResponseException as exc:
        error: bytes | str = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else error
        raise DeliveryError(f"{exc.smtp_code} {text}", permanent=_is_permanent(exc.smtp_code)) from None
    except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, TLS, disconnected
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from None


def write_file(folder: Path, message: EmailMessage, name: str) -> Path:
    """Development: the message as an .eml file that any mail program opens."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.eml"
    path.write_bytes(bytes(message))
    log.info("mail written to %s: %s", path, message["Subject"])
    return path
