"""The case-ledger format: a consistent ledger reads cleanly; each kind of inconsistency is named
with the line it is on, and nothing is half-read."""

from decimal import Decimal
from pathlib import Path

import pytest

from lms.content import addresses as A  # noqa: N812
from lms.content.ledger_parse import parse

SMALL = (Path(__file__).parent.parent / "fixtures" / "ledgers" / "small.yaml").read_text()
PAYMENT, HOP = A.synthetic_txid("payment"), A.synthetic_txid("hop")
VICTIM, RANSOM, DEPOSIT = (
    A.synthetic("p2wpkh", "victim"),
    A.synthetic("p2wpkh", "ransom"),
    A.synthetic("p2sh", "deposit"),
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def problems_after(old: str, new: str, count: int = 1) -> list[tuple[int, str]]:
    assert old in SMALL
    ledger, problems = parse(SMALL.replace(old, new, count))
    assert ledger is None and problems
    return problems


def test_a_consistent_ledger_reads_with_spent_outputs_balances_and_links():
    ledger, problems = parse(SMALL)
    assert problems == []
    payment = ledger.tx(PAYMENT.upper())
    assert payment.fee == Decimal("0.0001") and payment.outputs[0].spent_by == HOP
    assert payment.inputs[0].opening and payment.inputs[0].address == VICTIM
    assert ledger.chain("bitcoin").confirmations(payment.height) == 2
    assert [t.txid for t in ledger.txs_of("bitcoin", RANSOM)] == [PAYMENT, HOP]
    tron = next(t for t in ledger.txs.values() if t.chain == "tron")
    assert tron.bridge.chain == "ethereum" and ledger.tx(tron.bridge.txid).bridge.txid == tron.txid
    assert ledger.label("bitcoin", DEPOSIT).kind == "exchange"
    evm = A.synthetic("evm", "e1")
    assert ledger.find_address(evm.lower()) == ["ethereum"]  # hex: any case
    tron_address = A.synthetic("tron", "a")
    assert ledger.find_address(tron_address) == ["tron"] and ledger.find_address(tron_address.lower()) == []


def test_a_typo_in_an_address_is_caught_by_its_checksum():
    typo = RANSOM[:-1] + ("q" if RANSOM[-1] != "q" else "p")
    problems = problems_after(RANSOM, typo)
    assert any("is not a valid address" in m and line == line_of(SMALL, RANSOM) for line, m in problems)


def test_an_eip55_address_in_the_wrong_case_is_named_with_its_right_form():
    evm = A.synthetic("evm", "e1")
    problems = problems_after(evm, evm.lower())
    assert any("EIP-55" in m and evm in m for _, m in problems)


def test_spending_an_unknown_or_already_spent_output_is_refused():
    unknown = A.synthetic_txid("nowhere")
    problems = problems_after(f"{{txid: {PAYMENT}, vout: 0}}", f"{{txid: {unknown}, vout: 0}}")
    assert any("spends no known output" in m for _, m in problems)
    problems = problems_after(f"{{txid: {PAYMENT}, vout: 0}}", f"{{txid: {A.synthetic_txid('opening')}, vout: 0}}")
    assert any("already spent" in m for _, m in problems)


def test_a_transaction_that_does_not_balance_is_named():
    problems = problems_after('amount: "1.2999"', 'amount: "1.3999"')
    assert any("does not balance" in m and "-0.1000 unaccounted" in m for _, m in problems)


def test_no_balance_may_go_below_zero_on_an_account_chain():
    problems = problems_after('amount: "4000"', 'amount: "5000.000001"')
    assert any("below zero" in m and line == line_of(SMALL, 'amount: "4000"') for line, m in problems)


def test_more_decimals_than_the_chain_has_are_refused():
    problems = problems_after('fee: "13.5"', 'fee: "13.5000001"')
    assert any("more than 6 decimals" in m for _, m in problems)


def test_blocks_must_rise_in_height_and_time():
    problems = problems_after("time: 2026-03-02T09:10:00Z", "time: 2026-03-02T08:10:00Z")
    assert any("must not go back" in m for _, m in problems)
    problems = problems_after("height: 101", "height: 99")
    assert any("rising height" in m for _, m in problems)


def test_labels_and_bridges_must_point_at_things_that_exist():
    stranger = A.synthetic("p2wpkh", "stranger")
    problems = problems_after(f"address: {DEPOSIT}, name", f"address: {stranger}, name")
    assert any("no transaction on bitcoin touches" in m for _, m in problems)
    problems = problems_after("bridge: {chain: tron", "bridge: {chain: bitcoin")
    assert any("no transaction" in m and "bridge link" in m for _, m in problems)


def test_unknown_keys_and_bad_yaml_are_named():
    problems = problems_after('            fee: "0.0001"\n', '            fee: "0.0001"\n            memo: hi\n')
    assert any("unknown key 'memo'" in m for _, m in problems)
    ledger, problems = parse("title: [unclosed\n")
    assert ledger is None and "not valid YAML" in problems[0][1]


@pytest.mark.parametrize("as_of", ["2026-03-01T00:00:00Z", "yesterday"])
def test_as_of_must_be_a_utc_time_after_every_block(as_of):
    problems = problems_after("as_of: 2026-03-20T12:00:00Z", f"as_of: {as_of}")
    assert problems
