"""Password policy and argon2id hashing (pure)."""

import pytest

from lms.auth import passwords


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short", False),
        ("elevenchars", False),
        ("password1234", False),
        ("qwertyuiop123", False),
        ("aaaaaaaaaaaaaaaa", False),
        ("x" * 129, False),
        ("correct horse battery", True),
        ("letp-demo-pass", True),
        ("Kenya-blocks-ledger-7", True),
    ],
)
def test_policy(password, accepted):
    assert (passwords.policy_problems(password) == []) is accepted


def test_policy_refuses_a_password_made_of_the_users_own_name():
    assert passwords.policy_problems("wanjiku.otieno", ("wanjiku.otieno@police.example", "Wanjiku Otieno"))


def test_too_short_message_says_what_to_do():
    [problem] = passwords.policy_problems("abc")
    assert problem.code == passwords.TOO_SHORT
    assert "at least 12 characters" in problem.message and "has 3" in problem.message


def test_hashes_are_argon2id_and_verify():
    hasher = passwords.make_hasher(1, 1024, 1)
    stored = hasher.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(hasher, stored, "correct horse battery")
    assert not passwords.verify(hasher, stored, "correct horse batterY")
    assert not passwords.verify(hasher, None, "anything")
    assert not passwords.verify(hasher, "not-a-hash", "anything")
