"""Programs: the timetable, enrolling, attendance, and each client's weekly hours as the care
team and the client see them."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from threecircles.care.models import Enrollment, Program, ProgramSlot, Session, SlotAttendance
from threecircles.care.programs import add_slot, client_hours, create_program, enroll
from threecircles.privacy.models import AccessEvent
from threecircles.tests.html import find_all, page_tree, text_of

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2027, 1, 4)
# Monday 4 January 2027, 18:00 in New York (23:00 UTC): the morning group is over.
MONDAY_EVENING = datetime(2027, 1, 4, 18, tzinfo=NEW_YORK)
# Wednesday of the week after.
NEXT_WEDNESDAY = datetime(2027, 1, 13, 12, tzinfo=NEW_YORK)


@pytest.fixture
def program(practice, bob):
    program = create_program(
        practice=practice,
        name="Residential, men's track",
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="America/New_York",
    )
    add_slot(
        program=program,
        weekday=0,
        starts_at=time(9),
        minutes=180,
        kind="group",
        title="Morning group",
        facilitator=bob,
        location="Room 4",
        counts_as_therapy=True,
    )
    return program


@pytest.fixture
def enrolled(program, alice, bob):
    return enroll(program=program, client=alice, started_on=MONDAY, actor=bob)


def _card(page, heading):
    return next(
        card for card in find_all(page_tree(page), "section", "card") if heading in text_of(card)
    )


def _url(program, rest=""):
    return f"/care/programs/{program.pk}/{rest}"


def test_a_clinician_creates_a_residential_program_with_the_default_target(
    bob, practice, signed_in
):
    page = signed_in(bob).post(
        "/care/programs/new/",
        {
            "practice": practice.pk,
            "name": "Residential, men's track",
            "level_of_care": "residential",
            "time_zone": "America/New_York",
        },
        follow=True,
    )
    assert "Program created." in page.text
    program = Program.objects.get()
    assert (program.weekly_target_hours, program.time_zone) == (Decimal(50), "America/New_York")
    assert "Target 50 therapy hours a week" in text_of(page_tree(page))


def test_a_program_other_than_residential_needs_a_target_and_keeps_what_was_typed(
    bob, practice, signed_in
):
    page = signed_in(bob).post(
        "/care/programs/new/",
        {
            "practice": practice.pk,
            "name": "Evening IOP",
            "level_of_care": "iop",
            "time_zone": "UTC",
        },
    )
    assert page.status_code == 400
    assert "only residential programs default to 50 hours" in page.text
    assert 'value="Evening IOP"' in page.text
    assert not Program.objects.exists()


def test_a_timetable_session_is_checked_then_shown_on_the_program(program, bob, eve, signed_in):
    browser = signed_in(bob)
    typed = {
        "weekday": "2",
        "starts_at": "14:00",
        "minutes": "700",
        "kind": "mindfulness",
        "title": "Afternoon practice",
        "facilitator": str(eve.pk),  # works at another practice
        "location": "https://video.example.org/room",
        "counts_as_therapy": "on",
    }
    page = browser.post(_url(program, "sessions/new/"), typed)
    assert page.status_code == 400
    assert "A session lasts at most 600 minutes." in page.text
    assert "Select a valid choice" in page.text
    assert 'value="Afternoon practice"' in page.text

    page = browser.post(
        _url(program, "sessions/new/"), typed | {"minutes": "45", "facilitator": str(bob.pk)}
    )
    assert page.status_code == 302
    timetable = text_of(_card(browser.get(_url(program)), "Weekly timetable"))
    assert "Wednesday 14:00 45 Afternoon practice (Mindfulness) Bob" in timetable
    assert "https://video.example.org/room" in timetable


def test_taking_a_session_off_the_timetable_asks_to_confirm(program, bob, signed_in):
    slot = program.slots.get()
    with time_machine.travel(MONDAY_EVENING, tick=False):
        browser = signed_in(bob)
        page = browser.get(_url(program, f"sessions/{slot.pk}/remove/"))
        assert "It leaves the timetable from today, 4 January 2027" in text_of(page_tree(page))
        page = browser.post(_url(program, f"sessions/{slot.pk}/remove/"), {})
        assert page.status_code == 400
        assert "Tick the box" in page.text
        page = browser.post(_url(program, f"sessions/{slot.pk}/remove/"), {"confirm": "on"})
    assert page.status_code == 302
    assert ProgramSlot.objects.get().removed_on == MONDAY


def test_a_clinician_enrolls_only_clients_on_their_care_team(
    program, alice, mallory, bob, signed_in
):
    browser = signed_in(bob)
    page = browser.post(
        _url(program, "enroll/"), {"client": mallory.pk, "started_on": "2027-01-04"}
    )
    assert page.status_code == 400
    assert "Select a valid choice" in page.text
    page = browser.post(
        _url(program, "enroll/"), {"client": alice.pk, "started_on": "2027-01-04"}, follow=True
    )
    assert "Alice enrolled." in page.text
    assert Enrollment.objects.get().client == alice
    assert AccessEvent.objects.filter(
        actor_id=bob.pk, client_id=alice.pk, what="programs and attendance", action="create"
    ).exists()


def test_an_enrollment_cannot_end_before_it_started(program, enrolled, bob, signed_in):
    browser = signed_in(bob)
    url = _url(program, f"enrollments/{enrolled.pk}/end/")
    page = browser.post(url, {"ended_on": "2027-01-01"})
    assert page.status_code == 400
    assert "The last day cannot be before the first (04 January 2027)." in page.text
    assert browser.post(url, {"ended_on": "2027-01-06"}).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.ended_on == date(2027, 1, 6)


def test_attendance_needs_minutes_for_late_and_a_reason_for_absent(
    program, enrolled, alice, bob, signed_in
):
    slot = program.slots.get()
    field = f"a-{alice.pk}-{slot.pk}"
    with time_machine.travel(MONDAY_EVENING, tick=False):
        browser = signed_in(bob)
        url = _url(program, "attendance/?day=2027-01-04")
        for typed, said in (
            ({"status": "late"}, "Enter the minutes attended."),
            ({"status": "left_early", "minutes_attended": "200"}, "enter 180 or fewer"),
            ({"status": "absent"}, "Say briefly why they were absent."),
            ({}, "Nothing was recorded"),
        ):
            page = browser.post(url, {f"{field}-{k}": v for k, v in typed.items()})
            assert page.status_code == 400, typed
            assert said in page.text, typed
        assert not SlotAttendance.objects.exists()

        page = browser.post(
            url, {f"{field}-status": "late", f"{field}-minutes_attended": "120"}, follow=True
        )
        assert "Attendance saved." in page.text
        assert SlotAttendance.objects.get().minutes_attended == 120

        enrolled_now = text_of(_card(browser.get(_url(program)), "Enrolled now"))
    assert "Alice" in enrolled_now
    assert "Scheduled 3.0 h, attended 2.0 h, target 50.0 h." in enrolled_now
    assert "Under target: only 3.0 h scheduled" in enrolled_now
    assert "2.0 h attended so far; the week is not over." in enrolled_now


def test_present_counts_the_full_session_and_absent_nothing(
    program, enrolled, alice, bob, signed_in
):
    slot = program.slots.get()
    with time_machine.travel(MONDAY_EVENING, tick=False):
        browser = signed_in(bob)
        browser.post(
            _url(program, "attendance/?day=2027-01-04"),
            {f"a-{alice.pk}-{slot.pk}-status": "present"},
        )
    assert SlotAttendance.objects.get().minutes_attended == 180


def test_a_sunday_late_session_counts_in_the_programs_week_with_the_server_in_utc(
    program, enrolled, alice, bob
):
    assert settings.TIME_ZONE == "UTC"
    # Sunday 10 January 23:30 in New York: Monday 04:30 on the server's clock.
    Session.objects.create(
        client=alice,
        clinician=bob,
        starts_at=datetime(2027, 1, 10, 23, 30, tzinfo=NEW_YORK),
        minutes=50,
        attendance="present",
    )
    # And one cancelled: it counts nowhere.
    Session.objects.create(
        client=alice,
        clinician=bob,
        starts_at=datetime(2027, 1, 7, 10, tzinfo=NEW_YORK),
        minutes=50,
        status=Session.Status.CANCELLED,
    )
    with time_machine.travel(NEXT_WEDNESDAY, tick=False):
        first = client_hours(alice, program, MONDAY)
        second = client_hours(alice, program, date(2027, 1, 11))
    assert (first.scheduled_minutes, first.attended_minutes) == (180 + 50, 50)
    assert (second.scheduled_minutes, second.attended_minutes) == (180, 0)


@time_machine.travel(NEXT_WEDNESDAY, tick=False)
def test_a_session_attended_in_part_is_recorded_on_the_session(alice, bob, signed_in):
    session = Session.objects.create(
        client=alice, clinician=bob, starts_at=datetime(2027, 1, 5, 15, tzinfo=UTC), minutes=50
    )
    browser = signed_in(bob)
    url = f"/care/clients/{alice.pk}/sessions/{session.pk}/attendance/"
    page = browser.post(url, {"status": "late", "minutes_attended": "60"})
    assert page.status_code == 400
    assert "enter 50 or fewer" in page.text
    assert browser.post(url, {"status": "late", "minutes_attended": "35"}).status_code == 302
    session.refresh_from_db()
    assert (session.attendance, session.minutes_attended, session.status) == (
        "late",
        35,
        Session.Status.ATTENDED,
    )


def test_the_record_says_in_words_which_past_weeks_were_under_target(
    program, enrolled, alice, bob, signed_in
):
    slot = program.slots.get()
    SlotAttendance.objects.create(
        slot=slot, client=alice, day=MONDAY, status="present", minutes_attended=180, recorded_by=bob
    )
    with time_machine.travel(NEXT_WEDNESDAY, tick=False):
        panel = text_of(_card(signed_in(bob).get(f"/care/clients/{alice.pk}/"), "Therapy hours"))
    assert "Residential, men's track, week of Monday 11 January 2027" in panel
    assert "0.0 h attended so far; the week is not over." in panel
    assert "Week of Monday 4 January 2027" in panel
    assert "Under target: only 3.0 h scheduled, below the target of 50.0 h." in panel
    assert "Under target: 3.0 h attended, below the target of 50.0 h." in panel


def test_the_client_sees_their_week_at_home_and_never_another_clients(
    program, enrolled, alice, mallory, eve, signed_in
):
    with time_machine.travel(MONDAY_EVENING, tick=False):
        browser = signed_in(alice)
        mine = text_of(_card(browser.get("/me/"), "My week"))
        assert "Monday 09:00, 180 minutes: Morning group, Room 4" in mine
        assert "Scheduled 3.0 h, attended 0.0 h" in mine
        assert browser.get(f"/care/clients/{alice.pk}/week/").status_code == 200
        assert browser.get(f"/care/clients/{mallory.pk}/week/").status_code == 404
        assert signed_in(mallory).get(f"/care/clients/{alice.pk}/week/").status_code == 404
        # Eve works elsewhere: Alice's practice's program is not hers to open.
        assert signed_in(eve).get(_url(program)).status_code == 404
        assert signed_in(alice).get(_url(program)).status_code == 404


def test_my_week_is_hidden_with_no_program_and_no_sessions(alice, signed_in):
    page = signed_in(alice).get("/me/")
    assert "My week" not in text_of(page_tree(page))
