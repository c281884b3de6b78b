"""Small accessible SVG charts drawn on the server. Pure: numbers in, SVG text out.

Each chart is an <svg role="img"> with a <title> and <desc>; the page also shows the same
numbers as a table for screen readers and for people who prefer figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

INK, MUTED, BAR, GRID = "#1b2430", "#556070", "#08549f", "#d9dee6"


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


def horizontal_bars(chart_id: str, title: str, labels: Sequence[str], values: Sequence[int], total: int, *,
                    gettext=_english) -> Markup:  # fmt: skip
    """One bar per label, as a share of `total` (e.g. officers who completed each module)."""
    label_width, bar_width, row = 260, 360, 30
    height = 20 + row * len(labels)
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 10 + i * row
        length = 0 if total == 0 else bar_width * value / total
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" font-size="13" fill="{INK}">{escape(short)}</text>'
        )
        body.append(f'<rect x="{label_width}" y="{y + 5}" width="{bar_width}" height="20" fill="{GRID}"/>')
        body.append(f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="20" fill="{BAR}"/>')
        body.append(
            f'<text x="{label_width + bar_width + 8}" y="{y + 19}" font-size="13" fill="{INK}">{value} / {total}</text>'
        )
    description = "; ".join(gettext("%(label)s: %(value)s of %(total)s", label=label, value=value, total=total)
                            for label, value in zip(labels, values, strict=True))  # fmt: skip
    return _frame(chart_id, title, description, label_width + bar_width + 80, height, body)


def histogram(chart_id: str, title: str, bins: Sequence[str], counts: Sequence[int]) -> Markup:
    width, height, left, bottom = 640, 240, 40, 200
    peak = max(counts, default=0) or 1
    slot = (width - left - 10) / max(len(bins), 1)
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="{MUTED}"/>']
    for i, (name, count) in enumerate(zip(bins, counts, strict=True)):
        bar = (bottom - 30) * count / peak
        x = left + i * slot + 4
        body.append(
            f'<rect x="{x:.1f}" y="{bottom - bar:.1f}" width="{slot - 8:.1f}" height="{bar:.1f}" fill="{BAR}"/>'
        )
        body.append(
            f'<text x="{x + (slot - 8) / 2:.1f}" y="{bottom - bar - 5:.1f}" text-anchor="middle" font-size="13" fill="{INK}">{count}</text>'
        )
        body.append(
            f'<text x="{x + (slot - 8) / 2:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="12" fill="{INK}">{escape(name)}</text>'
        )
    description = "; ".join(f"{name}: {count}" for name, count in zip(bins, counts, strict=True))
    return _frame(chart_id, title, description, width, height + 10, body)


def cumulative(chart_id: str, title: str, points: Sequence[tuple[str, int]], total: int, *,
               gettext=_english) -> Markup:  # fmt: skip
    """A step line of running totals by day (e.g. officers who completed the course)."""
    width, height, left, bottom, top = 640, 240, 50, 200, 20
    body = [f'<line x1="{left}" y1="{bottom}" x2="{width - 20}" y2="{bottom}" stroke="{MUTED}"/>',
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{MUTED}"/>',
            f'<text x="{left - 6}" y="{top + 5}" text-anchor="end" font-size="12" fill="{INK}">{total}</text>',
            f'<text x="{left - 6}" y="{bottom}" text-anchor="end" font-size="12" fill="{INK}">0</text>']  # fmt: skip
    if points:
        step = (width - left - 30) / max(len(points) - 1, 1)
        coords = [
            (left + i * step, bottom - (bottom - top) * value / max(total, 1)) for i, (_d, value) in enumerate(points)
        ]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
        body.append(f'<path d="{path}" fill="none" stroke="{BAR}" stroke-width="3"/>')
        for x, y in coords:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
        body.append(f'<text x="{left}" y="{bottom + 18}" font-size="12" fill="{INK}">{escape(points[0][0])}</text>')
        body.append(
            f'<text x="{width - 20}" y="{bottom + 18}" text-anchor="end" font-size="12" fill="{INK}">{escape(points[-1][0])}</text>'
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
