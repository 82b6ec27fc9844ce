"""Programs after a walkthrough: an attendance address for a session that does not exist, a
day at the ends of the calendar, attendance before a session has started, taking a session
off the timetable without rewriting past weeks, and the program pages on a 360 px phone."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from threecircles.accounts.models import User
from threecircles.care.hours import week_start_of
from threecircles.care.models import Program, ProgramSlot, Session, SlotAttendance
from threecircles.care.programs import (
    add_slot,
    create_program,
    enroll,
    record_session_attendance,
    record_slot_attendance,
    today_for,
)
from threecircles.privacy.models import AccessEvent
from threecircles.tests.browser import BROWSER_MARKS, PHONE, sign_in, with_totp
from threecircles.tests.html import find_all, page_tree, text_of

NEW_YORK = ZoneInfo("America/New_York")
# Weeks of Monday 4, 11 and 18 January 2027 in New York.
FIRST_MONDAY = date(2027, 1, 4)
FIRST_THURSDAY = date(2027, 1, 7)
SECOND_MONDAY = date(2027, 1, 11)
# Thursday of the second week, 08:00 in New York: the workshop (14:00) has not run yet.
REMOVAL_MORNING = datetime(2027, 1, 14, 8, tzinfo=NEW_YORK)
THIRD_WEDNESDAY = datetime(2027, 1, 20, 12, tzinfo=NEW_YORK)
# An address for a video room: one long word, as links are.
VIDEO_LINK = "https://meet.example.org/j/8f3a9c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d"


@pytest.fixture
def program(practice: object, bob: User) -> Program:
    """An evening program in New York with a target of 5 hours: a Monday group (3 h) and a
    Thursday workshop (2 h) that together meet it."""
    program = create_program(
        practice=practice,  # type: ignore[arg-type]
        name="Evening IOP",
        level_of_care="iop",
        weekly_target_hours=Decimal(5),
        time_zone="America/New_York",
    )
    for weekday, starts, minutes, title in (
        (0, time(9), 180, "Morning group"),
        (3, time(14), 120, "Thursday workshop"),
    ):
        add_slot(
            program=program,
            weekday=weekday,
            starts_at=starts,
            minutes=minutes,
            kind="group",
            title=title,
            facilitator=bob,
            location="Room 7",
            counts_as_therapy=True,
        )
    return program


@pytest.fixture
def enrolled(program: Program, alice: User, bob: User) -> Program:
    enroll(program=program, client=alice, started_on=FIRST_MONDAY, actor=bob)
    return program


def _slot(program: Program, title: str) -> ProgramSlot:
    return program.slots.get(title=title)


def _present(program: Program, title: str, day: date, alice: User, bob: User) -> None:
    slot = _slot(program, title)
    record_slot_attendance(
        slot=slot,
        client=alice,
        day=day,
        status="present",
        minutes_attended=slot.minutes,
        reason="",
        actor=bob,
    )


def _card(page: object, heading: str) -> str:
    cards = find_all(page_tree(page), "section", "card")
    return next(text_of(card) for card in cards if heading in text_of(card))


def _weeks_before(browser: object, alice: User) -> str:
    """What the client's week page says of the weeks before this one."""
    page = browser.get(f"/care/clients/{alice.pk}/week/")  # type: ignore[attr-defined]
    return text_of(page_tree(page)).split("The weeks before", 1)[1]


def _messages(page: object) -> list[str]:
    return [text_of(p) for p in find_all(page_tree(page), "p", "message")]


def _selected(tree: object) -> list[str]:
    """The values of the options chosen in the page's drop-down lists."""
    options = [dict(o.attributes) for o in find_all(tree, "option")]  # type: ignore[arg-type]
    return [str(o["value"]) for o in options if "selected" in o]


def _attendance_url(program: Program, day: date | str) -> str:
    return f"/care/programs/{program.pk}/attendance/?day={day}"


# --- an attendance address for a session that does not exist ---------------------------------


