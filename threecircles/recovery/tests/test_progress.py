"""The arithmetic of progress without shame (docs/progress.md): sober days, the current run,
rolling shares that stay visible after a slip, missed days, late entries, time zones and
daylight-saving days."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from threecircles.recovery import actions
from threecircles.recovery.progress import Day, build_days, compute, local_today

D = date(2026, 3, 1)


def days_from(*entries: tuple[int, str]) -> dict[date, Day]:
    """(offset from D, what): "sober", "slip" (a check-in saying not kept), "reported" (a slip
    reported with no check-in), "both" (sober check-in and a slip the same day), "middle"."""
    check_ins, slips = [], []
    for offset, what in entries:
        day = D + timedelta(days=offset)
        if what in ("sober", "middle", "both"):
            check_ins.append((day, True, what == "middle"))
        if what == "slip":
            check_ins.append((day, False, False))
        if what in ("reported", "both"):
            slips.append(day)
    return build_days(check_ins, slips)


def test_a_sober_check_in_is_a_sober_day_and_a_missed_day_is_neither():
    days = days_from((0, "sober"), (1, "sober"), (3, "sober"))  # day 2 missed
    progress = compute(days=days, today=D + timedelta(days=3), sobriety_date=None)
    assert progress.total_sober_days == 3
    assert progress.last_30.counted == 3  # the missed day is not held against anyone
    assert progress.last_30.percent == 100
    assert progress.since == D
    assert progress.current_days == 3


def test_a_slip_starts_a_new_run_but_keeps_every_sober_day_and_the_shares():
    days = days_from(*((n, "sober") for n in range(10)), (10, "slip"), (11, "sober"))
    progress = compute(days=days, today=D + timedelta(days=12), sobriety_date=D)
    assert progress.total_sober_days == 11  # nothing goes back to zero
    assert progress.since == D + timedelta(days=11)
    assert progress.current_days == 1
    assert progress.last_30.sober == 11
    assert progress.last_30.counted == 12
    assert progress.last_30.percent == 92


def test_a_slip_reported_without_a_check_in_counts_as_a_slip_day():
    days = days_from((0, "sober"), (1, "reported"))
    progress = compute(days=days, today=D + timedelta(days=1), sobriety_date=None)
    assert progress.total_sober_days == 1
    assert progress.since == D + timedelta(days=2)
    assert progress.current_days == 0  # a slip today: the new run starts tomorrow, at 0


def test_a_check_in_saying_kept_on_a_day_with_a_slip_report_is_not_sober():
    days = days_from((0, "both"))
    assert compute(days=days, today=D, sobriety_date=None).total_sober_days == 0


def test_a_sobriety_date_after_the_latest_slip_wins():
    days = days_from((0, "slip"), (5, "sober"))
    progress = compute(days=days, today=D + timedelta(days=9), sobriety_date=D + timedelta(4))
    assert progress.since == D + timedelta(days=4)
    assert progress.current_days == 5


def test_the_rolling_windows_reach_back_30_and_90_days_including_today():
    days = days_from((0, "sober"), (59, "sober"), (89, "slip"))  # 59 is 30 days before 89
    today = D + timedelta(days=89)
    progress = compute(days=days, today=today, sobriety_date=None)
    assert (progress.last_30.sober, progress.last_30.counted) == (0, 1)
    assert (progress.last_90.sober, progress.last_90.counted) == (2, 3)
    later = compute(days=days, today=D + timedelta(days=90), sobriety_date=None)
    assert later.last_90.counted == 2  # day 0 has left the 90-day window


def test_middle_circle_days_are_an_early_warning_not_a_failure():
    days = days_from((0, "middle"), (1, "middle"), (2, "middle"))
    progress = compute(days=days, today=D + timedelta(days=2), sobriety_date=None)
    assert progress.middle_last_7 == 3
    assert progress.early_warning
    assert progress.total_sober_days == 3  # middle-circle days are still sober days


def test_milestones_count_total_sober_days():
    days = days_from(*((n, "sober") for n in range(8)))
    progress = compute(days=days, today=D + timedelta(days=7), sobriety_date=None)
    assert progress.milestones == ["1 day sober in total", "7 days sober in total"]
    assert progress.next_milestone == "14 days sober in total"


# --- the client's own days, in their time zone ----------------------------------------------


@pytest.mark.parametrize(
    ("zone", "utc_moment", "local_day"),
    [
        ("America/Los_Angeles", datetime(2026, 3, 2, 6, 30, tzinfo=UTC), date(2026, 3, 1)),
        ("Pacific/Auckland", datetime(2026, 3, 1, 12, 30, tzinfo=UTC), date(2026, 3, 2)),
        ("UTC", datetime(2026, 3, 1, 23, 59, tzinfo=UTC), date(2026, 3, 1)),
    ],
)
def test_today_is_the_clients_own_date(zone, utc_moment, local_day):
    assert local_today(zone, utc_moment) == local_day


def test_an_unknown_time_zone_falls_back_to_utc():
    assert local_today("Mars/Olympus_Mons", datetime(2026, 3, 1, 23, tzinfo=UTC)) == D


def test_a_daylight_saving_day_is_one_day(alice):
    """In New York, 8 March 2026 has 23 hours: a check-in that evening and one the next
    morning are two days, and the current run counts days, not hours."""
    settings = actions.settings_for(alice)
    settings.time_zone = "America/New_York"
    settings.save()
    # 7 March 23:30 local (EST) and 8 March 23:30 local (EDT, after the clocks went forward).
    for moment in (
        datetime(2026, 3, 8, 4, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 3, 30, tzinfo=UTC),
    ):
        with time_machine.travel(moment, tick=False):
            today = actions.today_for(alice)
            actions.save_check_in(client=alice, day=today, answers={"inner_kept": True}, note="")
    with time_machine.travel(datetime(2026, 3, 9, 14, 0, tzinfo=UTC), tick=False):
        progress = actions.progress_for(alice)
    assert {c.day for c in alice.check_ins.all()} == {date(2026, 3, 7), date(2026, 3, 8)}
    assert progress.total_sober_days == 2
    assert progress.since == date(2026, 3, 7)
    assert progress.current_days == 2


def test_a_late_entry_counts_like_an_on_time_one_and_is_marked(alice):
    with time_machine.travel(datetime(2026, 3, 10, 12, tzinfo=UTC), tick=False):
        late, _ = actions.save_check_in(
            client=alice, day=date(2026, 3, 8), answers={"inner_kept": True}, note=""
        )
        on_time, _ = actions.save_check_in(
            client=alice, day=date(2026, 3, 10), answers={"inner_kept": True}, note=""
        )
        progress = actions.progress_for(alice)
    assert late.late and not on_time.late
    assert progress.total_sober_days == 2
    assert progress.last_30.counted == 2


def test_moving_to_another_time_zone_keeps_each_check_in_on_its_own_day(alice):
    """A check-in belongs to the day it was for; after a move, "today" is the new zone's."""
    with time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=UTC), tick=False):
        actions.save_check_in(
            client=alice, day=actions.today_for(alice), answers={"inner_kept": True}, note=""
        )
        settings = actions.settings_for(alice)
        settings.time_zone = "Asia/Tokyo"
        settings.save()
        assert actions.today_for(alice) == date(2026, 3, 11)
        progress = actions.progress_for(alice)
    assert [c.day for c in alice.check_ins.all()] == [date(2026, 3, 10)]
    assert progress.current_days == 1
