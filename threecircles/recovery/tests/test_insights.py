"""Insights in plain words: the check-in calendar, urges over time, the most frequent
triggers, when strong urges and slips come, and middle-circle signs before a slip; computed
from hand-made days, then shown on the client's page and on their care team's, each chart
with a table beside it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from threecircles.privacy.models import AccessEvent, Basis
from threecircles.recovery import actions, daily
from threecircles.recovery.insights import (
    THEY,
    YOU,
    CalendarDay,
    CheckInFacts,
    DayKind,
    Period,
    SlipFacts,
    calendar,
    calendar_sentences,
    cluster_sentences,
    clusters,
    day_kinds,
    gather,
    lookback_sentences,
    lookbacks,
    period_of,
    trigger_counts,
    trigger_sentences,
    urge_points,
    urge_sentences,
    urge_weeks,
)
from threecircles.tests.html import find_all, page_tree, text_of

TODAY = date(2026, 3, 11)  # a Wednesday


def on(offset: int) -> date:
    """The day `offset` days before TODAY."""
    return TODAY - timedelta(days=offset)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def check_in(
    day: date,
    *,
    urge: int | None = 0,
    kept: bool = True,
    middle: bool = False,
    triggers: tuple[str, ...] = (),
    hour: int = 20,
) -> CheckInFacts:
    return CheckInFacts(day, kept, middle, urge, triggers, at(day, hour))


def slip(day: date, hour: int = 21) -> SlipFacts:
    return SlipFacts(day, at(day, hour))


# --- the check-in calendar ------------------------------------------------------------------


def test_the_calendar_is_twelve_weeks_from_monday_to_sunday_ending_today():
    weeks = calendar({}, TODAY)
    assert len(weeks) == 12
    assert weeks[-1].start == date(2026, 3, 9)
    assert weeks[0].start == date(2025, 12, 22)
    assert all(week.start.weekday() == 0 for week in weeks)
    # Thursday to Sunday of this week have not come yet.
    assert weeks[-1].days[3:] == [None, None, None, None]
    assert weeks[-1].days[2] == CalendarDay(TODAY, DayKind.MISSED)


def test_each_day_is_sober_middle_a_slip_or_without_a_check_in():
    kinds = day_kinds(
        [
            check_in(on(0)),
            check_in(on(1), middle=True),
            check_in(on(2), kept=False),
            check_in(on(4), middle=True),  # a slip the same day outweighs the signs
        ],
        [slip(on(4)), slip(on(5))],  # a slip reported with no check-in
    )
    assert kinds == {
        on(0): DayKind.SOBER,
        on(1): DayKind.MIDDLE,
        on(2): DayKind.SLIP,
        on(4): DayKind.SLIP,
        on(5): DayKind.SLIP,
    }
    this_week = calendar(kinds, TODAY)[-1].days
    assert [d.kind if d else None for d in this_week[:3]] == [
        DayKind.SLIP,
        DayKind.MIDDLE,
        DayKind.SOBER,
    ]


def test_the_calendar_says_what_the_days_were_leaving_out_what_did_not_happen():
    kinds = day_kinds([check_in(on(0)), check_in(on(1)), check_in(on(2), middle=True)], [])
    [sentence] = calendar_sentences(calendar(kinds, TODAY))
    # 11 whole weeks and Monday to Wednesday of this one.
    assert sentence == (
        "Of the last 80 days: 2 sober days, 1 sober day with middle-circle signs and 77 days "
        "without a check-in."
    )
    assert calendar_sentences(calendar({}, TODAY)) == ["No check-ins in these 12 weeks yet."]


# --- urges ----------------------------------------------------------------------------------


def test_urges_are_those_of_the_last_ninety_days_week_by_week():
    entries = [
        check_in(on(90), urge=10),  # the 91st day back: outside
        check_in(on(89), urge=4),
        check_in(on(1), urge=2),
        check_in(on(0), urge=7),
        check_in(on(3), urge=None),  # skipped the question
    ]
    points = urge_points(entries, TODAY)
    assert points == [(on(89), 4), (on(1), 2), (on(0), 7)]
    weeks = urge_weeks(points)
    assert [(w.start, w.count, w.average, w.highest) for w in weeks] == [
        (date(2025, 12, 8), 1, 4.0, 4),
        (date(2026, 3, 9), 2, 4.5, 7),
    ]
    assert urge_sentences(points, TODAY, YOU) == [
        "Over the last 90 days your urges averaged 4.3 out of 10; they were 7 or more on 1 day."
    ]


def test_urges_of_the_last_thirty_days_are_compared_with_the_days_before():
    points = [(on(n), 2) for n in range(5)] + [(on(40 + n), 6) for n in range(5)]
    sentences = urge_sentences(points, TODAY, THEY)
    assert sentences == [
        "Over the last 90 days their urges averaged 4.0 out of 10; none reached 7.",
        "In the last 30 days they were lower than in the 60 days before (2.0 against 6.0 on "
        "average).",
    ]
    assert urge_sentences([], TODAY, YOU) == ["No urge strengths in the last 90 days yet."]


# --- triggers -------------------------------------------------------------------------------


def test_triggers_are_counted_by_days_named_in_the_clients_own_words():
    names = {"t1": "Hotel rooms", "t2": "Late nights alone", "t3": "payday"}
    entries = [
        check_in(on(0), triggers=("t1", "t2", "t1")),  # named twice in one day: one day
        check_in(on(1), triggers=("t1", "t3")),
        check_in(on(2), triggers=("t1", "gone")),  # an id no longer known is left out
        check_in(on(3), triggers=("t3",)),
        check_in(on(95), triggers=("t2",)),  # outside the window
    ]
    counts = trigger_counts(entries, names, TODAY)
    assert counts == [("Hotel rooms", 3), ("payday", 2), ("Late nights alone", 1)]
    assert trigger_sentences(counts, YOU) == [
        "The trigger you named most often was “Hotel rooms”, on 3 days."
    ]
    assert trigger_sentences([("A", 2), ("B", 2)], THEY) == [
        "The triggers they named most often were “A” and “B”, each on 2 days."
    ]


# --- when strong urges and slips come -------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "period"),
    [
        (at(TODAY, 5), Period.MORNING),
        (at(TODAY, 11, 59), Period.MORNING),
        (at(TODAY, 12), Period.AFTERNOON),
        (at(TODAY, 17), Period.EVENING),
        (at(TODAY, 22), Period.NIGHT),
        (at(TODAY, 3), Period.NIGHT),
        (at(TODAY + timedelta(days=1), 1), Period.NIGHT),  # the night after the day
        (at(TODAY + timedelta(days=1), 9), Period.UNKNOWN),
        (at(TODAY + timedelta(days=3), 20), Period.UNKNOWN),  # filled in days later
    ],
)
def test_the_time_of_day_is_when_it_was_written_on_the_day_itself(written, period):
    assert period_of(TODAY, written) is period


def test_strong_urges_and_slip_days_are_counted_where_they_fell():
    friday, saturday = date(2026, 3, 6), date(2026, 3, 7)
    entries = [
        check_in(friday, urge=8, hour=21),
        check_in(friday - timedelta(days=7), urge=9, hour=20),
        check_in(friday - timedelta(days=14), urge=6, hour=20),  # not a strong urge
        check_in(saturday, urge=3, kept=False, hour=23),
    ]
    # Two slips the same day are one slip day, at the first report.
    slips = [slip(friday - timedelta(days=14), hour=19), slip(saturday, 10), slip(saturday, 23)]
    found = clusters(entries, slips, TODAY)
    assert found.cell(4, Period.EVENING).strong_urges == 2
    assert found.cell(4, Period.EVENING).slips == 1
    assert found.cell(5, Period.MORNING).slips == 1
    assert found.total == 4
    assert found.periods() == [Period.MORNING, Period.AFTERNOON, Period.EVENING, Period.NIGHT]
    assert cluster_sentences(found, YOU) == [
        "Your strong urges (7 or more) and slips came most often on Friday evenings: 3 times "
        "in the last 90 days."
    ]


def test_no_single_time_is_named_when_they_are_spread_out():
    entries = [check_in(on(n), urge=8, hour=8 + n * 4) for n in range(3)]
    found = clusters(entries, [], TODAY)
    assert cluster_sentences(found, THEY) == [
        "Their strong urges (7 or more) and slips were spread out: no one day and time of day "
        "stood out."
    ]
    assert cluster_sentences(clusters([], [], TODAY), YOU) == [
        "No urges of 7 or more and no slips in the last 90 days."
    ]


def test_a_check_in_filled_in_later_has_no_time_of_day():
    late = CheckInFacts(on(5), True, False, 9, (), at(on(2), 20))
    found = clusters([late], [], TODAY)
    assert found.periods()[-1] is Period.UNKNOWN
    assert cluster_sentences(found, YOU) == [
        "Your strong urges (7 or more) and slips were all recorded later, so their time of "
        "day is not known."
    ]


# --- middle-circle signs before a slip ------------------------------------------------------


def test_slips_are_counted_with_the_middle_circle_signs_of_the_three_days_before():
    entries = [
        check_in(on(30), middle=True),  # 2 days before the slip on(28)
        check_in(on(21), middle=True),  # the day before the slip on(20)
        check_in(on(12)),  # quiet days before the slip on(10)
        check_in(on(11)),
        check_in(on(3), middle=True),  # 3 days before the slip today
        check_in(on(0), kept=False),
    ]
    kinds = day_kinds(entries, [slip(on(28)), slip(on(20)), slip(on(10))])
    found = lookbacks(kinds, TODAY)
    assert [lookback.day for lookback in found] == [on(28), on(20), on(10), on(0)]
    assert [d.kind for d in found[0].before] == [DayKind.MISSED, DayKind.MIDDLE, DayKind.MISSED]
    assert [lookback.after_middle for lookback in found] == [True, True, False, True]
    assert lookback_sentences(found, YOU) == [
        "3 of your 4 slips followed a day with middle-circle signs in the 3 days before.",
        "Middle-circle signs are early warnings, not failures: noticing them is a chance to "
        "reach out early.",
    ]


def test_a_slip_with_no_check_in_before_it_tells_nothing():
    found = lookbacks(day_kinds([], [slip(on(5)), slip(on(40))]), TODAY)
    assert lookback_sentences(found, THEY)[:2] == [
        "0 of their 2 slips followed a day with middle-circle signs in the 3 days before.",
        "For 2 of them there was no check-in in the 3 days before, so there is nothing to tell.",
    ]
    one = lookbacks(day_kinds([check_in(on(6))], [slip(on(5))]), TODAY)
    assert lookback_sentences(one, YOU)[0] == (
        "Your slip did not follow a day with middle-circle signs in the 3 days before."
    )
    assert lookback_sentences([], YOU) == ["No slips in the last 90 days."]


# --- the pages ------------------------------------------------------------------------------


def _fridays_ahead(weeks: int) -> date:
    """A Friday some weeks after today: the care team's grant, made today, covers it."""
    today = datetime.now(UTC).date()
    return today + timedelta(days=(4 - today.weekday()) % 7, weeks=weeks)


