"""Canvas QTI export: the package's parts, scoring and feedback, and its structure against text2qti's."""

import datetime
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import text2qti.qti as t2qti
import text2qti.quiz as t2q
from text2qti.config import Config

from lms.authoring.gift_export import option_text
from lms.authoring.qti import qti_losses, quiz_to_qti_zip
from lms.content.frontmatter import split
from lms.content.render import render
from lms.quizzes import spec
from lms.quizzes.format import parse_quiz

FIXTURES = Path(__file__).parents[1] / "fixtures" / "quizzes"
NATIVE = [*sorted((FIXTURES / "corpus" / "valid").glob("*.md")), *sorted((FIXTURES / "corpus" / "letp_valid").glob("*.md")),
          *sorted((FIXTURES / "quiz-course").glob("*.md"))]  # fmt: skip
Q = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
META = "{http://canvas.instructure.com/xsd/cccv1p0}"
IDENT = re.compile(r"\b(?:text2qti|letp)_(?:question_ref|question|choice|group|text|numerical)_[0-9a-f]+(?![0-9a-f])")
SAMPLE = """\
---
max_attempts: 2
grading: latest
---
Quiz title: Seals & <labels>
Quiz description: About *seals*.

Title: First "one"
Points: 2
1.  Which tape shows tampering?
... Tamper tape tears visibly.
+   Right.
-   Look again.
*a) Tamper tape
... It tears.
b)  Parcel tape

2.  Which belong on a label?
[*] The exhibit number
[*] The date
[ ] A guess

3.  Name the form.
*   chain of custody
*   custody form

4.  Bits in a byte?
=   8

5.  A range?
=   [1.5, 2.5]

6.  Explain sealing.
... Mention signatures.
___

Text title: Part two
Text: Drawn at random.

GROUP
pick: 1
points per question: 3
7.  Seals can be reused.
a)  True
*b) False

8.  Seals carry a signature.
*a) True
b)  False
END_GROUP
"""


def uses_letp_extensions(path: Path) -> bool:
    """Matching and ordering questions are LETP's: text2qti refuses them, so it has nothing to compare."""
    quiz, _problems = parse_quiz(path.read_text("utf-8"), path.name)
    return quiz is not None and any(q.type in (spec.MATCHING, spec.ORDERING) for q in quiz.questions())


CORPUS = [path for path in NATIVE if not uses_letp_extensions(path)]
EXTENDED = [path for path in NATIVE if uses_letp_extensions(path)]


def xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - parses our own output and text2qti's, made in this test


def parse(text: str):
    quiz, problems = parse_quiz(text, "quiz.md")
    assert problems == [], [str(p) for p in problems]
    return quiz


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def ours(text: str, **options) -> dict[str, bytes]:
    return unzip(quiz_to_qti_zip(parse(text), "letp_sample", created=datetime.date(2026, 1, 2), **options))


def items_of(files: dict[str, bytes]) -> list[ET.Element]:
    return list(xml(files["letp_sample_assessment/letp_sample_assessment.xml"]).iter(f"{Q}item"))


def field(item: ET.Element, label: str) -> str | None:
    for entry in item.iter(f"{Q}qtimetadatafield"):
        if entry.findtext(f"{Q}fieldlabel") == label:
            return entry.findtext(f"{Q}fieldentry")
    raise AssertionError(label)


def test_package_layout_and_manifest():
    files = ours(SAMPLE)
    assert list(files) == ["imsmanifest.xml", "non_cc_assessments/", "letp_sample_assessment/assessment_meta.xml",
                           "letp_sample_assessment/letp_sample_assessment.xml"]  # fmt: skip
    manifest = xml(files["imsmanifest.xml"])
    ns = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
    assert manifest.get("identifier") == "letp_sample_manifest"
    hrefs = [f.get("href") for f in manifest.iter(f"{ns}file")]
    assert hrefs == ["letp_sample_assessment/letp_sample_assessment.xml", "letp_sample_assessment/assessment_meta.xml"]
    assert "2026-01-02" in files["imsmanifest.xml"].decode()


def test_items_idents_points_and_types():
    items = items_of(ours(SAMPLE))
    idents = [i.get("ident") for i in items]
    assert len(idents) == len(set(idents)) == 9  # 8 questions and one text region
    assert [field(i, "question_type") for i in items] == [
        "multiple_choice_question", "multiple_answers_question", "short_answer_question", "numerical_question",
        "numerical_question", "essay_question", "text_only_question", "true_false_question", "true_false_question"]  # fmt: skip
    assert [field(i, "points_possible") for i in items] == ["2", "1", "1", "1", "1", "1", "0", "1", "1"]
    assert items[0].get("title") == 'First "one"' and items[1].get("title") == "Question"


