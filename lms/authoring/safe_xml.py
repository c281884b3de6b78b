"""Read untrusted XML into ElementTree elements, each with the line its start tag is on. Pure.

Built on expat directly, because ElementTree keeps no line numbers. Any DOCTYPE is refused before
it is read: entity declarations can expand without bound ("billion laughs") or pull in other
files (XXE), and the files read here (Moodle question banks) never need one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat

REFUSED_DOCTYPE = (
    "the file has a <!DOCTYPE …> declaration, which is refused because declarations can expand without "
    "bound or read other files; delete the declaration (Moodle XML needs none) and try again"
)


class XmlRefused(ValueError):
    """The text is not XML that may be read; `line` is where the trouble starts."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    root: ET.Element
    lines: dict[ET.Element, int]  # each element -> the line of its start tag

    def line(self, element: ET.Element) -> int:
        return self.lines.get(element, 0)


class _Builder:
    """expat's callbacks, building the tree; text is gathered in pieces and joined once."""

    def __init__(self, parser: expat.XMLParserType):
        self.parser = parser
        self.stack: list[ET.Element] = []
        self.root: ET.Element | None = None
        self.lines: dict[ET.Element, int] = {}
        self.pending: list[str] = []

    def flush(self) -> None:
        if not self.pending or not self.stack:
            self.pending = []
            return
        text, parent = "".join(self.pending), self.stack[-1]
        self.pending = []
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.flush()
        element = ET.Element(tag, attributes) if not self.stack else ET.SubElement(self.stack[-1], tag, attributes)
        self.root = self.root if self.root is not None else element
        self.lines[element] = self.parser.CurrentLineNumber
        self.stack.append(element)

    def end(self, _tag: str) -> None:
        self.flush()
        self.stack.pop()

    def data(self, text: str) -> None:
        self.pending.append(text)

    def refuse(self, *_args: object) -> NoReturn:
        raise XmlRefused(self.parser.CurrentLineNumber, REFUSED_DOCTYPE)


def parse_xml(data: str | bytes) -> Document:
    """The document; raises XmlRefused for a DOCTYPE or text that is not well-formed XML."""
    parser = expat.ParserCreate()
    builder = _Builder(parser)
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = builder.refuse
    parser.EntityDeclHandler = builder.refuse
    parser.ExternalEntityRefHandler = builder.refuse
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlRefused(exc.lineno, f"the file is not well-formed XML ({expat.ErrorString(exc.code)}); fix it "
                         "there, or export it from Moodle again") from None  # fmt: skip
    if builder.root is None:
        raise XmlRefused(1, "the file holds no XML element")
    return Document(builder.root, builder.lines)
