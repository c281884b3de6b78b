"""The lab explorer over a case ledger: search, transaction and address pages, the trace and its
flow picture, access rules; the request templates; and `lms check` on a lab's answers."""

import re
import shutil

import pytest

from lms.content import addresses as A  # noqa: N812
from tests.conftest import FIXTURES

PAYMENT, HOP = A.synthetic_txid("payment"), A.synthetic_txid("hop")
VICTIM, RANSOM, DEPOSIT = (
    A.synthetic("p2wpkh", "victim"),
    A.synthetic("p2wpkh", "ransom"),
    A.synthetic("p2sh", "deposit"),
)
TRON_A, EVM_E1 = A.synthetic("tron", "a"), A.synthetic("evm", "e1")
LAB = "/courses/sample-course/labs/small"

LAB_MODULE = f"""---
title: "Lab: a small trace"
minutes: 20
objectives:
  - Follow a payment.
quiz: trace-lab-quiz
lab: small
---
## The case

The victim paid with transaction `{PAYMENT}`. Use the [preservation template](requests/preservation.md).
"""
LAB_QUIZ = f"""---
pass_percent: 80
---
Quiz title: Trace lab quiz

1.  Which address received the ransom?
... It is the first output of the payment.
*   {RANSOM}

2.  How much did the victim pay, in BTC?
... The first output of the payment.
=   1.5 +- 0.00000001
"""
REQUEST = """---
title: Preservation request
summary: Ask a provider to keep records.
---
## The request

Please preserve the records of [Address].
"""


def build_lab_course(root, sequential=True, quiz=LAB_QUIZ):
    courses, quizzes = root / "courses", root / "quizzes"
    shutil.copytree(FIXTURES / "courses" / "sample-course", courses / "sample-course")
    shutil.copytree(FIXTURES / "quizzes" / "sample-course", quizzes / "sample-course")
    course = courses / "sample-course"
    if not sequential:
        text = (course / "course.md").read_text().replace("sequential: true", "sequential: false")
        (course / "course.md").write_text(text)
    (course / "04-lab-small.md").write_text(LAB_MODULE)
    (course / "labs" / "small").mkdir(parents=True)
    shutil.copy(FIXTURES / "ledgers" / "small.yaml", course / "labs" / "small" / "ledger.yaml")
    (course / "requests").mkdir()
    (course / "requests" / "preservation.md").write_text(REQUEST)
    (quizzes / "sample-course" / "trace-lab-quiz.md").write_text(quiz)
    return {"COURSES_DIR": str(courses), "QUIZZES_DIR": str(quizzes)}


@pytest.fixture
def app_overrides(tmp_path):
    return build_lab_course(tmp_path, sequential=False)


@pytest.fixture
def officer(make_user, login):
    user = make_user()
    login(user)
    return user


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_the_lab_module_opens_the_explorer_and_links_its_template(client, officer):
    html = page(client, "/courses/sample-course/lab-small")
    assert f'href="{LAB}/"' in html and "Open the lab explorer" in html
    assert 'href="/courses/sample-course/requests/preservation"' in html
    template = page(client, "/courses/sample-course/requests/preservation")
    assert "Please preserve the records" in template and "Request template" in template
    assert 'href="/courses/sample-course/requests/preservation"' in page(client, "/courses/sample-course/")


def test_search_finds_a_txid_in_any_case_and_an_address_exactly(client, officer):
    response = client.get(f"{LAB}/?q=%20{PAYMENT.upper()}%20")
    assert response.status_code == 302 and response.location.endswith(f"{LAB}/tx/{PAYMENT}")
    response = client.get(f"{LAB}/?q={TRON_A}")
    assert response.status_code == 302 and response.location.endswith(f"{LAB}/tron/address/{TRON_A}")
    response = client.get(f"{LAB}/?q={EVM_E1.lower()}")
    assert response.status_code == 302 and "/ethereum/address/" in response.location
    html = page(client, f"{LAB}/?q={TRON_A.lower()}")  # Base58 is case-sensitive
    assert "Nothing in this case ledger matches" in html and "copy them exactly" in html


def test_the_transaction_page_shows_fee_confirmations_inputs_outputs_and_where_they_went(client, officer):
    html = page(client, f"{LAB}/tx/{PAYMENT}")
    assert "2026-03-02 09:00:00 UTC" in html
    assert re.search(r"Confirmations</dt><dd>2</dd>", html)
    assert "0.0001&nbsp;BTC" in html and "1.5&nbsp;BTC" in html
    assert "from an earlier transaction outside this case ledger" in html
    assert f'href="{LAB}/tx/{HOP}"' in html  # the output's spender
    hop = page(client, f"{LAB}/tx/{HOP}")
    assert "Northgate Exchange: deposit" in hop and "unspent" in hop