def test_a_session_that_does_not_exist_is_404_and_no_access_is_logged(
    alice, bob, mallory, signed_in
):
    browser = signed_in(bob)
    theirs = Session.objects.create(
        client=mallory, clinician=bob, starts_at=timezone.now() - timedelta(days=1)
    )
    mine = Session.objects.create(
        client=alice, clinician=bob, starts_at=timezone.now() - timedelta(days=1)
    )
    logged = AccessEvent.objects.count()
    for session_id in ("9" * 60, str(theirs.pk)):
        url = f"/care/clients/{alice.pk}/sessions/{session_id}/attendance/"
        assert browser.get(url).status_code == 404
        assert browser.post(url, {"status": "present"}).status_code == 404
    assert AccessEvent.objects.count() == logged
    theirs.refresh_from_db()
    assert theirs.attendance == ""

    page = browser.get(f"/care/clients/{alice.pk}/sessions/{mine.pk}/attendance/")
    assert "Save attendance" in text_of(page_tree(page))
    event = AccessEvent.objects.get(actor_id=bob.pk, object_id=f"session {mine.pk}")
    assert (event.client_id, event.action) == (alice.pk, "view")


# --- a day at the ends of the calendar --------------------------------------------------------


@time_machine.travel(REMOVAL_MORNING, tick=False)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2016-01-01", "2029-01-01"])
def test_a_day_far_from_today_is_refused_and_the_page_shows_today(
    enrolled, alice, bob, signed_in, day
):
    browser = signed_in(bob)
    url = _attendance_url(enrolled, day)
    page = browser.get(url, follow=True)
    assert _messages(page) == [
        "Attendance is kept for days from 6 January 2017 to 15 January 2028: here is today."
    ]
    assert "Attendance, Evening IOP, Thursday 14 January 2027" in text_of(page_tree(page))

    field = f"a-{alice.pk}-{_slot(enrolled, 'Thursday workshop').pk}-status"
    page = browser.post(url, {field: "present"}, follow=True)
    assert "Attendance is kept for days from" in " ".join(_messages(page))
    assert not SlotAttendance.objects.exists()


@time_machine.travel(REMOVAL_MORNING, tick=False)
def test_the_first_and_last_days_shown_have_no_link_beyond_them(enrolled, bob, signed_in):
    browser = signed_in(bob)

    def links(day: str) -> list[str]:
        tree = page_tree(browser.get(_attendance_url(enrolled, day)))
        return [text_of(a) for a in find_all(tree, "a") if text_of(a).startswith("Day ")]

    assert links("2017-01-06") == ["Day after"]
    assert links("2028-01-15") == ["Day before"]
    assert links("2027-01-14") == ["Day before", "Day after"]


# --- attendance before a session has started --------------------------------------------------


def test_attendance_for_a_session_not_yet_started_is_refused_and_keeps_what_was_typed(
    alice, bob, signed_in
):
    starts = datetime(2027, 1, 6, 15, tzinfo=NEW_YORK)
    session = Session.objects.create(client=alice, clinician=bob, starts_at=starts, minutes=50)
    url = f"/care/clients/{alice.pk}/sessions/{session.pk}/attendance/"
    with time_machine.travel(starts - timedelta(days=1), tick=False):
        browser = signed_in(bob)
        shown = text_of(page_tree(browser.get(url)))
        assert "This session has not started yet" in shown
        page = browser.post(url, {"status": "late", "minutes_attended": "30"})
        tree = page_tree(page, status=400)
        assert "Attendance is recorded once the session has started." in text_of(tree)
        assert _selected(tree) == ["late"]
        (minutes,) = find_all(tree, "input", attrs={"name": "minutes_attended"})
        assert dict(minutes.attributes)["value"] == "30"
        week = text_of(page_tree(browser.get(f"/care/clients/{alice.pk}/week/")))
        assert "Individual therapy" in week
        assert "(Late)" not in week
        with pytest.raises(ValueError, match="not started yet"):
            record_session_attendance(
                session=session, status="present", minutes_attended=50, reason="", actor=bob
            )
    session.refresh_from_db()
    assert (session.attendance, session.minutes_attended, session.status) == (
        "",
        None,
        Session.Status.SCHEDULED,
    )

    with time_machine.travel(starts + timedelta(minutes=10), tick=False):
        page = signed_in(bob).post(url, {"status": "late", "minutes_attended": "30"}, follow=True)
    assert "Attendance saved." in _messages(page)
    session.refresh_from_db()
    assert (session.attendance, session.minutes_attended) == ("late", 30)


