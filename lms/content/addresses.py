"""Crypto addresses and transaction ids as real explorers show them: encode, check and classify.

The tracing labs use synthetic addresses that are nevertheless well formed, so an officer
learns what real ones look like and a typo in a ledger file is caught by its checksum:

- Bitcoin P2PKH (`1...`) and P2SH (`3...`): Base58Check, version byte 0x00 / 0x05;
- Bitcoin SegWit (`bc1q...`, BIP-173 Bech32) and Taproot (`bc1p...`, BIP-350 Bech32m);
- Tron (`T...`): Base58Check of 0x41 followed by a 20-byte account id;
- Ethereum-style (`0x` and 40 hex digits): EIP-55 mixed-case checksum over Keccak-256.

Keccak-256 is not hashlib's sha3_256 (the padding differs), so it comes from pycryptodome.
Pure: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import re

from Crypto.Hash import keccak

from ..i18n import N_, Message

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3
TXID = re.compile(r"^(?:0x)?[0-9a-fA-F]{64}$")
EVM = re.compile(r"^0x[0-9a-fA-F]{40}$")

P2PKH, P2SH, P2WPKH, P2WSH, P2TR, TRON, EVM_KIND = "p2pkh", "p2sh", "p2wpkh", "p2wsh", "p2tr", "tron", "evm"
UTXO_KINDS = frozenset({P2PKH, P2SH, P2WPKH, P2WSH, P2TR})
ACCOUNT_KINDS = frozenset({TRON, EVM_KIND})


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


# Base58Check -------------------------------------------------------------------------------


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, digit = divmod(number, 58)
        out = BASE58[digit] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes | None:
    number = 0
    for character in text:
        digit = BASE58.find(character)
        if digit < 0:
            return None
        number = number * 58 + digit
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def b58check_encode(payload: bytes) -> str:
    return b58encode(payload + sha256d(payload)[:4])


def b58check_decode(text: str) -> bytes | None:
    raw = b58decode(text)
    if raw is None or len(raw) < 5 or sha256d(raw[:-4])[:4] != raw[-4:]:
        return None
    return raw[:-4]


# Bech32 / Bech32m (BIP-173, BIP-350) ---------------------------------------------------------


def _polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: bytes | list[int], source: int, target: int, pad: bool) -> list[int] | None:
    accumulator, bits, out, top = 0, 0, [], (1 << target) - 1
    for value in data:
        accumulator = (accumulator << source) | value
        bits += source
        while bits >= target:
            bits -= target
            out.append((accumulator >> bits) & top)
    if pad and bits:
        out.append((accumulator << (target - bits)) & top)
    elif not pad and (bits >= source or (accumulator << (target - bits)) & top):
        return None
    return out


def segwit_encode(hrp: str, version: int, program: bytes) -> str:
    data = [version] + (_convert_bits(program, 8, 5, True) or [])
    const = _BECH32_CONST if version == 0 else _BECH32M_CONST
    polymod = _polymod(_hrp_expand(hrp) + data + [0] * 6) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in data + checksum)


def segwit_decode(address: str, hrp: str = "bc") -> tuple[int, bytes] | None:
    """(witness version, program) of a valid Bech32/Bech32m address, else None."""
    if address.lower() != address and address.upper() != address:
        return None  # mixed case is never valid
    address = address.lower()
    cut = address.rfind("1")
    if address[:cut] != hrp or len(address) > 90 or len(address) - cut < 8:
        return None
    if any(c not in BECH32 for c in address[cut + 1 :]):
        return None
    data = [BECH32.find(c) for c in address[cut + 1 :]]
    const = _polymod(_hrp_expand(hrp) + data)
    version = data[0]
    if const != (_BECH32_CONST if version == 0 else _BECH32M_CONST) or version > 16:
        return None
    program = _convert_bits(data[1:-6], 5, 8, False)
    if program is None or not 2 <= len(program) <= 40 or (version == 0 and len(program) not in (20, 32)):
        return None
    return version, bytes(program)


# EIP-55 --------------------------------------------------------------------------------------


def eip55(account: bytes) -> str:
    """The checksummed `0x` form of a 20-byte account id."""
    hexed = account.hex()
    digest = keccak256(hexed.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(hexed))


# Classify and check --------------------------------------------------------------------------


def kind_of(address: str) -> str | None:
    """The kind of a well-formed address with a valid checksum, or None.

    An all-lower-case or all-upper-case `0x` address carries no EIP-55 checksum; it is accepted,
    as wallets accept it, but ledgers are checked for the mixed-case form (see `problem_with`).
    """
    if address.startswith(("bc1", "BC1")):
        decoded = segwit_decode(address)
        if decoded is None:
            return None
        version, program = decoded
        if version == 0:
            return P2WPKH if len(program) == 20 else P2WSH
        return P2TR if version == 1 and len(program) == 32 else None
    if EVM.match(address):
        return EVM_KIND
    payload = b58check_decode(address)
    if payload is None or len(payload) != 21:
        return None
    return {0x00: P2PKH, 0x05: P2SH, 0x41: TRON}.get(payload[0])


def problem_with(address: str) -> Message | None:
    """Why `address` is not a well-formed address, for a `file:line:` message; None if it is."""
    if EVM.match(address):
        account = bytes.fromhex(address[2:])
        if address != eip55(account):
            return N_(
                "'%(address)s' fails its EIP-55 checksum (mixed case); it should read %(checksummed)s",
                address=address,
                checksummed=eip55(account),
            )
        return None
    if kind_of(address) is None:
        return N_(
            "'%(address)s' is not a valid address: its checksum or its length is wrong "
            "(write Bitcoin addresses as 1..., 3... or bc1..., Tron as T..., Ethereum-style as 0x...)",
            address=address,
        )
    return None


def same_address(typed: str, expected: str) -> bool:
    """Is `typed` the address `expected`? Base58 exactly (case is part of the address);
    Bech32 and hex without regard to case, as wallets read them."""
    typed = typed.strip()
    if expected.startswith(("bc1", "BC1", "0x")) or TXID.match(expected):
        return typed.lower() == expected.lower()
    return typed == expected


def looks_like_identifier(text: str) -> bool:
    """One word that is shaped like an address or a transaction id (so it is compared as one)."""
    text = text.strip()
    return bool(TXID.match(text) or EVM.match(text)) or (25 <= len(text) <= 90 and kind_of(text) is not None)


# Synthetic identifiers for the labs ----------------------------------------------------------


def synthetic(kind: str, seed: str) -> str:
    """A well-formed address of `kind` derived from `seed` (the same seed, the same address).

    Nobody holds its key: it is the hash of a phrase, not of a public key.
    """
    digest = hashlib.sha256(f"letp:{kind}:{seed}".encode()).digest()
    if kind == P2PKH:
        return b58check_encode(b"\x00" + digest[:20])
    if kind == P2SH:
        return b58check_encode(b"\x05" + digest[:20])
    if kind == TRON:
        return b58check_encode(b"\x41" + digest[:20])
    if kind == P2WPKH:
        return segwit_encode("bc", 0, digest[:20])
    if kind == P2WSH:
        return segwit_encode("bc", 0, digest)
    if kind == P2TR:
        return segwit_encode("bc", 1, digest)
    if kind == EVM_KIND:
        return eip55(digest[:20])
    raise ValueError(f"unknown address kind {kind!r}")


def synthetic_txid(seed: str) -> str:
    return hashlib.sha256(f"letp:tx:{seed}".encode()).hexdigest()
