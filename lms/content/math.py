"""Inline TeX math (`$...$`, text2qti's syntax) to MathML, which browsers draw natively. Pure.

Math is cut out before Markdown runs (so `_` and `*` inside it stay TeX), converted by
latex2mathml, sanitised on its own MathML allowlist, and put back after the page's HTML has
been sanitised. Dollar rules follow pandoc: no space just inside the dollars and no digit
right after the closing one, so "$5 and $10" stays text.

Math put back goes only where text goes: a span that Markdown carried into an attribute (an
image's alt text, a link's title or address) gets its TeX source there, escaped, never markup
that could end the attribute. The placeholder carries a token derived from the document, so
text an author types can never be taken for one.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

import nh3
from latex2mathml.converter import convert

MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]{1,500}?)(?<=[^\s\\])\$(?![\d$])")
CODE = re.compile(r"(`+)(?:.|\n)*?\1|^(?:```|~~~).*?^(?:```|~~~)", re.MULTILINE | re.DOTALL)
PLACEHOLDER = "LMSMATH{token}N{index}X"
# A start tag as nh3 writes it: attribute values are always double-quoted and may hold '>'.
TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
MATHML_TAGS = {"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac",
               "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded",
               "mphantom", "menclose", "semantics", "annotation"}  # fmt: skip
MATHML_ATTRIBUTES = {
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mi": {"mathvariant"},
    "mspace": {"width"},
    "mtd": {"columnalign"},
    "mtable": {"columnalign"},
    "mfrac": {"linethickness"},
    "menclose": {"notation"},
}


def _mathml(tex: str) -> str:
    try:
        markup = convert(tex)
    except Exception:  # latex2mathml raises many kinds on malformed TeX; show the source instead
        return f'<code class="math-source">{nh3.clean_text(tex)}</code>'
    return nh3.clean(markup, tags=MATHML_TAGS, attributes=MATHML_ATTRIBUTES, url_schemes=set())


@dataclass(frozen=True)
class Extracted:
    token: str
    spans: tuple[tuple[str, str], ...] = ()  # (TeX source, sanitised MathML), by placeholder index


def extract(markdown_text: str) -> tuple[str, Extracted]:
    """Replace each math span outside code with a placeholder; return the text and what it replaced."""
    token = hashlib.sha256(markdown_text.encode()).hexdigest()[:12]
    found: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        found.append((match.group(1), _mathml(match.group(1))))
        return PLACEHOLDER.format(token=token, index=len(found) - 1)

    pieces, last = [], 0
    for code in CODE.finditer(markdown_text):
        pieces.append(MATH.sub(replace, markdown_text[last : code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(MATH.sub(replace, markdown_text[last:]))
    return "".join(pieces), Extracted(token, tuple(found))


def restore(sanitised_html: str, extracted: Extracted) -> str:
    """Put MathML back in text and escaped TeX back in tags; `sanitised_html` is nh3's output."""
    if not extracted.spans:
        return sanitised_html
    placeholder = re.compile("LMSMATH" + extracted.token + r"N(\d+)X")
    spans = extracted.spans

    def markup(match: re.Match) -> str:
        index = int(match.group(1))
        return spans[index][1] if index < len(spans) else ""

    def source(match: re.Match) -> str:
        index = int(match.group(1))
        return html.escape(spans[index][0], quote=True) if index < len(spans) else ""

    pieces = TAG.split(sanitised_html)  # text, tag, text, tag, ...: tags sit at odd positions
    return "".join(placeholder.sub(source if i % 2 else markup, piece) for i, piece in enumerate(pieces))
