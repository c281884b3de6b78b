"""Markdown to sanitised HTML, rendered once per document at start-up.

A fresh Python-Markdown instance per document (extensions keep state between calls).
Images must be files beside the document and carry alt text; relative links to other
Markdown files are resolved through a callback. nh3 then keeps only a small allowlist of
tags, attributes, classes and URL schemes (shared/security.md D1).
"""

from __future__ import annotations

import html
import math
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..i18n import N_
from .math import extract as extract_math
from .math import restore as restore_math
from .reading import BACKLINK_TEXT, Reading, allowed_attribute

WORDS_PER_MINUTE = 200

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "kbd", "li", "ol", "p", "pre", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "div": {"role", "tabindex", "aria-label"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "pre": {"tabindex"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align"},
}  # fmt: skip
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "tip", "warning", "danger", "important", "footnote", "table-scroll"},
    "p": {"admonition-title"},
    "a": {"footnote-ref", "footnote-backref"},
}
URL_SCHEMES = {"http", "https", "mailto"}

AssetResolver = Callable[[str], "str | None"]  # relative file name -> URL, or None if absent
LinkResolver = Callable[[str], "str | None"]  # relative .md target -> URL, or None if unknown


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[TocEntry, ...]
    words: int
    problems: tuple[tuple[int, str], ...]  # (line within the body, message)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def _is_relative(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("/", "\\", "#"))


class _ResolveReferences(Treeprocessor):
    def __init__(self, md, assets: AssetResolver, links: LinkResolver | None, found: list[tuple[str, str]]):
        super().__init__(md)
        self.assets, self.links, self.found = assets, links, found

    def run(self, root: ET.Element) -> None:
        for img in root.iter("img"):
            src = img.get("src", "")
            if not (img.get("alt") or "").strip():
                self.found.append(
                    (src, N_("image '%(src)s' has no alt text; write ![what the image shows](%(src)s)", src=src))
                )
            if not _is_relative(src):
                self.found.append(
                    (src, N_("image '%(src)s' must be a file beside the Markdown file, not an address", src=src))
                )
                img.set("src", "")
                continue
            url = self.assets(src)
            if url is None:
                self.found.append(
                    (src, N_("image file '%(src)s' not found beside the Markdown file (png, jpg, gif, svg or webp)",
                             src=src))
                )  # fmt: skip
            img.set("src", url or "")
        for a in root.iter("a"):
            href = a.get("href", "")
            target = href.split("#", 1)[0]
            if self.links is None or not _is_relative(href) or not target.endswith(".md"):
                continue
            url = self.links(target)
            if url is None:
                self.found.append(
                    (
                        href,
                        N_(
                            "link to '%(target)s' points to no module or request template of this course", target=target
                        ),
                    )
                )
            fragment = href[len(target) :]
            a.set("href", (url or "") + fragment)


class _References(Extension):
    """Its resolver's assets, links and problem list are set anew for each conversion."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        self.resolver = _ResolveReferences(md, lambda _src: None, None, [])
        md.treeprocessors.register(self.resolver, "lms_refs", 0)


def _flatten(tokens: list[dict]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for token in tokens:
        entries.append(TocEntry(token["level"], token["id"], html.unescape(re.sub(r"<[^>]+>", "", token["name"]))))
        entries.extend(_flatten(token["children"]))
    return entries


def _line_of(body: str, needle: str) -> int:
    index = body.find(needle) if needle else -1
    return body.count("\n", 0, index) + 1 if index >= 0 else 1


_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _filter_attributes(tag: str, attribute: str, value: str) -> str | None:
    """Drop a URL whose scheme is not allowed once spaces and control characters are removed.

    Browsers strip tabs and newlines inside URLs, so `java<TAB>script:` is `javascript:`;
    nh3 sees no scheme there and would keep it as a relative link. Other attributes keep
    only the values the renderer itself writes (a table's scrolling region).
    """
    if attribute not in ("href", "src"):
        return allowed_attribute(tag, attribute, value)
    match = _SCHEME.match(_URL_NOISE.sub("", value))
    if match and match.group(1).lower() not in URL_SCHEMES:
        return None
    return value


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attributes,
    )


_THREAD = threading.local()
# Text in which no character means anything to Markdown or to this renderer's additions (no
# markup, entity, math, power, line break or indent, and no start of a list, heading or quote):
# it converts to one paragraph of itself, so the converter is skipped. Most quiz choices are such
# text. (A no-break space is left to the converter: the sanitiser writes it as &nbsp;.)
_PLAIN = re.compile(r"[^\\`*_\[\]{}<>#|~$^&\n\r\t\x00-\x1f\x7f-\xa0]+")
_BLOCK_START = re.compile(r"[-+=>]|\d+\.\s")


def _converter() -> tuple[markdown.Markdown, _References]:
    """This thread's Markdown converter, made once: making one (eight extensions) cost more than
    converting a quiz choice, and a catalog converts thousands of short texts. `reset()` before
    each conversion clears what the last one left (footnotes, the table of contents, stashes)."""
    if not hasattr(_THREAD, "converter"):
        references = _References()
        md = markdown.Markdown(
            extensions=[
                "tables",
                "fenced_code",
                "footnotes",
                "admonition",
                "toc",
                "attr_list",  # `## Término {#term}`: a translated glossary keeps its terms' English anchors
                Reading(),
                references,
            ],
            extension_configs={
                "footnotes": {"BACKLINK_TEXT": BACKLINK_TEXT},
                "toc": {"toc_depth": "2-3", "permalink": False},
                "tables": {"use_align_attribute": True},
            },
            output_format="html",
        )
        _THREAD.converter = (md, references)
    return _THREAD.converter


def render(body: str, assets: AssetResolver, links: LinkResolver | None = None, *, math: bool = False) -> Rendered:
    """Render Markdown `body`; problems carry lines relative to the body's first line.

    With `math`, `$...$` spans become MathML (quizzes use text2qti's math syntax).
    """
    if _PLAIN.fullmatch(body) and body == body.strip() and not _BLOCK_START.match(body):
        return Rendered(html=f"<p>{body}</p>", toc=(), words=len(re.findall(r"\w+", body)), problems=())
    found: list[tuple[str, str]] = []
    mathml = None
    source = body
    if math:
        body, mathml = extract_math(body)
    md, references = _converter()
    references.resolver.assets, references.resolver.links, references.resolver.found = assets, links, found
    converted = md.reset().convert(body)
    toc = tuple(_flatten(getattr(md, "toc_tokens", [])))
    words = len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", converted)))
    problems = tuple((_line_of(source, needle), message) for needle, message in found)
    html = sanitize(converted) if mathml is None else restore_math(sanitize(converted), mathml)
    return Rendered(html=html, toc=toc, words=words, problems=problems)
