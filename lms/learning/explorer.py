"""The tracing labs' block explorer: read-only pages over a lab's case ledger, behind sign-in.

Search by transaction id or address, transaction and address pages, and a trace: the
transactions the officer chose to follow, drawn as a flow. The trace lives in the URL
(`?trace=txid.txid...`), not in the database: following a hop changes nothing on the server,
so every link is a plain GET, a trace can be bookmarked or pasted into case notes, and the
pages work without JavaScript.

A lab opens when its module does: in a sequential course, a locked lab module keeps its
explorer locked too.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..catalog import service
from ..catalog.build import Course, Module
from ..content.addresses import TXID
from ..content.ledger import Ledger, key
from ..content.ledger_flow import flow_svg, hops
from ..progress import service as progress

# Amounts as the explorer's pages write them (templates/explorer/_links.html): every decimal a ledger holds.
AMOUNT_FORMAT = "#,##0.##################"

bp = Blueprint("explorer", __name__, url_prefix="/courses/<course>/labs/<lab>")
MAX_TRACE = 40


def _lab(course: str, lab: str) -> tuple[Course, Module, Ledger] | None:
    """The course, its lab module and ledger; None (after a flash) when the module is locked."""
    c = service.course_or_404(course)
    ledger = c.labs.get(lab)
    module = c.lab_module(lab)
    if ledger is None or module is None:
        abort(404)
    module_state = progress.course_state_for(current_user.id, c).module(module.slug)
    if module_state is not None and module_state.locked:
        flash(_("“%(title)s” opens once the modules before it are complete.", title=module.title), "warning")
        return None
    return c, module, ledger


def _trace(ledger: Ledger) -> list[str]:
    """The followed txids from the URL: known ones only, each once, at most MAX_TRACE."""
    txids: list[str] = []
    for part in request.args.get("trace", "").split("."):
        tx = ledger.tx(part) if TXID.match(part) else None
        if tx is not None and tx.txid not in txids:
            txids.append(tx.txid)
    return txids[:MAX_TRACE]


def _page(template: str, found: tuple[Course, Module, Ledger], **context):
    course, module, ledger = found
    trace = _trace(ledger)
    return render_template(f"explorer/{template}", course=course, module=module, ledger=ledger, trace=trace,
                           trace_param=".".join(trace), **context)  # fmt: skip


def lab_page(view):
    """A signed-in explorer page: `view` gets (course, module, ledger); a locked lab goes back to
    the course page with the reason flashed."""

    @wraps(view)
    @login_required
    def page(course: str, lab: str, **values):
        found = _lab(course, lab)
        if found is None:
            return redirect(url_for("content.course", course=course))
        return view(found, **values)

    return page


@bp.route("/")
@lab_page
def search(found: tuple[Course, Module, Ledger]):
    course, module, ledger = found
    query = request.args.get("q", "").strip()
    trace = request.args.get("trace") or None
    if query:
        hit = ledger.tx(query) if TXID.match(query) else None
        if hit is not None:
            return redirect(url_for(".tx", course=course.slug, lab=module.lab, txid=hit.txid, trace=trace))
        chains = ledger.find_address(query)
        if len(chains) == 1:
            return redirect(url_for(".address", course=course.slug, lab=module.lab, chain=chains[0], address=query,
                                    trace=trace))  # fmt: skip
    return _page("search.html", found, query=query, matches=ledger.find_address(query) if query else [])


@bp.route("/tx/<txid>")
@lab_page
def tx(found: tuple[Course, Module, Ledger], txid: str):
    transaction = found[2].tx(txid)
    if transaction is None:
        abort(404)
    return _page("tx.html", found, tx=transaction, chain=found[2].chain(transaction.chain))


@bp.route("/<chain>/address/<address>")
@lab_page
def address(found: tuple[Course, Module, Ledger], chain: str, address: str):
    ledger = found[2]
    the_chain = ledger.chain(chain)
    txs = ledger.txs_of(chain, address)
    if the_chain is None or not txs:
        abort(404)
    return _page("address.html", found, chain=the_chain, address=address, txs=txs,
                 summary=_summary(ledger, chain, address, txs))  # fmt: skip


@bp.route("/trace")
@lab_page
def trace(found: tuple[Course, Module, Ledger]):
    ledger = found[2]
    followed = hops(ledger, _trace(ledger))
    svg = flow_svg(ledger, followed, _("The transactions you followed, from top to bottom"),
                   lambda amount: format_decimal(amount, format=AMOUNT_FORMAT))  # fmt: skip
    return _page("trace.html", found, hops=followed, svg=svg)


def _summary(ledger: Ledger, chain: str, address: str, txs) -> list[tuple[str, object, object, object]]:
    """Per asset: (asset, received, sent, balance at the ledger's end) for `address` on `chain`."""
    the_chain = ledger.chain(chain)
    assert the_chain is not None
    wanted = key(address)
    totals: dict[str, list] = {}
    for asset_address, asset, amount in the_chain.opening:
        if key(asset_address) == wanted:
            totals.setdefault(asset, [0, 0])[0] += amount
    for tx in txs:
        ins, outs = tx.flows(the_chain.symbol)
        for t in outs:
            if key(t.recipient) == wanted:
                totals.setdefault(t.asset, [0, 0])[0] += t.amount
        for t in ins:
            if key(t.sender) == wanted:
                totals.setdefault(t.asset, [0, 0])[1] += t.amount
        if tx.sender and key(tx.sender) == wanted and tx.fee:
            totals.setdefault(the_chain.symbol, [0, 0])[1] += tx.fee
    return [(asset, received, sent, received - sent) for asset, (received, sent) in sorted(totals.items())]
