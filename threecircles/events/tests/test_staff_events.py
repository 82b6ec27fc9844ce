"""Staff write events and their programs: an event, tracks, sessions (speakers by name, times
in the event's zone), registration types; a refused form keeps what was typed (400)."""

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from threecircles.accounts.models import User
from threecircles.events.models import Event, EventSession, RegistrationType, Speaker
from threecircles.events.tests.access_registration import make_event

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def staff(ivy: User, signed_in: Callable[[User], Client]) -> Client:
    return signed_in(ivy)


def _event_data(**extra: str) -> dict[str, str]:
    return {
        "kind": "training",
        "title": "Boundaries in practice",
        "slug": "boundaries-in-practice",
        "summary": "A training module for professionals.",
        "description": "## What we cover\n\nBoundaries.",
        "starts_on": "2031-03-10",
        "ends_on": "2031-03-11",
        "time_zone": "Europe/Berlin",
        "venue": "Hall 2",
        "capacity": "40",
        "registration_opens_at": "2031-01-01T09:00",
        "published": "on",
    } | extra


def test_staff_add_an_event_with_its_window_in_the_events_zone(staff):
    response = staff.post(reverse("events:staff_event_new"), _event_data())
    event = Event.objects.get(slug="boundaries-in-practice")
    assert response["Location"] == reverse("events:staff_event", args=[event.pk])
    assert (event.kind, event.capacity, event.published) == ("training", 40, True)
    assert event.registration_opens_at == datetime.datetime(
        2031, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")
    )
    page = staff.get(reverse("events:staff_event", args=[event.pk]))
    assert 'value="2031-01-01T09:00"' in page.text


def test_a_refused_event_says_why_and_keeps_what_was_typed(staff):
    data = _event_data(time_zone="Mars/Olympus", ends_on="2031-03-01", title="Kept title")
    page = staff.post(reverse("events:staff_event_new"), data)
    assert page.status_code == 400
    assert "Not a time zone we know" in page.text
    assert "The last day cannot come before the first." in page.text
    assert 'value="Kept title"' in page.text
    assert not Event.objects.exists()


def test_a_webinar_needs_its_online_link(staff):
    page = staff.post(reverse("events:staff_event_new"), _event_data(kind="webinar"))
    assert page.status_code == 400
    assert "A webinar needs its online link." in page.text


def test_staff_edit_an_event(staff):
    event = make_event("edit-me")
    data = _event_data(slug="edit-me", title="A new title", time_zone="America/Chicago")
    staff.post(reverse("events:staff_event", args=[event.pk]), data)
    event.refresh_from_db()
    assert event.title == "A new title"


def test_a_session_is_added_with_speakers_made_as_needed(staff):
    event = make_event("with-program", sessions=0)
    track = event.tracks.create(name="Clinical track")
    Speaker.objects.create(name="Dana Whitfield")
    response = staff.post(
        reverse("events:staff_session_new", args=[event.pk]),
        {
            "title": "Opening talk",
            "track": str(track.pk),
            "starts_at": "2031-03-10T09:00",
            "ends_at": "2031-03-10T10:30",
            "room": "Hall 2",
            "counts_for_hours": "on",
            "speaker_names": "dana whitfield\nLee Okafor\n\nLee Okafor",
        },
    )
    assert response.status_code == 302
    session = EventSession.objects.get(title="Opening talk")
    assert session.starts_at == datetime.datetime(
        2031, 3, 10, 9, tzinfo=ZoneInfo("America/Chicago")
    )
    assert str(session.hours) == "1.50"
    assert sorted(s.name for s in session.speakers.all()) == ["Dana Whitfield", "Lee Okafor"]
    assert Speaker.objects.count() == 2
    page = staff.get(reverse("events:staff_event", args=[event.pk]))
    assert "Opening talk" in page.text and "Lee Okafor" in page.text


def test_a_session_that_ends_before_it_starts_is_refused_and_kept(staff):
    event = make_event("with-program", sessions=0)
    page = staff.post(
        reverse("events:staff_session_new", args=[event.pk]),
        {"title": "Backwards", "starts_at": "2031-03-10T09:00", "ends_at": "2031-03-10T08:00"},
    )
    assert page.status_code == 400
    assert "A session must end after it starts." in page.text
    assert 'value="Backwards"' in page.text
    assert not EventSession.objects.exists()


def test_a_session_of_another_event_is_404(staff):
    event, other = make_event("one"), make_event("two")
    session = other.sessions.first()
    url = reverse("events:staff_session_edit", args=[event.pk, session.pk])
    assert staff.get(url).status_code == 404


def test_registration_types_and_tracks_are_added_and_refused_with_what_was_typed(staff):
    event = make_event("types", sessions=0)
    url = reverse("events:staff_type_new", args=[event.pk])
    page = staff.post(
        url, {"name": "Member", "audience": "member", "price": "-5", "early_price": "3"}
    )
    assert page.status_code == 400
    assert "A price cannot be negative." in page.text
    assert "An early-bird price needs its last day" in page.text
    assert 'value="Member"' in page.text
    staff.post(
        url,
        {
            "name": "Member",
            "audience": "member",
            "price": "90.00",
            "early_price": "70.00",
            "early_until": "2031-02-01",
            "currency": "eur",
        },
    )
    member = RegistrationType.objects.get(event=event, name="Member")
    assert (str(member.price), member.currency) == ("90.00", "EUR")
    staff.post(reverse("events:staff_track_new", args=[event.pk]), {"name": "Research", "order": 1})
    assert list(event.tracks.values_list("name", flat=True)) == ["Research"]
    page = staff.post(reverse("events:staff_track_new", args=[event.pk]), {"order": "2"})
    assert page.status_code == 400


def test_hostile_text_is_shown_as_text_on_staff_pages(staff):
    event = make_event("hostile", title=HOSTILE)
    session = event.sessions.first()
    session.title = HOSTILE
    session.save()
    for url in (
        reverse("events:staff_events"),
        reverse("events:staff_event", args=[event.pk]),
        reverse("events:staff_attendance", args=[event.pk, session.pk]),
    ):
        page = staff.get(url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, url
        assert "<script>alert(1)" not in page.text, url
        assert "<img src=x" not in page.text, url
