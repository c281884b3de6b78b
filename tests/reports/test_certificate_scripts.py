"""Certificates print every name as written, in the officer's language and in English (issue 18, point 6).

The PDF's text is read back with poppler's `pdftotext` (and its fonts listed with `pdffonts`),
the reader that copy-and-paste and search tools build on: it maps each shaped glyph back to its
characters through the font's ToUnicode table and puts right-to-left runs back in logical order.
The tests skip without poppler-utils, unless LMS_REQUIRE_SERVICES=1 (CI, whose .ci/run installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from sqlalchemy import select

from lms.auth.models import User
from lms.extensions import db
from lms.progress.models import Certificate
from lms.reports import service
from lms.reports.certificate_pdf import CertificateData, CertificateText, percent_text, render
from tests.reports.test_certificates import finish_sample_course

NAMES = ["Юлия Смирнова", "Ελένη Παπαδοπούλου", "שרה כהן", "فاطمة الزهراء", "田中 由紀", "김민준", "สมชาย ใจดี",
         "अनीता शर्मा"]  # fmt: skip
URL = "https://letp.example.org/verify/ABCD-EFGH-JKLM"
# poppler marks each right-to-left run it has put back in logical order with an embedding
# (U+202B ... U+202C); the marks are not part of the text the PDF holds, so they are dropped.
BIDI_MARKS = re.compile("[\u202a-\u202e]")


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is not installed (apt-get install poppler-utils)"
        if os.environ.get("LMS_REQUIRE_SERVICES") == "1":
            pytest.fail(reason + "; LMS_REQUIRE_SERVICES=1 forbids skipping")
        pytest.skip(reason)
    return path


def pdf_lines(pdf: bytes) -> list[str]:
    """The PDF's text, line by line, as pdftotext reads it."""
    done = subprocess.run([poppler("pdftotext"), "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)  # fmt: skip
    return [BIDI_MARKS.sub("", line).strip() for line in done.stdout.decode("utf-8").splitlines()]


def english(code: str = "ABCD-EFGH-JKLM") -> CertificateText:
    return CertificateText(
        locale="en",
        direction="ltr",
        platform="Law Enforcement Training Platform",
        heading="Certificate of Completion",
        certifies="This certifies that",
        completed="has completed the course",
        facts=("Study time 6 h 30 min", "Course grade 87.5%", "Issued on 5 March 2026 (UTC)"),
        code=f"Certificate code: {code}",
        check=f"Check this certificate at {URL}",
    )


def certificate(name: str, **fields) -> CertificateData:
    values = {"officer_name": name, "agency": "National Police Service", "course_title": "Tracing Crypto Assets",
              "issued_at": datetime(2026, 3, 5, 9, 0), "code": "ABCD-EFGH-JKLM", "verify_url": URL,
              "text": english()} | fields  # fmt: skip
    return CertificateData(**values)


@pytest.mark.parametrize("name", NAMES)
def test_the_name_reads_back_exactly_in_any_script(name):
    lines = pdf_lines(render(certificate(name)))
    assert name in lines
    assert "Certificate of Completion" in lines and "Tracing Crypto Assets" in lines


def test_a_hebrew_officer_reads_hebrew_above_english():
    """The officer's language first, right to left and shaped; English under it; the name once."""
    hebrew = CertificateText(
        locale="he", direction="rtl", platform="פלטפורמת הכשרה לאכיפת החוק", heading="תעודת סיום",
        certifies="תעודה זו מוענקת ל", completed="על השלמת הקורס",
        facts=("זמן לימוד 6 שע׳ 30 דק׳", "ציון הקורס 87.5%", "הונפקה ב-5 במרץ 2026 (UTC)"),
        code="קוד תעודה: ABCD-EFGH-JKLM", check=f"אפשר לאמת את התעודה בכתובת {URL}",
    )  # fmt: skip
    lines = pdf_lines(render(certificate("שרה כהן", text=hebrew, english=english())))
    assert lines.index("תעודת סיום") < lines.index("Certificate of Completion")
    assert lines.index("על השלמת הקורס") < lines.index("has completed the course")
    assert lines.count("שרה כהן") == 1


def test_worst_case_name_stays_small_and_embeds_font_subsets(tmp_path):
    """Every script at once, in the name, the agency and the course, with Korean text: each font is
    embedded as a subset (a tag like ABCDEF+ before its name), so the 16 MB CJK font adds only its
    used glyphs, and the file stays under 500 KB."""
    han = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 60))  # 60 different ideographs
    name = ("Юлия Ελένη שרה فاطمة 田中由紀 김민준 สมชาย अनीता " + han)[:120]
    korean = CertificateText(
        locale="ko", direction="ltr", platform="법집행 교육 플랫폼", heading="수료증", certifies="성명",
        completed="위 사람은 다음 과정을 수료하였음을 증명합니다.",
        facts=("학습 시간 6시간 30분", "과정 성적 87.5%", "발급일 2026년 3월 5일(UTC)"),
        code="수료증 번호: ABCD-EFGH-JKLM", check=f"{URL}에서 수료증의 진위를 확인할 수 있습니다.",
    )  # fmt: skip
    data = certificate(name, agency=("Полиция شرطة משטרה 경찰청 ตำรวจ पुलिस 警察庁 " + han[::-1])[:160],
                       course_title="Κρυπτοστοιχεία · 가상자산 추적 · تتبع الأصول · מעקב · การติดตาม · अनुरेखण · 暗号資産",
                       text=korean, english=english())  # fmt: skip
    pdf = render(data)
    assert len(pdf) < 500_000, f"{len(pdf)} bytes"
    path = tmp_path / "worst.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run([poppler("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    fonts = listing.splitlines()[2:]  # after the header and its rule
    names = [row.split()[0] for row in fonts]
    assert any("CJK" in n for n in names) and any("Arabic" in n for n in names) and any("Hebrew" in n for n in names)
    assert all(re.match(r"[A-Z]{6}\+", n) for n in names), listing
    assert all(row.split()[-5:-3] == ["yes", "yes"] for row in fonts), listing  # emb, sub


