"""The weekly therapy-hours rule, as a pure function: no database, no clock.

`programs.py` gathers a client's timetable, enrollment, attendance and sessions for a week
and hands them here; tests call `week_hours` directly with plain values.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

DAYS_IN_WEEK = 7


@dataclass(frozen=True)
class WeeklySlot:
    """One therapy session of the program's weekly timetable (0 = Monday). `removed_on`: the
    first day it is off the timetable, if it was taken off; it is scheduled only before."""

    weekday: int
    minutes: int
    removed_on: date | None = None

    def runs_on(self, day: date) -> bool:
        return day.weekday() == self.weekday and (self.removed_on is None or day < self.removed_on)


@dataclass(frozen=True)
class Attended:
    """Minutes a client attended one occurrence of a program slot."""

    day: date
    minutes: int


@dataclass(frozen=True)
class Booked:
    """An individual session of the client's. `present` is True when attendance was recorded
    as present (or the session was marked attended) without a number of minutes."""

    starts_at: datetime
    minutes: int
    cancelled: bool
    minutes_attended: int | None
    present: bool


@dataclass(frozen=True)
class WeekHours:
    """One client's week against the program's target, in minutes (shown in hours)."""

    week_start: date
    enrolled_days: int
    target_minutes: Decimal
    scheduled_minutes: int
    attended_minutes: int
    finished: bool

    @property
    def under_scheduled(self) -> bool:
        """The program (with the client's own sessions) does not offer enough this week."""
        return self.enrolled_days > 0 and self.scheduled_minutes < self.target_minutes

    @property
    def under_attended(self) -> bool:
        """The client attended less than the target; only said once the week is over."""
        return (
            self.enrolled_days > 0 and self.finished and self.attended_minutes < self.target_minutes
        )

    @property
    def under_target(self) -> bool:
        return self.under_scheduled or self.under_attended

    @property
    def scheduled_hours(self) -> str:
        return hours_text(self.scheduled_minutes)

    @property
    def attended_hours(self) -> str:
        return hours_text(self.attended_minutes)

    @property
    def target_hours(self) -> str:
        return hours_text(self.target_minutes)

    def findings(self) -> list[str]:
        """The week in words: the scheduled fact and the attended fact, said separately."""
        if self.enrolled_days == 0:
            return ["Not enrolled in the program this week."]
        target = f"the target of {self.target_hours} h"
        if self.enrolled_days < DAYS_IN_WEEK:
            target += f" ({self.enrolled_days} of 7 days enrolled)"
        said = []
        if self.under_scheduled:
            said.append(
                f"Under target: only {self.scheduled_hours} h scheduled, "
                f"below {target}. The timetable does not offer enough."
            )
        else:
            said.append(f"{self.scheduled_hours} h scheduled, meeting {target}.")
        if not self.finished:
            said.append(f"{self.attended_hours} h attended so far; the week is not over.")
        elif self.under_attended:
            said.append(f"Under target: {self.attended_hours} h attended, below {target}.")
        else:
            said.append(f"{self.attended_hours} h attended, meeting {target}.")
        return said


def hours_text(minutes: int | Decimal) -> str:
    """Hours with one decimal place ("12.5"), as the pages show them."""
    return str((Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def week_start_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def week_bounds(week_start: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (Sunday 24:00) in `zone`, as aware datetimes."""
    start = datetime.combine(week_start, time(0), tzinfo=zone)
    end = datetime.combine(week_start + timedelta(days=DAYS_IN_WEEK), time(0), tzinfo=zone)
    return start, end


def enrolled_days_in(
    week_start: date, enrollments: Iterable[tuple[date, date | None]]
) -> list[date]:
    """Days of the week on which an enrollment (first day to last day, both included; no
    last day while it is open) covers the client."""
    spans = list(enrollments)
    days = (week_start + timedelta(days=n) for n in range(DAYS_IN_WEEK))
    return [
        day
        for day in days
        if any(start <= day and (end is None or day <= end) for start, end in spans)
    ]


def week_hours(
    *,
    week_start: date,
    zone: ZoneInfo,
    target_hours: Decimal,
    slots: Iterable[WeeklySlot],
    enrollments: Iterable[tuple[date, date | None]],
    attended: Iterable[Attended],
    sessions: Iterable[Booked],
    now: datetime,
) -> WeekHours:
    """A client's scheduled and attended therapy hours for one week of a program.

    The rule:
    - A week runs from Monday 00:00 to Sunday 24:00 in the program's time zone (`zone`),
      whatever the server's zone. A session belongs to the week in which it starts.
    - Scheduled = the minutes of the program's therapy slots on the days the client is
      enrolled that week (a slot taken off the timetable only on days before it was), plus
      the client's individual sessions starting that week that were not cancelled.
    - The target is prorated by enrolled days: target x enrolled days / 7.
    - Attended = minutes recorded against program slots that week, plus each individual
      session's minutes attended (a session recorded present with no minutes counts in full).
    - Under target when scheduled < target (the program does not offer enough), or, once
      the week has ended (`now` at or after Sunday 24:00), attended < target. While the week
      runs, attendance is "so far" and never flagged.
    `slots` are therapy slots only; `attended` rows for slots that do not count as therapy
    are left out by the caller.
    """
    start, end = week_bounds(week_start, zone)
    days = enrolled_days_in(week_start, enrollments)
    own = [s for s in sessions if start <= s.starts_at < end and not s.cancelled]
    scheduled = sum(slot.minutes for slot in slots for day in days if slot.runs_on(day))
    scheduled += sum(s.minutes for s in own)
    last_day = week_start + timedelta(days=DAYS_IN_WEEK - 1)
    attended_minutes = sum(a.minutes for a in attended if week_start <= a.day <= last_day)
    attended_minutes += sum(_session_minutes(s) for s in own)
    target = Decimal(target_hours) * 60 * len(days) / DAYS_IN_WEEK
    return WeekHours(
        week_start=week_start,
        enrolled_days=len(days),
        target_minutes=target,
        scheduled_minutes=scheduled,
        attended_minutes=attended_minutes,
        finished=now >= end,
    )


def _session_minutes(session: Booked) -> int:
    if session.minutes_attended is not None:
        return min(session.minutes_attended, session.minutes)
    return session.minutes if session.present else 0
