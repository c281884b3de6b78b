"""The catalog loader: the sample course loads; each kind of content error is reported with its line."""

import shutil
from pathlib import Path

import pytest

from lms.catalog.build import build_catalog, load_catalog
from lms.content.problems import ContentError
from tests.conftest import FIXTURES


def urls():
    return {"asset_url": lambda c, n: f"/a/{c}/{n}", "module_url": lambda c, s: f"/m/{c}/{s}"}


@pytest.fixture
def course_dir(tmp_path):
    root = tmp_path / "courses"
    shutil.copytree(FIXTURES / "courses", root)
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    return root / "sample-course"


def problems_for(course_dir: Path):
    _catalog, problems = build_catalog(course_dir.parent, course_dir.parent.parent / "quizzes", **urls())
    return [(Path(p.path).name, p.line, p.message) for p in problems]


def test_sample_course_loads_immutable_and_rendered():
    catalog = load_catalog(FIXTURES / "courses", FIXTURES / "quizzes", **urls())
    course = catalog.course("sample-course")
    assert course.title == "Sample Course" and course.pass_percent == 80 and course.sequential
    assert (course.module_weight, course.final_weight, course.final_assessment) == (100, 0, None)
    assert [m.slug for m in course.modules] == ["first-steps", "second-steps", "third-steps"]
    assert course.total_minutes == 60
    first = course.modules[0]
    assert first.objectives == ("Name the parts of a block.", "Read a table.")
    assert '<img alt="Three boxes linked by arrows" src="/a/sample-course/chain.svg">' in first.html
    assert 'href="/m/sample-course/second-steps"' in first.html
    assert [e.title for e in first.toc] == ["What a block holds", "Inside a header", "Summary"]
    assert catalog.asset_path("sample-course", "chain.svg").endswith("chain.svg")
    assert 'href="/m/sample-course/first-steps"' in course.html
    with pytest.raises(TypeError):
        catalog.courses["x"] = course
    with pytest.raises(AttributeError):
        first.title = "changed"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


MODULE = "---\ntitle: T\nminutes: 10\nobjectives:\n  - One.\n---\n## Body\n\nText.\n"

