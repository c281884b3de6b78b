"""A queued message as an RFC 5322 e-mail: multipart text and HTML, headers that cannot be forged. Pure.

Display names go through `email.headerregistry.Address`, which encodes anything outside ASCII
and refuses line breaks; LETP also strips control characters from names first, so a name like
"Eve\\r\\nBcc: x@evil.example" can only ever be a strange name, never a second header.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def clean_name(name: str) -> str:
    """A display name with every control character (CR and LF included) turned into a space."""
    return " ".join(CONTROL.sub(" ", name).split())[:120]


def address(email: str, name: str = "") -> Address:
    """An address header value; ValueError for an e-mail without exactly one '@'."""
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain or CONTROL.search(email):
        raise ValueError(f"'{email}' is not an e-mail address")
    return Address(display_name=clean_name(name), username=local, domain=domain)


def new_message_id(sender_email: str) -> str:
    """A globally unique Message-ID on the sender's domain, fixed when the message is queued."""
    domain = sender_email.rpartition("@")[2] or "letp.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


def build(*, sender: str, sender_name: str, to: str, to_name: str, subject: str, text: str, html: str,
          message_id: str, created_at: datetime) -> EmailMessage:  # fmt: skip
    """The message as sent: plain text first, HTML as the preferred alternative, no remote content."""
    message = EmailMessage()
    message["From"] = address(sender, sender_name)
    message["To"] = address(to, to_name)
    message["Subject"] = clean_name(subject) or "LETP"
    message["Date"] = format_datetime(created_at.replace(tzinfo=UTC))
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