FRIDAY = _fridays_ahead(3)
FRIDAY_EVENING = datetime(FRIDAY.year, FRIDAY.month, FRIDAY.day, 21, 0, tzinfo=UTC)
SATURDAY = FRIDAY + timedelta(days=1)
MONDAY = FRIDAY_EVENING + timedelta(days=2, hours=12)


def shown_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


@pytest.fixture
def alices_weeks(alice):
    """Two Friday evenings of strong urges, a quiet Saturday, middle-circle signs on Thursday
    and a slip on Saturday night, told to no one; seen on the Monday after."""
    with time_machine.travel(FRIDAY_EVENING - timedelta(days=7), tick=False) as traveller:
        plan = actions.write_plan(
            client=alice,
            author=alice,
            items={"inner": [{"text": "Paid sex"}], "middle": [{"text": "Hotel bars"}]},
        )
        assert plan is not None
        sign = plan.items["middle"][0]["id"]
        hotel = str(daily.add_trigger(client=alice, name="Hotel rooms", kind="places").pk)
        nights = str(daily.add_trigger(client=alice, name="Late nights alone", kind="times").pk)

        def check(moment: datetime, **answers: object) -> None:
            traveller.move_to(moment)
            actions.save_check_in(
                client=alice,
                day=moment.date(),
                answers={"inner_kept": True, "urge": 0, **answers},
                note="",
            )

        check(FRIDAY_EVENING - timedelta(days=7), urge=9, triggers=[hotel])
        check(FRIDAY_EVENING - timedelta(days=6, hours=11), urge=2, triggers=[hotel])
        check(FRIDAY_EVENING - timedelta(days=1), urge=4, middle=[sign])
        check(FRIDAY_EVENING, urge=8, triggers=[hotel, nights])
        traveller.move_to(FRIDAY_EVENING + timedelta(days=1, hours=1, minutes=30))
        slip = actions.report_slip(client=alice, day=SATURDAY)
        traveller.move_to(MONDAY)
        yield slip


