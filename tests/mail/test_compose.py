"""Building messages and reading LMS_MAIL_URL (pure)."""

from datetime import datetime

import pytest

from lms.mail import compose, transport


def test_a_message_has_both_parts_and_safe_headers():
    message = compose.build(sender="training@letp.test", sender_name="LETP", to="lea@pn.example",
                            to_name="Léa\r\nBcc: spy@evil.example", subject="Set a password", text="Plain",
                            html="<p>Rich</p>", message_id="<abc@letp.test>",
                            created_at=datetime(2026, 12, 6, 9, 30))  # fmt: skip
    raw = bytes(message)
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    assert message["Date"] == "Sun, 06 Dec 2026 09:30:00 +0000" and message["Message-ID"] == "<abc@letp.test>"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert "=?utf-8?" in message.as_string()  # the accented name is encoded, not sent raw


@pytest.mark.parametrize("bad", ["no-at-sign", "@pn.example", "lea@", "lea@pn.example\r\nBcc: x@y"])
def test_a_malformed_address_is_refused(bad):
    with pytest.raises(ValueError):
        compose.address(bad)


def test_message_ids_are_unique_and_on_the_senders_domain():
    first, second = compose.new_message_id("a@letp.test"), compose.new_message_id("a@letp.test")
    assert first != second and first.endswith("@letp.test>") and first.startswith("<")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.pf.example", ("mail.pf.example", 587, "", "", False)),
        ("smtps://user%40pf:p%3Ass@mail.pf.example", ("mail.pf.example", 465, "user@pf", "p:ss", True)),
        ("smtp://127.0.0.1:2525", ("127.0.0.1", 2525, "", "", False)),
    ],
)
def test_mail_urls(url, expected):
    server = transport.parse_url(url)
    assert (server.host, server.port, server.username, server.password, server.implicit_tls) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [("http://mail.pf.example", "must start with smtp://"), ("smtp://", "names no host"),
     ("smtp://mail:port", "port that is not a number")],
)  # fmt: skip
def test_bad_mail_urls_say_what_is_wrong(url, message):
    with pytest.raises(ValueError, match=message):
        transport.parse_url(url)


def test_only_this_machine_may_take_mail_without_tls():
    assert transport.parse_url("smtp://127.0.0.1:25").is_local and transport.parse_url("smtp://localhost").is_local
    assert not transport.parse_url("smtp://mail.pf.example").is_local
