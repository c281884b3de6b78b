"""Inline TeX math (`$...$`, text2qti's syntax) to MathML, which browsers draw natively. Pure.

Math is cut out before Markdown runs (so `_` and `*` inside it stay TeX), converted by
latex2mathml, sanitised on its own MathML allowlist, and put back after the page's HTML has
been sanitised. Dollar rules follow pandoc: no space just inside the dollars and no digit
right after the closing one, so "$5 and $10" stays text.
"""

from __future__ import annotations

import re

import nh3
from latex2mathml.converter import convert

MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]{1,500}?)(?<=[^\s\\])\$(?![\d$])")
CODE = re.compile(r"(`+)(?:.|\n)*?\1|^(?:```|~~~).*?^(?:```|~~~)", re.MULTILINE | re.DOTALL)
PLACEHOLDER = "LMSMATH{}X"
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


def extract(markdown_text: str) -> tuple[str, list[str]]:
    """Replace each math span outside code with a token; return the text and the MathML list."""
    found: list[str] = []

    def replace(match: re.Match) -> str:
        found.append(_mathml(match.group(1)))
        return PLACEHOLDER.format(len(found) - 1)

    pieces, last = [], 0
    for code in CODE.finditer(markdown_text):
        pieces.append(MATH.sub(replace, markdown_text[last : code.start()]))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(MATH.sub(replace, markdown_text[last:]))
    return "".join(pieces), found


def restore(html: str, mathml: list[str]) -> str:
    for index, markup in enumerate(mathml):
        html = html.replace(PLACEHOLDER.format(index), markup)
    return html
