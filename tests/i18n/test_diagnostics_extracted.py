"""Content and quiz diagnostics reach an instructor's page in their language (issue 18, point 1).

The checks are pure (no Flask), so each message they produce is an `lms.i18n.Message`: the
English sentence, which the command line prints, that keeps its msgid and parameters for the
authoring pages to translate. The bad inputs of the parser and catalog suites are run through
the checks again here, and every message must be a Message whose msgid (and the msgid of every
Message in its parameters) is one `make messages` extracts. A diagnostic added as a plain
f-string fails here, before a German instructor reads it in English.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.authoring import bounded, drafts
from lms.catalog.build import build_catalog
from lms.content import addresses as A  # noqa: N812
from lms.content.frontmatter import FrontMatterError, split
from lms.content.ledger_parse import parse as parse_ledger
from lms.content.problems import Problem
from lms.content.render import render
from lms.i18n import Message
from lms.quizzes.format import parse_quiz
from tests.conftest import FIXTURES
from tests.content import test_catalog, test_ledger
from tests.quizzes import test_format

ROOT = Path(__file__).resolve().parents[2]
CORPUS = FIXTURES / "quizzes" / "corpus"


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    """The msgids of the source, extracted as `make messages` does (babel.cfg, `-k _l -k N_`)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = DEFAULT_KEYWORDS | {"_l": None, "N_": None}
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=keywords
        )
    }


def _argvalues(test) -> list:
    """The cases of a test's @pytest.mark.parametrize, to run its inputs again here."""
    (mark,) = [m for m in test.pytestmark if m.name == "parametrize"]
    return list(mark.args[1])


def quiz_messages() -> list[tuple[str, str]]:
    """(where, message) of every problem the quiz parser finds in the bad quizzes of tests/quizzes."""
    texts = {path.name: path.read_text("utf-8") for folder in ("invalid", "letp_invalid")
             for path in sorted((CORPUS / folder).glob("*.md"))}  # fmt: skip
    for number, (text, _line, _words) in enumerate(_argvalues(test_format.test_problem_and_its_file_line)):
        texts[f"body case {number}"] = text
    for number, (yaml, _words) in enumerate(_argvalues(test_format.test_bad_setting_is_reported_on_its_line)):
        texts[f"setting case {number}"] = f"---\ngrading: highest\n{yaml}\n---\n{test_format.HEAD}{test_format.SINGLE}"
    for points in _argvalues(test_format.test_bad_points_are_refused):
        texts[f"points {points}"] = test_format.HEAD + f"Points: {points}\n" + test_format.SINGLE
    texts["order"] = ("---\npass_percent: 120\ncolour: blue\n---\n" + test_format.HEAD + "Points: 0\n1. Q?\na) A\nb) B\n"
                      "2. R?\n= 0\n")  # fmt: skip
    texts["yaml"] = "---\npass_percent: [80\n---\n" + test_format.HEAD + "1. Q?\n"
    texts["window"] = ("---\nopens_at: 2026-12-01T10:00:00Z\ncloses_at: 2026-12-01T12:00:00+02:00\n---\n"
                       + test_format.HEAD + test_format.SINGLE)  # fmt: skip
    texts["text title in group"] = test_format.HEAD + "GROUP\n" + test_format.SINGLE + "Text title: T\nEND_GROUP\n"
    texts["title and points unused"] = test_format.HEAD + "Title: X\nPoints: 2\n\n" + test_format.SINGLE
    texts["pick twice"] = test_format.HEAD + "GROUP\npick: 1\npick: 1\n" + test_format.SINGLE + "END_GROUP\n"
    texts["short answer, then a number"] = test_format.HEAD + "1. Q?\n*   yes\n= 3\n"
    found = []
    for name, text in texts.items():
        quiz, problems = parse_quiz(text, name)
        assert quiz is None and problems, name
        found += [(f"{name} line {p.line}", p.message) for p in problems]
    return found


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", root)
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    return root / "sample-course"


def _problems(course_dir: Path) -> list[Problem]:
    _catalog, problems = build_catalog(course_dir.parent, course_dir.parent.parent / "quizzes", **test_catalog.urls())
    return problems


