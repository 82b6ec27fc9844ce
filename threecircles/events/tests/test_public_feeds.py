"""What machines read of the events: the iCalendar feed of upcoming events (parsed with the
icalendar library, as a calendar would read it) and the events' sitemap section."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.test import Client

from threecircles.events.feeds import EventSitemap
from threecircles.events.models import Event
from threecircles.events.tests.access_registration import make_event

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime.datetime(2030, 3, 1, 12, tzinfo=CHICAGO)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _on_the_first_of_march() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _calendar(client: Client) -> icalendar.Calendar:
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _entries(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def test_the_feed_holds_upcoming_published_events_only(client: Client):
    make_event("spring", title="Spring workshop", starts_on=TODAY + datetime.timedelta(days=20))
    make_event("past", title="Past workshop", starts_on=TODAY - datetime.timedelta(days=20))
    hidden = make_event(
        "hidden", title="Hidden workshop", starts_on=TODAY + datetime.timedelta(days=5)
    )
    Event.objects.filter(pk=hidden.pk).update(published=False)

    entries = _entries(_calendar(client))

    assert [str(entry["summary"]) for entry in entries] == [
        "Spring workshop: Session 1",
        "Spring workshop: Session 2",
    ]
    for entry in entries:
        assert str(entry["url"]) == "http://127.0.0.1:8000/events/spring/"
        assert entry["dtstamp"].dt.tzinfo is not None
    first = entries[0]
    assert first["dtstart"].dt == datetime.datetime(2030, 3, 21, 9, tzinfo=CHICAGO)
    assert first["dtend"].dt == datetime.datetime(2030, 3, 21, 11, tzinfo=CHICAGO)
    assert str(first["location"]) == "Room 1, Lakeside Conference Center, Chicago"


def test_each_entry_keeps_its_uid_from_one_fetch_to_the_next(client: Client):
    make_event("spring", starts_on=TODAY + datetime.timedelta(days=20))

    first = [str(entry["uid"]) for entry in _entries(_calendar(client))]
    make_event("summer", starts_on=TODAY + datetime.timedelta(days=90))
    second = [str(entry["uid"]) for entry in _entries(_calendar(client))]

    assert len(set(first)) == 2
    assert second[:2] == first
    assert len(set(second)) == 4


def test_an_event_without_a_program_spans_its_days(client: Client):
    make_event("retreat", title="Retreat", starts_on=datetime.date(2030, 4, 1), days=3, sessions=0)

    (entry,) = _entries(_calendar(client))

    assert str(entry["summary"]) == "Retreat"
    assert entry["dtstart"].dt == datetime.date(2030, 4, 1)
    assert entry["dtend"].dt == datetime.date(2030, 4, 4)  # the day after the last, exclusive


def test_text_that_looks_like_calendar_syntax_stays_text(client: Client):
    title = "Boundaries; partners, and\nEND:VCALENDAR"
    make_event("tricky", title=title, starts_on=TODAY + datetime.timedelta(days=3), sessions=0)

    calendar = _calendar(client)

    (entry,) = _entries(calendar)
    assert str(entry["summary"]) == title


def test_the_sitemap_section_lists_upcoming_published_events():
    make_event("spring", starts_on=TODAY + datetime.timedelta(days=20))
    make_event("past", starts_on=TODAY - datetime.timedelta(days=20))
    hidden = make_event("hidden", starts_on=TODAY + datetime.timedelta(days=5))
    Event.objects.filter(pk=hidden.pk).update(published=False)

    sitemap = EventSitemap()

    assert [sitemap.location(item) for item in sitemap.items()] == ["/events/spring/"]
