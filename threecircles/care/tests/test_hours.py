"""The weekly therapy-hours rule (`hours.week_hours`), with plain values: week boundaries in
the program's time zone, partial attendance, partial enrollment, cancelled sessions, flags."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from threecircles.care.hours import Attended, Booked, WeekHours, WeeklySlot, week_hours

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 1, 5)  # a week with no clock change in New York
AFTER_THE_WEEK = datetime(2026, 1, 20, tzinfo=UTC)
# Wednesday 7 January, midday in New York: the week is running.
DURING_THE_WEEK = datetime(2026, 1, 7, 17, tzinfo=UTC)


def _session(starts_at: datetime, minutes: int = 60, **fields: object) -> Booked:
    values: dict[str, object] = {
        "cancelled": False,
        "minutes_attended": None,
        "present": False,
    } | fields
    return Booked(starts_at=starts_at, minutes=minutes, **values)  # type: ignore[arg-type]


def _week(**fields: object) -> WeekHours:
    values: dict[str, object] = {
        "week_start": MONDAY,
        "zone": NEW_YORK,
        "target_hours": Decimal(50),
        "slots": [],
        "enrollments": [(date(2025, 12, 1), None)],
        "attended": [],
        "sessions": [],
        "now": AFTER_THE_WEEK,
    } | fields
    return week_hours(**values)  # type: ignore[arg-type]


def test_a_sunday_2330_session_in_new_york_counts_for_that_week_not_the_next():
    # Sunday 11 January 23:30 in New York is Monday 12 January 04:30 UTC.
    late_sunday = datetime(2026, 1, 11, 23, 30, tzinfo=NEW_YORK)
    assert late_sunday.astimezone(UTC).date() == date(2026, 1, 12)
    session = _session(late_sunday, present=True)

    this_week = _week(sessions=[session])
    next_week = _week(week_start=date(2026, 1, 12), sessions=[session])

    assert (this_week.scheduled_minutes, this_week.attended_minutes) == (60, 60)
    assert (next_week.scheduled_minutes, next_week.attended_minutes) == (0, 0)


def test_monday_early_in_utc_is_still_last_week_in_new_york():
    # Monday 5 January 03:00 UTC is Sunday 4 January 22:00 in New York: the week before.
    session = _session(datetime(2026, 1, 5, 3, tzinfo=UTC))
    assert _week(sessions=[session]).scheduled_minutes == 0
    assert _week(week_start=date(2025, 12, 29), sessions=[session]).scheduled_minutes == 60


def test_the_week_ends_at_sunday_midnight_in_the_programs_zone():
    # Monday 12 January 03:00 UTC is still Sunday evening in New York: the week runs.
    during = _week(now=datetime(2026, 1, 12, 3, tzinfo=UTC))
    ended = _week(now=datetime(2026, 1, 12, 5, tzinfo=UTC))
    assert (during.finished, ended.finished) == (False, True)


def test_slots_count_on_enrolled_days_and_attendance_counts_the_minutes_attended():
    slots = [WeeklySlot(weekday, 90) for weekday in range(7)]
    attended = [
        Attended(date(2026, 1, 5), 90),  # present
        Attended(date(2026, 1, 6), 60),  # late
        Attended(date(2026, 1, 7), 45),  # left early
        Attended(date(2026, 1, 8), 0),  # absent
        Attended(date(2026, 1, 12), 90),  # the next week
    ]
    week = _week(slots=slots, attended=attended)
    assert week.scheduled_minutes == 7 * 90
    assert week.attended_minutes == 90 + 60 + 45
    assert week.attended_hours == "3.3"


def test_a_partial_week_of_enrollment_counts_only_those_days_and_prorates_the_target():
    # Enrolled from Friday 9 January: Friday, Saturday, Sunday.
    slots = [WeeklySlot(0, 600), WeeklySlot(4, 300), WeeklySlot(6, 300)]
    week = _week(slots=slots, enrollments=[(date(2026, 1, 9), None)])
    assert week.enrolled_days == 3
    assert week.scheduled_minutes == 600
    assert week.target_minutes == Decimal(50 * 60 * 3) / 7
    assert week.target_hours == "21.4"
    assert week.under_scheduled  # 10 h offered, 21.4 h due
    assert "(3 of 7 days enrolled)" in " ".join(week.findings())


def test_an_enrollment_ending_midweek_includes_its_last_day():
    slots = [WeeklySlot(weekday, 60) for weekday in range(7)]
    week = _week(slots=slots, enrollments=[(date(2025, 1, 1), date(2026, 1, 6))])
    assert (week.enrolled_days, week.scheduled_minutes) == (2, 120)


def test_a_slot_taken_off_midweek_counts_only_on_the_days_before_it_was():
    # Monday and Thursday slots, both taken off on Wednesday 7 January.
    wednesday = date(2026, 1, 7)
    slots = [WeeklySlot(0, 180, removed_on=wednesday), WeeklySlot(3, 120, removed_on=wednesday)]
    this_week = _week(slots=slots)
    week_before = _week(week_start=date(2025, 12, 29), slots=slots)
    week_after = _week(week_start=date(2026, 1, 12), slots=slots)
    assert this_week.scheduled_minutes == 180
    assert week_before.scheduled_minutes == 180 + 120
    assert week_after.scheduled_minutes == 0
    # Taken off on its own day: not scheduled that day.
    assert _week(slots=[WeeklySlot(2, 60, removed_on=wednesday)]).scheduled_minutes == 0


def test_cancelled_sessions_count_neither_as_scheduled_nor_attended():
    kept = _session(datetime(2026, 1, 6, 10, tzinfo=NEW_YORK), minutes=50, present=True)
    cancelled = _session(
        datetime(2026, 1, 7, 10, tzinfo=NEW_YORK), minutes=50, cancelled=True, present=True
    )
    week = _week(sessions=[kept, cancelled])
    assert (week.scheduled_minutes, week.attended_minutes) == (50, 50)


def test_individual_sessions_count_their_minutes_attended_present_in_full_absent_none():
    sessions = [
        _session(datetime(2026, 1, 5, 10, tzinfo=NEW_YORK), minutes=50, present=True),
        _session(datetime(2026, 1, 6, 10, tzinfo=NEW_YORK), minutes=50, minutes_attended=30),
        _session(datetime(2026, 1, 7, 10, tzinfo=NEW_YORK), minutes=50, minutes_attended=0),
        _session(datetime(2026, 1, 8, 10, tzinfo=NEW_YORK), minutes=50),  # not recorded
    ]
    week = _week(sessions=sessions)
    assert (week.scheduled_minutes, week.attended_minutes) == (200, 80)


def test_a_timetable_short_of_the_target_is_flagged_as_not_offering_enough():
    # 42 h offered and all of it attended: both facts are said, each in its own words.
    slots = [WeeklySlot(weekday, 6 * 60) for weekday in range(7)]
    attended = [Attended(date(2026, 1, 5 + n), 6 * 60) for n in range(7)]
    week = _week(slots=slots, attended=attended)
    assert week.under_scheduled and week.under_target
    assert week.findings() == [
        "Under target: only 42.0 h scheduled, below the target of 50.0 h. "
        "The timetable does not offer enough.",
        "Under target: 42.0 h attended, below the target of 50.0 h.",
    ]


def test_the_current_week_is_flagged_for_a_short_timetable_before_it_ends():
    slots = [WeeklySlot(weekday, 6 * 60) for weekday in range(7)]
    week = _week(slots=slots, now=DURING_THE_WEEK)
    assert week.under_scheduled and not week.under_attended


def test_a_finished_week_attended_under_the_target_is_flagged_for_attendance():
    slots = [WeeklySlot(weekday, 8 * 60) for weekday in range(7)]  # 56 h
    attended = [Attended(date(2026, 1, 5 + n), 6 * 60) for n in range(7)]  # 42 h
    week = _week(slots=slots, attended=attended)
    assert not week.under_scheduled and week.under_attended
    assert week.findings() == [
        "56.0 h scheduled, meeting the target of 50.0 h.",
        "Under target: 42.0 h attended, below the target of 50.0 h.",
    ]


def test_the_current_week_says_attended_so_far_and_is_not_flagged_for_attendance():
    slots = [WeeklySlot(weekday, 8 * 60) for weekday in range(7)]
    attended = [Attended(date(2026, 1, 5), 8 * 60)]
    week = _week(slots=slots, attended=attended, now=DURING_THE_WEEK)
    assert not week.finished and not week.under_target
    assert week.findings()[1] == "8.0 h attended so far; the week is not over."


def test_a_week_before_enrollment_is_not_flagged():
    week = _week(slots=[WeeklySlot(0, 60)], enrollments=[(date(2026, 2, 1), None)])
    assert (week.enrolled_days, week.scheduled_minutes, week.under_target) == (0, 0, False)
    assert week.findings() == ["Not enrolled in the program this week."]