def catalog_messages(tmp_path: Path) -> list[tuple[str, str]]:
    """Every problem of the broken courses of tests/content/test_catalog.py, and of a few more."""
    write, module = test_catalog.write, test_catalog.MODULE
    ledger = (FIXTURES / "ledgers" / "small.yaml").read_text("utf-8")
    faults = {case[0]: case[1] for case in test_catalog.CASES} | {
        "glossary term": lambda d: write(d / "03-third-steps.md", module + "\nA [wallet](glossary.md#wallet).\n"),
        "glossary slug": lambda d: write(d / "04-glossary.md", module),
        "quiz problems": lambda d: (
            write(
                d.parent.parent / "quizzes" / "sample-course" / "second-quiz.md",
                "---\npass_percent: 120\n---\nQuiz title: Q\n\n1.  Two?\n=   2\n\n2.  Upload your notes.\n^^^\n",
            ),
            write(d / "02-second-steps.md", module.replace("minutes: 10", "minutes: 10\nquiz: second-quiz")),
        ),
        "quiz twice": lambda d: (
            write(d.parent.parent / "quizzes" / "sample-course" / "q.md", "Quiz title: Q\n\n1.  Two?\n=   2\n"),
            write(d / "02-second-steps.md", module.replace("minutes: 10", "minutes: 10\nquiz: q")),
            write(d / "03-third-steps.md", module.replace("minutes: 10", "minutes: 10\nquiz: q")),
        ),
        "final is a module quiz": lambda d: (
            write(d.parent.parent / "quizzes" / "sample-course" / "q.md", "Quiz title: Q\n\n1.  Two?\n=   2\n"),
            write(d / "02-second-steps.md", module.replace("minutes: 10", "minutes: 10\nquiz: q")),
            write(d / "course.md", "---\ntitle: C\nsummary: S\nfinal_assessment: q\n---\nText\n"),
        ),
        "weights": lambda d: write(d / "course.md", "---\ntitle: C\nsummary: S\nweights: {modules: 100}\n---\nText\n"),
        "too large": lambda d: write(d / "03-third-steps.md", module + "x" * 1_000_001),
        "request name": lambda d: ((d / "requests").mkdir(), write(d / "requests" / "Bad_Name.md", module)),
        "no modules": lambda d: [path.unlink() for path in d.glob("0*.md")],
        "bad folder": lambda d: (d.parent / "Bad_Folder").mkdir(),
        "labs": lambda d: (
            (d / "labs" / "trace").mkdir(parents=True),
            write(d / "labs" / "trace" / "ledger.yaml", ledger),
            write(
                d / "02-second-steps.md",
                module.replace("minutes: 10", "minutes: 10\nlab: trace\nquiz: lab-quiz")
                + f"\nThe address `{A.synthetic('p2wpkh', 'nobody')}`.\n",
            ),
            write(
                d.parent.parent / "quizzes" / "sample-course" / "lab-quiz.md",
                f"Quiz title: Q\n\n1.  Where did it go?\n*   {A.synthetic('p2wpkh', 'nobody')}\n",
            ),
            write(d / "03-third-steps.md", module.replace("minutes: 10", "minutes: 10\nlab: trace")),
            write(d / "01-first-steps.md", module.replace("minutes: 10", "minutes: 10\nlab: nowhere")),
        ),
        "broken ledger": lambda d: (
            (d / "labs" / "trace").mkdir(parents=True),
            write(d / "labs" / "trace" / "ledger.yaml", "title: [unclosed\n"),
            write(d / "02-second-steps.md", module.replace("minutes: 10", "minutes: 10\nlab: trace")),
        ),
        "ledger not utf-8": lambda d: (
            (d / "labs" / "trace").mkdir(parents=True),
            (d / "labs" / "trace" / "ledger.yaml").write_bytes(b"title: caf\xe9\n"),
            write(d / "02-second-steps.md", module.replace("minutes: 10", "minutes: 10\nlab: trace")),
        ),
    }
    found = []
    for number, (name, fault) in enumerate(faults.items()):
        course_dir = _course(tmp_path / str(number))
        fault(course_dir)
        problems = _problems(course_dir)
        assert problems, name
        found += [(f"{name}: {p}", p.message) for p in problems]
    _catalog, problems = build_catalog(tmp_path / "nowhere", tmp_path, **test_catalog.urls())
    (tmp_path / "empty").mkdir()
    _catalog, more = build_catalog(tmp_path / "empty", tmp_path, **test_catalog.urls())
    return found + [(str(p), p.message) for p in problems + more]


