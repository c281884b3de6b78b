"""argon2id hashing and the password policy (shared/security.md A9); no Flask, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from ..i18n import N_, Message

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_STRENGTH = 3  # zxcvbn score 0..4; 3 = "safely unguessable" against online attacks


def make_hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID)


def verify(hasher: PasswordHasher, stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# A real hash to verify against when the e-mail is unknown, so both cases cost the same time.
def dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("letp-timing-equaliser-not-a-password")


# What policy_problems finds, one code each; the pages show PolicyProblem.message, translated.
TOO_SHORT, TOO_LONG, FROM_PERSONAL_INFO, TOO_COMMON = "too_short", "too_long", "from_personal_info", "too_common"


@dataclass(frozen=True)
class PolicyProblem:
    """One reason to refuse a password: its code and numbers (`limit` is the length allowed, `length`
    the password's), and `message`, the sentence for the person choosing it."""

    code: str
    limit: int = 0
    length: int = 0

    @property
    def message(self) -> Message:
        if self.code == TOO_SHORT:
            return N_(
                "Use at least %(minimum)s characters (this one has %(length)s). A few unrelated words make a good password.",
                minimum=self.limit,
                length=self.length,
            )
        if self.code == TOO_LONG:
            return N_("Use at most %(maximum)s characters.", maximum=self.limit)
        if self.code == FROM_PERSONAL_INFO:
            return N_("Do not build the password from your name or e-mail address. Add unrelated words.")
        return N_("This password is too common or too easy to guess. Add more unrelated words or characters.")

    def __str__(self) -> str:
        return str(self.message)


def policy_problems(password: str, user_inputs: tuple[str, ...] = ()) -> list[PolicyProblem]:
    """What is wrong with `password`, for the person choosing it; [] if fine."""
    if len(password) < MIN_LENGTH:
        return [PolicyProblem(TOO_SHORT, MIN_LENGTH, len(password))]
    if len(password) > MAX_LENGTH:
        return [PolicyProblem(TOO_LONG, MAX_LENGTH, len(password))]
    # Whole inputs and their parts: "ana.souza@police.example" also gives "ana" and "souza".
    words = {w for u in user_inputs if u for w in [u.lower(), *re.split(r"[^\w]+", u.lower())] if len(w) > 2}
    rest = re.sub(r"[^\w]+", "", password.lower())
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    result = zxcvbn(password[:MAX_LENGTH], user_inputs=sorted(words))
    if len(rest) < 4:
        return [PolicyProblem(FROM_PERSONAL_INFO)]
    if result["score"] < MIN_STRENGTH:
        return [PolicyProblem(TOO_COMMON)]
    return []