# --- taking a session off the timetable -------------------------------------------------------


@pytest.fixture
def attended(enrolled: Program, alice: User, bob: User) -> Program:
    """Alice attended both sessions of the first week and the Monday group of the second."""
    _present(enrolled, "Morning group", FIRST_MONDAY, alice, bob)
    _present(enrolled, "Thursday workshop", FIRST_THURSDAY, alice, bob)
    _present(enrolled, "Morning group", SECOND_MONDAY, alice, bob)
    return enrolled


def _remove(browser: object, program: Program, title: str) -> object:
    slot = _slot(program, title)
    return browser.post(  # type: ignore[attr-defined]
        f"/care/programs/{program.pk}/sessions/{slot.pk}/remove/", {"confirm": "on"}, follow=True
    )


@time_machine.travel(REMOVAL_MORNING, tick=False)
def test_a_session_taken_off_mid_week_keeps_last_weeks_hours_and_attendance(
    attended, alice, bob, signed_in
):
    browser = signed_in(bob)
    last_thursday = _attendance_url(attended, FIRST_THURSDAY.isoformat())
    before = _weeks_before(browser, alice)
    assert "Week of Monday 4 January 2027 Scheduled 5.0 h, attended 5.0 h" in before
    form_before = text_of(page_tree(browser.get(last_thursday)))
    assert "14:00 Thursday workshop (120 minutes)" in form_before

    page = _remove(browser, attended, "Thursday workshop")

    assert "Session taken off the timetable." in _messages(page)
    assert _weeks_before(browser, alice) == before
    tree = page_tree(browser.get(last_thursday))
    assert text_of(tree) == form_before
    assert _selected(tree) == ["present"]
    kept = SlotAttendance.objects.get(day=FIRST_THURSDAY)
    assert (kept.status, kept.minutes_attended) == ("present", 120)


@time_machine.travel(REMOVAL_MORNING, tick=False)
def test_a_session_taken_off_leaves_the_timetable_and_the_rest_of_this_week(
    attended, alice, bob, signed_in
):
    browser = signed_in(bob)
    timetable = _card(browser.get(f"/care/programs/{attended.pk}/"), "Weekly timetable")
    assert "Thursday 14:00 120 Thursday workshop" in timetable
    _remove(browser, attended, "Thursday workshop")

    timetable = _card(browser.get(f"/care/programs/{attended.pk}/"), "Weekly timetable")
    assert "Monday 09:00 180 Morning group" in timetable
    assert "Thursday workshop" not in timetable
    week = text_of(page_tree(browser.get(f"/care/clients/{alice.pk}/week/")))
    this_week = week.split("The weeks before", 1)[0]
    assert "Monday 09:00, 180 minutes: Morning group, Room 7 (Present)" in this_week
    assert "Thursday workshop" not in this_week
    assert "Scheduled 3.0 h, attended 3.0 h, target 5.0 h." in this_week
    assert "Under target: only 3.0 h scheduled, below the target of 5.0 h." in this_week
    # Its page is gone with it.
    slot = _slot(attended, "Thursday workshop")
    url = f"/care/programs/{attended.pk}/sessions/{slot.pk}/remove/"
    assert browser.get(url).status_code == 404