def test_times_of_day_are_read_in_the_clients_own_time_zone(alice):
    actions.save_settings(
        client=alice,
        time_zone="America/New_York",
        sobriety_date=None,
        reminder_time=None,
        country="US",
    )
    # Half past one on Saturday morning in UTC; Friday evening in New York.
    with time_machine.travel(FRIDAY_EVENING + timedelta(hours=4, minutes=30), tick=False):
        actions.save_check_in(
            client=alice, day=FRIDAY, answers={"inner_kept": True, "urge": 8}, note=""
        )
        records = gather(alice, care_team=False)
    assert records.today == FRIDAY
    assert cluster_sentences(clusters(records.check_ins, [], FRIDAY), YOU) == [
        "Your strong urges (7 or more) and slips came most often on Friday evenings: 1 time "
        "in the last 90 days."
    ]


def tables(page) -> dict[str, list[list[str]]]:
    """Each table's body rows by its caption."""
    return {
        text_of(next(find_all(table, "caption"))): [
            [text_of(cell) for cell in row.children if getattr(cell, "name", "") in ("th", "td")]
            for row in find_all(next(find_all(table, "tbody")), "tr")
        ]
        for table in find_all(page, "table")
    }


def test_the_client_sees_her_patterns_each_chart_with_a_table(alice, alices_weeks, signed_in):
    page = page_tree(signed_in(alice).get("/recovery/insights/"))
    shown = tables(page)
    *_, last_week, this_week = shown["The days of each week, the last 12 weeks"]
    monday = FRIDAY - timedelta(days=4)
    assert last_week == [f"{monday.day} {monday:%b}", "Fri", "Thu", "Sat", "Mon, Tue, Wed, Sun"]
    assert this_week[1:] == ["None", "None", "None", "Mon"]
    assert shown["Triggers named in check-ins, the last 90 days"] == [
        ["Hotel rooms", "3"],
        ["Late nights alone", "1"],
    ]
    assert shown["The days before each slip, the last 90 days"] == [
        [shown_day(SATURDAY), "No check-in", "Sober, with middle-circle signs", "Sober"]
    ]
    friday = shown["Strong urges and slips by day of the week and time of day, the last 90 days"][4]
    assert friday == ["Friday", "None", "None", "2 strong urges", "None"]
    text = text_of(page)
    assert "The trigger you named most often was “Hotel rooms”, on 3 days." in text
    assert "Your strong urges (7 or more) and slips came most often on Friday evenings" in text
    assert "1 of your 1 slips" not in text
    assert "Your slip followed a day with middle-circle signs in the 3 days before." in text
    charts = list(find_all(page, "svg", "chart"))
    assert len(charts) == 5
    for chart in charts:
        attributes = dict(chart.attributes)
        assert attributes["role"] == "img"
        assert attributes["aria-label"]
    assert len(list(find_all(page, "table"))) == 5


