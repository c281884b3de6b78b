"""The case-ledger model of the tracing labs: chains, blocks, transactions, labels, and lookups.

A ledger is a small, invented but consistent slice of one or more blockchains. Each chain is
either a UTXO chain (Bitcoin-like: transactions spend earlier outputs) or an account chain
(Tron/Ethereum-like: balances, native transfers, token transfers). `ledger_parse.parse` reads
and checks a `ledger.yaml` into these objects; the README's "Tracing labs" section documents
every key. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

UTXO, ACCOUNT = "utxo", "account"
LABEL_KINDS = ("exchange", "mixer", "bridge", "dex", "issuer", "gambling", "merchant", "sanctioned", "other")


@dataclass(frozen=True)
class Token:
    symbol: str
    name: str
    contract: str
    decimals: int
    standard: str  # TRC-20, ERC-20
    issuer: str | None


@dataclass(frozen=True)
class Output:
    index: int
    address: str
    amount: Decimal
    spent_by: str | None = None  # the txid that spends it, if any


@dataclass(frozen=True)
class Input:
    txid: str
    vout: int
    address: str
    amount: Decimal
    opening: bool  # an output from before the ledger's window (no page of its own)


@dataclass(frozen=True)
class Transfer:
    asset: str  # a token symbol, or the chain's native symbol for an internal transfer
    sender: str
    recipient: str
    amount: Decimal


@dataclass(frozen=True)
class Bridge:
    chain: str
    txid: str


@dataclass(frozen=True)
class Tx:
    chain: str
    txid: str
    height: int
    time: datetime
    fee: Decimal
    inputs: tuple[Input, ...] = ()
    outputs: tuple[Output, ...] = ()
    sender: str | None = None  # account chains: who signed and paid the fee
    recipient: str | None = None
    value: Decimal = Decimal(0)
    transfers: tuple[Transfer, ...] = ()
    bridge: Bridge | None = None
    method: str | None = None  # what the call did, as explorers decode it ("transfer", "swap")

    def addresses(self) -> list[str]:
        """Every address the transaction touches, senders first, without repeats."""
        seen: dict[str, None] = {}
        for address in [i.address for i in self.inputs] + [o.address for o in self.outputs]:
            seen.setdefault(address)
        for party in (self.sender, self.recipient):
            if party:
                seen.setdefault(party)
        for t in self.transfers:
            seen.setdefault(t.sender)
            seen.setdefault(t.recipient)
        return list(seen)

    def flows(self, native: str) -> tuple[list[Transfer], list[Transfer]]:
        """What went into the transaction and what came out of it, as a tracing graph draws it:
        address -> transaction -> address. The fee is neither (it goes to the block producer)."""
        if self.inputs or self.outputs:
            return ([Transfer(native, i.address, self.txid, i.amount) for i in self.inputs],
                    [Transfer(native, self.txid, o.address, o.amount) for o in self.outputs])  # fmt: skip
        moved = [Transfer(native, self.sender or "", self.recipient or "", self.value)] if self.value else []
        moved += self.transfers
        return ([Transfer(t.asset, t.sender, self.txid, t.amount) for t in moved],
                [Transfer(t.asset, self.txid, t.recipient, t.amount) for t in moved])  # fmt: skip


@dataclass(frozen=True)
class Block:
    height: int
    time: datetime
    txids: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    id: str
    name: str
    model: str
    symbol: str
    decimals: int
    tokens: tuple[Token, ...]
    blocks: tuple[Block, ...]
    opening: tuple[tuple[str, str, Decimal], ...] = ()  # (address, asset, amount) before the window

    @property
    def tip(self) -> int:
        return self.blocks[-1].height if self.blocks else 0

    def token(self, symbol: str) -> Token | None:
        return next((t for t in self.tokens if t.symbol == symbol), None)

    def confirmations(self, height: int) -> int:
        return self.tip - height + 1


@dataclass(frozen=True)
class Label:
    chain: str
    address: str
    name: str
    kind: str


@dataclass(frozen=True)
class Ledger:
    title: str
    as_of: datetime
    chains: tuple[Chain, ...]
    txs: dict[str, Tx]  # by lower-case txid
    labels: dict[tuple[str, str], Label]  # (chain, address key)
    activity: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (chain, address key) -> txids

    def chain(self, chain_id: str) -> Chain | None:
        return next((c for c in self.chains if c.id == chain_id), None)

    def tx(self, txid: str) -> Tx | None:
        return self.txs.get(txid.strip().lower().removeprefix("0x"))

    def label(self, chain: str, address: str) -> Label | None:
        return self.labels.get((chain, key(address)))

    def find_address(self, address: str) -> list[str]:
        """The chains on which `address` appears (exact for Base58, any case for hex and Bech32)."""
        wanted = key(address.strip())
        return [chain for (chain, k) in self.activity if k == wanted]

    def txs_of(self, chain: str, address: str) -> list[Tx]:
        return [self.txs[t] for t in self.activity.get((chain, key(address)), ())]

    def has_identifier(self, text: str) -> bool:
        return self.tx(text) is not None or bool(self.find_address(text))


def key(address: str) -> str:
    """How an address is looked up: Base58 is case-sensitive, hex and Bech32 are not."""
    return address.lower() if address.startswith(("0x", "0X", "bc1", "BC1")) else address
