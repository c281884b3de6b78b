"""The certificate as a one-page PDF (fpdf2), in the officer's language and in English. Pure.

Every name prints as written, whatever its script: the text is shaped by HarfBuzz (fpdf2's
`set_text_shaping`, through uharfbuzz), so Arabic letters join, Devanagari and Thai clusters
form, and right-to-left runs are ordered by the Unicode bidirectional algorithm; the fonts are
embedded as subsets of the glyphs used.

Fonts: Noto Sans for Latin, Greek and Cyrillic, and fpdf2's fallback fonts for the rest (Hebrew,
Arabic, Thai, Devanagari: static Noto TTFs vendored in fonts/, see fonts/SOURCES.txt; Han, kana
and Hangul: Noto Sans CJK JP from the PyPI package noto-cjk-sans-jp-regular). Fallback fonts
rather than a font picked per run, because one line mixes scripts (a Hebrew sentence holding a
Latin URL, a name in two scripts) and fpdf2 splits a line into bidirectional runs first and then
by font, character by character, so each run gets the first font that has its glyphs. A certificate
registers only the fallback fonts its text needs: loading the 16 MB CJK font costs about half a
second, which a Latin certificate should not pay. The CJK font has no bold, so bold text in Han,
kana or Hangul is set in its regular weight (fpdf2 falls back across emphasis).

Static fonts, not the variable Noto fonts on PyPI (fontpkg-noto-sans...): fpdf2 instantiates a
variable font again for every document (some 10 s for Noto Sans) and shapes with HarfBuzz on the
file's default instance, so bold text would get regular advances.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, cast

import segno
from babel.numbers import format_percent

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path(__file__).with_name("fonts")
PRIMARY = "NotoSans"
# fpdf2 subsets each font through fontTools, which logs every table it prunes at INFO: some fifty
# lines a certificate in the application's log, and nothing anyone acts on.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Face:
    """A font family the certificate can set text in: its regular file, and its bold if it has one."""

    family: str
    regular: Path
    bold: Path | None


def _cjk_font() -> Path:
    return Path(str(files("noto_cjk_sans_jp_regular").joinpath("NotoSansCJKjp-Regular.otf")))


def _vendored(family: str) -> Face:
    return Face(family, FONT_DIR / f"{family}-Regular.ttf", FONT_DIR / f"{family}-Bold.ttf")


@cache
def faces() -> tuple[Face, ...]:
    """The primary face first, then the fallbacks in the order fpdf2 tries them."""
    vendored = [_vendored(family) for family in (PRIMARY, "NotoSansHebrew", "NotoSansArabic", "NotoSansThai",
                                                  "NotoSansDevanagari")]  # fmt: skip
    return (*vendored, Face("NotoSansCJK", _cjk_font(), None))


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (read once per process)."""
    from fontTools.ttLib import TTFont  # imported when first needed, as fpdf2 is (_Certificate)

    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def needed_faces(texts: Iterable[str]) -> list[Face]:
    """The faces `texts` need: the primary one, and each fallback that is the first to have a
    character the faces before it lack (as fpdf2's fallback chooses)."""
    primary, *fallbacks = faces()
    missing = {ord(c) for text in texts for c in text} - coverage(primary.regular)
    needed = [primary]
    for face in fallbacks:
        if missing & coverage(face.regular):
            needed.append(face)
            missing -= coverage(face.regular)
    return needed


@dataclass(frozen=True)
class CertificateText:
    """The certificate's sentences in one language, translated and filled in by the caller."""

    locale: str  # "en", "pt_BR", "he"...
    direction: str  # "ltr" or "rtl"
    platform: str  # "Law Enforcement Training Platform"
    heading: str  # "Certificate of Completion"
    certifies: str  # "This certifies that" (above the name)
    completed: str  # "has completed the course" (between the name and the course title)
    facts: tuple[str, ...]  # ("Study time 6 h 30 min", "Course grade 87.5%", "Issued on 5 March 2026 (UTC)")
    code: str  # "Certificate code: ABCD-EFGH-JKLM"
    check: str  # "Check this certificate at https://..."


