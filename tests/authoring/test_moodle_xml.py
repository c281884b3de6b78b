"""Moodle XML to native: each type, the losses with their lines, images, text formats, groups, safety.

The fixtures under tests/fixtures/moodle_xml/ are written from Moodle's documentation of the format
(docs.moodle.org/en/Moodle_XML_format) and from what Moodle's own export writes.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from pathlib import Path

import pytest

from lms.authoring.moodle_text import html_to_markdown
from lms.authoring.moodle_xml import XmlRefused, moodle_to_native
from lms.authoring.safe_xml import parse_xml
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
MOODLE = FIXTURES / "moodle_xml"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def parse(text: str) -> spec.Quiz:
    quiz, problems = parse_quiz(text, "quiz.md")
    assert problems == [], [str(p) for p in problems]
    assert quiz is not None
    return quiz


def imported(xml: str | bytes) -> tuple[spec.Quiz, list, dict[str, bytes]]:
    result = moodle_to_native(xml)
    return parse(result.native), result.losses, result.images


def question_line(xml: str, name: str) -> int:
    """The line of the `<question` element whose name is `name`."""
    lines = xml.splitlines()
    at = next(i for i, line in enumerate(lines) if f"<text>{name}</text>" in line)
    return next(i for i in range(at, -1, -1) if "<question" in lines[i]) + 1


def wrap(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def question(kind: str, name: str, text: str, body: str = "", text_format: str = "html") -> str:
    return (
        f'<question type="{kind}"><name><text>{name}</text></name>'
        f'<questiontext format="{text_format}"><text><![CDATA[{text}]]></text></questiontext>{body}</question>'
    )


# -- import: every carried type, from a file shaped like Moodle's own export


def test_every_carried_type_reads_into_its_native_question():
    quiz, losses, images = imported((MOODLE / "all-types.xml").read_bytes())
    assert quiz.title == "Seizure of digital devices"
    assert quiz.description == "Questions on **seizing** wallets and phones."
    assert quiz.options.shuffle_answers is True  # every question said <shuffleanswers>true
    by_title = {q.title: q for q in quiz.questions()}
    faraday = by_title["Faraday bag"]
    assert (faraday.type, faraday.points, faraday.text) == (
        spec.MULTIPLE_CHOICE,
        2,
        "Which bag blocks *radio* signals?",
    )
    assert [(c.text, c.correct, c.feedback) for c in faraday.choices] == [
        ("A Faraday bag", True, "Right: it is a shielded pouch."),
        ("A paper evidence bag", False, None),
        ("A plastic bag", False, None),
    ]
    assert (faraday.feedback, faraday.correct_feedback, faraday.incorrect_feedback) == (
        "A Faraday bag stops remote wiping.",
        "Your answer is correct.",
        "Your answer is incorrect.",
    )
    seeds = by_title["Seed phrase places"]
    assert seeds.type == spec.MULTIPLE_ANSWERS and [c.correct for c in seeds.choices] == [True, True, False]
    assert seeds.choices[2].feedback == "No: the chain holds addresses, not seeds."
    hashes = by_title["Hashes change"]
    assert hashes.type == spec.TRUE_FALSE
    assert [(c.text, c.correct, c.feedback) for c in hashes.choices] == [
        ("True", True, "Yes, any change."),
        ("False", False, "It does change."),
    ]
    kyc = by_title["KYC"]
    assert [c.text for c in kyc.choices] == ["KYC", "know your customer"]
    assert (kyc.correct_feedback, kyc.incorrect_feedback) == ("Know your customer.", "It is KYC: know your customer.")
    period = by_title["Difficulty period"]
    assert period.numerical == spec.Numerical(Decimal(2016), Decimal(2016), Decimal(2016))
    assert period.incorrect_feedback == "It is 2016 blocks." and period.correct_feedback == "About two weeks of blocks."
    block = by_title["Block time"]
    assert (block.points, block.numerical.min, block.numerical.max) == (Decimal("1.5"), Decimal("9.5"), Decimal("10.5"))
    essay = by_title["Chain of custody"]
    assert essay.type == spec.ESSAY and essay.points == 5 and essay.feedback == "Mention every hand-over."
    assert essay.text.endswith("hardware wallet.\n\n-   who held it\n-   when")
    [region] = [i for i in quiz.items if isinstance(i, spec.TextRegion)]
    assert region.title == "Before the case"
    assert region.text.endswith("![Map of the seizure site](case-map.png)")
    assert images == {"case-map.png": PNG}
    match = by_title["Address formats"]
    assert match.type == spec.MATCHING and match.points == 3
    assert match.pairs == (
        spec.Pair("bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "Bitcoin"),
        spec.Pair("0x742d35Cc6634C0532925a3b844Bc454e4438f44e", "Ethereum"),
        spec.Pair(None, "Tron"),
    )
    assert (match.correct_feedback, match.incorrect_feedback) == ("All matched.", "Look at the prefixes.")
    steps = by_title["Seizure steps"]
    assert steps.type == spec.ORDERING and steps.feedback == "Record before you touch."
    assert [c.text for c in steps.choices] == ["Photograph the screen", "Isolate the device", "Seize it"]
    assert [str(loss) for loss in losses] == [
        'line 103: "Hashes change": Moodle settings with no native form, dropped: penalty 1.0000000 for each wrong '
        "try (a native attempt has one try)"
    ]


# -- import: what is lost, each at the line of its <question>

LOSSES = (MOODLE / "losses.xml").read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        (
            "Cloze tracing",
            "embedded answers (Cloze) have no native form; write each blank as its own question; skipped",
        ),
        ("Fee", "calculated questions (formulas with wildcards) have no native form"),
        ("Random (Module 1)", "put the questions in a GROUP with 'pick:' instead; skipped"),
        ("Drag words", "drag-and-drop into text has no native form"),
        ("Plugin question", "the Moodle question type 'myplugin' has no native form; skipped"),
        (
            "Partial single",
            "partial credit has no native form; now wrong choices: 'Login IP addresses' (50%), "
            "'The block height' (-25%)",
        ),
        ("Partial single", "worth '0.3' in Moodle; native points are positive whole or half numbers: now 0.5"),
        (
            "Partial single",
            "dropped: 2 hint(s) (a native attempt has one try); tags: tracing, exchanges; penalty "
            "0.3333333 for each wrong try",
        ),
        ("Partial single", "hidden in Moodle (imported as a visible question); ID number TR-7; answer numbering '123'"),
        ("Uneven multiple", "fractions other than equal shares of 100% became right (positive) and wrong choices"),
        ("Uneven multiple", "HTML tags kept as written: <sub>, <table>"),
        ("Partial short", "partial-credit answers have no native form; dropped: 'CDD' (50%)"),
        ("Partial short", "now match only a literal '*': 'K*C'"),
        ("Partial short", "per-answer feedback differs between answers"),
        ("Partial short", "case-sensitive answers (native short answers ignore case)"),
        ("Two numbers", "the partial-credit answer '15' (50%) has no native form; dropped"),
        ("Two numbers", "a native numerical question accepts one range; kept the first of '14', '336'"),
        ("Two numbers", "units: days, hours"),
        (
            "Essay with uploads",
            "response format 'noinline'; 2 file attachment(s) (the platform stores no uploads); "
            "information for graders",
        ),
        ("Repeated", "repeats an earlier question, which a native quiz refuses; skipped"),
        (
            "One prompt",
            "the native format refuses the converted question (a matching question needs at least two prompts",
        ),
        ("No answers", "a true/false question needs the answers 'true' and 'false'"),
        ("Kept", "shuffles its choices in Moodle, unlike other questions of the file"),
        (
            "Relative order",
            "shows only some of its items (RANDOM); 2 items at a time; grading "
            "RELATIVE_NEXT_EXCLUDE_LAST (native ordering gives a share of the points for each item",
        ),
    ],
)
def test_each_loss_names_the_question_and_its_line(name, fragment):
    _quiz, losses, _images = imported(LOSSES)
    found = [loss for loss in losses if loss.title == name and fragment in loss.message]
    assert len(found) == 1, [str(loss) for loss in losses if loss.title == name]
    assert found[0].line == question_line(LOSSES, name)


def test_what_is_kept_from_the_file_of_losses():
    quiz, losses, _images = imported(LOSSES)
    assert quiz.title == "Module 1"  # the first category's last part
    assert [q.title for q in quiz.questions()] == [
        "Partial single",
        "Uneven multiple",
        "Partial short",
        "Two numbers",
        "Essay with uploads",
        "Kept",
        "Relative order",
    ]
    assert quiz.questions()[0].points == Decimal("0.5")
    assert quiz.questions()[3].numerical.min == 13 and quiz.questions()[3].numerical.max == 15
    assert [(loss.line, loss.message) for loss in losses if loss.message.startswith("category")] == [
        (
            4,
            "category 'Tracing/Module 1': its 5 question(s) follow in the one native quiz (a quiz is one file; split "
            "it by hand if needed)",
        ),
        (
            86,
            "category 'Tracing/Module 2': its 2 question(s) follow in the one native quiz (a quiz is one file; split "
            "it by hand if needed); its description is dropped",
        ),
    ]
    stray = LOSSES.splitlines().index("  <notaquestion/>") + 1
    assert [loss.message for loss in losses if loss.line == stray] == ["not a <question> element; skipped"]
    assert [loss.line for loss in losses] == sorted(loss.line for loss in losses)


# -- images


def test_images_are_written_under_safe_distinct_names():
    quiz, losses, images = imported((MOODLE / "images.xml").read_bytes())
    first, second, third = quiz.questions()
    assert first.text.endswith("![A device](device.png)")
    assert first.choices[0].text.endswith("![Same name, other picture](device-2.png)")  # another file, another name
    assert second.text.endswith("![Wallet screen](wallet-home.png)")  # a path and a space in the name
    assert sorted(images) == ["device-2.png", "device.png", "wallet-home.png"]
    assert images["device.png"] == images["wallet-home.png"] == PNG and images["device-2.png"] != PNG
    assert third.text.endswith("![hex](hex.png) ![bad](bad.png)")
    messages = [loss.message for loss in losses]
    assert messages == [
        "the general feedback shows 'missing.png', which is not embedded in the file; it now refers to "
        "'missing.png': put that image beside the quiz",
        "the file 'notes.pdf' is not an image (.gif, .jpeg, .jpg, .png, .svg, .webp); a quiz serves only images, "
        "so it is not written",
        "the file '../../etc/unused.png' is embedded but the general feedback never shows it; not written",
        "the file 'hex.png' is in the encoding 'hex', not base64; not written: export the question from Moodle again",
        "the file 'bad.png' is not valid base64; not written: export the question from Moodle again",
    ]


# -- what is refused before any question is read


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ((MOODLE / "doctype.xml").read_bytes(), 2, "has a <!DOCTYPE …> declaration, which is refused"),
        ((MOODLE / "external-entity.xml").read_bytes(), 2, "has a <!DOCTYPE …> declaration, which is refused"),
        (b"<quiz>\n<question type='essay'>\n</quiz>", 3, "not well-formed XML (mismatched tag)"),
        (b"", 1, "not well-formed XML"),
        ("<?xml version='1.0'?>\n<questions/>", 2, "root element is <questions>, not <quiz>"),
    ],
)
def test_unsafe_or_broken_files_are_refused_with_a_line(text, line, fragment):
    with pytest.raises(XmlRefused) as refused:
        moodle_to_native(text)
    assert refused.value.line == line and fragment in refused.value.message


def test_elements_keep_the_line_of_their_start_tag():
    document = parse_xml(
        b'<?xml version="1.0"?>\n<quiz>\n\n  <question\n type="x"><a/>\n<b>t</b>tail</question>\n</quiz>'
    )
    assert [(e.tag, document.line(e)) for e in document.root.iter()] == [
        ("quiz", 2),
        ("question", 4),
        ("a", 5),
        ("b", 6),
    ]
    assert document.root[0][1].tail == "tail"


def test_a_latin1_file_is_read_by_its_declaration():
    xml = wrap(question("essay", "Caf\xe9", "Qu\xe9 pas\xf3?")).replace("UTF-8", "ISO-8859-1").encode("latin-1")
    quiz, _losses, _images = imported(xml)
    assert (quiz.questions()[0].title, quiz.questions()[0].text) == ("Caf\xe9", "Qu\xe9 pas\xf3?")


# -- text formats


@pytest.mark.parametrize(
    ("html", "markdown", "kept"),
    [
        ("<p>One &amp; two</p><p>Three<br>four</p>", "One & two\n\nThree<br>\nfour", []),
        (
            "<p><strong>Bold</strong>, <b>b</b>, <em>it</em>, <i>i</i>, <code>a_b*</code></p>",
            "**Bold**, **b**, *it*, *i*, `a_b*`",
            [],
        ),
        ("<p>Costs $5 * 2 [a] <b>_x_</b></p>", "Costs \\$5 \\* 2 \\[a\\] **\\_x\\_**", []),
        (
            "<ul><li>one</li><li>two<ol><li>a</li></ol></li></ul><p>after</p>",
            "-   one\n-   two\n    1.  a\n\nafter",
            [],
        ),
        ("<pre><code>x = 1\n  y &lt; 2</code></pre>", "    x = 1\n      y < 2", []),
        (
            '<p><a href="https://example.org">site</a> <img src="@@PLUGINFILE@@/a.png" alt="A"></p>',
            "[site](https://example.org) ![A](LOCAL)",
            [],
        ),
        ('<p dir="ltr"><span lang="en">plain</span> <sup>2</sup></p>', "plain <sup>2</sup>", ["sup"]),
        ("<table><tr><td>1 &lt; 2</td></tr></table>", "<table><tr><td>1 &lt; 2</td></tr></table>", ["table"]),
        ("<h2>Case</h2><div>Text</div>", "## Case\n\nText", []),
    ],
)
def test_simple_html_becomes_markdown(html, markdown, kept):
    assert html_to_markdown(html, lambda url: "LOCAL") == (markdown, kept)


@pytest.mark.parametrize(
    ("text_format", "text", "native"),
    [
        ("markdown", "A **bold** claim  \n\nNext paragraph", "A **bold** claim\n\nNext paragraph"),
        ("plain_text", "Is 2 * 3 < 7?\nSecond line", "Is 2 \\* 3 \\< 7?<br>\nSecond line"),
        ("moodle_auto_format", "First <b>para</b>\n\nSecond", "First **para**\n\nSecond"),
    ],
)
def test_each_text_format(text_format, text, native):
    quiz, _losses, _images = imported(wrap(question("essay", "E", text, text_format=text_format)))
    assert quiz.questions()[0].text == native


def test_a_prompt_with_an_arrow_is_escaped_for_the_matching_line():
    subs = "".join(
        f"<subquestion format='markdown'><text>{p}</text><answer><text>{a}</text></answer></subquestion>"
        for p, a in [("in -> out", "Flow"), ("a->b", "Tight")]
    )
    quiz, losses, _images = imported(wrap(question("matching", "M", "Match.", subs)))
    assert quiz.questions()[0].pairs == (spec.Pair("in -\\> out", "Flow"), spec.Pair("a->b", "Tight"))
    assert losses == []


# -- groups and shuffling


def group_file(pick: int, grades: tuple[str, ...], description: bool = False) -> str:
    items = [
        '<question type="category"><category><text>$course$/top/Pool/Group 1 (pick '
        f"{pick}, 2 points each)</text></category></question>"
    ]
    for n, grade in enumerate(grades):
        items.append(question("essay", f"Q{n}", f"Pooled {n}?", f"<defaultgrade>{grade}</defaultgrade>"))
        if description and n == 0:
            items.append(question("description", "Note", "A note inside the pool."))
    items.append('<question type="category"><category><text>$course$/top/Pool</text></category></question>')
    items.append(question("essay", "After", "After the pool?"))
    return wrap(*items)


def test_a_group_category_reads_back_as_a_group():
    quiz, losses, _images = imported(group_file(2, ("1", "1", "1")))
    group, after = quiz.items
    assert isinstance(group, spec.Group) and (group.pick, group.points_per_question) == (2, 2)
    assert [q.text for q in group.questions] == ["Pooled 0?", "Pooled 1?", "Pooled 2?"]
    assert after.text == "After the pool?" and losses == []
    assert quiz.title == "Pool"  # the first category that is not a group's names the quiz


def test_a_group_keeps_what_a_native_group_can_hold():
    text = group_file(3, ("1", "2"), description=True)
    quiz, losses, _images = imported(text)
    group, region, _after = quiz.items
    assert group.pick == 2 and [q.points for q in group.questions] == [1, 1]
    assert region.text == "A note inside the pool."
    assert [loss.message for loss in losses] == [
        "the group draws 3 question(s) but 2 could be carried; it now draws 2",
        "a description cannot sit inside a question group; it now follows the group",
        "worth 2 points, but the questions of a native group share their points: now 1, as the group's first",
    ]


def test_shuffling_is_the_quiz_option_when_every_question_agrees():
    body = "<single>true</single><shuffleanswers>{}</shuffleanswers>" + "".join(
        f'<answer fraction="{f}"><text>{t}</text></answer>' for t, f in [("Yes", 100), ("No", 0)]
    )
    both = wrap(
        question("multichoice", "A", "First?", body.format("true")),
        question("multichoice", "B", "Second?", body.format("1")),
    )
    assert imported(both)[0].options.shuffle_answers is True
    mixed = wrap(
        question("multichoice", "A", "First?", body.format("true")),
        question("multichoice", "B", "Second?", body.format("false")),
    )
    quiz, losses, _images = imported(mixed)
    assert quiz.options.shuffle_answers is False
    assert [(loss.title, loss.message.split(";")[0]) for loss in losses] == [
        ("A", "shuffles its choices in Moodle, unlike other questions of the file")
    ]
