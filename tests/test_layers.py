"""The packages of `lms` import each other in one direction only (see README, "Architecture").

Each module's imports of other `lms` modules are read from its syntax tree, including imports
inside functions, so a back-import cannot hide in a function body. A package may import its own
modules and anything in a lower layer; anything else fails with the offending file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LMS = Path(__file__).resolve().parent.parent / "lms"

# Lowest first. A name is a top-level module or package of `lms`.
LAYERS: list[set[str]] = [
    {"text"},  # low utilities, each may use those above it
    {"clock"},
    {"i18n", "dates"},  # pure: the reader's language, and dates and times as they read them
    {"extensions"},
    {"database"},
    {"audit"},
    {"formats"},  # how values read on pages, in the reader's language and zone
    {"web", "page_cache"},  # page_cache: pages rendered once for everyone in the same situation
    {"mail"},  # the outbox and its sender; below auth, whose password recovery sends mail
    {"auth"},
    {"content"},  # pure: Markdown, front matter, paths
    {"quizzes"},  # quiz format, grading, attempts
    {"catalog"},  # content files as loaded courses and quizzes
    {"progress"},  # completion, course grade, certificates
    {"cohorts"},
    {"reports"},
    {"authoring"},
    {"admin"},
    {"learning"},  # the officer's pages
    {"models"},  # every table, for the metadata and Alembic
    {"demo"},
    {"cli"},
    {"migrations"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
PACKAGE_INIT = "__init__"  # lms/__init__.py is the app factory: it may import everything


def _unit(path: Path) -> str:
    parts = path.relative_to(LMS).with_suffix("").parts
    return parts[0]


def _imported_units(source: str, package: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, top-level lms unit) for every lms import in `source`, a module of `package`."""

    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = base + (node.module.split(".") if node.module else [])
            targets = [module] if node.module else [[*module, alias.name] for alias in node.names]
        else:
            continue
        for target in targets:
            if len(target) >= 2 and target[0] == "lms":
                found.append((node.lineno, target[1]))
    return found


def _package(path: Path) -> tuple[str, ...]:
    return path.relative_to(LMS.parent).with_suffix("").parts[:-1]  # ("lms", "auth")


def _sources() -> list[Path]:
    return sorted(p for p in LMS.rglob("*.py") if "versions" not in p.parts)


def test_every_unit_has_a_layer():
    units = {_unit(p) for p in _sources()} - {PACKAGE_INIT}
    assert units <= set(RANK), f"give these a layer in tests/test_layers.py: {sorted(units - set(RANK))}"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(LMS)))
def test_imports_point_down(path: Path):
    unit = _unit(path)
    if unit == PACKAGE_INIT:
        return
    wrong = [
        f"{path.relative_to(LMS.parent)}:{line} imports lms.{target} (layer {RANK[target]}) "
        f"from {unit} (layer {RANK[unit]})"
        for line, target in _imported_units(path.read_text(encoding="utf-8"), _package(path))
        if target != unit and target in RANK and RANK[target] >= RANK[unit]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_back_imports():
    """Function-level, relative and absolute imports upwards are all found, so the test above can fail."""

    source = "import lms.cohorts.models\n\ndef f():\n    from ..progress import service\n    from .. import reports\n"
    assert _imported_units(source, ("lms", "quizzes")) == [(1, "cohorts"), (4, "progress"), (5, "reports")]
