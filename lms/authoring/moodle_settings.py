"""Which parts of a Moodle XML `<question>` the importer carries, and how to name the rest. Pure.

Every child element of a question is carried, neutral (presentation, or a value that does what a
native quiz does anyway: no penalty, letters for choices, a text box for an essay) or dropped;
the dropped ones are named in the question's Loss, so nothing goes silently.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

_COMMON = {"name", "questiontext", "generalfeedback", "defaultgrade"}
_COMBINED = {"correctfeedback", "incorrectfeedback"}
CARRIED: dict[str, set[str]] = {  # question type -> elements read into the native question
    "multichoice": _COMMON | _COMBINED | {"answer", "single", "shuffleanswers"},
    "truefalse": _COMMON | {"answer"},
    "shortanswer": _COMMON | {"answer"},
    "numerical": _COMMON | {"answer"},
    "essay": _COMMON,
    "matching": _COMMON | _COMBINED | {"subquestion", "shuffleanswers"},
    "ordering": _COMMON | _COMBINED | {"answer"},
    "description": _COMMON,
}


def _zero(value: str) -> bool:
    try:
        return Decimal(value or "0") == 0
    except InvalidOperation:
        return False


def _any(_value: str) -> bool:
    return True


def _one_of(*values: str) -> Callable[[str], bool]:
    return lambda value: value.lower() in values


NEUTRAL: dict[str, Callable[[str], bool]] = {  # element -> whether its value changes nothing natively
    "hidden": _zero,
    "idnumber": _one_of(""),
    "penalty": _zero,
    "answernumbering": _one_of("abc", ""),
    "showstandardinstruction": _any,
    "shownumcorrect": _any,
    "partiallycorrectfeedback": _one_of(""),
    "usecase": _zero,  # a native short answer ignores case
    "unitgradingtype": _any,  # with no <unit>, units play no part
    "unitpenalty": _any,
    "showunits": _any,
    "unitsleft": _any,
    "instructions": _one_of(""),
    "responseformat": _one_of("editor", "plain", "monospaced", "editorfilepicker"),
    "responserequired": _any,
    "responsefieldlines": _any,
    "attachments": _zero,
    "attachmentsrequired": _zero,
    "maxbytes": _zero,
    "filetypeslist": _one_of(""),
    "graderinfo": _one_of(""),
    "responsetemplate": _one_of(""),
    "minwordlimit": _zero,
    "maxwordlimit": _zero,
    "layouttype": _any,  # an ordering question's look
    "numberingstyle": _any,
    "showgrading": _any,
    "selecttype": _one_of("all", "0", ""),  # an ordering question shows all its items
    "selectcount": _zero,
    "gradingtype": _one_of("absolute_position", "0"),  # native ordering: a share of points per item in its place
    "tags": _one_of(""),
}
_NAMES = {
    "penalty": "penalty %s for each wrong try (a native attempt has one try)",
    "partiallycorrectfeedback": "partially correct feedback",
    "graderinfo": "information for graders",
    "responsetemplate": "a response template",
    "attachments": "%s file attachment(s) (the platform stores no uploads)",
    "attachmentsrequired": "%s required attachment(s)",
    "hidden": "hidden in Moodle (imported as a visible question)",
    "idnumber": "ID number %s",
    "gradingtype": "grading %s (native ordering gives a share of the points for each item in its right place)",
    "selecttype": "shows only some of its items (%s)",
    "selectcount": "%s items at a time",
    "answernumbering": "answer numbering '%s' (native choices are lettered a, b, c)",
    "responseformat": "response format '%s'",
    "instructions": "unit instructions",
    "usecase": "case-sensitive answers (native short answers ignore case)",
}


def _value(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def dropped(question: ET.Element, kind: str) -> list[str]:
    """What the question loses, described; [] when every element is carried or neutral."""
    carried = CARRIED.get(kind, set())
    hints = [h for h in question.findall("hint") if _value(h)]
    found = [f"{len(hints)} hint(s) (a native attempt has one try)"] if hints else []
    units = [" ".join((u.findtext("unit_name") or "").split()) for u in question.iter("unit")]
    if units:
        found.append("units: " + ", ".join(units))
    tags = [" ".join((t.findtext("text") or "").split()) for t in question.iter("tag")]
    if tags:
        found.append("tags: " + ", ".join(tags))
    for element in question:
        name, value = element.tag, _value(element)
        if name in carried or name in ("hint", "units", "tags") or NEUTRAL.get(name, lambda _v: False)(value):
            continue
        label = _NAMES.get(name, f"{name} %s" if value else name)
        found.append(label.replace("%s", value[:60]) if "%s" in label else label)
    return list(dict.fromkeys(found))
