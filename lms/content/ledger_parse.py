"""Read and check a case ledger: replay each chain in block order and report every problem.

`parse` returns the Ledger, or None with every problem as (line, message): a failed checksum,
an unknown or double spend, an unbalanced transaction, a balance below zero, blocks out of
order, dangling labels and one-sided bridges. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import yaml

from ..i18n import N_, Message
from . import addresses as A  # noqa: N812
from .fields import SLUG
from .ledger import (
    ACCOUNT,
    LABEL_KINDS,
    UTXO,
    Block,
    Bridge,
    Chain,
    Input,
    Label,
    Ledger,
    Output,
    Token,
    Transfer,
    Tx,
    key,
)
from .ledger_fields import LINE, Checker, Loader, entries


def parse(text: str) -> tuple[Ledger | None, list[tuple[int, Message]]]:
    """Read a ledger's YAML text; return the ledger and every problem as (line, message)."""
    checker = Checker()
    try:
        data = yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1) if mark else 1
        return None, [(line, N_("the ledger is not valid YAML: %(error)s", error=str(exc.problem or exc.context)))]
    top = checker.keys(data, 1, {"title", "as_of", "chains", "labels"}, {"title", "as_of", "chains"}, N_("the ledger"))
    if top is None:
        return None, checker.problems
    title = checker.text(top, "title", N_("the ledger")) or ""
    as_of = checker.time(top, "as_of", N_("the ledger"))
    state = _Replay(checker)
    chains = [state.chain(item) for item in entries(checker, top, "chains", top[LINE], N_("the ledger"))]
    chains_ok = [c for c in chains if c is not None]
    labels = state.labels(top.get("labels") or [], top[LINE], {c.id for c in chains_ok})
    state.check_bridges()
    if as_of is not None:
        for chain in chains_ok:
            if chain.blocks and chain.blocks[-1].time > as_of:
                checker.problem(top[LINE], N_("'as_of' (%(time)s) is before the last block of %(chain)s",
                                              time=as_of.strftime("%Y-%m-%d %H:%MZ"), chain=chain.id))  # fmt: skip
    if checker.problems or as_of is None:
        return None, sorted(checker.problems)
    activity = {k: tuple(v) for k, v in state.activity.items()}
    return Ledger(title, as_of, tuple(chains_ok), state.txs, labels, activity), []


