"""The calendar: a client's and a clinician's week, and the secret iCalendar address."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from icalendar import Calendar

from threecircles.care.models import (
    CalendarFeed,
    Enrollment,
    Program,
    ProgramSlot,
    Session,
    SessionKind,
)
from threecircles.privacy.models import AccessEvent
from threecircles.recovery.models import RecoverySettings
from threecircles.tests.html import find_all, page_tree, text_of

# Wednesday 4 March 2026, noon in Amsterdam (UTC+1 in winter).
NOW = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)

# Words that would tell whoever sees the phone what kind of care, or whose, this is.
CLINICAL_WORDS = [
    "sobriety", "sober", "slip", "sexual", "sex ", "compulsive", "porn", "addict", "recovery",
    "treatment", "therapy", "therapist", "counsel", "12-step", "twelve", "relapse", "harbor",
    "alice", "evening", "trauma",
]  # fmt: skip


@pytest.fixture
def program(practice, bob):
    """An evening program in Amsterdam: a 12-step meeting on Mondays at 18:00 in Room 2 (its
    title full of what a calendar must not say) and a family session on Thursdays."""
    program = Program.objects.create(
        practice=practice, name="Evening program", level_of_care="iop", time_zone="Europe/Amsterdam"
    )
    ProgramSlot.objects.create(
        program=program, weekday=0, starts_at=time(18), minutes=90, kind=SessionKind.TWELVE_STEP,
        title="Evening sex addiction group", facilitator=bob, location="Room 2",
    )  # fmt: skip
    ProgramSlot.objects.create(
        program=program, weekday=3, starts_at=time(10), minutes=60, kind=SessionKind.FAMILY,
        title="Family therapy",
    )  # fmt: skip
    return program


@pytest.fixture
def enrolled(alice, program):
    RecoverySettings.objects.create(client=alice, time_zone="Europe/Amsterdam")
    return Enrollment.objects.create(program=program, client=alice, started_on=date(2026, 2, 1))


def _feed(browser):
    """Make an address on the calendar page and read it off the page, as a person would."""
    page = browser.post("/care/calendar/address/")
    (address,) = [text_of(code) for code in find_all(page_tree(page), "code", "calendar-address")]
    return address.removeprefix("http://testserver")


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT"]


@time_machine.travel(NOW, tick=False)
def test_a_clients_feed_holds_her_programs_slots_and_her_sessions_under_plain_titles(
    alice, bob, enrolled, mallory, signed_in, client
):
    Session.objects.create(client=alice, clinician=bob, starts_at=NOW + timedelta(days=1))
    Session.objects.create(
        client=alice, clinician=bob, starts_at=NOW + timedelta(days=2),
        status=Session.Status.CANCELLED,
    )  # fmt: skip
    Session.objects.create(
        client=mallory, clinician=bob, starts_at=NOW + timedelta(days=3)
    )  # not hers
    address = _feed(signed_in(alice))

    response = client.get(address)  # a calendar app, signed in as nobody

    events = _events(response)
    assert "no-store" in response["Cache-Control"]
    # Two past weeks and eight ahead: ten Mondays, ten Thursdays, and her one session.
    summaries = [str(event["SUMMARY"]) for event in events]
    assert summaries.count("Group session") == 10
    assert summaries.count("Appointment") == 10 + 1
    session = next(e for e in events if str(e["UID"]).startswith("session-"))
    assert session.decoded("DTSTART") == NOW + timedelta(days=1)
    assert session.decoded("DTEND") == NOW + timedelta(days=1, minutes=50)
    group = next(e for e in events if str(e["SUMMARY"]) == "Group session")
    # 18:00 in Amsterdam is 17:00 UTC, written as UTC.
    assert group.decoded("DTSTART") == datetime(2026, 2, 23, 17, tzinfo=UTC)
    assert "DTSTART:20260223T170000Z" in response.content.decode()
    assert str(group["LOCATION"]) == "Room 2"
    assert all("DESCRIPTION" not in event for event in events)
    assert len({str(event["UID"]) for event in events}) == len(events)
    body = response.content.decode().lower()
    assert "room 2" in body  # the check below can find what is there
    for word in [*CLINICAL_WORDS, alice.email.lower(), "mallory"]:
        assert word not in body, word


@time_machine.travel(NOW, tick=False)
def test_the_feed_keeps_its_uids_from_one_fetch_to_the_next(alice, enrolled, signed_in, client):
    address = _feed(signed_in(alice))
    first = [str(e["UID"]) for e in _events(client.get(address))]
    assert first == [str(e["UID"]) for e in _events(client.get(address))]


@time_machine.travel(NOW, tick=False)
def test_slots_appear_only_on_the_days_she_is_enrolled(alice, enrolled, signed_in, client):
    enrolled.ended_on = date(2026, 3, 10)
    enrolled.save()
    address = _feed(signed_in(alice))
    starts = [e.decoded("DTSTART").date() for e in _events(client.get(address))]
    assert min(starts) >= date(2026, 2, 1)
    assert max(starts) == date(2026, 3, 9)  # the last Monday before she left


@time_machine.travel(NOW, tick=False)
def test_a_new_address_closes_the_old_one(alice, enrolled, signed_in, client):
    browser = signed_in(alice)
    old = _feed(browser)
    new = _feed(browser)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(person=alice, revoked_at__isnull=True).count() == 1
    # Only the hash is kept.
    token = new.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=token).exists()


@time_machine.travel(NOW, tick=False)
def test_stopping_the_address_closes_it(alice, enrolled, signed_in, client):
    browser = signed_in(alice)
    address = _feed(browser)
    page = browser.post("/care/calendar/address/stop/", follow=True)
    assert "That calendar address no longer works." in page.text
    assert "Stop this address" not in page.text
    assert client.get(address).status_code == 404


def test_an_unknown_address_is_404(alice, client):
    assert client.get("/care/calendar/feed/made-up-token.ics").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_address_is_shown_once(alice, enrolled, signed_in):
    browser = signed_in(alice)
    address = _feed(browser)
    page = browser.get("/care/calendar/")
    assert address not in page.text
    assert "You have a calendar address" in page.text


@time_machine.travel(NOW, tick=False)
def test_a_clinicians_feed_has_no_client_names(alice, bob, enrolled, signed_in, client):
    Session.objects.create(client=alice, clinician=bob, starts_at=NOW + timedelta(days=1))
    body = client.get(_feed(signed_in(bob))).content.decode().lower()
    assert "appointment" in body and "group session" in body
    for word in CLINICAL_WORDS:
        assert word not in body, word


# --- the page -------------------------------------------------------------------------------


def _entries(page):
    return [text_of(li) for li in find_all(page_tree(page), "li", "calendar-entry")]


@time_machine.travel(NOW, tick=False)
def test_a_client_sees_her_week_in_her_own_time_zone(alice, bob, enrolled, signed_in):
    Session.objects.create(client=alice, clinician=bob, starts_at=NOW + timedelta(days=1))
    page = signed_in(alice).get("/care/calendar/")
    assert "Times are in your time zone (Europe/Amsterdam)" in page.text
    # Monday's group is in the past of this week: the week starts on Monday 2 March.
    assert _entries(page) == [
        "18:00 – 19:30 Group session (Evening sex addiction group) · Room 2",
        "10:00 – 11:00 Appointment (Family therapy)",
        "12:00 – 12:50 Appointment",
    ]
    assert AccessEvent.objects.filter(client_id=alice.pk, actor_id=alice.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_page_moves_by_week_and_keeps_a_date_it_cannot_read(alice, enrolled, signed_in):
    browser = signed_in(alice)
    page = browser.get("/care/calendar/?week=2026-03-12")
    assert "Week of Monday 9 March 2026." in page.text
    page = browser.get("/care/calendar/?week=12 March")
    assert "Enter a date such as 2026-03-02." in page.text
    assert 'value="12 March"' in page.text
    assert "Week of Monday 2 March 2026." in page.text


@time_machine.travel(NOW, tick=False)
def test_a_clinician_sees_appointments_with_a_link_not_a_name(alice, bob, enrolled, signed_in):
    Session.objects.create(client=alice, clinician=bob, starts_at=NOW + timedelta(days=1))
    before = AccessEvent.objects.filter(client_id=alice.pk).count()
    page = signed_in(bob).get("/care/calendar/")
    assert "Times are in Europe/Amsterdam, the time zone of your program." in page.text
    assert _entries(page) == [
        "18:00 – 19:30 Group session (Evening sex addiction group) · Room 2",
        "12:00 – 12:50 Appointment Open the client's record",
    ]
    links = [dict(a.attributes)["href"] for a in find_all(page_tree(page), "a")]
    assert f"/care/clients/{alice.pk}/" in links
    assert "Alice" not in page.text
    # Reading his calendar opened nobody's record.
    assert AccessEvent.objects.filter(client_id=alice.pk).count() == before


@time_machine.travel(NOW, tick=False)
def test_another_client_sees_only_her_own_calendar(alice, bob, enrolled, mallory, signed_in):
    Session.objects.create(client=alice, clinician=bob, starts_at=NOW + timedelta(days=1))
    page = signed_in(mallory).get("/care/calendar/")
    assert _entries(page) == []
    assert "Times are in your time zone (UTC)" in page.text


@pytest.mark.parametrize("person", ["carol", "ivy", "ada"])
def test_people_without_a_calendar_get_404(person, request, signed_in):
    browser = signed_in(request.getfixturevalue(person))
    assert browser.get("/care/calendar/").status_code == 404
    assert browser.post("/care/calendar/address/").status_code == 404
    assert not CalendarFeed.objects.exists()