# (what is broken, how to break it, file, line, words of the message)
CASES = [
    ("no front matter", lambda d: write(d / "02-second-steps.md", "## Just text\n"),
     "02-second-steps.md", 1, "has no front matter"),
    ("unclosed front matter", lambda d: write(d / "02-second-steps.md", "---\ntitle: T\n"),
     "02-second-steps.md", 1, "never closed"),
    ("invalid yaml", lambda d: write(d / "02-second-steps.md", "---\ntitle: T\nminutes: [5\n---\nx"),
     "02-second-steps.md", 4, "not valid YAML"),
    ("unknown key", lambda d: write(d / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: 10\nduration: 5")),
     "02-second-steps.md", 4, "unknown setting 'duration'"),
    ("missing key", lambda d: write(d / "02-second-steps.md", MODULE.replace("title: T\n", "")),
     "02-second-steps.md", 1, "'title' is required"),
    ("wrong type", lambda d: write(d / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: ten")),
     "02-second-steps.md", 3, "'minutes' must be a whole number"),
    ("out of range", lambda d: write(d / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: 0")),
     "02-second-steps.md", 3, "must be from 1 to 600"),
    ("empty objectives", lambda d: write(d / "02-second-steps.md", MODULE.replace("objectives:\n  - One.", "objectives: []")),
     "02-second-steps.md", 4, "at least one"),
    ("bad file name", lambda d: write(d / "two.md", MODULE), "two.md", 1, "NN-<slug>.md"),
    ("duplicate number", lambda d: write(d / "02-another.md", MODULE), "02-second-steps.md", 1, "also used by 02-another.md"),
    ("duplicate slug", lambda d: write(d / "04-first-steps.md", MODULE), "04-first-steps.md", 1, "used twice"),
    ("missing quiz", lambda d: write(d / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: 10\nquiz: nowhere")),
     "02-second-steps.md", 4, "quizzes/sample-course/nowhere.md"),
    ("missing image", lambda d: write(d / "02-second-steps.md", MODULE + "\n![a map](map.png)\n"),
     "02-second-steps.md", 11, "'map.png' not found"),
    ("image outside the course", lambda d: write(d / "02-second-steps.md", MODULE + "\n![secret](../../x.png)\n"),
     "02-second-steps.md", 11, "'../../x.png' not found"),
    ("image without alt", lambda d: write(d / "02-second-steps.md", MODULE + "\n![](chain.svg)\n"),
     "02-second-steps.md", 11, "no alt text"),
    ("broken module link", lambda d: write(d / "02-second-steps.md", MODULE + "\nSee [x](07-none.md).\n"),
     "02-second-steps.md", 11, "points to no module"),
    ("empty body", lambda d: write(d / "02-second-steps.md", MODULE.split("## Body")[0]),
     "02-second-steps.md", 7, "no text after the front matter"),
    ("not utf-8", lambda d: (d / "02-second-steps.md").write_bytes(MODULE.encode() + b"\n\nCaf\xe9\n"),
     "02-second-steps.md", 12, "not valid UTF-8"),
    ("weights not adding up", lambda d: write(d / "course.md", "---\ntitle: C\nsummary: S\nweights: {modules: 50, final: 20}\n---\nText\n"),
     "course.md", 4, "add up to 100"),
    ("final weight without final", lambda d: write(d / "course.md", "---\ntitle: C\nsummary: S\nweights: {modules: 40, final: 60}\n---\nText\n"),
     "course.md", 4, "names no 'final_assessment'"),
    ("missing final assessment", lambda d: write(d / "course.md", "---\ntitle: C\nsummary: S\nfinal_assessment: final\n---\nText\n"),
     "course.md", 4, "quizzes/sample-course/final.md"),
    ("missing course.md", lambda d: (d / "course.md").unlink(), "sample-course", 1, "has no course.md"),
]  # fmt: skip


@pytest.mark.parametrize(("broken", "fault", "file", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_error_is_reported_with_file_and_line(course_dir, broken, fault, file, line, words):
    fault(course_dir)
    problems = problems_for(course_dir)
    assert any(f == file and n == line and words in m for f, n, m in problems), problems


def test_every_problem_is_listed_at_once(course_dir):
    write(course_dir / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: ten"))
    write(course_dir / "03-third-steps.md", MODULE + "\n![](nothing.png)\n")
    with pytest.raises(ContentError) as caught:
        load_catalog(course_dir.parent, course_dir.parent.parent / "quizzes", **urls())
    text = str(caught.value)
    assert "02-second-steps.md:3:" in text and "03-third-steps.md:11:" in text
    assert len(caught.value.problems) == 3  # bad minutes; no alt; missing image


def test_quiz_reference_resolves_when_the_file_exists(course_dir):
    write(
        course_dir.parent.parent / "quizzes" / "sample-course" / "second-quiz.md", "Quiz title: Q\n\n1.  Two?\n=   2\n"
    )
    write(course_dir / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: 10\nquiz: second-quiz"))
    catalog, problems = build_catalog(course_dir.parent, course_dir.parent.parent / "quizzes", **urls())
    assert problems == []
    assert catalog.course("sample-course").module("second-steps").quiz == "second-quiz"


def test_quiz_problems_are_content_problems_with_lines(course_dir):
    quiz = course_dir.parent.parent / "quizzes" / "sample-course" / "second-quiz.md"
    write(quiz, "---\npass_percent: 120\n---\nQuiz title: Q\n\n1.  Two?\n=   2\n\n2.  Upload your notes.\n^^^\n")
    write(course_dir / "02-second-steps.md", MODULE.replace("minutes: 10", "minutes: 10\nquiz: second-quiz"))
    problems = [(f, n) for f, n, _m in problems_for(course_dir)]
    assert ("second-quiz.md", 2) in problems and ("second-quiz.md", 10) in problems


def test_quizzes_load_into_the_catalog():
    catalog = load_catalog(FIXTURES / "courses", FIXTURES / "quizzes", **urls())
    entry = catalog.quiz("quiz-course", "basics-quiz")
    assert entry.module_slug == "basics" and not entry.is_final and len(entry.sha256) == 64
    assert catalog.quiz("quiz-course", "final").is_final
    assert set(catalog.quizzes_of("quiz-course")) == {"basics-quiz", "essay-quiz", "stepwise-quiz", "final"}
    assert "<math" in entry.html.description


def test_missing_courses_folder(tmp_path):
    _catalog, problems = build_catalog(tmp_path / "nope", tmp_path, **urls())
    assert "LMS_COURSES_DIR" in problems[0].message


def test_glossary_page_and_links_to_its_terms():
    catalog = load_catalog(FIXTURES / "courses", FIXTURES / "quizzes", **urls())
    course = catalog.course("sample-course")
    assert course.glossary.title == "Glossary" and course.glossary.anchors == {"block", "confirmation"}
    assert 'href="/m/sample-course/glossary#confirmation"' in course.module("second-steps").html
    assert course.module("glossary") is None


def test_link_to_a_missing_glossary_term_is_reported(course_dir):
    write(course_dir / "03-third-steps.md", MODULE + "\nA [wallet](glossary.md#wallet).\n")
    assert (
        "03-third-steps.md",
        11,
        "the glossary has no term with the anchor '#wallet'; check the spelling or add the term",
    ) in problems_for(course_dir)


def test_glossary_is_a_reserved_module_slug(course_dir):
    write(course_dir / "04-glossary.md", MODULE)
    assert any(f == "04-glossary.md" and "reserved" in m for f, _n, m in problems_for(course_dir))