class _Replay:
    """Replays each chain in block order: outputs spent once, balances never below zero."""

    def __init__(self, checker: Checker):
        self.c = checker
        self.txs: dict[str, Tx] = {}
        self.tx_lines: dict[str, int] = {}
        self.activity: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.bridge_lines: dict[str, int] = {}

    def chain(self, item: Any) -> Chain | None:
        c = self.c
        allowed = {"id", "name", "model", "symbol", "decimals", "tokens", "opening", "blocks"}
        item = c.keys(item, 1, allowed, {"id", "name", "model", "symbol", "decimals", "blocks"}, N_("a chain"))
        if item is None:
            return None
        chain_id = c.text(item, "id", N_("a chain")) or ""
        what = N_("chain '%(chain)s'", chain=chain_id)
        if not SLUG.match(chain_id):
            c.problem(item[LINE], N_("%(what)s: 'id' must be a slug such as bitcoin or tron", what=what))
        model = item.get("model")
        if model not in (UTXO, ACCOUNT):
            c.problem(item[LINE], N_("%(what)s: 'model' must be utxo or account", what=what))
            return None
        decimals = item.get("decimals")
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 18:
            c.problem(item[LINE], N_("%(what)s: 'decimals' must be a whole number from 0 to 18", what=what))
            return None
        symbol = c.text(item, "symbol", what) or ""
        kinds = A.UTXO_KINDS if model == UTXO else A.ACCOUNT_KINDS
        tokens = tuple(t for t in (self.token(t, what, kinds) for t in item.get("tokens") or []) if t)
        if model == UTXO and tokens:
            c.problem(item[LINE], N_("%(what)s: a UTXO chain has no tokens in this format", what=what))
        chain = Chain(chain_id, c.text(item, "name", what) or chain_id, model, symbol, decimals, tokens, ())
        assets = {symbol: decimals} | {t.symbol: t.decimals for t in tokens}
        if model == UTXO:
            blocks, opening = self.replay_utxo(chain, item, kinds)
        else:
            blocks, opening = self.replay_account(chain, item, kinds, assets)
        return Chain(chain.id, chain.name, model, symbol, decimals, tokens, tuple(blocks), tuple(opening))

    def token(self, item: Any, what: Message, kinds: frozenset[str]) -> Token | None:
        c = self.c
        item = c.keys(item, 1, {"symbol", "name", "contract", "decimals", "standard", "issuer"},
                      {"symbol", "contract", "decimals", "standard"}, N_("a token of %(what)s", what=what))  # fmt: skip
        if item is None:
            return None
        contract = c.address(item, "contract", kinds, N_("a token of %(what)s", what=what))
        decimals = item.get("decimals")
        symbol = c.text(item, "symbol", N_("a token"))
        if contract is None or symbol is None or not isinstance(decimals, int) or not 0 <= decimals <= 18:
            if not isinstance(decimals, int):
                c.problem(item[LINE], N_("a token's 'decimals' must be a whole number from 0 to 18"))
            return None
        return Token(symbol, c.text(item, "name", N_("a token")) or symbol, contract, decimals,
                     c.text(item, "standard", N_("a token")) or "", c.text(item, "issuer", N_("a token")))  # fmt: skip

    def blocks(self, chain: Chain, item: dict):
        """Yield (block item, height, time, tx items) in order, checking heights and times."""
        last_height, last_time = None, None
        for block in entries(self.c, item, "blocks", item[LINE], N_("chain '%(chain)s'", chain=chain.id)):
            block = self.c.exactly(block, item[LINE], {"height", "time", "txs"}, N_("a block"))
            if block is None:
                continue
            height, time = block.get("height"), self.c.time(block, "time", N_("a block"))
            if not isinstance(height, int) or isinstance(height, bool) or height < 0:
                self.c.problem(block[LINE], N_("a block's 'height' must be a whole number"))
                continue
            if last_height is not None and height <= last_height:
                self.c.problem(block[LINE], N_("block %(height)s comes after block %(previous)s; list blocks in rising height",
                                               height=height, previous=last_height))  # fmt: skip
            if time and last_time and time < last_time:
                self.c.problem(
                    block[LINE],
                    N_("block %(height)s is timed before the block listed above it; block times must not go back",
                       height=height),
                )  # fmt: skip
            last_height, last_time = height, time or last_time
            if time is not None:
                yield (
                    block,
                    height,
                    time,
                    entries(self.c, block, "txs", block[LINE], N_("block %(height)s", height=height)),
                )

    def new_tx(self, item: dict, chain: Chain) -> str | None:
        txid = self.c.txid(item, "txid", N_("a transaction"))
        if txid is None:
            return None
        if txid in self.txs or txid in self.tx_lines:
            self.c.problem(
                item[LINE], N_("transaction %(txid)s is listed twice; every transaction id is unique", txid=txid)
            )
            return None
        self.tx_lines[txid] = item[LINE]
        return txid

    def replay_utxo(self, chain: Chain, item: dict, kinds: frozenset[str]):
        c, what = self.c, N_("chain '%(chain)s'", chain=chain.id)
        unspent: dict[tuple[str, int], tuple[str, Decimal, bool]] = {}
        opening = []
        for entry in item.get("opening") or []:
            entry = c.exactly(entry, item[LINE], {"txid", "vout", "address", "amount"}, N_("an opening output of %(what)s", what=what))  # fmt: skip
            if entry is None:
                continue
            txid, address = (
                c.txid(entry, "txid", N_("an opening output")),
                c.address(entry, "address", kinds, N_("an opening output")),
            )
            amount = c.amount(entry, "amount", chain.decimals, N_("an opening output"))
            if txid and address and amount is not None and isinstance(entry.get("vout"), int):
                unspent[(txid, entry["vout"])] = (address, amount, True)
                opening.append((address, chain.symbol, amount))
        spenders: dict[tuple[str, int], str] = {}
        built: list[tuple[Block, list[dict]]] = []
        for block, height, time, txs in self.blocks(chain, item):
            ids = []
            for tx in txs:
                tx = c.exactly(tx, block[LINE], {"txid", "inputs", "outputs", "fee"}, N_("a transaction"))
                txid = self.new_tx(tx, chain) if tx else None
                if tx is None or txid is None:
                    continue
                inputs, total_in = [], Decimal(0)
                label = N_("transaction %(txid)s…", txid=txid[:12])
                for entry in entries(c, tx, "inputs", tx[LINE], label):
                    entry = c.exactly(entry, tx[LINE], {"txid", "vout"}, N_("an input"))
                    spent = c.txid(entry, "txid", N_("an input")) if entry else None
                    if entry is None or spent is None:
                        continue
                    point = (spent, entry.get("vout"))
                    output = f"{spent[:12]}…:{point[1]}"
                    if point in spenders:
                        c.problem(
                            entry[LINE],
                            N_("output %(output)s is already spent by %(spender)s…; an output is spent once",
                               output=output, spender=spenders[point][:12]),
                        )  # fmt: skip
                    elif point not in unspent:
                        c.problem(
                            entry[LINE],
                            N_("input %(output)s spends no known output; it must name an earlier transaction's output (or an opening one) by txid and vout",
                               output=output),
                        )  # fmt: skip
                    else:
                        address, amount, is_opening = unspent.pop(point)
                        spenders[point] = txid
                        inputs.append(Input(spent, point[1], address, amount, is_opening))
                        total_in += amount
                outputs, total_out = [], Decimal(0)
                for index, entry in enumerate(entries(c, tx, "outputs", tx[LINE], label)):
                    entry = c.exactly(entry, tx[LINE], {"address", "amount"}, N_("an output"))
                    address = c.address(entry, "address", kinds, N_("an output")) if entry else None
                    amount = c.amount(entry, "amount", chain.decimals, N_("an output")) if entry else None
                    if address and amount is not None:
                        outputs.append(Output(index, address, amount))
                        unspent[(txid, index)] = (address, amount, False)
                        total_out += amount
                fee = c.amount(tx, "fee", chain.decimals, label, allow_zero=True)
                if fee is not None and total_in != total_out + fee and len(inputs) == len(tx["inputs"]):
                    c.problem(tx[LINE], N_("%(transaction)s does not balance: inputs %(inputs)s %(symbol)s = outputs "
                                           "%(outputs)s + fee %(fee)s + %(rest)s unaccounted", transaction=label,
                                           inputs=str(total_in), symbol=chain.symbol, outputs=str(total_out), fee=str(fee),
                                           rest=str(total_in - total_out - fee)))  # fmt: skip
                self.txs[txid] = Tx(chain.id, txid, height, time, fee or Decimal(0), tuple(inputs), tuple(outputs))
                ids.append(txid)
            built.append((Block(height, time, tuple(ids)), []))
        # Mark spent outputs and index activity, now that every spender is known.
        for (spent, vout), spender in spenders.items():
            tx = self.txs.get(spent)
            if tx is not None:
                marked = tuple(
                    o if o.index != vout else Output(o.index, o.address, o.amount, spender) for o in tx.outputs
                )
                self.txs[spent] = Tx(tx.chain, tx.txid, tx.height, tx.time, tx.fee, tx.inputs, marked)
        for block, _ in built:
            for txid in block.txids:
                for address in self.txs[txid].addresses():
                    self.activity[(chain.id, key(address))].append(txid)
        return [b for b, _ in built], opening

    def replay_account(self, chain: Chain, item: dict, kinds: frozenset[str], assets: dict[str, int]):
        c, what = self.c, N_("chain '%(chain)s'", chain=chain.id)
        balances: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        opening = []
        for entry in item.get("opening") or []:
            entry = c.exactly(
                entry, item[LINE], {"address", "asset", "amount"}, N_("an opening balance of %(what)s", what=what)
            )
            if entry is None:
                continue
            address, asset = c.address(entry, "address", kinds, N_("an opening balance")), entry.get("asset")
            if asset not in assets:
                c.problem(entry[LINE], N_("asset '%(asset)s' is neither %(symbol)s nor a token of %(what)s",
                                             asset=str(asset), symbol=chain.symbol, what=what))  # fmt: skip
                continue
            amount = c.amount(entry, "amount", assets[asset], N_("an opening balance"))
            if address and amount is not None:
                balances[(key(address), asset)] += amount
                opening.append((address, asset, amount))
        blocks = []
        for block, height, time, txs in self.blocks(chain, item):
            ids = []
            for tx in txs:
                allowed = {"txid", "from", "to", "value", "fee", "transfers", "bridge", "method"}
                tx = c.keys(tx, block[LINE], allowed, {"txid", "from", "to", "fee"}, N_("a transaction"))
                txid = self.new_tx(tx, chain) if tx else None
                if tx is None or txid is None:
                    continue
                label = N_("transaction %(txid)s…", txid=txid[:12])
                sender, recipient = c.address(tx, "from", kinds, label), c.address(tx, "to", kinds, label)
                value = c.amount(tx, "value", chain.decimals, label, allow_zero=True) if "value" in tx else Decimal(0)
                fee = c.amount(tx, "fee", chain.decimals, label, allow_zero=True)
                transfers = []
                for entry in tx.get("transfers") or []:
                    entry = c.exactly(entry, tx[LINE], {"asset", "from", "to", "amount"}, N_("a transfer"))
                    if entry is None:
                        continue
                    asset = entry.get("asset")
                    if asset not in assets:
                        c.problem(entry[LINE], N_("asset '%(asset)s' is neither %(symbol)s nor a token of %(what)s",
                                             asset=str(asset), symbol=chain.symbol, what=what))  # fmt: skip
                        continue
                    frm, to = (
                        c.address(entry, "from", kinds, N_("a transfer")),
                        c.address(entry, "to", kinds, N_("a transfer")),
                    )
                    amount = c.amount(entry, "amount", assets[asset], N_("a transfer"))
                    if frm and to and amount is not None:
                        transfers.append((entry[LINE], Transfer(asset, frm, to, amount)))
                bridge = self.bridge_of(tx)
                if sender is None or recipient is None or value is None or fee is None:
                    continue
                moves = [(tx[LINE], Transfer(chain.symbol, sender, "", fee))]
                if value:
                    moves.append((tx[LINE], Transfer(chain.symbol, sender, recipient, value)))
                for line, move in moves + transfers:
                    have = balances[(key(move.sender), move.asset)]
                    if have < move.amount:
                        c.problem(
                            line,
                            N_("%(address)s would go below zero: it holds %(held)s %(asset)s and sends %(amount)s in %(transaction)s",
                               address=move.sender, held=str(have), asset=move.asset, amount=str(move.amount), transaction=label),
                        )  # fmt: skip
                    balances[(key(move.sender), move.asset)] = have - move.amount
                    if move.recipient:
                        balances[(key(move.recipient), move.asset)] += move.amount
                method = c.text(tx, "method", label)
                self.txs[txid] = Tx(chain.id, txid, height, time, fee, sender=sender, recipient=recipient, value=value,
                                    transfers=tuple(t for _, t in transfers), bridge=bridge, method=method)  # fmt: skip
                self.bridge_lines[txid] = tx[LINE]
                ids.append(txid)
                for address in self.txs[txid].addresses():
                    if txid not in self.activity[(chain.id, key(address))]:
                        self.activity[(chain.id, key(address))].append(txid)
            blocks.append(Block(height, time, tuple(ids)))
        return blocks, opening

    def bridge_of(self, tx: dict) -> Bridge | None:
        raw = tx.get("bridge")
        if raw is None:
            return None
        raw = self.c.exactly(raw, tx[LINE], {"chain", "txid"}, N_("a bridge link"))
        txid = self.c.txid(raw, "txid", N_("a bridge link")) if raw else None
        return Bridge(str(raw.get("chain")), txid) if raw and txid else None

    def check_bridges(self) -> None:
        """A bridge link names a transaction on another chain that links back, no earlier than it."""
        for tx in self.txs.values():
            if tx.bridge is None:
                continue
            line = self.bridge_lines.get(tx.txid, 1)
            other = self.txs.get(tx.bridge.txid)
            if other is None or other.chain != tx.bridge.chain:
                self.c.problem(
                    line,
                    N_("bridge link of %(txid)s…: no transaction %(other)s… on chain '%(chain)s'",
                       txid=tx.txid[:12], other=tx.bridge.txid[:12], chain=tx.bridge.chain),
                )  # fmt: skip
            elif other.bridge is None or other.bridge.txid != tx.txid:
                self.c.problem(
                    line,
                    N_("bridge link of %(txid)s…: %(other)s… must link back to it with its own 'bridge'",
                       txid=tx.txid[:12], other=other.txid[:12]),
                )  # fmt: skip

    def labels(self, items: list, line: int, chains: set[str]) -> dict[tuple[str, str], Label]:
        labels: dict[tuple[str, str], Label] = {}
        for entry in items if isinstance(items, list) else []:
            entry = self.c.exactly(entry, line, {"chain", "address", "name", "kind"}, N_("a label"))
            if entry is None:
                continue
            chain, address = entry.get("chain"), self.c.text(entry, "address", N_("a label")) or ""
            if chain not in chains:
                self.c.problem(
                    entry[LINE], N_("a label names chain '%(chain)s', which the ledger does not have", chain=str(chain))
                )
                continue
            if entry.get("kind") not in LABEL_KINDS:
                self.c.problem(
                    entry[LINE], N_("a label's 'kind' must be one of %(kinds)s", kinds=", ".join(LABEL_KINDS))
                )
                continue
            if (chain, key(address)) not in self.activity:
                self.c.problem(
                    entry[LINE],
                    N_("the label '%(name)s' names %(address)s, which no transaction on %(chain)s touches",
                       name=str(entry.get("name")), address=address, chain=chain),
                )  # fmt: skip
                continue
            labels[(chain, key(address))] = Label(chain, address, str(entry["name"]), entry["kind"])
        return labels
