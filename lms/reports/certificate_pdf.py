"""The certificate as a one-page PDF (fpdf2), with a QR code drawn as vector squares. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import segno
from fpdf import FPDF


@dataclass(frozen=True)
class CertificateData:
    officer_name: str
    agency: str
    course_title: str
    minutes: int
    issued_at: datetime
    grade: Decimal
    code: str
    verify_url: str


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1; anything else becomes '?' rather than failing."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(url, error="m", micro=False).matrix
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * cell, y + row * cell, cell, cell, style="F")


def percent_text(value: Decimal) -> str:
    """As the pages show it (web.percent): "100%", "87.5%"; at most two decimals."""
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return f"{text}%"


def render(data: CertificateData) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin1(f"Certificate {data.code}"))
    pdf.set_author("LETP")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(29, 63, 114)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, 269, 182)
    pdf.set_text_color(29, 63, 114)
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_xy(20, 26)
    pdf.cell(257, 8, "LETP - LAW ENFORCEMENT TRAINING PLATFORM", align="C")
    pdf.set_font("Helvetica", "B", 30)
    pdf.set_xy(20, 44)
    pdf.cell(257, 14, "Certificate of Completion", align="C")
    pdf.set_text_color(27, 36, 48)
    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(20, 68)
    pdf.cell(257, 8, "This certifies that", align="C")
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_xy(20, 80)
    pdf.cell(257, 12, _latin1(data.officer_name), align="C")
    if data.agency:
        pdf.set_font("Helvetica", "", 13)
        pdf.set_xy(20, 93)
        pdf.cell(257, 8, _latin1(data.agency), align="C")
    pdf.set_font("Helvetica", "", 13)
    pdf.set_xy(20, 106)
    pdf.cell(257, 8, "has completed the course", align="C")
    pdf.set_font("Helvetica", "B", 17)
    pdf.set_xy(30, 116)
    pdf.multi_cell(237, 9, _latin1(data.course_title), align="C")
    pdf.set_font("Helvetica", "", 12)
    hours = (
        f"{data.minutes // 60} h {data.minutes % 60:02d} min" if data.minutes % 60 else f"{data.minutes // 60} hours"
    )
    pdf.set_xy(20, 140)
    pdf.cell(
        257,
        7,
        f"Study time {hours}  -  Course grade {percent_text(data.grade)}  -  Issued {data.issued_at:%d %B %Y} (UTC)",
        align="C",
    )
    _qr(pdf, data.verify_url, 28, 152, 36)
    pdf.set_xy(70, 160)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(150, 7, f"Verification code: {data.code}")
    pdf.set_xy(70, 168)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(150, 6, _latin1(f"Check this certificate at {data.verify_url}"))
    return bytes(pdf.output())
