"""Translated content as overlays beside the source (issue 19): read per language, file by file,
checked for equivalence (quizzes) and for drift (the stamp of the source they translate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.catalog.build import build_catalog
from lms.catalog.translations import STALE, stamp_of, stamped, without_stamp
from tests.conftest import FIXTURES

COURSE = "quiz-course"


def urls():
    return {"asset_url": lambda c, n: f"/a/{c}/{n}", "module_url": lambda c, s: f"/m/{c}/{s}"}


@pytest.fixture
def tree(tmp_path):
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    return tmp_path


def translate(tree: Path, relative: str, locale: str, edit) -> Path:
    """Write the `locale` overlay of `relative` (below courses/ or quizzes/), stamped, as `edit` changes it."""
    source = tree / relative
    top, course, rest = relative.split("/", 2)
    target = tree / top / course / "locales" / locale / rest
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stamped(source.read_bytes(), edit(source.read_text(encoding="utf-8"))), encoding="utf-8")
    return target


def build(tree: Path):
    return build_catalog(tree / "courses", tree / "quizzes", **urls())


def test_a_translated_module_is_read_in_its_language_and_the_rest_falls_back(tree):
    translate(tree, f"courses/{COURSE}/01-basics.md", "pt_BR",
              lambda t: t.replace("title: Basics", "title: Noções básicas").replace("## Basics", "## Noções básicas"))  # fmt: skip
    catalog, problems = build(tree)
    assert problems == []
    source, portuguese = catalog.course(COURSE), catalog.course(COURSE, "pt_BR")
    assert (
        portuguese.module("basics").title == "Noções básicas" and "Noções básicas" in portuguese.module("basics").html
    )
    assert portuguese.module("writing") == source.module("writing")  # not translated: the source's
    assert catalog.course(COURSE, "de") is source  # no German at all


def test_a_translation_changes_only_text(tree):
    path = translate(tree, f"courses/{COURSE}/01-basics.md", "es", lambda t: t.replace("minutes: 10", "minutes: 12"))
    _catalog, problems = build(tree)
    assert [(Path(p.path).resolve(), p.line, str(p.message)) for p in problems] == [
        (path.resolve(), 4, "'minutes' is 12 where the source says 10; only text may differ in a translation")
    ]


def test_a_translated_quiz_with_a_moved_correct_choice_is_refused_at_its_line(tree):
    def moved(text: str) -> str:
        return text.replace("a)  One minute", "*a)  Un minuto").replace("*b)  Ten minutes", "b)  Diez minutos")

    path = translate(tree, f"quizzes/{COURSE}/basics-quiz.md", "es", moved)
    catalog, problems = build(tree)
    messages = [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]
    line = (
        without_stamp(path.read_text(encoding="utf-8"))
        .split("\n")
        .index("1.  What is Bitcoin's target time between blocks?")
        + 1
    )
    assert f"basics-quiz.md:{line}: question 1: choice 1 is marked correct where the source's is wrong; the same " \
           "choices must be correct, in the same order" in messages  # fmt: skip
    assert catalog.quiz_in(COURSE, "basics-quiz", "es") is None  # refused: officers get the source


def test_an_equivalent_quiz_translation_is_served(tree):
    translate(tree, f"quizzes/{COURSE}/basics-quiz.md", "es",
              lambda t: t.replace("Ten minutes", "Diez minutos").replace("*   change output", "*   salida de cambio"))  # fmt: skip
    catalog, problems = build(tree)
    assert problems == []
    quiz = catalog.quiz_in(COURSE, "basics-quiz", "es")
    assert quiz is not None and "Diez minutos" in quiz.source and "translation_of" not in quiz.spec.title


def test_a_changed_source_makes_its_translation_stale(tree):
    translate(tree, f"courses/{COURSE}/01-basics.md", "pt_BR", lambda t: t.replace("## Basics", "## Noções"))
    source = tree / "courses" / COURSE / "01-basics.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    catalog, problems = build(tree)
    assert problems == []
    [state] = [s for s in catalog.translations if s.source.endswith("01-basics.md")]
    assert state.state == STALE and state.locale == "pt_BR"
    missing = [s for s in catalog.translations if s.state == "missing"]
    assert any(s.source.endswith("basics-quiz.md") for s in missing)


def test_the_stamp_is_the_sources_version():
    text = "---\ntitle: A\n---\nBody\n"
    once = stamped(b"source v1", text)
    assert once.startswith(f"---\ntranslation_of: {stamp_of(b'source v1')}\ntitle: A\n")
    again = stamped(b"source v2", once)
    assert again.count("translation_of:") == 1 and stamp_of(b"source v2") in again
    assert without_stamp(again).split("\n")[1].startswith("# translation_of:")  # line numbers kept


def test_check_warns_on_a_stale_translation_and_stamp_renews_it(tree, app, runner):
    path = translate(tree, f"courses/{COURSE}/01-basics.md", "es", lambda t: t.replace("## Basics", "## Conceptos"))
    source = tree / "courses" / COURSE / "01-basics.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    args = ["lms", "check", str(tree / "courses"), "--quizzes", str(tree / "quizzes")]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "translates an older version of" in result.output and "01-basics.md" in result.output
    stamp = runner.invoke(args=["lms", "translation-stamp", str(path)])
    assert stamp.exit_code == 0, stamp.output
    assert "translates an older version" not in runner.invoke(args=args).output
    refused = runner.invoke(args=["lms", "translation-stamp", str(source)])
    assert refused.exit_code == 1 and "not a translation" in refused.output


def test_a_translated_glossary_term_keeps_its_english_anchor():
    from lms.content.render import render

    rendered = render("## Frase semilla {#seed-phrase}\n\nTexto.\n", lambda name: None, lambda target: None)
    assert '<h2 id="seed-phrase">Frase semilla</h2>' in rendered.html
    assert [entry.anchor for entry in rendered.toc] == ["seed-phrase"]
    unsafe = render('## Término {onclick="alert(1)" #t}\n', lambda name: None, lambda target: None)
    assert "onclick" not in unsafe.html  # nh3 keeps only the allowed attributes