@dataclass(frozen=True)
class CertificateData:
    officer_name: str
    agency: str
    course_title: str
    issued_at: datetime  # naive UTC; the PDF's creation date, so a certificate renders the same each time
    code: str
    verify_url: str
    text: CertificateText  # in the officer's language
    english: CertificateText | None = None  # None when the officer's language is English
    course_title_english: str | None = None  # the course's own title, when the officer's differs

    def lines(self) -> list[str]:
        """Every string the PDF shows."""
        texts = [self.text] if self.english is None else [self.text, self.english]
        shown = [self.officer_name, self.agency, self.course_title, "LETP · "]
        shown += [self.course_title_english] if self.course_title_english else []
        for t in texts:
            shown += [t.platform, t.heading, t.certifies, t.completed, *t.facts, t.code, t.check]
        return shown


def percent_text(value: Decimal, locale: str = "en") -> str:
    """As the pages show it (formats.percent): "100%", "87.5%", "87,5%"; at most two decimals."""
    return format_percent(Decimal(value) / 100, "#,##0.##%", locale=locale)


NAVY = (29, 63, 114)
INK = (27, 36, 48)
GREY = (84, 93, 107)
GOLD = (176, 141, 59)
Color = tuple[int, int, int]
PAGE_W = 297.0
LEFT, RIGHT = 24.0, 273.0  # the text column inside the frame
WIDTH = RIGHT - LEFT
BODY_TOP, BODY_BOTTOM = 19.0, 155.0  # the block from the platform's name to the facts, centred in here
FOOT = 160.0  # the QR code, the code and the seal
ENGLISH = 0.8  # an English line's size, of the line above it in the officer's language
PT = 25.4 / 72  # mm in a point


