"""Insights in plain words: the client's own page, and one per client for their care team.
Each chart is server-rendered SVG with a table beside it; the sentences above say what it
shows."""

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.lib.charts import (
    BandArea,
    Bar,
    Cell,
    CellStyle,
    Point,
    bar_svg,
    heat_grid_svg,
    pattern_grid_svg,
    trend_svg,
)
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Scope
from threecircles.recovery import insights
from threecircles.recovery.insights import (
    BEFORE_SLIP_DAYS,
    THEY,
    WEEKDAYS,
    WINDOW_DAYS,
    YOU,
    CalendarDay,
    DayKind,
    Insights,
    Period,
    Voice,
)

DAY_STYLES = [
    CellStyle(DayKind.SOBER, DayKind.SOBER.label, "solid"),
    CellStyle(DayKind.MIDDLE, DayKind.MIDDLE.label, "stripes"),
    CellStyle(DayKind.SLIP, DayKind.SLIP.label, "dots"),
    CellStyle(DayKind.MISSED, DayKind.MISSED.label, "outline"),
]
URGE_BANDS = [
    BandArea(0, 3, "Mild (0 to 3)"),
    BandArea(4, 6, "Moderate (4 to 6)"),
    BandArea(7, 10, "Strong (7 to 10)"),
]
BEFORE_COLUMNS = [
    *(f"{n} days before" if n > 1 else "Day before" for n in range(BEFORE_SLIP_DAYS, 0, -1)),
    "Slip day",
]


@role_required(Role.CLIENT)
def my_insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = get_client_for(request, request.user.pk, what="insights")
    return _page(request, client, YOU, own=True)


@role_required(*CLINICAL_ROLES)
def client_insights(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, scope=Scope.CHECKINS, what="insights")
    return _page(request, client, THEY, own=False)


def _page(
    request: AuthenticatedHttpRequest, client: User, voice: Voice, *, own: bool
) -> HttpResponse:
    found = insights.build(insights.gather(client, care_team=not own), voice)
    context = {
        "client": client,
        "own": own,
        "insights": found,
        "window": WINDOW_DAYS,
        "day_kinds": list(DayKind),
        "before_columns": BEFORE_COLUMNS,
        "periods": found.clusters.periods(),
        "charts": _charts(found, voice),
    }
    return render(request, "recovery/insights/insights.html", context)


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _cell(entry: CalendarDay) -> Cell:
    label = f"{WEEKDAYS[entry.day.weekday()]} {_day(entry.day)}: {entry.kind.label}"
    return Cell(entry.kind, label)


def _charts(found: Insights, voice: Voice) -> dict[str, str]:
    """Each chart built from numbers and escaped labels (the client's own words among them)."""
    their = voice.their_()
    charts = {
        "calendar": pattern_grid_svg(
            [
                (_day(week.start), [_cell(d) if d else None for d in week.days])
                for week in found.weeks
            ],
            columns=[name[:3] for name in WEEKDAYS],
            styles=DAY_STYLES,
            title=f"{their} check-in calendar, the last {len(found.weeks)} weeks",
            name="calendar",
        )
    }
    if found.urges:
        charts["urges"] = trend_svg(
            [Point(day, urge) for day, urge in found.urges],
            low=0,
            high=10,
            bands=URGE_BANDS,
            title=f"{their} urge strength (0 to 10) over the last {WINDOW_DAYS} days",
            width=400,
        )
    if found.triggers:
        charts["triggers"] = bar_svg(
            [Bar(name, count) for name, count in found.triggers],
            title=f"{their} most frequent triggers: days each was named",
            width=400,
        )
    if found.clusters.total:
        periods = found.clusters.periods()
        charts["clusters"] = heat_grid_svg(
            rows=[name[:3] for name in WEEKDAYS],
            columns=["Not known" if p is Period.UNKNOWN else p.label for p in periods],
            values=[[cell.total for _, cell in cells] for _, cells in found.clusters.rows()],
            title=f"{their} strong urges and slips by day of the week and time of day",
        )
    if found.lookbacks:
        charts["lookbacks"] = pattern_grid_svg(
            [
                (
                    _day(lookback.day),
                    [
                        *(_cell(d) for d in lookback.before),
                        _cell(CalendarDay(lookback.day, DayKind.SLIP)),
                    ],
                )
                for lookback in found.lookbacks
            ],
            columns=BEFORE_COLUMNS,
            styles=DAY_STYLES,
            title=f"The {BEFORE_SLIP_DAYS} days before each slip",
            name="before-slip",
            cell_width=80,
        )
    return {key: mark_safe(svg) for key, svg in charts.items()}  # noqa: S308 (escaped labels)