def officer_with_certificate(app, client, make_user, login, update_user, **fields):
    officer = make_user(name=fields.pop("name", "Wanjiru Kamau"))
    update_user(officer, **fields)
    login(officer)
    finish_sample_course(client)
    with app.app_context():
        return db.session.scalar(select(Certificate))


def test_a_german_officer_gets_german_numbers_and_date_in_their_zone(app, client, make_user, login, update_user):
    """Babel formats the date (in the officer's zone, so no "(UTC)") and the grade in German, with the
    English line as well; the sentences stay English until the German catalog holds them."""
    certificate = officer_with_certificate(app, client, make_user, login, update_user, name="Jürgen Weiß",
                                           locale="de", timezone="Asia/Tokyo")  # fmt: skip
    day = certificate.issued_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Tokyo")).date()
    german, british = format_date(day, "long", locale="de"), format_date(day, "long", locale="en_GB")
    with app.test_request_context():
        user = db.session.get(User, certificate.user_id)
        data = service.certificate_data(db.session.get(Certificate, certificate.id), user)
    assert (data.text.locale, data.text.direction) == ("de", "ltr") and data.english is not None
    assert any(german in fact for fact in data.text.facts) and not any("UTC" in f for f in data.text.facts)
    assert any(british in fact for fact in data.english.facts)
    response = client.get("/reports/certificates/sample-course.pdf")
    assert response.mimetype == "application/pdf"
    lines = pdf_lines(response.get_data())
    assert "Jürgen Weiß" in lines and "Certificate of Completion" in lines
    assert any(german in line for line in lines) and any(british in line for line in lines)


def test_without_a_saved_language_or_zone_the_deployment_default_and_utc(app, client, make_user, login, update_user):
    certificate = officer_with_certificate(app, client, make_user, login, update_user, locale=None, timezone=None)
    with app.test_request_context():
        user = db.session.get(User, certificate.user_id)
        row = db.session.get(Certificate, certificate.id)
        data = service.certificate_data(row, user)
        app.config["DEFAULT_LOCALE"] = "he"
        hebrew = service.certificate_data(row, user)
    assert data.text.locale == "en" and data.english is None
    assert data.text.facts[-1].endswith("(UTC)") and "Course grade 100%" in data.text.facts
    assert (hebrew.text.locale, hebrew.text.direction) == ("he", "rtl") and hebrew.english == data.text


def test_grade_in_the_officer_language():
    assert (percent_text(Decimal("87.50")), percent_text(Decimal("87.50"), "de")) == ("87.5%", "87,5%")


def test_a_german_certificate_is_headed_in_german(app, client, make_user, login, update_user):
    """The sentences from the German catalog, each with its English line."""
    officer_with_certificate(app, client, make_user, login, update_user, locale="de", timezone="Europe/Berlin")
    lines = pdf_lines(client.get("/reports/certificates/sample-course.pdf").get_data())
    assert "Abschlusszertifikat" in lines and "Certificate of Completion" in lines
