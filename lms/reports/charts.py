"""The cohort's charts, drawn on the server. Pure: numbers in, SVG text or rows out.

Bar charts (completion by module, final scores) are rows of HTML meters, not SVG: their labels
wrap like text and never get cut off, and they take the card's width on any screen
(templates/cohorts/_bars.html). The one line chart is an <svg role="img"> with a <title> and
<desc>, drawn at a size whose text stays readable when a phone shrinks it; the page also shows
its numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

INK, MUTED, BAR = "#1b2430", "#556070", "#08549f"


def _english(msgid: str, **params) -> str:
    """The default `gettext` of the charts: the English sentence. Pages pass flask_babel's."""
    return msgid % params if params else msgid


def _frame(chart_id: str, title: str, description: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(  # noqa: S704 - every text in the chart went through escape() above
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def cumulative(chart_id: str, title: str, points: Sequence[tuple[str, int]], total: int, *,
               gettext=_english) -> Markup:  # fmt: skip
    """A line of running totals by day (e.g. officers who completed the course).

    Drawn 420 units wide with 18-unit text: on a 310-pixel phone card the text is still 13 px,
    and the page caps the chart at 30rem, so on a desktop it is about 20 px.
    """
    width, height, left, bottom, top = 420, 240, 50, 200, 20
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 20}" y2="{bottom}" stroke="{MUTED}"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{MUTED}"/>',
            f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" font-size="18" fill="{INK}">{total}</text>',
            f'<text x="{left - 6}" y="{bottom}" text-anchor="end" font-size="18" fill="{INK}">0</text>']  # fmt: skip
    if points:
        step = (width - left - 30) / max(len(points) - 1, 1)
        coords = [
            (left + i * step, bottom - (bottom - top) * value / max(total, 1)) for i, (_d, value) in enumerate(points)
        ]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        body.append(f'<path d="{path}" fill="none" stroke="{BAR}" stroke-width="3"/>')
        for x, y in coords:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
        body.append(f'<text x="{left}" y="{bottom + 24}" font-size="18" fill="{INK}">{escape(points[0][0])}</text>')
        body.append(
            f'<text x="{width - 20}" y="{bottom + 24}" text-anchor="end" font-size="18" fill="{INK}">{escape(points[-1][0])}</text>'
        )
    description = "; ".join(f"{day}: {value}" for day, value in points) or gettext("No completions yet.")
    return _frame(chart_id, title, description, width, height + 10, body)


def score_bins(scores: Sequence[float]) -> tuple[list[str], list[int]]:
    """Ten bins: 0-9, 10-19, … 90-100."""
    names = [f"{10 * i}–{10 * i + 9}" for i in range(9)] + ["90–100"]
    counts = [0] * 10
    for score in scores:
        counts[min(int(score // 10), 9)] += 1
    return names, counts
