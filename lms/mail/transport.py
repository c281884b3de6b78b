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

    def __init__(self, message: str, *, permanent: bool = False, unreachable: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.unreachable = unreachable  # no session could be opened: the next messages would fail alike


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


class SmtpSession:
    """One connection to `server`, opened at the first message and kept for the next ones.

    Opening a connection (TCP, EHLO, STARTTLS, login) cost about 25 ms a message against a local
    server; a batch now pays it once. After any error the connection is closed, and the next
    message opens a fresh one, so one bad message never spoils the rest of the batch.
    """

    def __init__(self, server: SmtpServer) -> None:
        self.server = server
        self.client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                self.client.close()
            self.client = None

    def _open(self) -> smtplib.SMTP:
        server, context = self.server, ssl.create_default_context()
        client: smtplib.SMTP
        if server.implicit_tls:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        try:
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
        except BaseException:
            client.close()
            raise
        return client

    def send(self, message: EmailMessage, envelope_from: str, recipient: str) -> None:
        """Hand `message` to the server; DeliveryError when it is not accepted."""
        if self.client is None:
            try:
                self.client = self._open()
            except DeliveryError as exc:
                raise DeliveryError(str(exc), unreachable=True) from None
            except (OSError, smtplib.SMTPException) as exc:
                raise DeliveryError(f"{type(exc).__name__}: {exc}", unreachable=True) from None
        try:
            refused = self.client.send_message(message, from_addr=envelope_from, to_addrs=[recipient])
            if refused:  # only when some of several recipients were refused; LETP sends to one
                code, reply = refused[recipient]
                raise DeliveryError(f"{code} {reply!r}", permanent=_is_permanent(code))
        except DeliveryError:
            self.close()
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            code, reply = exc.recipients.get(recipient, (450, b"refused"))
            raise DeliveryError(f"recipient refused: {code} {reply.decode(errors='replace')}",
                                permanent=_is_permanent(code)) from None  # fmt: skip
        except smtplib.SMTPResponseException as exc:
            self.close()
            error: bytes | str = exc.smtp_error
            text = error.decode(errors="replace") if isinstance(error, bytes) else error
            raise DeliveryError(f"{exc.smtp_code} {text}", permanent=_is_permanent(exc.smtp_code)) from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, unreachable, timed out, TLS, disconnected
            self.close()
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None


def write_file(folder: Path, message: EmailMessage, name: str) -> Path:
    """Development: the message as an .eml file that any mail program opens."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.eml"
    path.write_bytes(bytes(message))
    log.info("mail written to %s: %s", path, message["Subject"])
    return path
