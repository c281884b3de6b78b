"""Issue 18, point 3: the stylesheets use logical properties only, so Hebrew pages mirror.

margin-inline-start, not margin-left; text-align: start, not left; inset-inline-start, not left;
border-start-end-radius, not border-top-right-radius. A shorthand that sets the left and right
sides differently (margin: 0 1rem 0 2rem, border-radius: 0 8px 8px 0) is physical too. Reading
the CSS is enough: no browser needed.
"""

import re
from pathlib import Path

import pytest

CSS_DIR = Path(__file__).resolve().parents[1] / "static" / "css"
SIDES = r"(?:left|right)"
PHYSICAL_PROPERTY = re.compile(
    rf"^(?:{SIDES}|(?:margin|padding|scroll-margin|scroll-padding)-{SIDES}"
    rf"|border-{SIDES}(?:-(?:width|style|color))?|border-(?:top|bottom)-{SIDES}-radius)$"
)
PHYSICAL_VALUE = {  # property: values that name a side
    "text-align": re.compile(rf"^{SIDES}$"),
    "float": re.compile(rf"^{SIDES}$"),
    "clear": re.compile(rf"^{SIDES}$"),
}
FOUR_SIDED = {"margin", "padding", "inset", "scroll-margin", "scroll-padding", "border-width", "border-color"}
GRADIENT_TO_A_SIDE = re.compile(rf"gradient\(\s*(?:to\s+(?:(?:top|bottom)\s+)?{SIDES}\b|-?(?:90|270)deg)")
DECLARATION = re.compile(r"([-\w]+)\s*:\s*([^;]+)")


def physical_declarations(css: str) -> list[tuple[int, str]]:
    """(line, declaration) for each declaration that names a physical left or right side."""
    found = []
    without_comments = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.S)
    for block in re.finditer(r"\{([^{}]*)\}", without_comments):
        for match in DECLARATION.finditer(block.group(1)):
            prop, value = match.group(1).lower(), match.group(2).strip().lower()
            value = re.sub(r"\s*!important$", "", value)
            line = without_comments.count("\n", 0, block.start(1) + match.start()) + 1
            parts = value.split()
            physical = (
                PHYSICAL_PROPERTY.match(prop)
                or (prop in PHYSICAL_VALUE and PHYSICAL_VALUE[prop].match(value))
                or (prop in FOUR_SIDED and len(parts) == 4 and parts[1] != parts[3])
                or (prop == "border-radius" and "/" not in value and _uneven_corners(parts))
                or GRADIENT_TO_A_SIDE.search(value)
            )
            if physical:
                found.append((line, f"{prop}: {value}"))
    return found


def _uneven_corners(parts: list[str]) -> bool:
    """border-radius with its left corners unlike its right ones (top-left, top-right, ...)."""
    if len(parts) < 2 or len(parts) > 4:
        return False
    top_left, top_right = parts[0], parts[1]
    bottom_right = parts[2] if len(parts) > 2 else parts[0]
    bottom_left = parts[3] if len(parts) > 3 else parts[1]
    return top_left != top_right or bottom_right != bottom_left


@pytest.mark.parametrize("path", sorted(CSS_DIR.glob("*.css")), ids=lambda path: path.name)
def test_stylesheets_use_logical_properties(path):
    found = physical_declarations(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{line}: {text} (use its logical form)" for line, text in found)


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { padding-right: 0 }",
        ".a { position: absolute; left: -999px; }",
        ".a { right: 0; }",
        "@media (max-width: 40rem) { .a { text-align: right; } }",
        ".a { float: left; }",
        ".a { border-left: 4px solid red; }",
        ".a { border-right-color: red; }",
        ".a { border-top-left-radius: 4px; }",
        ".a { border-radius: 0 8px 8px 0; }",
        ".a { margin: 0 1rem 0 2rem; }",
        ".a { background: linear-gradient(to right, red, blue); }",
        ".a { background: linear-gradient(90deg, red 50%, blue 50%); }",
    ],
)
def test_the_check_finds_physical_declarations(css):
    assert physical_declarations(css)


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; padding-inline: .5rem 1rem; inset-inline-start: 0; }",
        ".a { text-align: start; border-inline-start: 4px solid red; border-start-end-radius: 8px; }",
        ".a { margin: 0 auto; padding: .5rem 1rem; border-radius: 8px; margin: 1rem 0 2rem; }",
        ".a { border-bottom: 1px solid; top: 0; }  /* margin-left: 0 in a comment */",
        "a:hover { color: red; } .pull-left:focus { color: blue; }",
        ".a { background: linear-gradient(var(--toward-end), red 50%, blue 50%); }",
    ],
)
def test_the_check_passes_logical_declarations(css):
    assert not physical_declarations(css)
