"""The picture of a trace: the transactions an officer followed, drawn as address -> transaction
-> address from top to bottom, as an SVG string built on the server (no script, phone-friendly:
the picture scales to the screen's width and the page lists the same hops as text).

Pure: takes a Ledger and txids, returns markup. Every text is escaped here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .ledger import Ledger, Tx, key

WIDTH, ROW, BOX_H, MAX_PER_ROW = 640, 96, 44, 5


@dataclass(frozen=True)
class Hop:
    """One followed transaction, as the text version of the picture lists it."""

    tx: Tx
    inflows: list[tuple[str, str, Decimal]]  # (address, asset, amount)
    outflows: list[tuple[str, str, Decimal]]


def short(identifier: str) -> str:
    return identifier if len(identifier) <= 14 else f"{identifier[:8]}…{identifier[-5:]}"


def hops(ledger: Ledger, txids: list[str]) -> list[Hop]:
    out = []
    for txid in txids:
        tx = ledger.tx(txid)
        chain = ledger.chain(tx.chain) if tx else None
        if tx is None or chain is None:
            continue
        ins, outs = tx.flows(chain.symbol)
        out.append(Hop(tx, _summed((t.sender, t.asset, t.amount) for t in ins),
                       _summed((t.recipient, t.asset, t.amount) for t in outs)))  # fmt: skip
    return out


def _summed(flows) -> list[tuple[str, str, Decimal]]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for address, asset, amount in flows:
        totals[(address, asset)] += amount
    return [(address, asset, amount) for (address, asset), amount in totals.items()]


def english_number(amount: Decimal) -> str:
    return f"{amount.normalize():,f}"


def flow_svg(ledger: Ledger, followed: list[Hop], title: str,
             number: Callable[[Decimal], str] = english_number) -> str:  # fmt: skip
    """An SVG of the followed hops; empty string when there is nothing to draw. `number` writes an
    amount as the page's language does (the explorer passes Babel's; "1.234,5" in German)."""

    def amount_text(amount: Decimal, asset: str) -> str:
        return f"{number(amount)} {asset}"

    if not followed:
        return ""
    rows: list[list[tuple[str, str]]] = []  # each row: (node id, kind)
    placed: dict[str, tuple[int, int]] = {}

    def place(node: str, row: int, kind: str) -> None:
        if node in placed:
            return
        while len(rows) <= row:
            rows.append([])
        placed[node] = (row, len(rows[row]))
        rows[row].append((node, kind))

    for index, hop in enumerate(followed):
        chain = hop.tx.chain
        for address, _, _ in hop.inflows:
            place(f"{chain}:{key(address)}", 2 * index, "address")
        place(f"tx:{hop.tx.txid}", 2 * index + 1, "tx")
        for address, _, _ in hop.outflows:
            place(f"{chain}:{key(address)}", 2 * index + 2, "address")

    def centre(node: str) -> tuple[float, float] | None:
        row, col = placed[node]
        shown = min(len(rows[row]), MAX_PER_ROW)
        if col >= MAX_PER_ROW:
            return None
        step = WIDTH / shown
        return step * col + step / 2, row * ROW + 20 + BOX_H / 2

    parts: list[str] = []
    for hop in followed:
        tx_node = f"tx:{hop.tx.txid}"
        for address, asset, amount in hop.inflows:
            parts.append(
                _edge(centre(f"{hop.tx.chain}:{key(address)}"), centre(tx_node), amount_text(amount, asset), 0.3)
            )
        for address, asset, amount in hop.outflows:
            parts.append(
                _edge(centre(tx_node), centre(f"{hop.tx.chain}:{key(address)}"), amount_text(amount, asset), 0.7)
            )
    for row in rows:
        for col, (node, kind) in enumerate(row[:MAX_PER_ROW]):
            x, y = centre(node) or (0, 0)
            box_w = min(WIDTH / min(len(row), MAX_PER_ROW) - 12, 220)
            if col == MAX_PER_ROW - 1 and len(row) > MAX_PER_ROW:
                parts.append(_box(x, y, box_w, "more", f"+ {len(row) - MAX_PER_ROW + 1} more", None))
                continue
            if kind == "tx":
                tx = ledger.tx(node[3:])
                assert tx is not None
                parts.append(_box(x, y, box_w, "tx", f"tx {short(tx.txid)}", f"{tx.time:%Y-%m-%d %H:%M} UTC"))
            else:
                chain, address_key = node.split(":", 1)
                label = ledger.labels.get((chain, address_key))
                address = label.address if label else _original(ledger, chain, address_key)
                parts.append(_box(x, y, box_w, f"address{' labelled' if label else ''}", short(address),
                                  label.name if label else None))  # fmt: skip
    height = len(rows) * ROW + 10
    return (
        f'<svg class="flow" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="flow-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="flow-title">{escape(title)}</title>'
        '<defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="flow-arrow"/></marker></defs>'
        + "".join(parts)
        + "</svg>"
    )


def _original(ledger: Ledger, chain: str, address_key: str) -> str:
    """The address as the ledger writes it (its key may be lower-cased)."""
    for txid in ledger.activity.get((chain, address_key), ()):
        for address in ledger.txs[txid].addresses():
            if key(address) == address_key:
                return address
    return address_key


def _edge(start: tuple[float, float] | None, end: tuple[float, float] | None, text: str, at: float) -> str:
    """An arrow with its amount `at` a fraction of its length: near the spread-out end, where
    the arrows of several inputs (or outputs) of one transaction are furthest apart."""
    if start is None or end is None:
        return ""
    (x1, y1), (x2, y2) = start, end
    if y2 > y1:  # down the page: a straight arrow, its amount beside the middle
        y1, y2 = y1 + BOX_H / 2, y2 - BOX_H / 2
        mx, my = x1 + (x2 - x1) * at, y1 + (y2 - y1) * at
        return (
            f'<line class="flow-edge" x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
            'marker-end="url(#flow-arrow)"/>'
            f'<text class="flow-amount" x="{mx + 4:.0f}" y="{my + 4:.0f}">{escape(text)}</text>'
        )
    # Back up to an address already drawn (change returning to a sender): a curve out to the side,
    # so it never hides the arrow coming down, with its amount at the curve's outer edge.
    x1, x2, y1, y2 = x1 + 40, x2 + 40, y1 - BOX_H / 2, y2 + BOX_H / 2
    cx, cy = max(x1, x2) + 110, (y1 + y2) / 2
    return (
        f'<path class="flow-edge flow-back" d="M{x1:.0f} {y1:.0f} Q{cx:.0f} {cy:.0f} {x2:.0f} {y2:.0f}" fill="none" '
        'marker-end="url(#flow-arrow)"/>'
        f'<text class="flow-amount" x="{(x1 + cx) / 2 + 8:.0f}" y="{cy + 4:.0f}">{escape(text)}</text>'
    )


def _box(x: float, y: float, width: float, kind: str, first: str, second: str | None) -> str:
    top = y - BOX_H / 2
    lines = f'<text class="flow-id" x="{x:.0f}" y="{top + (18 if second else 27):.0f}" text-anchor="middle">{escape(first)}</text>'
    if second:
        lines += (
            f'<text class="flow-note" x="{x:.0f}" y="{top + 35:.0f}" text-anchor="middle">{escape(second[:34])}</text>'
        )
    return (
        f'<g class="flow-{kind.split()[0]}{" flow-labelled" if "labelled" in kind else ""}">'
        f'<rect x="{x - width / 2:.0f}" y="{top:.0f}" width="{width:.0f}" height="{BOX_H}" rx="6"/>{lines}</g>'
    )