def correct_condition(item: ET.Element) -> ET.Element:
    (condition,) = [c for c in item.iter(f"{Q}respcondition") if c.find(f"{Q}setvar") is not None]
    assert condition.findtext(f"{Q}setvar") == "100" and condition.get("continue") == "No"
    return condition.find(f"{Q}conditionvar")


def test_correct_responses():
    single, multiple, short, exact, ranged, essay, _text, false, true = items_of(ours(SAMPLE))
    labels = [label.get("ident") for label in single.iter(f"{Q}response_label")]
    assert correct_condition(single).findtext(f"{Q}varequal") == labels[0]
    assert field(single, "original_answer_ids") == ",".join(labels)
    both = correct_condition(multiple).find(f"{Q}and")
    labels = [label.get("ident") for label in multiple.iter(f"{Q}response_label")]
    assert [v.text for v in both.findall(f"{Q}varequal")] == labels[:2]
    assert [n.findtext(f"{Q}varequal") for n in both.findall(f"{Q}not")] == labels[2:]
    assert multiple.find(f".//{Q}response_lid").get("rcardinality") == "Multiple"
    assert [v.text for v in correct_condition(short).findall(f"{Q}varequal")] == ["chain of custody", "custody form"]
    exact_condition = correct_condition(exact).find(f"{Q}or")
    assert exact_condition.findtext(f"{Q}varequal") == "8"
    assert [exact_condition.findtext(f"{Q}and/{Q}{tag}") for tag in ("vargte", "varlte")] == ["8", "8"]
    assert [correct_condition(ranged).findtext(f"{Q}{tag}") for tag in ("vargte", "varlte")] == ["1.5", "2.5"]
    assert essay.find(f".//{Q}setvar") is None and essay.find(f".//{Q}response_str") is not None
    for item, right in ((false, 1), (true, 0)):
        labels = [label.get("ident") for label in item.iter(f"{Q}response_label")]
        assert correct_condition(item).findtext(f"{Q}varequal") == labels[right]


def test_feedback_is_linked_and_rendered():
    single = items_of(ours(SAMPLE))[0]
    links = [d.get("linkrefid") for d in single.iter(f"{Q}displayfeedback")]
    feedback = {f.get("ident"): f.findtext(f".//{Q}mattext") for f in single.iter(f"{Q}itemfeedback")}
    assert set(links) == set(feedback)
    choice = single.find(f".//{Q}response_label").get("ident")
    assert feedback == {"general_fb": "<p>Tamper tape tears visibly.</p>", "correct_fb": "<p>Right.</p>",
                        "general_incorrect_fb": "<p>Look again.</p>", f"{choice}_fb": "<p>It tears.</p>"}  # fmt: skip


def test_groups_are_sections_with_selection_and_points():
    root = xml(ours(SAMPLE)["letp_sample_assessment/letp_sample_assessment.xml"])
    (group,) = root.find(f".//{Q}section").findall(f"{Q}section")
    assert group.findtext(f".//{Q}selection_number") == "1"
    assert group.findtext(f".//{Q}points_per_item") == "3"
    assert len(group.findall(f"{Q}item")) == 2


def test_meta_carries_title_settings_and_points_once():
    meta = xml(ours(SAMPLE)["letp_sample_assessment/assessment_meta.xml"])
    values = {child.tag.removeprefix(META): child.text for child in meta}
    assert values["title"] == "Seals & <labels>"
    assert values["description"] == "<p>About <em>seals</em>.</p>"
    settings = (values["points_possible"], values["allowed_attempts"], values["scoring_policy"])
    assert settings == ("10.0", "2", "keep_latest")


def test_export_is_deterministic_and_checks_its_identifier():
    quiz = parse(SAMPLE)
    day = datetime.date(2026, 1, 2)
    assert quiz_to_qti_zip(quiz, "letp_a", created=day) == quiz_to_qti_zip(quiz, "letp_a", created=day)
    with pytest.raises(ValueError, match="cannot be a QTI identifier"):
        quiz_to_qti_zip(quiz, "1 bad id")


def test_images_are_packaged_or_refused():
    text = "Quiz title: Pictures\n\n1.  What is shown? ![A sealed bag](bag.png)\n___\n"
    files = ours(text, read_asset=lambda name: b"PNG" if name == "bag.png" else None)
    assert files["images/bag.png"] == b"PNG"
    assert "%24IMS-CC-FILEBASE%24/images/bag.png" in items_of(files)[0].findtext(f".//{Q}mattext")
    assert b'href="images/bag.png"' in files["imsmanifest.xml"]
    with pytest.raises(ValueError, match=r"line 3: image file 'bag.png' not found"):
        quiz_to_qti_zip(parse(text), "letp_sample", read_asset=lambda name: None)


