"""Address checksums against the specifications' own examples (BIP-173, BIP-350, EIP-55) and
well-known real addresses; and the synthetic addresses the labs use pass the same checks."""

import pytest

from lms.content import addresses as A  # noqa: N812

REAL = [
    ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", A.P2PKH),  # the genesis block's output
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", A.P2SH),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", A.P2WPKH),  # BIP-173 test vector
    ("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", A.P2WSH),  # BIP-173
    ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", A.P2TR),  # BIP-350
    ("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", A.TRON),  # USDT's contract on Tron
    ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", A.EVM_KIND),  # EIP-55 example
]


@pytest.mark.parametrize(("address", "kind"), REAL)
def test_real_addresses_are_recognised(address, kind):
    assert A.kind_of(address) == kind
    assert A.problem_with(address) is None


@pytest.mark.parametrize(
    "broken",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",  # last character changed
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0",  # 0 is not Base58
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",  # Bech32 checksum
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # mixed case
        # BIP-350: a version-1 program with a Bech32 (not Bech32m) checksum is invalid
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # one letter's case
        "not an address",
    ],
)
def test_a_broken_checksum_is_named(broken):
    assert A.problem_with(broken) is not None


def test_keccak_is_not_sha3():
    # Keccak-256 of the empty string (the Ethereum value); hashlib's sha3_256 gives a7ffc6f8...
    assert A.keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


@pytest.mark.parametrize("kind", sorted(A.UTXO_KINDS | A.ACCOUNT_KINDS))
def test_synthetic_addresses_are_well_formed_and_stable(kind):
    first = A.synthetic(kind, "victim")
    assert A.kind_of(first) == kind and A.problem_with(first) is None
    assert A.synthetic(kind, "victim") == first != A.synthetic(kind, "offender")


def test_answers_compare_base58_exactly_and_hex_or_bech32_without_case():
    tron = A.synthetic(A.TRON, "x")
    assert A.same_address(f" {tron} ", tron)
    assert not A.same_address(tron.lower(), tron)
    evm = A.synthetic(A.EVM_KIND, "x")
    assert A.same_address(evm.lower(), evm)
    segwit = A.synthetic(A.P2WPKH, "x")
    assert A.same_address(segwit.upper(), segwit)
    txid = A.synthetic_txid("x")
    assert A.same_address(txid.upper(), txid)
    assert A.looks_like_identifier(tron) and A.looks_like_identifier(txid)
    assert not A.looks_like_identifier("Fifth Circuit")