class _Certificate:
    """The page, laid out from top to bottom: `y` is where the next line starts (mm).

    The body is laid out twice: once measuring (`dry`: nothing drawn, only `y` moves, and the gaps
    between lines are summed), then for real, with the gaps stretched or squeezed so that the body
    fills the space above the foot whatever wraps (a long name or course title, a long sentence).
    """

    def __init__(self, data: CertificateData) -> None:
        # Imported here, not at the top: fpdf2 and fontTools were a third of the start-up of every
        # worker and `flask lms` command, and only certificates use them.
        from fpdf import FPDF

        self.data = data
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_title(f"LETP certificate {data.code}")
        pdf.set_author("LETP")
        pdf.set_subject(data.course_title)
        pdf.set_lang(data.text.locale.replace("_", "-"))
        pdf.set_creation_date(data.issued_at.replace(tzinfo=UTC))
        pdf.set_auto_page_break(False)
        pdf.set_margin(0)
        lines = data.lines()
        shown = {ord(c) for line in lines for c in line}
        needed = needed_faces(lines)
        for face in needed:
            # fpdf2 reads the width of every character a font maps: for the CJK font (45,000) only
            # those the certificate shows, which saves a third of its cost
            used = sorted(shown & coverage(face.regular)) if face.bold is None else None
            pdf.add_font(face.family, "", str(face.regular), unicode_range=used)
            if face.bold is not None:
                pdf.add_font(face.family, "B", str(face.bold))
        pdf.set_fallback_fonts([face.family for face in needed[1:]], exact_match=False)
        self.pdf = pdf
        self.y = 0.0
        self.dry = False
        self.gaps = 0.0
        self.stretch = 1.0

    def gap(self, mm: float) -> None:
        self.gaps += mm
        self.y += mm * self.stretch

    def font(self, size: float, bold: bool, color: Color) -> None:
        self.pdf.set_font(PRIMARY, "B" if bold else "", size)
        self.pdf.set_text_color(*color)

    def fitted(self, text: str, size: float, smallest: float, bold: bool, width: float = WIDTH) -> float:
        """The largest size up to `size` at which `text` fits on one line `width` wide, not below `smallest`."""
        self.pdf.set_font(PRIMARY, "B" if bold else "", size)
        wide = self.pdf.get_string_width(text)
        return size if wide <= width else max(smallest, size * width / wide * 0.98)

    def line(self, text: str, size: float, *, bold: bool = False, color: Color = INK, direction: str | None = None,
             smallest: float | None = None, leading: float = 1.3, width: float = WIDTH) -> None:  # fmt: skip
        """Centred text, shrunk to fit one line (down to `smallest`), wrapped if it still does not fit.
        `direction` is the paragraph's ("rtl" for Hebrew); None finds it from the first strong
        character, for names and titles, which may be in any script."""
        if not text:
            return
        pdf = self.pdf
        pdf.set_text_shaping(use_shaping_engine=True, direction=direction)
        size = self.fitted(text, size, size * 0.75 if smallest is None else smallest, bold, width)
        self.font(size, bold, color)
        height = size * PT * leading
        x = (PAGE_W - width) / 2
        if self.dry:
            lines = cast(list[str], pdf.multi_cell(width, height, text, dry_run=True, output="LINES"))
            self.y += height * len(lines)
        else:
            pdf.set_xy(x, self.y)
            pdf.multi_cell(width, height, text, align="C", new_x="LEFT", new_y="NEXT")
            self.y = pdf.get_y()

    def pair(self, own: str, english: str | None, size: float) -> None:
        """A sentence in the officer's language, and under it, smaller and grey, in English (unless
        they are the same: a sentence the officer's catalog does not translate yet is printed once)."""
        self.line(own, size, direction=self.data.text.direction)
        if english is not None and english != own:
            self.gap(0.6)
            self.line(english, size * ENGLISH, color=GREY, direction="ltr")

    def rule(self, width: float, diamond: bool = False) -> None:
        """A gold rule across the middle of the page (with a diamond in its middle)."""
        pdf, middle, y = self.pdf, PAGE_W / 2, self.y + 1.8
        if not self.dry:
            pdf.set_draw_color(*GOLD)
            pdf.set_line_width(0.35 if diamond else 0.3)
            if diamond:
                pdf.line(middle - width / 2, y, middle - 3.2, y)
                pdf.line(middle + 3.2, y, middle + width / 2, y)
                pdf.set_fill_color(*GOLD)
                pdf.polygon([(middle - 1.8, y), (middle, y - 1.8), (middle + 1.8, y), (middle, y + 1.8)], style="F")
            else:
                pdf.line(middle - width / 2, y, middle + width / 2, y)
        self.y += 3.6

    def body(self) -> None:
        data, own, english = self.data, self.data.text, self.data.english
        bilingual = english is not None
        self.line(f"LETP · {own.platform}", 10, bold=True, color=GOLD, direction=own.direction)
        self.gap(5)
        self.line(own.heading, 30 if bilingual else 34, bold=True, color=NAVY, direction=own.direction, smallest=18)
        if english is not None and english.heading != own.heading:
            self.gap(0.5)
            self.line(english.heading, 15, color=NAVY, direction="ltr")
        self.gap(2.5)
        self.rule(72, diamond=True)
        self.gap(4)
        self.pair(own.certifies, english.certifies if english else None, 13)
        self.gap(3)
        self.line(data.officer_name, 28, bold=True, smallest=15, leading=1.25)
        self.gap(0.5)
        self.rule(120)
        if data.agency:
            self.line(data.agency, 12.5, color=GREY, smallest=9)
        self.gap(4)
        self.pair(own.completed, english.completed if english else None, 13)
        self.gap(2.5)
        self.line(data.course_title, 18, bold=True, color=NAVY, smallest=13, leading=1.25, width=WIDTH - 20)
        if data.course_title_english:
            self.line(data.course_title_english, 11, color=GREY, smallest=9, width=WIDTH - 20)
        self.gap(5)
        self.pair("  ·  ".join(own.facts), "  ·  ".join(english.facts) if english else None, 11)

    def foot(self) -> None:
        """The QR code, the certificate code and where to check it, and the seal; mirrored for a
        right-to-left language (the QR code on the right, the text ranged right)."""
        pdf, own, english = self.pdf, self.data.text, self.data.english
        rtl = own.direction == "rtl"
        qr, seal = 30.0, 15.0
        _qr(pdf, self.data.verify_url, RIGHT - qr if rtl else LEFT, FOOT, qr)
        self.seal(LEFT + seal if rtl else RIGHT - seal, FOOT + qr / 2, seal)
        block_w = WIDTH - qr - 2 * seal - 12
        block_x = LEFT + 2 * seal + 6 if rtl else LEFT + qr + 6
        pairs = [
            (own.code, english.code if english else None, 12.0, True, NAVY),
            (own.check, english.check if english else None, 10.0, False, INK),
        ]
        rows: list[tuple[str, float, bool, Color, str, float]] = []
        for text, in_english, points, bold, color in pairs:
            if in_english is None or in_english == text:
                rows.append((text, points, bold, color, own.direction, 2.6))
            else:
                rows.append((text, points, bold, color, own.direction, 0.8))
                rows.append((in_english, points * ENGLISH, False, GREY, "ltr", 2.6))
        y = FOOT + 15 - sum(points * PT * 1.2 + after for _, points, _, _, _, after in rows) / 2 + 1.3
        for text, points, bold, color, direction, after in rows:
            pdf.set_text_shaping(use_shaping_engine=True, direction=direction)
            points = self.fitted(text, points, points * 0.7, bold, block_w)
            self.font(points, bold, color)
            pdf.set_xy(block_x, y)
            pdf.cell(block_w, points * PT * 1.2, text, align="R" if rtl else "L")
            y += points * PT * 1.2 + after

    def seal(self, x: float, y: float, radius: float) -> None:
        """A round seal: gold rings around the platform's initials."""
        pdf = self.pdf
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.8)
        pdf.circle(x, y, radius)
        pdf.set_line_width(0.25)
        pdf.circle(x, y, radius - 1.6)
        pdf.circle(x, y, radius - 5.2)
        pdf.set_fill_color(*GOLD)
        for i in range(24):  # dots between the rings
            angle = 2 * math.pi * i / 24
            pdf.circle(x + (radius - 3.4) * math.cos(angle), y + (radius - 3.4) * math.sin(angle), 0.35, style="F")
        pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        self.font(11, True, NAVY)
        pdf.set_xy(x - radius, y - 3)
        pdf.cell(2 * radius, 6, "LETP", align="C")

    def frame(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*NAVY)
        pdf.set_line_width(1.4)
        pdf.rect(10, 10, 277, 190)
        pdf.set_draw_color(*GOLD)
        pdf.set_line_width(0.4)
        pdf.rect(14, 14, 269, 182)
        pdf.set_line_width(0.2)
        pdf.rect(15.5, 15.5, 266, 179)
        pdf.set_fill_color(*GOLD)
        for x, y in ((14, 14), (283, 14), (14, 196), (283, 196)):  # a diamond on each corner
            pdf.polygon([(x - 2.2, y), (x, y - 2.2), (x + 2.2, y), (x, y + 2.2)], style="F")

    def render(self) -> bytes:
        self.pdf.add_page()
        self.dry, self.y, self.gaps = True, 0.0, 0.0
        self.body()
        lines, gaps, room = self.y - self.gaps, self.gaps, BODY_BOTTOM - BODY_TOP
        self.stretch = min(2.0, max(0.3, (room * 0.96 - lines) / gaps))
        self.dry, self.y = False, BODY_TOP + max(0.0, room - lines - gaps * self.stretch) / 2
        self.frame()
        self.body()
        self.foot()
        return bytes(self.pdf.output())


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    """The QR code as vector squares, a row's dark modules drawn as runs."""
    matrix = segno.make(url, error="m", micro=False).matrix
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if line[col]:
                end = col
                while end < len(line) and line[end]:
                    end += 1
                pdf.rect(x + col * cell, y + row * cell, (end - col) * cell, cell, style="F")
                col = end
            else:
                col += 1


def render(data: CertificateData) -> bytes:
    return _Certificate(data).render()
