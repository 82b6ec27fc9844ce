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


# --- grids of days, bars and counts ---------------------------------------------------------

# Each kind of cell in a pattern grid is drawn with a fill pattern of its own, so kinds differ by
# more than colour; the patterns' colours come from classes in the stylesheet.
PATTERNS = ("solid", "stripes", "dots", "outline")


@dataclass(frozen=True)
class CellStyle:
    key: str  # also the class suffix: `bg-<key>`, `mark-<key>`
    label: str  # shown in the legend
    pattern: str  # one of PATTERNS


@dataclass(frozen=True)
class Cell:
    kind: str  # a CellStyle's key
    title: str  # what a pointer or a screen reader is told of this one cell


def pattern_grid_svg(
    rows: Sequence[tuple[str, Sequence[Cell | None]]],
    *,
    columns: Sequence[str],
    styles: Sequence[CellStyle],
    title: str,
    name: str,
    cell_width: int = 36,
) -> str:
    """A labelled grid (a calendar, a few days before each event), one patterned cell per
    entry, with a legend. `None` leaves a cell empty. `name` keeps the patterns' ids apart
    from another grid's on the same page."""
    cell_h, gap, top = 26, 4, 22
    left = max((len(label) for label, _ in rows), default=0) * 8 + 14
    grid_w = len(columns) * (cell_width + gap)
    legend_top = top + len(rows) * (cell_h + gap) + 10
    width = max(left + grid_w, 320)
    height = legend_top + len(styles) * 22 + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-grid">',
        f"<title>{escape(title)}</title>",
        "<defs>",
        *(_pattern(f"{name}-{style.key}", style) for style in styles),
        "</defs>",
    ]
    for index, column in enumerate(columns):
        x = left + index * (cell_width + gap) + cell_width / 2
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{top - 8}" text-anchor="middle">'
            f"{escape(column)}</text>"
        )
    patterns = {style.key: style.pattern for style in styles}
    for row_index, (label, cells) in enumerate(rows):
        y = top + row_index * (cell_h + gap)
        parts.append(
            f'<text class="axis" x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for index, cell in enumerate(cells):
            if cell is None:
                continue
            parts.append(
                _swatch(
                    f"{name}-{cell.kind}",
                    patterns.get(cell.kind, "outline"),
                    left + index * (cell_width + gap),
                    y,
                    cell_width,
                    cell_h,
                    cell.title,
                )
            )
    for index, style in enumerate(styles):
        x, y = 8, legend_top + index * 22
        parts.append(_swatch(f"{name}-{style.key}", style.pattern, x, y, 22, 16, style.label))
        parts.append(f'<text class="legend" x="{x + 30}" y="{y + 13}">{escape(style.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _pattern(pattern_id: str, style: CellStyle) -> str:
    if style.pattern not in PATTERNS:
        raise ValueError(f"unknown pattern {style.pattern!r}: use one of {PATTERNS}")
    bg, mark = f"bg-{style.key}", f"mark-{style.key}"
    marks = {
        "solid": "",
        "outline": "",
        "stripes": f'<path class="{mark}" d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" />',
        "dots": f'<circle class="{mark}" cx="4" cy="4" r="1.8" />',
    }
    return (
        f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect class="{bg}" width="8" height="8" />{marks[style.pattern]}</pattern>'
    )


def _swatch(pattern_id: str, pattern: str, x: float, y: float, w: int, h: int, title: str) -> str:
    dashed = ' stroke-dasharray="3 2"' if pattern == "outline" else ""
    return (
        f'<rect class="cell" x="{x:.1f}" y="{y:.1f}" width="{w}" height="{h}" rx="3" '
        f'fill="url(#{pattern_id})"{dashed}><title>{escape(title)}</title></rect>'
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


def bar_svg(bars: Sequence[Bar], *, title: str, width: int = 640) -> str:
    """Horizontal bars, largest first as given, each labelled with its name and value. Long
    names are shortened in the chart only: the table beside it has them whole."""
    row_h, top = 30, 8
    left = min(width * 2 // 5, 260)
    right = 44
    plot_w = width - left - right
    most = max((bar.value for bar in bars), default=0) or 1
    height = top * 2 + len(bars) * row_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-bars">',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_h
        length = max(bar.value / most * plot_w, 2 if bar.value else 0)
        parts.append(
            f'<text class="axis" x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(_shorten(bar.label, left // 7))}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{left}" y="{y + 5}" width="{length:.1f}" '
            f'height="{row_h - 10}"><title>{escape(bar.label)}: {bar.value:g}</title></rect>'
        )
        parts.append(
            f'<text class="axis" x="{left + length + 6:.1f}" y="{y + row_h / 2 + 4:.1f}">'
            f"{bar.value:g}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text: str, most: int) -> str:
    return text if len(text) <= most else text[: max(most - 1, 1)].rstrip() + "…"


def heat_grid_svg(
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[int]],
    title: str,
    cell_width: int = 72,
) -> str:
    """Counts in a grid (days by times of day): darker for more, and the count written in
    every cell that has one, so the colour is never the only way to read it."""
    cell_h, gap, top = 30, 4, 22
    left = max((len(label) for label in rows), default=0) * 8 + 14
    width = left + len(columns) * (cell_width + gap)
    height = top + len(rows) * (cell_h + gap)
    most = max((v for row in values for v in row), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-heat">',
        f"<title>{escape(title)}</title>",
    ]
    for index, column in enumerate(columns):
        x = left + index * (cell_width + gap) + cell_width / 2
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{top - 8}" text-anchor="middle">'
            f"{escape(column)}</text>"
        )
    for row_index, (label, row_values) in enumerate(zip(rows, values, strict=True)):
        y = top + row_index * (cell_h + gap)
        parts.append(
            f'<text class="axis" x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for index, value in enumerate(row_values):
            x = left + index * (cell_width + gap)
            level = -(-value * 4 // most) if most else 0  # 0 for none, else 1 to 4
            parts.append(
                f'<rect class="heat heat-{level}" x="{x}" y="{y}" width="{cell_width}" '
                f'height="{cell_h}" rx="3"><title>{escape(label)}, {escape(columns[index])}: '
                f"{value}</title></rect>"
            )
            if value:
                parts.append(
                    f'<text class="count" x="{x + cell_width / 2:.1f}" y="{y + cell_h / 2 + 5:.1f}"'
                    f' text-anchor="middle">{value}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)
