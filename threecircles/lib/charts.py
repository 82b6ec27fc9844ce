"""Server-rendered SVG charts. No script, no inline style (CSP), and always paired with a table
in the template for people who cannot see the chart."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True)
class BandArea:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Point:
    day: date
    value: float


def trend_svg(
    points: Sequence[Point],
    *,
    low: float,
    high: float,
    bands: Sequence[BandArea] = (),
    title: str,
    width: int = 640,
    height: int = 240,
) -> str:
    """A line of totals over time on shaded severity bands. The SVG scales to its container."""
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (high - low) or 1

    def y(value: float) -> float:
        return top + plot_h - (value - low) / span * plot_h

    days = [p.day for p in points]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    day_span = (last - first).days or 1

    def x(day: date) -> float:
        if len(points) == 1:
            return left + plot_w / 2
        return left + (day - first).days / day_span * plot_w

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for index, band in enumerate(bands):
        y_top, y_bottom = y(min(band.high + 0.5, high)), y(max(band.low - 0.5, low))
        parts.append(
            f'<rect class="band band-{index % 5}" x="{left}" y="{y_top:.1f}" '
            f'width="{plot_w}" height="{max(y_bottom - y_top, 0):.1f}">'
            f"<title>{escape(band.label)}</title></rect>"
        )
    for tick in _ticks(low, high):
        parts.append(
            f'<text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    parts.append(
        f'<line class="axis-line" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" />'
    )
    if points:
        parts.append(f'<text class="axis" x="{left}" y="{height - 8}">{first:%d %b %Y}</text>')
        if len(points) > 1:
            parts.append(
                f'<text class="axis" x="{left + plot_w}" y="{height - 8}" text-anchor="end">'
                f"{last:%d %b %Y}</text>"
            )
        path = " ".join(f"{x(p.day):.1f},{y(p.value):.1f}" for p in points)
        parts.append(f'<polyline class="trend" points="{path}" />')
        for p in points:
            parts.append(
                f'<circle class="dot" cx="{x(p.day):.1f}" cy="{y(p.value):.1f}" r="4">'
                f"<title>{p.day:%d %b %Y}: {p.value:g}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 6), 100)
    start = int(low // step * step)
    return [float(v) for v in range(start, int(high) + 1, step) if v >= low]