def test_token_transfers_and_bridge_links_are_shown(client, officer):
    tron_tx = next(t for t in [A.synthetic_txid("tron1")])
    html = page(client, f"{LAB}/tx/{tron_tx}")
    assert "Token transfers" in html and "4,000&nbsp;USDT" in html and "TRC-20" in html
    assert f'href="{LAB}/tx/{A.synthetic_txid("eth1")}"' in html and "Causeway Bridge" in html


def test_the_address_page_totals_what_came_in_and_went_out(client, officer):
    html = page(client, f"{LAB}/bitcoin/address/{VICTIM}")
    assert "2&nbsp;BTC" in html and "0.4999&nbsp;BTC" in html  # received 2 + 0.4999, sent 2
    assert "No label" in html
    assert client.get(f"{LAB}/tron/address/{TRON_A.lower()}").status_code == 404
    assert client.get(f"{LAB}/bitcoin/address/{TRON_A}").status_code == 404
    assert client.get(f"{LAB}/tx/{'0' * 64}").status_code == 404
    assert client.get("/courses/sample-course/labs/nope/").status_code == 404


def test_a_trace_is_built_from_links_and_drawn_as_a_flow(client, officer):
    html = page(client, f"{LAB}/tx/{PAYMENT}")
    assert f'href="{LAB}/tx/{PAYMENT}?trace={PAYMENT}"' in html
    html = page(client, f"{LAB}/tx/{HOP}?trace={PAYMENT}")
    assert f"trace={PAYMENT}.{HOP}" in html and "Your trace: 1 transaction." in html
    # links keep the trace; unknown and repeated entries are dropped
    trace = page(client, f"{LAB}/trace?trace={PAYMENT}.{HOP}.{'f' * 64}.{PAYMENT}.nonsense")
    assert "Your trace: 2 transactions." in trace
    assert trace.count("<svg") == 1 and 'role="img"' in trace and "<script" not in trace.split("<svg")[1]
    assert "Northgate Exchange: deposit" in trace and "1.2999 BTC" in trace
    assert f"{LAB}/bitcoin/address/{RANSOM}?trace={PAYMENT}.{HOP}" in trace
    assert "Your trace is empty" in page(client, f"{LAB}/trace")


def test_the_explorer_needs_sign_in(client):
    response = client.get(f"{LAB}/tx/{PAYMENT}")
    assert response.status_code == 302 and "/auth/login" in response.location


class TestSequential:
    @pytest.fixture
    def app_overrides(self, tmp_path):
        return build_lab_course(tmp_path, sequential=True)

    def test_a_locked_lab_keeps_its_explorer_locked(self, client, officer):
        response = client.get(f"{LAB}/tx/{PAYMENT}")
        assert response.status_code == 302 and response.location.endswith("/courses/sample-course/")


def test_check_names_a_lab_answer_or_quoted_id_missing_from_the_ledger(tmp_path):
    from lms.catalog.build import build_catalog

    stranger = A.synthetic("p2wpkh", "stranger")
    settings = build_lab_course(tmp_path, quiz=LAB_QUIZ.replace(RANSOM, stranger))
    module = tmp_path / "courses" / "sample-course" / "04-lab-small.md"
    module.write_text(LAB_MODULE.replace(PAYMENT, A.synthetic_txid("elsewhere")))
    _, problems = build_catalog(settings["COURSES_DIR"], settings["QUIZZES_DIR"], asset_url=lambda c, n: n,
                                module_url=lambda c, s: s)  # fmt: skip
    messages = [str(p) for p in problems]
    assert any("trace-lab-quiz.md:6:" in m and stranger in m for m in messages), messages
    assert any("04-lab-small.md:11:" in m and "no transaction of the lab's ledger" in m for m in messages), messages


def test_check_reports_ledger_problems_with_the_ledger_file_and_line(tmp_path):
    from lms.catalog.build import build_catalog

    settings = build_lab_course(tmp_path)
    ledger = tmp_path / "courses" / "sample-course" / "labs" / "small" / "ledger.yaml"
    ledger.write_text(ledger.read_text().replace('amount: "1.2999"', 'amount: "1.3999"'))
    _, problems = build_catalog(settings["COURSES_DIR"], settings["QUIZZES_DIR"], asset_url=lambda c, n: n,
                                module_url=lambda c, s: s)  # fmt: skip
    assert any(p.path.endswith("labs/small/ledger.yaml") and "does not balance" in p.message for p in problems)