@time_machine.travel(REMOVAL_MORNING, tick=False)
def test_attendance_is_not_recorded_for_a_session_from_the_day_it_was_taken_off(
    attended, alice, bob, signed_in
):
    browser = signed_in(bob)
    _remove(browser, attended, "Thursday workshop")
    slot = _slot(attended, "Thursday workshop")
    assert slot.removed_on == date(2027, 1, 14)

    page = browser.get(_attendance_url(attended, "2027-01-14"))
    assert "No sessions on this day." in text_of(page_tree(page))
    page = browser.post(
        _attendance_url(attended, "2027-01-14"), {f"a-{alice.pk}-{slot.pk}-status": "present"}
    )
    assert "Nothing was recorded" in text_of(page_tree(page, status=400))
    with pytest.raises(ValueError, match="off the timetable"):
        record_slot_attendance(
            slot=slot,
            client=alice,
            day=date(2027, 1, 14),
            status="present",
            minutes_attended=120,
            reason="",
            actor=bob,
        )
    assert not SlotAttendance.objects.filter(day__gte=date(2027, 1, 14)).exists()


def test_the_calendar_and_the_caseload_count_a_session_until_it_was_taken_off(
    attended, alice, bob, signed_in
):
    with time_machine.travel(REMOVAL_MORNING, tick=False):
        browser = signed_in(bob)
        _remove(browser, attended, "Thursday workshop")
        calendar = signed_in(alice)
        last_week = text_of(page_tree(calendar.get("/care/calendar/?week=2027-01-04")))
        this_week = text_of(page_tree(calendar.get("/care/calendar/?week=2027-01-11")))
        facilitated = text_of(page_tree(browser.get("/care/calendar/?week=2027-01-11")))
        # Last week met the target, with the workshop's attendance kept.
        caseload = text_of(page_tree(browser.get("/care/caseload/")))
    assert "(Thursday workshop)" in last_week
    assert "(Morning group)" in this_week
    assert "(Thursday workshop)" not in this_week
    assert "(Morning group)" in facilitated
    assert "(Thursday workshop)" not in facilitated
    assert "Alice" in caseload
    assert "Last week was under the program's hours target" not in caseload

    with time_machine.travel(THIRD_WEDNESDAY, tick=False):
        browser = signed_in(bob)
        caseload = text_of(page_tree(browser.get("/care/caseload/")))
        before = _weeks_before(browser, alice)
    assert "Last week was under the program's hours target" in caseload
    assert "Week of Monday 11 January 2027 Scheduled 3.0 h, attended 3.0 h" in before
    assert "Week of Monday 4 January 2027 Scheduled 5.0 h, attended 5.0 h" in before


# --- on a 360 px phone ------------------------------------------------------------------------


def browser_test(test: Callable[..., None]) -> Callable[..., None]:
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.fixture
def this_week_program(practice: object, alice: User, bob: User) -> Program:
    """A program in UTC whose eight-column timetable has a long video link, with Alice
    enrolled from this Monday so the link is on her week too."""
    program = create_program(
        practice=practice,  # type: ignore[arg-type]
        name="Evening IOP",
        level_of_care="iop",
        weekly_target_hours=Decimal(9),
        time_zone="UTC",
    )
    add_slot(
        program=program,
        weekday=0,
        starts_at=time(18),
        minutes=90,
        kind="psychoeducation",
        title="Understanding triggers",
        facilitator=bob,
        location=VIDEO_LINK,
        counts_as_therapy=True,
    )
    enroll(program=program, client=alice, started_on=week_start_of(today_for(program)), actor=bob)
    return program


@browser_test
def test_the_program_page_fits_a_phone_with_its_timetable_in_its_own_box(
    new_context, bob, this_week_program
):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, bob, with_totp(bob))
    page.goto(f"/care/programs/{this_week_program.pk}/")
    timetable = page.get_by_role("region", name="Weekly timetable", exact=True)
    expect(timetable.get_by_role("table")).to_contain_text("Understanding triggers")
    expect(timetable.get_by_role("table")).to_contain_text(VIDEO_LINK)
    expect(timetable.get_by_role("link", name="Remove")).to_be_in_viewport()
    _fits(page)


@browser_test
def test_a_clients_week_with_a_long_video_link_fits_a_phone(new_context, alice, this_week_program):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, alice, with_totp(alice) if alice.needs_mfa else None)
    page.goto(f"/care/clients/{alice.pk}/week/")
    expect(page.locator("ul.week-timetable li")).to_contain_text(VIDEO_LINK)
    _fits(page)