TOKEN = A.synthetic("p2wpkh", "token")  # a token on a UTXO chain, which has none
# (old, new) in the small ledger, as tests/content/test_ledger.py breaks it, and a few more
LEDGER_FAULTS = [
    (test_ledger.RANSOM, test_ledger.RANSOM[:-1] + ("q" if test_ledger.RANSOM[-1] != "q" else "p")),
    (A.synthetic("evm", "e1"), A.synthetic("evm", "e1").lower()),
    (A.synthetic("evm", "e1"), A.synthetic("p2wpkh", "e1")),
    (f"{{txid: {test_ledger.PAYMENT}, vout: 0}}", f"{{txid: {A.synthetic_txid('nowhere')}, vout: 0}}"),
    (f"{{txid: {test_ledger.PAYMENT}, vout: 0}}", f"{{txid: {A.synthetic_txid('opening')}, vout: 0}}"),
    ('amount: "1.2999"', 'amount: "1.3999"'),
    ('amount: "4000"', 'amount: "5000.000001"'),
    ('fee: "13.5"', 'fee: "13.5000001"'),
    ('fee: "13.5"', 'fee: "-1"'),
    ('fee: "13.5"', "fee: lots"),
    ("time: 2026-03-02T09:10:00Z", "time: 2026-03-02T08:10:00Z"),
    ("time: 2026-03-02T09:10:00Z", "time: soon"),
    ("height: 101", "height: 99"),
    ("height: 101", "height: high"),
    (f"address: {test_ledger.DEPOSIT}, name", f"address: {A.synthetic('p2wpkh', 'stranger')}, name"),
    ("bridge: {chain: tron", "bridge: {chain: bitcoin"),
    ('            fee: "0.0001"\n', '            fee: "0.0001"\n            memo: hi\n'),
    ("as_of: 2026-03-20T12:00:00Z", "as_of: 2026-03-01T00:00:00Z"),
    ("as_of: 2026-03-20T12:00:00Z", "as_of: yesterday"),
    ("    model: utxo", "    model: dag"),
    ("    decimals: 8", "    decimals: many"),
    ("  - id: bitcoin", "  - id: Bit Coin"),
    ("title: Test ledger\n", ""),
    ("chains:", "chains: []\nold_chains:"),
    (test_ledger.PAYMENT, "0xnothex"),
    (test_ledger.HOP, test_ledger.PAYMENT),
    ("    name: Tron\n", "    name: [1]\n"),
    ("decimals: 6, standard: TRC-20", "decimals: six, standard: TRC-20"),
    (
        "contract: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, decimals",
        "contract: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6X, decimals",
    ),
    (
        "    decimals: 8\n",
        f"    decimals: 8\n    tokens:\n      - {{symbol: X, contract: {TOKEN}, decimals: 8, standard: none}}\n",
    ),
    ("address: bc1q9ny49vsq07jnc0vj3qdck207348892qxle0u56, amount", "address: nope, amount"),
    ("              - {txid: fdf04", "              - {where: x, txid: fdf04"),
    ('asset: TRX, amount: "100"}', 'asset: TRX, amount: "100", memo: x}'),
    ('asset: TRX, amount: "100"}', 'asset: TRX, amount: "-100"}'),
    ("            bridge: {chain: tron, txid: fdb2ed24528ea199870d480abd7940fd28be87ed04c23db8b5068d0bf0bf3269}\n", ""),
    ("bridge: {chain: tron, txid:", "bridge: {chain: tron, memo: x, txid:"),
    ("{chain: tron, address: TLa2k", "{chain: nochain, address: TLa2k"),
    ("{chain: tron, address: TLa2k", "{chain: tron, memo: x, address: TLa2k"),
    ("2026-03-02T09:00:00Z\n        txs:", "2026-03-02T09:00:00Z\n        txs: []\n        old:"),
]


def ledger_messages() -> list[tuple[str, str]]:
    small = test_ledger.SMALL
    texts = {"bad yaml": "title: [unclosed\n", "a list": "- one\n- two\n"}
    for old, new in LEDGER_FAULTS:
        assert old in small, old
        texts[f"{old!r} -> {new!r}"] = small.replace(old, new, 1)
    for kind in ("asset: USDT", "kind: exchange"):
        if kind in small:
            texts[kind] = small.replace(kind, kind.split(":")[0] + ": nothing", 1)
    found = []
    for name, text in texts.items():
        ledger, problems = parse_ledger(text)
        assert ledger is None and problems, name
        found += [(f"{name} line {line}", message) for line, message in problems]
    return found


