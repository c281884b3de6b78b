"""The catalog cache on disk (lms/catalog/cache.py): the next process loads what the first built,
without parsing a file, and never a stale catalog, a damaged file or one it did not sign."""

from __future__ import annotations

import errno
import hashlib
import hmac
import os
import pickle
import shutil
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pytest

from lms import create_app
from lms.catalog import build, cache, quiz_files
from lms.catalog import service as content
from tests.catalog.test_translations import translate
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
HEAD = len(cache.FORMAT) + cache.STAMP_BYTES


@pytest.fixture
def tree(tmp_path):
    """The fixture content with a Portuguese module and quiz beside it."""
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    shutil.copytree(FIXTURES / "quizzes", tmp_path / "quizzes", ignore=shutil.ignore_patterns("corpus"))
    translate(
        tmp_path, "courses/quiz-course/01-basics.md", "pt_BR", lambda t: t.replace("title: Basics", "title: Noções")
    )
    translate(tmp_path, "quizzes/quiz-course/basics-quiz.md", "pt_BR",
              lambda t: t.replace("Quiz title: Basics quiz", "Quiz title: Questionário"))  # fmt: skip
    return tmp_path


@pytest.fixture
def app_overrides(tmp_path):
    return {"CATALOG_CACHE": True, "CACHE_DIR": str(tmp_path / "cache")}


class Work:
    """What loading a catalog cost: catalogs built, Markdown documents and quizzes rendered."""

    def __init__(self, monkeypatch):
        self.builds = self.markdown = self.quizzes = 0
        real_build, real_render, real_quiz = content.build_catalog, build.render, quiz_files.render_quiz

        def count(name, real):
            def counted(*args, **kwargs):
                setattr(self, name, getattr(self, name) + 1)
                return real(*args, **kwargs)

            return counted

        monkeypatch.setattr(content, "build_catalog", count("builds", real_build))
        monkeypatch.setattr(build, "render", count("markdown", real_render))
        monkeypatch.setattr(quiz_files, "render_quiz", count("quizzes", real_quiz))

    def done(self) -> tuple[int, int, int]:
        return self.builds, self.markdown, self.quizzes


@pytest.fixture
def work(monkeypatch):
    monkeypatch.setattr(content, "_builds", OrderedDict())  # this test's own memory, emptied by load()
    return Work(monkeypatch)


def load(app, tree, work):
    """The catalog as a new process gets it: nothing in memory; `work` counts what it cost."""
    content._builds.clear()
    work.builds = work.markdown = work.quizzes = 0
    return content.build_for_app(app, str(tree / "courses"), str(tree / "quizzes"))


def cached_files(tmp_path) -> list[Path]:
    return sorted((tmp_path / "cache").glob("catalog-*.pickle"))


def test_a_second_process_loads_the_catalog_without_parsing_or_rendering(app, tree, work, tmp_path):
    built, problems = load(app, tree, work)
    assert not problems and work.builds == 1 and work.markdown > 0 and work.quizzes > 0
    assert len(cached_files(tmp_path)) == 1
    loaded, problems = load(app, tree, work)
    assert work.done() == (0, 0, 0) and not problems
    assert loaded == built and loaded is not built
    assert loaded.course("quiz-course", "pt_BR").modules[0].title == "Noções"
    assert loaded.quiz_in("quiz-course", "basics-quiz", "pt_BR").spec.title == "Questionário"


def test_the_same_folders_named_another_way_share_the_cached_catalog(app, tree, work, tmp_path):
    built, _ = load(app, tree, work)  # absolute paths, as LMS_COURSES_DIR usually is
    content._builds.clear()
    relative = content.build_for_app(app, os.path.relpath(tree / "courses"), os.path.relpath(tree / "quizzes"))[0]
    assert relative == built and work.builds == 1 and len(cached_files(tmp_path)) == 1  # `flask lms check courses`


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _module(tree):
    _edit(tree / "courses/sample-course/01-first-steps.md", "paragraph about blocks", "paragraph about BLOCKS")
    return lambda c: "paragraph about BLOCKS" in c.course("sample-course").modules[0].html


def _quiz(tree):
    _edit(tree / "quizzes/quiz-course/basics-quiz.md", "*b)  Ten minutes", "*b)  Ten MINUTES")
    return lambda c: "Ten MINUTES" in c.quiz("quiz-course", "basics-quiz").source


def _translated_module(tree):
    _edit(tree / "courses/quiz-course/locales/pt_BR/01-basics.md", "title: Noções", "title: Noções básicas")
    return lambda c: c.course("quiz-course", "pt_BR").modules[0].title == "Noções básicas"


def _translated_quiz(tree):
    _edit(tree / "quizzes/quiz-course/locales/pt_BR/basics-quiz.md", "Questionário", "Questionário básico")
    return lambda c: c.quiz_in("quiz-course", "basics-quiz", "pt_BR").spec.title == "Questionário básico"


