"""Our GIFT importer against gift-pegjs 1.0.2 (npm, run through node) on tests/fixtures/gift/.

For every file, each question gift-pegjs reads must come out of `gift_to_native` (and then
`parse_quiz`) with the same type, title, stem, choices and correctness, feedback and numerical
bounds; what has no native form must be listed as a Loss under its title.

Differences accepted on purpose:
- True/false feedback: gift-pegjs calls the two feedbacks trueFeedback and falseFeedback; Moodle
  (and we) read `{T#a#b}` as a = shown when wrong, b = shown when right.
- Whitespace is compared collapsed; `[plain]` text gains Markdown backslash escapes.
- Partial-credit answers count as wrong (choices) or are dropped (short answer, numerical), with a Loss.
- Matching: gift-pegjs keeps an answer that matches no prompt each time it is listed; Moodle (and we)
  list each answer once.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lms.authoring.gift import gift_to_native
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

ROOT = Path(__file__).parents[2]
CORPUS = sorted((ROOT / "tests" / "fixtures" / "gift").glob("*.gift"))
PACKAGE = ROOT / ".cache" / "node" / "node_modules" / "gift-pegjs"
SCRIPT = Path(__file__).with_name("gift_parse.js")
INSTALL = "npm install --no-save --prefix .cache/node gift-pegjs@1.0.2"


@pytest.fixture(scope="module")
def pegjs() -> dict:
    """gift-pegjs's parse of every corpus file, keyed by file name."""
    node = shutil.which("node")
    reason = None
    if node is None:
        reason = "node is not on PATH (apt-get install nodejs npm)"
    elif not (PACKAGE / "package.json").is_file():
        reason = f"gift-pegjs is not installed; run: {INSTALL}"
    if reason:
        if os.environ.get("LMS_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + "; LMS_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    version = json.loads((PACKAGE / "package.json").read_text("utf-8"))["version"]
    assert version == "1.0.2", f"expected gift-pegjs 1.0.2, found {version}; run: {INSTALL}"
    done = subprocess.run(
        [node, str(SCRIPT), str(PACKAGE), *map(str, CORPUS)], capture_output=True, text=True, check=True, timeout=60
    )
    return {Path(name).name: result for name, result in json.loads(done.stdout).items()}


def flat(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def text_of(field: dict | None) -> str | None:
    return None if field is None else flat(field["text"]) or None


def bounds(answer: dict) -> tuple[float, float]:
    if answer["type"] == "simple":
        return answer["number"], answer["number"]
    if answer["type"] == "range":
        return answer["number"] - answer["range"], answer["number"] + answer["range"]
    return tuple(sorted((answer["numberLow"], answer["numberHigh"])))


def full_credit(choice: dict) -> bool:
    return choice["isCorrect"] and choice["weight"] in (None, 100)


def expected_question(theirs: dict) -> dict:
    """What our parsed question must look like, derived from gift-pegjs's reading."""
    kind = theirs["type"]
    expected = {"title": theirs["title"], "text": flat(theirs["stem"]["text"]),
                "feedback": text_of(theirs["globalFeedback"])}  # fmt: skip
    if kind == "TF":
        wrong, right = text_of(theirs["trueFeedback"]), text_of(theirs["falseFeedback"])
        is_true = theirs["isTrue"]
        expected |= {"type": spec.TRUE_FALSE, "choices": [("True", is_true, right if is_true else wrong),
                     ("False", not is_true, wrong if is_true else right)]}  # fmt: skip
    elif kind == "MC":
        single = any(c["isCorrect"] for c in theirs["choices"])
        expected |= {
            "type": spec.MULTIPLE_CHOICE if single else spec.MULTIPLE_ANSWERS,
            "choices": [(flat(c["text"]["text"]), full_credit(c) if single else (c["weight"] or 0) > 0,
                         text_of(c["feedback"])) for c in theirs["choices"]],
        }  # fmt: skip
    elif kind == "Short":
        kept = [c for c in theirs["choices"] if full_credit(c)]
        feedback = {text_of(c["feedback"]) for c in kept}
        expected |= {"type": spec.SHORT_ANSWER, "choices": [(flat(c["text"]["text"]), True, None) for c in kept]}
        if len(feedback) == 1:
            expected["correct_feedback"] = feedback.pop()
    elif kind == "Numerical":
        answers = theirs["choices"]
        if isinstance(answers, dict):
            answers = [{"isCorrect": True, "weight": None, "text": answers, "feedback": None}]
        right = next(c for c in answers if full_credit(c))
        wrong = [c for c in answers if not c["isCorrect"] and c["text"].get("text") == "*"]
        expected |= {"type": spec.NUMERICAL, "bounds": bounds(right["text"]),
                     "correct_feedback": text_of(right["feedback"]),
                     "incorrect_feedback": text_of(wrong[0]["feedback"]) if wrong else None}  # fmt: skip
    elif kind == "Matching":
        found = [(flat(p["subquestion"]["text"]) or None, flat(p["subanswer"])) for p in theirs["matchPairs"]]
        expected |= {"type": spec.MATCHING, "pairs": [p for i, p in enumerate(found) if p not in found[:i]]}
    else:
        assert kind == "Essay", kind
        expected["type"] = spec.ESSAY
    return expected


def our_question(q: spec.Question, plain: bool) -> dict:
    def clean(text: str | None) -> str | None:
        return flat(re.sub(r"\\(.)", r"\1", text) if plain and text else text)

    ours = {"title": q.title, "text": clean(q.text), "feedback": clean(q.feedback), "type": q.type,
            "correct_feedback": q.correct_feedback, "incorrect_feedback": q.incorrect_feedback}  # fmt: skip
    if q.type in spec.CHOICE_TYPES or q.type == spec.SHORT_ANSWER:
        ours["choices"] = [(clean(c.text), c.correct, clean(c.feedback)) for c in q.choices]
    if q.numerical is not None:
        ours["bounds"] = (float(q.numerical.min), float(q.numerical.max))
    if q.type == spec.MATCHING:
        ours["pairs"] = [(clean(p.prompt), clean(p.answer)) for p in q.pairs]
    return ours


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_importer_agrees_with_gift_pegjs(path, pegjs):
    reading = pegjs[path.name]
    assert "error" not in reading, f"gift-pegjs rejects the corpus file: {reading.get('error')}"
    native, losses = gift_to_native(path.read_text("utf-8"))
    quiz, problems = parse_quiz(native, path.name)
    assert problems == [], native
    lost_titles = {loss.title for loss in losses}
    ours = list(quiz.items)
    plain = "[plain]" in path.read_text("utf-8")
    for index, theirs in enumerate(reading["questions"]):
        where = f"{path.name}, gift-pegjs question {index + 1} ({theirs['type']})"
        if theirs["type"] == "Category":
            assert theirs["title"] in lost_titles, where
            continue
        mine = ours.pop(0)
        if theirs["type"] == "Description":
            assert isinstance(mine, spec.TextRegion), where
            assert (mine.title, flat(mine.text)) == (theirs["title"], flat(theirs["stem"]["text"])), where
            continue
        assert isinstance(mine, spec.Question), where
        expected = expected_question(theirs)
        actual = our_question(mine, plain)
        for key, value in expected.items():
            if key == "bounds":
                assert actual[key] == pytest.approx(value, abs=1e-9), where
            else:
                assert actual.get(key) == value, f"{where}: {key}"
    assert ours == [], f"{path.name}: we produced items gift-pegjs did not read"
