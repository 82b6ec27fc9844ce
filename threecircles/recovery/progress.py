"""Progress without shame: the arithmetic (docs/progress.md says the same in words).

Everything here works on calendar days in the client's own time zone, never on hours, so a
day with a daylight-saving change (23 or 25 hours) is still one day.

- A sober day: a day with a check-in saying the inner circle was kept, and no slip that day.
- A slip day: a day with a slip reported, or a check-in saying the inner circle was not kept.
- A missed day (no check-in, no slip) is neither: it is not counted, and not held against
  anyone; it is left out of the rolling shares' denominators too.
- Total sober days never go back to zero. The current sober time runs from the sobriety date,
  or from the day after the latest slip if that is later.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

MILESTONES = (1, 7, 14, 30, 60, 90, 180, 365, 730, 1095, 1825)


def local_today(time_zone: str, now: datetime | None = None) -> date:
    """Today's date where the client lives."""
    return (now or timezone.now()).astimezone(zone(time_zone)).date()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Day:
    """What is known of one day: checked in (kept the inner circle or not), slipped,
    touched the middle circle."""

    day: date
    checked_in: bool = False
    inner_kept: bool = False
    slipped: bool = False
    middle_touched: bool = False

    @property
    def sober(self) -> bool:
        return self.checked_in and self.inner_kept and not self.slipped

    @property
    def counted(self) -> bool:
        """A day that says something: a check-in or a slip."""
        return self.checked_in or self.slipped

    @property
    def slip_day(self) -> bool:
        return self.slipped or (self.checked_in and not self.inner_kept)


@dataclass(frozen=True)
class Share:
    sober: int
    counted: int
    window: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.sober / self.counted) if self.counted else None


@dataclass
class Progress:
    today: date
    since: date | None  # the current run starts here
    current_days: int | None  # days from `since` to today
    total_sober_days: int
    last_30: Share
    last_90: Share
    middle_last_7: int  # days with middle-circle signs in the last 7
    milestones: list[str] = field(default_factory=list)
    next_milestone: str = ""

    @property
    def early_warning(self) -> bool:
        """Middle-circle signs on 3 or more of the last 7 days: worth talking through."""
        return self.middle_last_7 >= 3


def build_days(
    check_ins: Iterable[tuple[date, bool, bool]], slip_days: Iterable[date]
) -> dict[date, Day]:
    """`check_ins`: (day, inner kept, middle touched) per check-in."""
    days: dict[date, Day] = {}
    for day, kept, middle in check_ins:
        days[day] = Day(day, checked_in=True, inner_kept=kept, middle_touched=middle)
    for day in slip_days:
        known = days.get(day, Day(day))
        days[day] = Day(day, known.checked_in, known.inner_kept, True, known.middle_touched)
    return days


def _share(days: dict[date, Day], today: date, window: int) -> Share:
    span = [days[d] for d in (today - timedelta(n) for n in range(window)) if d in days]
    return Share(
        sober=sum(1 for d in span if d.sober),
        counted=sum(1 for d in span if d.counted),
        window=window,
    )


def _label(days: int) -> str:
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{days} day{'s' if days > 1 else ''}"


def compute(
    *,
    days: dict[date, Day],
    today: date,
    sobriety_date: date | None,
) -> Progress:
    slips = sorted(d.day for d in days.values() if d.slip_day and d.day <= today)
    since = sobriety_date
    if slips and (since is None or slips[-1] >= since):
        since = slips[-1] + timedelta(days=1)
    if since is None and days:
        # No date chosen and no slip yet: the first day they told us about.
        since = min(days)
    # A slip today starts the new run tomorrow: today counts as day 0, not as a failure.
    current = max(0, (today - since).days) if since is not None else None
    total = sum(1 for d in days.values() if d.sober and d.day <= today)
    reached = [m for m in MILESTONES if total >= m]
    upcoming = [m for m in MILESTONES if total < m]
    recent_week = [today - timedelta(n) for n in range(7)]
    return Progress(
        today=today,
        since=since,
        current_days=current,
        total_sober_days=total,
        last_30=_share(days, today, 30),
        last_90=_share(days, today, 90),
        middle_last_7=sum(1 for d in recent_week if d in days and days[d].middle_touched),
        milestones=[f"{_label(m)} sober in total" for m in reached],
        next_milestone=f"{_label(upcoming[0])} sober in total" if upcoming else "",
    )
