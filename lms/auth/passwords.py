"""argon2id hashing and the password policy (shared/security.md A9); no Flask, no database."""

from __future__ import annotations

import re

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

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


def policy_problems(password: str, user_inputs: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with `password`, as sentences for the person choosing it; [] if fine."""
    if len(password) < MIN_LENGTH:
        return [
            f"Use at least {MIN_LENGTH} characters (this one has {len(password)}). A few unrelated words make a good password."
        ]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    # Whole inputs and their parts: "ana.souza@police.example" also gives "ana" and "souza".
    words = {w for u in user_inputs if u for w in [u.lower(), *re.split(r"[^\w]+", u.lower())] if len(w) > 2}
    rest = re.sub(r"[^\w]+", "", password.lower())
    for word in sorted(words, key=len, reverse=True):
        rest = rest.replace(word, "")
    result = zxcvbn(password[:MAX_LENGTH], user_inputs=sorted(words))
    if len(rest) < 4:
        return ["Do not build the password from your name or e-mail address. Add unrelated words."]
    if result["score"] < MIN_STRENGTH:
        return ["This password is too common or too easy to guess. Add more unrelated words or characters."]
    return []
