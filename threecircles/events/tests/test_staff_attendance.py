"""Taking attendance per session: by ticket code, from the list, once per session, only for
a confirmed registration of the session's own event; and the hours it adds up to."""

from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from threecircles.accounts.models import User
from threecircles.events import actions
from threecircles.events.attendance import AttendanceRefused, hours_for, record_attendance
from threecircles.events.models import Event, EventSession, Registration, SessionAttendance
from threecircles.events.tests.access_registration import make_event

pytestmark = pytest.mark.django_db
Status = Registration.Status


def _register(event: Event, email: str, name: str = "Jordan Lee") -> Registration:
    return actions.register(
        event=event,
        registration_type=event.registration_types.get(name="Student"),
        name=name,
        email=email,
    )


def _url(session: EventSession) -> str:
    return reverse("events:staff_attendance", args=[session.event_id, session.pk])


@pytest.fixture
def event() -> Event:
    return make_event("staff-attendance", capacity=1)


@pytest.fixture
def session(event: Event) -> EventSession:
    return event.sessions.get(title="Session 1")


@pytest.fixture
def staff(ivy: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(ivy)


def test_a_typed_ticket_code_records_the_session_and_its_hours(staff, ivy, event, session):
    jordan = _register(event, "jordan@example.org")
    page = staff.post(_url(session), {"code": f"  {jordan.ticket_code} "}, follow=True)
    assert page.status_code == 200
    assert "Jordan Lee: recorded (2.00 hours)." in page.text
    record = SessionAttendance.objects.get()
    assert (record.registration, record.session, record.method) == (jordan, session, "code")
    assert (record.hours, record.recorded_by) == (Decimal("2.00"), ivy)
    assert "1 of 1 recorded." in page.text


def test_a_second_scan_says_when_it_was_recorded_and_keeps_one_record(staff, event, session):
    jordan = _register(event, "jordan@example.org")
    staff.post(_url(session), {"code": jordan.ticket_code})
    page = staff.post(_url(session), {"code": jordan.ticket_code}, follow=True)
    assert page.status_code == 200
    record = SessionAttendance.objects.get()
    at = record.recorded_at.astimezone(ZoneInfo("America/Chicago"))
    assert f"Jordan Lee: already recorded at {at:%H:%M}." in page.text


def test_staff_mark_a_person_present_from_the_list(staff, event, session):
    jordan = _register(event, "jordan@example.org")
    page = staff.get(_url(session))
    assert "Mark Jordan Lee present" in page.text
    page = staff.post(_url(session), {"registration": jordan.pk}, follow=True)
    assert SessionAttendance.objects.get().method == SessionAttendance.Method.LIST
    assert "Mark Jordan Lee present" not in page.text
    assert "(marked from the list)" in page.text


def test_an_unknown_code_is_said_and_kept_in_the_field(staff, session):
    page = staff.post(_url(session), {"code": "no-such-code"})
    assert page.status_code == 400
    assert "No ticket has this code." in page.text
    assert 'value="no-such-code"' in page.text
    assert not SessionAttendance.objects.exists()


def test_another_events_ticket_is_refused(staff, session):
    other = make_event("another-event")
    stranger = _register(other, "sky@example.org", "Sky Park")
    page = staff.post(_url(session), {"code": stranger.ticket_code})
    assert page.status_code == 400
    assert "This ticket is for another event." in page.text
    assert not SessionAttendance.objects.exists()


def test_waitlisted_and_cancelled_registrations_are_not_recorded(staff, event, session):
    jordan = _register(event, "jordan@example.org")
    waiting = _register(event, "robin@example.org", "Robin Diaz")
    assert waiting.status == Status.WAITLISTED
    page = staff.post(_url(session), {"code": waiting.ticket_code})
    assert page.status_code == 400
    assert "Robin Diaz is on the waitlist: they do not hold a seat yet." in page.text
    actions.cancel(registration=waiting)
    page = staff.post(_url(session), {"code": waiting.ticket_code})
    assert "The registration of Robin Diaz was cancelled." in page.text
    # The list offers only confirmed people, and a forged tick on it is refused too.
    assert "Robin Diaz" not in staff.get(_url(session)).text
    page = staff.post(_url(session), {"registration": waiting.pk}, follow=True)
    assert "The registration of Robin Diaz was cancelled." in page.text
    assert not SessionAttendance.objects.exclude(registration=jordan).exists()


def test_a_tick_for_another_events_registration_is_404(staff, session):
    stranger = _register(make_event("another-event"), "sky@example.org")
    assert staff.post(_url(session), {"registration": stranger.pk}).status_code == 404


def test_hours_add_up_only_sessions_that_count(event, ivy):
    jordan = _register(event, "jordan@example.org")
    first, second = event.sessions.order_by("starts_at")
    second.counts_for_hours = False
    second.save()
    assert hours_for(jordan) == Decimal("0.00")
    record_attendance(session=first, registration=jordan, method="scan", by=ivy)
    record, created = record_attendance(session=second, registration=jordan, method="list", by=ivy)
    assert created and record.hours == Decimal("0.00")
    again, created = record_attendance(session=first, registration=jordan, method="code", by=ivy)
    assert not created and again.method == "scan"
    assert hours_for(jordan) == Decimal("2.00")


def test_record_attendance_refuses_a_ticket_of_another_event(session, ivy):
    stranger = _register(make_event("another-event"), "sky@example.org")
    with pytest.raises(AttendanceRefused, match="another event"):
        record_attendance(session=session, registration=stranger, method="code", by=ivy)