def test_a_trigger_name_is_escaped_in_the_chart(alice, signed_in):
    trigger = daily.add_trigger(client=alice, name='<b onclick="x">Bars</b>', kind="places")
    actions.save_check_in(
        client=alice,
        day=actions.today_for(alice),
        answers={"inner_kept": True, "urge": 3, "triggers": [str(trigger.pk)]},
        note="",
    )
    body = signed_in(alice).get("/recovery/insights/").content.decode()
    assert "&lt;b onclick=&quot;x&quot;&gt;Bars&lt;/b&gt;" in body
    assert '<b onclick="x">' not in body


def test_the_care_team_sees_only_the_slips_the_client_told_them(
    alice, bob, alices_weeks, signed_in
):
    url = f"/recovery/insights/clients/{alice.pk}/"
    page = page_tree(signed_in(bob).get(url))
    assert "No slips in the last 90 days." in text_of(page)
    assert "The trigger they named most often was “Hotel rooms”, on 3 days." in text_of(page)
    event = AccessEvent.objects.filter(client_id=alice.pk, actor_id=bob.pk).latest("id")
    assert (event.what, event.basis) == ("insights", Basis.CARE_TEAM)

    actions.set_slip_sharing(slip=alices_weeks, tell_care_team=True, supporters=[])
    text = text_of(page_tree(signed_in(bob).get(url)))
    assert "Their slip followed a day with middle-circle signs in the 3 days before." in text


def test_the_pages_are_linked_from_the_client_and_the_care_team_pages(alice, bob, signed_in):
    today = page_tree(signed_in(alice).get("/recovery/"))
    assert "/recovery/insights/" in [dict(a.attributes).get("href") for a in find_all(today, "a")]
    overview = page_tree(signed_in(bob).get(f"/recovery/clients/{alice.pk}/"))
    links = [dict(a.attributes).get("href") for a in find_all(overview, "a")]
    assert f"/recovery/insights/clients/{alice.pk}/" in links


@pytest.mark.parametrize("person", ["mallory", "eve", "carol"])
def test_no_one_else_opens_the_page_about_alice(person, alice, request, signed_in):
    outsider = request.getfixturevalue(person)
    events = AccessEvent.objects.count()
    page = signed_in(outsider).get(f"/recovery/insights/clients/{alice.pk}/")
    assert page.status_code == 404
    assert AccessEvent.objects.count() == events


def test_mallory_sees_only_her_own_insights(alice, alices_weeks, mallory, signed_in):
    page = signed_in(mallory).get("/recovery/insights/")
    text = text_of(page_tree(page))
    assert "Hotel rooms" not in text
    assert "No check-ins in these 12 weeks yet." in text