def _new_translation(tree):
    translate(tree, "courses/sample-course/01-first-steps.md", "es", lambda t: t.replace("First steps", "Primeros"))
    return lambda c: c.course("sample-course", "es").modules[0].title == "Primeros"


def _image(tree):
    figure = tree / "courses/sample-course/chain.svg"
    data = figure.read_bytes()
    figure.write_bytes(data + b"<!-- redrawn -->\n")
    return lambda c: c.asset_path("sample-course", "chain.svg") == str(figure.resolve())


def _same_size_image(tree):
    figure = tree / "quizzes/quiz-course/block.svg"
    data = figure.read_bytes()
    figure.write_bytes(data[:-1] + (b" " if data[-1:] != b" " else b"\n"))
    return lambda c: ("quiz-course", "block.svg") in c.quiz_assets


def _removed_file(tree):
    (tree / "quizzes/sample-course/.keep").unlink()
    return lambda c: "sample-course" in c.courses


CHANGES = {
    "a module": _module,
    "a quiz": _quiz,
    "a translated module": _translated_module,
    "a translated quiz": _translated_quiz,
    "a new translation": _new_translation,
    "an image": _image,
    "an image, same size": _same_size_image,
    "a removed file": _removed_file,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_of_a_content_file_rebuilds(app, tree, work, change):
    load(app, tree, work)
    shows_the_change = change(tree)
    catalog, problems = load(app, tree, work)
    assert not problems and work.builds == 1 and shows_the_change(catalog)
    assert load(app, tree, work)[0] == catalog and work.builds == 0  # the new build is what the next one loads


def test_a_change_of_the_code_rebuilds(app, tree, work, monkeypatch):
    load(app, tree, work)
    monkeypatch.setattr(cache, "code_version", lambda: "a parser edited since")
    load(app, tree, work)
    assert work.builds == 1


def test_the_code_version_covers_the_parser_and_the_libraries(monkeypatch):
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    cache.code_version.cache_clear()
    try:
        version = cache.code_version()
    finally:
        cache.code_version.cache_clear()
    assert {"build.py", "localize.py", "render.py", "format.py", "frontmatter.py"} <= set(read)
    assert version == cache.code_version()


class Exploit:
    """What an attacker who can write the cache folder would plant: code run by unpickling."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def _signed_with(key: bytes, head: bytes, payload: bytes) -> bytes:
    derived = hmac.new(key, b"LETP catalog cache signature", hashlib.sha256).digest()
    return head + hmac.new(derived, head + payload, hashlib.sha256).digest() + payload


DAMAGE = {
    "cut short": lambda data, tmp: data[: len(data) // 2],
    "cut after the stamp": lambda data, tmp: data[:HEAD],
    "a byte flipped": lambda data, tmp: data[:-50] + bytes([data[-50] ^ 1]) + data[-49:],
    "empty": lambda data, tmp: b"",
    "not a cache file": lambda data, tmp: b"\x80\x05garbage" * 50,
    "signed with another key": lambda data, tmp: _signed_with(b"another key" * 4, data[:HEAD], data[HEAD + 32 :]),
    "an exploit without the key": lambda data, tmp: _signed_with(
        b"a guessed key", data[:HEAD], pickle.dumps(Exploit(tmp / "exploited"))
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_or_foreign_cache_file_is_never_unpickled_and_is_rebuilt(app, tree, work, tmp_path, monkeypatch,
                                                                          damage):  # fmt: skip
    built, _ = load(app, tree, work)
    [path] = cached_files(tmp_path)
    path.write_bytes(damage(path.read_bytes(), tmp_path))
    unpickled = []
    real_loads = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda data: unpickled.append(1) or real_loads(data))
    catalog, problems = load(app, tree, work)
    assert work.builds == 1 and unpickled == [] and catalog == built and not problems
    assert not (tmp_path / "exploited").exists()
    assert load(app, tree, work)[0] == built and work.builds == 0 and unpickled == [1]  # written again, whole


def test_a_build_with_problems_is_never_cached_so_check_and_the_health_page_see_them(
    app, tree, work, tmp_path, runner, client, login, make_user
):
    app.config.update(COURSES_DIR=str(tree / "courses"), QUIZZES_DIR=str(tree / "quizzes"))
    assert runner.invoke(args=["lms", "check"]).exit_code == 0 and work.builds == 1
    [good] = cached_files(tmp_path)
    written = good.stat().st_mtime_ns
    course = tree / "courses/sample-course/course.md"
    _edit(course, "pass_percent: 80", "pass_percent: 180")
    content._builds.clear()
    result = runner.invoke(args=["lms", "check"])
    assert result.exit_code == 1 and "course.md" in result.output and "pass_percent" in result.output
    content._builds.clear()
    login(make_user("instructor"))
    html = client.get("/authoring/").get_data(as_text=True)
    assert "course.md" in html and "pass_percent" in html
    assert cached_files(tmp_path) == [good] and good.stat().st_mtime_ns == written  # no build with problems kept
    _edit(course, "pass_percent: 180", "pass_percent: 80")
    work.builds = 0
    content._builds.clear()
    assert runner.invoke(args=["lms", "check"]).exit_code == 0 and work.builds == 0  # the same files as cached


def test_a_file_changed_while_the_catalog_was_built_is_not_cached(app, tree, work, tmp_path, monkeypatch):
    module = tree / "courses/sample-course/02-second-steps.md"
    real_build = content._build

    def build_then_edit(*args):
        found = real_build(*args)
        module.write_text(module.read_text(encoding="utf-8") + "\nSaved during the build.\n", encoding="utf-8")
        return found

    monkeypatch.setattr(content, "_build", build_then_edit)
    load(app, tree, work)
    assert cached_files(tmp_path) == [] and content._builds == {}
    monkeypatch.setattr(content, "_build", real_build)
    catalog, _ = load(app, tree, work)
    assert work.builds == 1 and "Saved during the build." in catalog.course("sample-course").modules[1].html


def test_a_cache_folder_that_cannot_be_written_costs_a_build_not_a_failure(app, tree, work, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    app.config["CACHE_DIR"] = str(blocker / "cache")  # as on a read-only file system: mkdir fails
    for _ in range(2):
        catalog, problems = load(app, tree, work)
        assert work.builds == 1 and not problems and catalog.course("sample-course") is not None
    assert "cannot write the catalog cache" in caplog.text


def test_a_failed_write_leaves_no_temporary_file(app, tree, work, tmp_path, monkeypatch):
    def read_only(*args):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(cache.os, "replace", read_only)
    load(app, tree, work)
    assert list((tmp_path / "cache").glob("*.tmp")) == [] and cached_files(tmp_path) == []


def test_the_cache_folder_is_the_instance_folder_and_never_inside_the_content(app, tree):
    app.config["CACHE_DIR"] = ""
    assert content.cache_folder(app) == (Path(app.instance_path) / "cache").resolve()
    inside = {"COURSES_DIR": str(tree / "courses"), "QUIZZES_DIR": str(tree / "quizzes"), "DATABASE_URL": "sqlite://",
              "CATALOG_CACHE": True, "CACHE_DIR": str(tree / "quizzes" / ".cache")}  # fmt: skip
    with pytest.raises(RuntimeError, match=r"LMS_CACHE_DIR .* is inside a content folder"):
        create_app(inside)


WRITER = """
import sys
from types import MappingProxyType
from lms.catalog.cache import DiskCache
from lms.catalog.model import Catalog

disk, me = DiskCache(sys.argv[1], "a shared key" * 4), int(sys.argv[2])
where, stamp = ("one folder",), b"s" * 32
for attempt in range(25):
    mine = {("course", f"{me}-{i}"): "x" * 500 for i in range(300 * me)}
    disk.store(where, stamp, Catalog(MappingProxyType({}), MappingProxyType(mine)))
    found = disk.load(where, stamp)
    assert found is not None, "a reader saw no whole file"
    writers = {name.split("-")[0] for _, name in found.assets}
    assert len(writers) == 1 and len(found.assets) == 300 * int(writers.pop()), "a file mixed two writers"
print("ok")
"""


def test_concurrent_writers_never_leave_a_partial_or_mixed_file(tmp_path):
    env = os.environ | {"LMS_ENV": "testing"}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(n)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2, 3, 4)]  # fmt: skip
    outcomes = [w.communicate(timeout=120) for w in writers]
    assert [out.strip() for out, _ in outcomes] == ["ok"] * 4, [err[-2000:] for _, err in outcomes]
    assert list(tmp_path.glob("*.tmp")) == [] and len(list(tmp_path.glob("catalog-*.pickle"))) == 1


WORKER = """
import sys
from lms.catalog import service

real = service.build_catalog

def counted(*args, **kwargs):
    with open(sys.argv[3], "a") as f:
        f.write("built\\n")
    return real(*args, **kwargs)

service.build_catalog = counted
from lms import create_app

app = create_app({"DATABASE_URL": "sqlite://", "COURSES_DIR": sys.argv[1] + "/courses", "CATALOG_CACHE": True,
                  "QUIZZES_DIR": sys.argv[1] + "/quizzes", "CACHE_DIR": sys.argv[2]})
catalog = app.extensions[service.EXTENSION_KEY]
print(sorted(catalog.courses), len(catalog.quizzes), len(catalog.localized))
"""


def test_workers_starting_together_build_once_and_share_it(tree, tmp_path):
    count = tmp_path / "builds.txt"
    env = os.environ | {"LMS_ENV": "testing"}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(tree), str(tmp_path / "cache"), str(count)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(3)]  # fmt: skip
    outcomes = [w.communicate(timeout=180) for w in workers]
    assert all(w.returncode == 0 for w in workers), [err[-2000:] for _, err in outcomes]
    assert len({out for out, _ in outcomes}) == 1 and "'quiz-course', 'sample-course'" in outcomes[0][0]
    assert count.read_text().splitlines() == ["built"]