def test_losses_name_the_settings_canvas_lacks():
    assert qti_losses(parse("---\nshow_correct_answers: after_submit\n---\nQuiz title: Plain\n\n1.  A?\n___\n")) == []
    front = "---\npass_percent: 80\ncooldown_minutes: 5\ngrading: first\n---\n"
    (loss,) = qti_losses(parse(front + "Quiz title: Strict\n\n1.  A?\n___\n"))
    assert "pass_percent: 80; cooldown_minutes: 5; grading: first" in loss.message


def words(markup: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    smart = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--", "\u2014": "---"}
    for fancy, plain in smart.items():  # text2qti's Markdown uses SmartyPants
        text = text.replace(fancy, plain)
    return " ".join(text.split())


def visible(markup: str) -> str:
    """What a reader sees; math and images differ by design (MathML here, Canvas equation images there)."""
    return "<math or image>" if re.search(r"<(img|math)\b", markup) else words(markup)


def skeleton(root: ET.Element) -> list:
    """Tags, attributes and texts in document order; idents numbered by first use, HTML as its words."""
    numbers: dict[str, str] = {}

    def canonical(value: str | None, tag: str) -> object:
        value = (value or "").strip()
        if tag == "mattext":
            return visible(value)
        value = IDENT.sub(lambda m: numbers.setdefault(m.group(0), f"ID{len(numbers)}"), value)
        try:
            return round(float(value), 9)
        except ValueError:
            return value

    found = []
    for element in root.iter():
        tag = element.tag.split("}")[-1]
        attributes = {k: canonical(v, k) for k, v in element.attrib.items() if k not in ("ident", "linkrefid")}
        found.append((tag, attributes, canonical(element.text, tag)))
        for k in ("ident", "linkrefid"):
            if k in element.attrib:
                found.append((tag, k, canonical(element.get(k), k)))
    return found


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_structure_matches_text2qti(path, monkeypatch):
    monkeypatch.chdir(path.parent)  # text2qti reads images relative to the working folder
    text = path.read_text("utf-8")
    quiz = parse(text)
    if re.search(r"!\[[^\]]*\]\(http", text):
        with pytest.raises(ValueError, match="not an address"):
            quiz_to_qti_zip(quiz, "letp_sample")
        return
    mine = unzip(quiz_to_qti_zip(quiz, "letp_sample", read_asset=lambda name: (path.parent / name).read_bytes()))
    reference = t2q.Quiz(split(text).body, config=Config())  # never Config.load(): it writes to the home folder
    theirs = unzip(t2qti.QTI(reference).zip_bytes())
    their_id = next(n for n in theirs if n.endswith("/assessment_meta.xml")).split("/")[0]
    assert sorted(n for n in theirs if n.startswith("images/")) == sorted(n for n in mine if n.startswith("images/"))

    def assessment(files: dict[str, bytes], folder: str) -> list:
        root = xml(files[f"{folder}/{folder}.xml"])
        root.find(f"{Q}assessment/{Q}qtimetadata").clear()  # cc_maxattempts: text2qti always says 1
        for element in root.iter(f"{Q}assessment"):
            element.attrib.pop("ident")
        return skeleton(root)

    assert assessment(mine, "letp_sample_assessment") == assessment(theirs, their_id)
    my_meta = xml(mine["letp_sample_assessment/assessment_meta.xml"])
    their_meta = xml(theirs[f"{their_id}/assessment_meta.xml"])
    groups = [g.group for g in reference.questions_and_delims if isinstance(g, t2q.GroupStart)]
    grouped = sum(q.points_possible for g in groups for q in g.questions)  # text2qti counts these twice
    options = ["shuffle_answers", "one_question_at_a_time", "cant_go_back"]
    if "show_correct_answers" not in split(text).meta:  # LETP's front matter wins over the body option
        options.append("show_correct_answers")
    for tag in options:
        assert my_meta.findtext(META + tag) == their_meta.findtext(META + tag), tag
    assert my_meta.findtext(META + "title") == " ".join(their_meta.findtext(META + "title").split())
    mine_text, their_text = (meta.findtext(META + "description") or "" for meta in (my_meta, their_meta))
    assert visible(mine_text) == visible(their_text)
    points = (float(meta.findtext(META + "points_possible")) for meta in (my_meta, their_meta))
    assert next(points) == next(points) - grouped


MATCHING = """\
Quiz title: Matching

Title: Networks
Points: 3
1.  Match each address to its network.
... Prefixes tell.
+   All right.
-   Check the prefixes.
<>  `bc1q` address -> Bitcoin
<>  `0x74` address -> **Ethereum**
<>  `3J98` address -> Bitcoin
<>  -> Tron

2.  Put the steps in order.
1)  Photograph the screen
2)  Isolate the device
3)  Seize it
"""


def matches(item: ET.Element) -> tuple[list[tuple[str, str]], list[str]]:
    """What Canvas reads from a matching item: each prompt (as words) with the answer that scores, and the answers."""
    answers: dict[str, str] = {}
    prompts = {}
    for response in item.iter(f"{Q}response_lid"):
        prompts[response.get("ident")] = words(response.findtext(f"{Q}material/{Q}mattext"))
        options = {
            label.get("ident"): label.findtext(f".//{Q}mattext") for label in response.iter(f"{Q}response_label")
        }
        assert answers in ({}, options)  # every prompt lists the same answers
        answers = options
    scored, share = [], f"{100 / len(prompts):.2f}"
    for condition in item.iter(f"{Q}respcondition"):
        right = condition.find(f"{Q}conditionvar/{Q}varequal")
        if right is not None:
            assert (condition.findtext(f"{Q}setvar"), condition.find(f"{Q}setvar").get("action")) == (share, "Add")
            scored.append((prompts[right.get("respident")], answers[right.text]))
    return scored, list(answers.values())


def test_matching_is_a_canvas_matching_question():
    item = items_of(ours(MATCHING))[0]
    assert (field(item, "question_type"), field(item, "points_possible")) == ("matching_question", "3")
    scored, answers = matches(item)
    assert scored == [("bc1q address", "Bitcoin"), ("0x74 address", "Ethereum"), ("3J98 address", "Bitcoin")]
    assert answers == ["Bitcoin", "Ethereum", "Tron"]  # each once, plain text, one that matches no prompt too
    labels = [label.get("ident") for label in item.find(f".//{Q}response_lid").iter(f"{Q}response_label")]
    assert all(label.isdigit() for label in labels) and len(set(labels)) == 3  # Canvas reads the number in an ident
    prompt_ids = [response.get("ident").removeprefix("response_") for response in item.iter(f"{Q}response_lid")]
    assert field(item, "original_answer_ids") == ",".join(prompt_ids)
    feedback = {f.get("ident"): f.findtext(f".//{Q}mattext") for f in item.iter(f"{Q}itemfeedback")}
    assert feedback == {"general_fb": "<p>Prefixes tell.</p>", "correct_fb": "<p>All right.</p>",
                        "general_incorrect_fb": "<p>Check the prefixes.</p>"}  # fmt: skip
    assert [d.get("linkrefid") for d in item.iter(f"{Q}displayfeedback")] == ["general_fb"]


def test_ordering_is_a_matching_of_items_to_places_with_a_loss():
    item = items_of(ours(MATCHING))[1]
    assert field(item, "question_type") == "matching_question"
    scored, answers = matches(item)
    assert scored == [("Photograph the screen", "1"), ("Isolate the device", "2"), ("Seize it", "3")]
    assert answers == ["1", "2", "3"]
    _settings, loss = qti_losses(parse(MATCHING))
    assert (loss.line, loss.title) == (14, "Put the steps in order.")
    assert "no ordering question; written as a matching question of each item to its place" in loss.message


@pytest.mark.parametrize("path", EXTENDED, ids=lambda p: p.name)
def test_extended_files_keep_their_key_in_canvas(path):
    """Every matching and ordering question of the fixtures comes out scoring the answers of the spec."""
    quiz = parse(path.read_text("utf-8"))
    files = unzip(quiz_to_qti_zip(quiz, "letp_sample", read_asset=lambda name: (path.parent / name).read_bytes()))
    exported = [item for item in items_of(files) if field(item, "question_type") == "matching_question"]
    questions = [q for q in quiz.questions() if q.type in (spec.MATCHING, spec.ORDERING)]
    assert len(exported) == len(questions)
    for item, q in zip(exported, questions, strict=True):
        if q.type == spec.ORDERING:
            places = [str(n) for n in range(1, len(q.choices) + 1)]
            expected = ([(words(render_inline(c.text)), place) for c, place in zip(q.choices, places, strict=True)],
                        places)  # fmt: skip
        else:
            options = [option_text(o) for o in q.options()]
            expected = ([(words(render_inline(p.prompt)), option_text(p.answer)) for p in q.pairs if p.prompt], options)
        assert matches(item) == expected, q.text
    losses = [loss for loss in qti_losses(quiz) if "no ordering question" in loss.message]
    assert [loss.line for loss in losses] == [q.line for q in questions if q.type == spec.ORDERING]


def render_inline(markdown_text: str) -> str:
    return render(markdown_text, lambda _name: None, None, math=True).html
