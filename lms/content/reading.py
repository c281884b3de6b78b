"""Python-Markdown additions that make long documents easier to read. Pure.

- Powers: `10^18` (a number, a caret, a whole exponent) renders as 10<sup>18</sup>. The base
  must be digits, so `x^2` and carets in prose stay as typed; code spans are left alone, and
  quizzes keep `$...$` for real mathematics.
- Footnotes: Python-Markdown gives a footnote cited seven times seven "↩" back-links in a row.
  One back-link is kept, pointing at the first citation; module.js retargets it at the
  citation the reader came from.
- Tables: each one sits in a named, focusable region that scrolls sideways on its own, so a
  keyboard user can scroll a wide table (the "scrollable region" pattern of Heydon Pickering's
  Inclusive Components, which axe's scrollable-region-focusable rule checks). Code blocks,
  which scroll sideways too, are focusable for the same reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

POWER = r"(?<=\d)\^(-?\d{1,4})(?![\w^])"
BACKLINK_TEXT = "\u21a9\ufe0e"  # ↩ with the text-presentation selector: never drawn as an emoji
TABLE_REGION = {"class": "table-scroll", "role": "region", "tabindex": "0"}


class _Power(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's API name
        sup = ET.Element("sup")
        sup.text = m.group(1)
        return sup, m.start(0), m.end(0)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _Tidy(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    self._wrap(parent, index, child)
                elif child.tag == "p":
                    self._one_backlink(child)

    @staticmethod
    def _wrap(parent: ET.Element, index: int, table: ET.Element) -> None:
        headers = [_text(th) for th in table.iter("th")]
        region = ET.Element("div", dict(TABLE_REGION))
        region.set("aria-label", ", ".join(h for h in headers if h) or "Table")
        parent.remove(table)
        region.append(table)
        region.tail, table.tail = table.tail, None
        parent.insert(index, region)

    @staticmethod
    def _one_backlink(paragraph: ET.Element) -> None:
        backlinks = [a for a in paragraph if a.tag == "a" and a.get("class") == "footnote-backref"]
        for extra in backlinks[1:]:
            if extra.tail:  # never drop text that followed a removed link
                backlinks[0].tail = (backlinks[0].tail or "") + extra.tail
            paragraph.remove(extra)


class _FocusableCode(Postprocessor):
    """Fenced code reaches the page as stashed HTML, after the tree: mark it up as text."""

    PRE = re.compile(r"<pre(?=[\s>])")

    def run(self, text: str) -> str:
        return self.PRE.sub('<pre tabindex="0"', text)


class Reading(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        md.inlinePatterns.register(_Power(POWER, md), "lms_power", 65)
        md.treeprocessors.register(_Tidy(md), "lms_reading", 1)
        md.postprocessors.register(_FocusableCode(md), "lms_focusable_code", 0)


def allowed_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The sanitiser's rule for the attributes `Reading` adds: only the values it writes."""
    if attribute == "tabindex":
        return value if value == "0" else None
    if tag == "div" and attribute == "role":
        return value if value == TABLE_REGION["role"] else None
    return value
