"""Moodle text fields as native Markdown, and the image files Moodle embeds in them. Pure.

Moodle stores each text with a format: `html` (what its editors write), `markdown`, `plain_text`
and `moodle_auto_format` (HTML where a newline is a line break). All become Markdown: simple HTML
(paragraphs, line breaks, bold, italics, code, lists, links, images, headings) is converted; any
other tag is kept as written, and the caller reports it. References to embedded files
(`@@PLUGINFILE@@/name.png`) are rewritten by a callback to the name the file is written under.
"""

from __future__ import annotations

import base64
import binascii
import html
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from lms.content.paths import IMAGE_TYPES

from .gift import Loss

PLUGINFILE = "@@PLUGINFILE@@/"
Rewrite = Callable[[str], str]  # a URL as written in the text -> the URL to write in Markdown
_SPECIAL = re.compile(r"([\\`*_\[\]<>$|])")  # Markdown meaning to neutralise in text read from HTML
_SPACE = re.compile(r"[ \t\r\n\f]+")
_BREAK = "\ue010"  # a <br> while spaces are collapsed
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "address", "center"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TRANSPARENT = {"span", "font", "html", "body", "tbody", "thead"}  # the tag goes, its text stays
_RAW_BLOCKS = {"table", "blockquote", "dl", "figure", "ruby"}  # kept whole, as an HTML block
_VOID = {"br", "img", "hr", "wbr", "input", "col", "source", "area", "meta", "link"}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_PLUGIN_REFERENCE = re.compile(r"@@PLUGINFILE@@/[^\s)\"'<>]+")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def escape_markdown(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def plain_to_html(text: str) -> str:
    """Moodle's plain text: every character literal, every newline a line break."""
    return auto_to_html(html.escape(text, quote=False))


def auto_to_html(text: str) -> str:
    """Moodle's auto-format: HTML where a blank line ends a paragraph and a newline breaks a line."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)


def markdown_field(text: str, rewrite: Rewrite) -> str:
    """Markdown as Moodle holds it, trailing spaces gone and embedded-file references rewritten."""
    lines = "\n".join(part.rstrip() for part in text.replace("\r\n", "\n").strip().split("\n"))
    return _PLUGIN_REFERENCE.sub(lambda found: rewrite(found.group(0)), lines)


def html_to_markdown(text: str, rewrite: Rewrite) -> tuple[str, list[str]]:
    """The Markdown, and the names of the tags kept as HTML (each once, in order of appearance)."""
    converter = _Converter(rewrite)
    converter.feed(text)
    converter.close()
    return converter.result(), list(dict.fromkeys(converter.kept))


class _Converter(HTMLParser):
    def __init__(self, rewrite: Rewrite):
        super().__init__(convert_charrefs=True)
        self.rewrite = rewrite
        self.out: list[str] = []  # finished lines
        self.inline: list[str] = []  # pieces of the paragraph being read
        self.lists: list[str] = []  # "ul" or "ol", per open list
        self.items: list[int] = []  # items so far, per open list
        self.marker: str | None = None  # a list item's "- " or "1. ", until its first line is written
        self.links: list[tuple[int, str]] = []  # (where the link text starts in `inline`, href)
        self.pre: list[str] | None = None  # the text of an open <pre>
        self.raw: list[str] | None = None  # the HTML of an open kept block (a table…)
        self.raw_tag = ""
        self.raw_depth = 0
        self.code = 0  # open <code> tags: their text is not escaped
        self.kept: list[str] = []

    # -- structure
    def blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def flush(self) -> None:
        """Write the paragraph read so far: spaces collapsed, <br> as line ends, indented in lists."""
        text = _SPACE.sub(" ", "".join(self.inline)).strip().replace(f" {_BREAK}", _BREAK)
        text = text.replace(f"{_BREAK} ", _BREAK).strip(_BREAK + " ")
        self.inline, self.links = [], []
        if not text:
            return
        depth = max(len(self.lists) - 1, 0)
        indent = "    " * depth
        first = indent + (self.marker or ("    " if self.lists else ""))
        self.marker = None
        lines = text.split(_BREAK)
        self.out.append(first + lines[0] + ("<br>" if len(lines) > 1 else ""))
        follow = indent + ("    " if self.lists else "")
        self.out += [follow + line + ("<br>" if n < len(lines) - 2 else "") for n, line in enumerate(lines[1:])]
        if not self.lists:
            self.out.append("")

    def result(self) -> str:
        self.flush()
        return "\n".join(self.out).strip("\n")

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.raw is not None:
            self.raw.append(self.tag_html(tag, values))
            self.raw_depth += tag == self.raw_tag
        elif self.pre is not None:
            return
        elif tag in _RAW_BLOCKS:
            self.flush()
            self.blank()
            self.kept.append(tag)
            self.raw, self.raw_tag, self.raw_depth = [self.tag_html(tag, values)], tag, 1
        elif tag in _BLOCKS:
            self.flush()
        elif tag in _HEADINGS:
            self.flush()
            self.inline.append("#" * max(int(tag[1]), 2) + " ")
        elif tag in ("ul", "ol"):
            self.start_list(tag)
        elif tag == "li":
            self.flush()
            if self.items:
                self.items[-1] += 1
            ordered = bool(self.lists) and self.lists[-1] == "ol"
            self.marker = f"{self.items[-1]}. " if ordered else "- "
            self.marker = self.marker.ljust(4)
        elif tag == "pre":
            self.flush()
            self.pre = []
        elif tag == "br":
            self.inline.append(_BREAK)
        elif tag in _EMPHASIS:
            self.inline.append(_EMPHASIS[tag])
        elif tag == "code":
            self.code += 1
            self.inline.append("`")
        elif tag == "a":
            self.links.append((len(self.inline), values.get("href", "")))
        elif tag == "img":
            alt = values.get("alt", "").replace("]", "").replace("[", "")
            self.inline.append(f"![{_SPACE.sub(' ', alt).strip()}]({self.url(values.get('src', ''))})")
        elif tag not in _TRANSPARENT:
            self.kept.append(tag)
            self.inline.append(self.tag_html(tag, values))

    def handle_endtag(self, tag: str) -> None:
        if self.raw is not None:
            self.raw.append(f"</{tag}>")
            self.raw_depth -= tag == self.raw_tag
            if self.raw_depth == 0:
                self.out += ["".join(self.raw), ""]
                self.raw = None
        elif self.pre is not None:
            if tag == "pre":
                code = "".join(self.pre).strip("\n").split("\n")
                self.blank()
                self.out += ["    " + line if line.strip() else "" for line in code] + [""]
                self.pre = None
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
                self.items.pop()
            if not self.lists:
                self.blank()
        elif tag == "li":
            self.flush()
        elif tag in _EMPHASIS:
            self.inline.append(_EMPHASIS[tag])
        elif tag == "code":
            self.code = max(self.code - 1, 0)
            self.inline.append("`")
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            label = "".join(self.inline[start:]).strip()
            self.inline[start:] = [f"[{label}]({self.url(href)})" if href and label else label]
        elif tag not in _TRANSPARENT and tag not in _VOID:
            self.inline.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw.append(html.escape(data, quote=False))
        elif self.pre is not None:
            self.pre.append(data)
        elif self.code:
            self.inline.append(data)
        else:
            self.inline.append(escape_markdown(data))

    def start_list(self, tag: str) -> None:
        self.flush()
        if not self.lists:
            self.blank()
        self.lists.append(tag)
        self.items.append(0)

    def url(self, value: str) -> str:
        return self.rewrite(value) if value.startswith(PLUGINFILE) else value

    def tag_html(self, tag: str, values: dict[str, str]) -> str:
        rewritten = {k: self.url(v) if k in ("src", "href") else v for k, v in values.items()}
        attributes = "".join(f' {k}="{html.escape(v)}"' for k, v in rewritten.items())
        return f"<{tag}{attributes}>"


def _file_key(file: ET.Element) -> str:
    """How the text refers to an embedded file: its path and name, as in `@@PLUGINFILE@@/path/name`."""
    return (file.get("path", "/").strip("/") + "/" + file.get("name", "")).lstrip("/")


def safe_file_name(name: str) -> str:
    """A file name to write beside the quiz: its last part only, in letters, digits, '.', '-' and '_'."""
    base = posixpath.basename(name.replace("\\", "/"))
    stem, extension = posixpath.splitext(base)
    stem = _SAFE_NAME.sub("-", stem).strip("-.") or "image"
    return stem + _SAFE_NAME.sub("", extension).lower()


class Images:
    """The files to write beside the quiz: one name per distinct content, never two contents under one name."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, name: str, data: bytes) -> str:
        """Store `data`; the name it is written under (`chart-2.png` when `chart.png` holds another file)."""
        wanted = safe_file_name(name)
        stem, extension = posixpath.splitext(wanted)
        candidate, number = wanted, 1
        while candidate in self.files and self.files[candidate] != data:
            number += 1
            candidate = f"{stem}-{number}{extension}"
        self.files[candidate] = data
        return candidate


@dataclass
class Context:
    """The question being read: how losses name it, and what it lost along the way."""

    label: str
    line: int
    kept_tags: list[str] = field(default_factory=list)


class FieldReader:
    """Reads Moodle text fields as Markdown, gathering the images they embed and what they lose."""

    def __init__(self) -> None:
        self.losses: list[Loss] = []
        self.images = Images()

    def loss(self, title: str, line: int, message: str) -> None:
        self.losses.append(Loss(title, line, message))

    # -- fields
    def field(self, holder: ET.Element | None, ctx: Context, what: str = "text") -> str:
        """A text field (`<questiontext>`, `<feedback>`…) as Markdown, its embedded images resolved."""
        if holder is None:
            return ""
        files = {_file_key(f): f for f in holder.findall("file")}  # Moodle keeps files per field
        written: dict[str, str] = {}

        def rewrite(url: str) -> str:
            key = urllib.parse.unquote(url.removeprefix(PLUGINFILE).split("?", 1)[0]).lstrip("/")
            if key not in written:
                written[key] = self.written_name(key, files.get(key), ctx, what)
            return urllib.parse.quote(written[key])

        text, text_format = holder.findtext("text") or "", holder.get("format", "html")
        if text_format == "markdown":
            result = markdown_field(text, rewrite)
        else:
            if text_format not in ("html", "plain_text", "moodle_auto_format"):
                self.loss(ctx.label, ctx.line, f"the text format '{text_format}' is read as Moodle's auto-format")
            source = {"html": text, "plain_text": plain_to_html(text)}.get(text_format, auto_to_html(text))
            result, kept = html_to_markdown(source, rewrite)
            ctx.kept_tags += kept
        for key in sorted(set(files) - set(written)):
            self.loss(ctx.label, ctx.line, f"the file '{key}' is embedded but the {what} never shows it; not written")
        return result

    def written_name(self, key: str, file: ET.Element | None, ctx: Context, what: str) -> str:
        """The name an embedded file is written under; a missing or unreadable one keeps its name, with a Loss."""
        if file is None:
            self.loss(ctx.label, ctx.line, f"the {what} shows '{key}', which is not embedded in the file; it now "
                      f"refers to '{safe_file_name(key)}': put that image beside the quiz")  # fmt: skip
            return safe_file_name(key)
        data = self.decode(file, key, ctx)
        return self.images.add(key, data) if data is not None else safe_file_name(key)

    def decode(self, element: ET.Element, key: str, ctx: Context) -> bytes | None:
        if posixpath.splitext(key)[1].lower() not in IMAGE_TYPES:
            self.loss(ctx.label, ctx.line, f"the file '{key}' is not an image ({', '.join(sorted(IMAGE_TYPES))}); "
                      "a quiz serves only images, so it is not written")  # fmt: skip
            return None
        if element.get("encoding", "base64") != "base64":
            self.loss(ctx.label, ctx.line, f"the file '{key}' is in the encoding '{element.get('encoding')}', not "
                      "base64; not written: export the question from Moodle again")  # fmt: skip
            return None
        try:
            return base64.b64decode("".join((element.text or "").split()), validate=True)
        except (binascii.Error, ValueError):
            self.loss(ctx.label, ctx.line, f"the file '{key}' is not valid base64; not written: export the "
                      "question from Moodle again")  # fmt: skip
            return None

    def answer_text(self, answer: ET.Element) -> str:
        """A short answer, number or matching answer: the text as typed, on one line."""
        return " ".join((answer.findtext("text") or "").split())

    # -- questions