def draft_messages() -> list[tuple[str, str]]:
    """The draft checker's own problems (size, nesting, time), and a module draft's."""
    found = bounded.bound_problems("x" * (bounded.MAX_CHARACTERS + 1))
    found += bounded.bound_problems("- a\n" + " " * 4 * (bounded.MAX_NESTING + 1) + "- deep\n")
    found += bounded.bound_problems("> " * (bounded.MAX_NESTING + 1) + "quoted\n")
    found += drafts.check_module(
        "## No settings\n\n![](x.png) [next](02-next.md) ![a](https://x.example/a.png)\n"
    ).problems
    found += drafts.check_module("---\ntitle: T\nminutes: 0\nobjectives: [one]\ncolour: red\n---\nText\n").problems
    found += drafts.check_module("---\ntitle: [T\n---\nText\n").problems
    found += drafts.check_module(
        "---\ntitle: " + "x" * 151 + "\nminutes: 5\nobjectives: ['', b]\nquiz: Not A Slug\n---\nT\n"
    ).problems
    found += drafts.check_module("---\ntitle: ''\nminutes: 5\nobjectives: [" + "a, " * 21 + "a]\n---\nText\n").problems
    found += drafts.check_quiz("Quiz title: T\n1. Q?\n").problems
    return [(str(p), p.message) for p in found] + [("too slow", bounded.TOO_SLOW), ("too deep", bounded.TOO_DEEP)]


def other_messages() -> list[tuple[str, str]]:
    found = []
    for text in ("---\ntitle: A\n", "---\ntitle: A\nbad: [1, 2\n---\nx", "---\n- a\n- b\n---\nx"):
        with pytest.raises(FrontMatterError) as caught:
            split(text)
        found.append((text, caught.value.message))
    rendered = render("![](a.png)\n\n![alt](https://x.example/b.png)\n\n[gone](09-gone.md)\n", lambda _name: None,
                      lambda _target: None)  # fmt: skip
    found += [(f"render line {line}", message) for line, message in rendered.problems]
    for address in (A.synthetic("evm", "x").lower()[:-1] + "A", "1BoatSLRHtKNngkdXEeobR76b53LETtpyX"):
        found.append((address, A.problem_with(address)))
    return found


def _unextracted(message, extracted: set[str]) -> list[str]:
    """What is wrong with `message`: not a Message, or a msgid (its own or a parameter's) not extracted."""
    if not isinstance(message, Message):
        return [f"a plain {type(message).__name__}, not an lms.i18n.Message"]
    wrong = [] if message.msgid in extracted else [f"msgid {message.msgid!r} is not extracted by `make messages`"]
    for value in message.params.values():
        wrong += _unextracted(value, extracted) if isinstance(value, Message) else []
    return wrong


def test_every_diagnostic_of_the_bad_fixtures_is_an_extracted_message(extracted, tmp_path):
    produced = quiz_messages() + catalog_messages(tmp_path) + ledger_messages() + draft_messages() + other_messages()
    assert len(produced) > 300
    wrong = [f"{where}: {message!r}: {why}" for where, message in produced for why in _unextracted(message, extracted)]
    assert not wrong, f"{len(wrong)} diagnostics would stay English on a page:\n" + "\n".join(wrong[:30])
    assert len({m.msgid for _where, m in produced}) > 120  # the suites reach most of the checks


def test_a_problem_is_translated_with_its_parameters_and_stays_english_on_the_command_line():
    quiz, problems = parse_quiz(test_format.HEAD + "1. Q?\n... One.\n... Two.\n*a) A\nb) B\n", "q.md")
    (problem,) = problems
    english = "q.md:4: the question already has general feedback ('...') on line 3; merge the two into one"
    assert quiz is None and str(problem) == english

    german = {  # a stand-in catalog, as flask_babel.gettext reads one
        "the question already has %(what)s on line %(line)s; merge the two into one":
            "die Frage hat schon %(what)s in Zeile %(line)s; fassen Sie beide zusammen",
        "general feedback ('...')": "allgemeines Feedback ('...')",
    }  # fmt: skip

    def gettext(msgid: str, **params) -> str:
        return german.get(msgid, msgid) % params if params else german.get(msgid, msgid)

    translated = problem.translate(gettext)
    assert (
        str(translated)
        == "q.md:4: die Frage hat schon allgemeines Feedback ('...') in Zeile 3; fassen Sie beide zusammen"
    )
    assert str(problem) == english and (translated.path, translated.line) == (problem.path, problem.line)
