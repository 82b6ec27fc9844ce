"""The events' public pages as a visitor reads them: upcoming and past events, the filter by
kind, one event with its program by day (in the event's time zone), prices, seats and the
waitlist, its schema.org metadata, and hostile text kept harmless."""

import datetime
import json
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    Speaker,
    Track,
)
from threecircles.events.tests.access_registration import make_event

pytestmark = pytest.mark.django_db

CHICAGO = ZoneInfo("America/Chicago")
# Noon in Chicago on 1 March 2030: "today" is the same day there and on the server (UTC).
NOW = datetime.datetime(2030, 3, 1, 12, tzinfo=CHICAGO)
TODAY = NOW.date()
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


@pytest.fixture(autouse=True)
def _on_the_first_of_march() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


class Page(HTMLParser):
    """What a page holds: its tags with their attributes, the text of each element with an id
    (and of every h1, h3, li and article), and its JSON-LD blocks."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.json_ld: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, str, list[str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("meta", "link", "br", "img", "input", "hr"):
            return
        key = attributes.get("id") or (
            tag if tag in ("h1", "h3", "li", "article", "script") else ""
        )
        if tag == "script" and attributes.get("type") == "application/ld+json":
            key = "json-ld"
        self._open.append((tag, key or "", []))

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, key, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if key:
                self.texts.setdefault(key, []).append(text)
            if key == "json-ld":
                self.json_ld.append("".join(parts))
            if self._open:
                self._open[-1][2].append(" " + "".join(parts) + " ")
            if name == tag:
                return

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)

    def text(self, key: str) -> str:
        return " ".join(self.texts.get(key, []))


def read(client: Client, path: str, status: int = 200) -> Page:
    response = client.get(path)
    assert response.status_code == status
    return Page(response.content.decode())


def event(slug: str, starts_on: datetime.date, title: str, **extra: Any) -> Event:
    return make_event(slug, title=title, starts_on=starts_on, **extra)


def test_the_list_shows_upcoming_events_soonest_first_and_the_past_year_apart(client: Client):
    event("later", TODAY + datetime.timedelta(days=40), "Later workshop")
    event("sooner", TODAY + datetime.timedelta(days=10), "Sooner workshop")
    event("running", TODAY - datetime.timedelta(days=1), "Running today", days=2)
    event("last-autumn", TODAY - datetime.timedelta(days=150), "Last autumn")
    event("long-ago", TODAY - datetime.timedelta(days=400), "Long ago")

    page = read(client, "/events/")

    assert page.texts["h3"] == ["Running today", "Sooner workshop", "Later workshop", "Last autumn"]
    upcoming = page.text("upcoming")
    past = page.text("past")
    assert "Sooner workshop" in upcoming
    assert "Last autumn" not in upcoming
    assert "Last autumn" in past
    assert "Running today" not in past


def test_the_list_says_what_when_and_where_each_event_is(client: Client):
    event("two-days", datetime.date(2030, 4, 10), "Two days", days=2)
    webinar = event("a-webinar", datetime.date(2030, 4, 20), "A webinar")
    Event.objects.filter(pk=webinar.pk).update(
        kind=EventKind.WEBINAR, venue="", online_url="https://meet.example.org/a"
    )

    cards = read(client, "/events/").texts["article"]

    assert cards == [
        "Two days Workshop 10 April 2030 to 11 April 2030 Lakeside Conference Center, Chicago "
        "A day of practice for professionals.",
        "A webinar Webinar Saturday 20 April 2030 Online A day of practice for professionals.",
    ]


def test_an_unpublished_event_is_never_listed_and_its_page_is_not_found(client: Client):
    shown = event("shown", TODAY + datetime.timedelta(days=5), "Shown event")
    hidden = event("hidden", TODAY + datetime.timedelta(days=6), "Hidden event")
    hidden_past = event("hidden-past", TODAY - datetime.timedelta(days=30), "Hidden past")
    Event.objects.filter(pk__in=[hidden.pk, hidden_past.pk]).update(published=False)

    assert read(client, "/events/").texts["h3"] == ["Shown event"]
    assert read(client, f"/events/{shown.slug}/").texts["h1"] == ["Shown event"]
    read(client, f"/events/{hidden.slug}/", status=404)
    read(client, f"/events/{hidden_past.slug}/", status=404)


def test_the_list_filters_by_kind_and_ignores_an_unknown_one(client: Client):
    event("a-workshop", TODAY + datetime.timedelta(days=5), "A workshop")
    symposium = event("the-symposium", TODAY + datetime.timedelta(days=9), "The symposium")
    Event.objects.filter(pk=symposium.pk).update(kind=EventKind.SYMPOSIUM)

    assert read(client, "/events/?kind=symposium").texts["h3"] == ["The symposium"]
    assert read(client, "/events/?kind=workshop").texts["h3"] == ["A workshop"]
    assert "h3" not in read(client, "/events/?kind=webinar").texts
    assert read(client, "/events/?kind=nonsense").texts["h3"] == ["A workshop", "The symposium"]


def test_visitors_find_events_among_the_public_links(client: Client):
    page = read(client, "/")

    assert ("a", {"href": "/events/"}) in page.tags


# --- one event ------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), CHICAGO)


def test_the_program_is_grouped_by_day_in_the_events_time_zone(client: Client):
    first = datetime.date(2030, 5, 1)
    symposium = event("symposium", first, "Symposium", days=2, sessions=0)
    clinical = Track.objects.create(event=symposium, name="Clinical practice", order=1)
    research = Track.objects.create(event=symposium, name="Research", order=2)
    speaker = Speaker.objects.create(name="Dr. Rivera", credentials="PhD, LMFT")
    # 23:30 in Chicago is already 2 May in UTC (the server's zone): it stays on 1 May.
    late = EventSession.objects.create(
        event=symposium, title="Evening reception talk", track=clinical, room="Hall A",
        starts_at=_at(first, 23, 30), ends_at=_at(first, 23, 59),
    )  # fmt: skip
    late.speakers.add(speaker)
    second = first + datetime.timedelta(days=1)
    EventSession.objects.create(
        event=symposium, title="Research morning", track=research, room="Room 2",
        starts_at=_at(second, 9), ends_at=_at(second, 10),
    )  # fmt: skip
    EventSession.objects.create(
        event=symposium, title="Opening", track=clinical, room="Hall A",
        starts_at=_at(first, 9), ends_at=_at(first, 10, 30),
    )  # fmt: skip

    page = read(client, f"/events/{symposium.slug}/")

    assert page.texts["h3"][:2] == ["Wednesday 1 May 2030", "Thursday 2 May 2030"]
    sessions = [text for text in page.texts["li"] if "Track:" in text]
    assert sessions == [
        "09:00 – 10:30 Opening Track: Clinical practice · Room: Hall A",
        "23:30 – 23:59 Evening reception talk Track: Clinical practice · Room: Hall A "
        "With Dr. Rivera, PhD, LMFT",
        "09:00 – 10:00 Research morning Track: Research · Room: Room 2",
    ]
    assert "Dr. Rivera , PhD, LMFT" in page.text("speakers")
    assert "America/Chicago" in page.text("main")


def test_an_event_page_shows_prices_with_the_early_bird_and_its_last_day(client: Client):
    workshop = event("priced", datetime.date(2030, 5, 1), "Priced workshop")

    page = read(client, f"/events/{workshop.slug}/")

    prices = [text for text in page.texts["li"] if "USD" in text]
    assert prices == [
        "Student : 40.00 USD",
        "Non-member : 120.00 USD early-bird through 1 April 2030, then 150.00 USD",
    ]
    with time_machine.travel(datetime.datetime(2030, 4, 2, 12, tzinfo=CHICAGO), tick=False):
        later = read(client, f"/events/{workshop.slug}/")
    assert [text for text in later.texts["li"] if "USD" in text] == [
        "Student : 40.00 USD",
        "Non-member : 150.00 USD",
    ]


def _confirmed(event: Event, count: int, status: str = Registration.Status.CONFIRMED) -> None:
    student = event.registration_types.get(name="Student")
    for number in range(count):
        Registration.objects.create(
            event=event, registration_type=student, name=f"Person {number}",
            email=f"{status}{number}@example.org", status=status, fee=Decimal("40.00"),
        )  # fmt: skip


def test_seats_left_count_confirmed_registrations_only(client: Client):
    workshop = event("seats", datetime.date(2030, 5, 1), "Seats", capacity=5)
    _confirmed(workshop, 3)
    _confirmed(workshop, 2, Registration.Status.CANCELLED)

    page = read(client, f"/events/{workshop.slug}/")

    section = page.text("registration")
    assert "2 seats left." in section
    assert "Full" not in section
    assert ("a", {"class": "button", "href": "/events/seats/register/"}) in page.tags


def test_a_full_event_invites_people_to_join_the_waitlist(client: Client):
    workshop = event("full", datetime.date(2030, 5, 1), "Full", capacity=2)
    _confirmed(workshop, 2)
    _confirmed(workshop, 1, Registration.Status.WAITLISTED)

    section = read(client, f"/events/{workshop.slug}/").text("registration")

    assert "Full: join the waitlist." in section
    assert "seats left" not in section
    assert "Register for Full" in section


def test_an_event_without_a_limit_shows_no_seat_count(client: Client):
    workshop = event("open", datetime.date(2030, 5, 1), "Open")

    section = read(client, f"/events/{workshop.slug}/").text("registration")

    assert "seat" not in section
    assert "Register for Open" in section


def _json_ld(client: Client, slug: str) -> dict[str, Any]:
    page = read(client, f"/events/{slug}/")
    assert len(page.json_ld) == 1
    data: dict[str, Any] = json.loads(page.json_ld[0])
    return data


def test_the_json_ld_describes_the_event_with_its_dates_place_and_offers(client: Client):
    workshop = event("described", datetime.date(2030, 5, 1), "Described", sessions=2)

    data = _json_ld(client, workshop.slug)

    assert data["@type"] == "Event"
    assert data["name"] == "Described"
    # make_event's sessions: 09:00 to 11:00 and 12:00 to 14:00 in Chicago (UTC-5 in May).
    assert data["startDate"] == "2030-05-01T09:00:00-05:00"
    assert data["endDate"] == "2030-05-01T14:00:00-05:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == [
        {
            "@type": "Place",
            "name": "Lakeside Conference Center, Chicago",
            "address": "Lakeside Conference Center, Chicago",
        }
    ]
    offers = {offer["name"]: offer for offer in data["offers"]}
    assert offers["Non-member"]["price"] == "120.00"
    assert offers["Non-member"]["validThrough"] == "2030-04-01"
    assert offers["Student"]["price"] == "40.00"
    assert {offer["priceCurrency"] for offer in offers.values()} == {"USD"}
    assert offers["Student"]["url"] == "http://testserver/events/described/register/"
    assert data["organizer"]["@type"] == "Organization"


def test_an_online_event_without_a_program_is_dated_by_its_days(client: Client):
    webinar = event("online", datetime.date(2030, 5, 1), "Online", days=2, sessions=0)
    Event.objects.filter(pk=webinar.pk).update(venue="", online_url="https://meet.example.org/x")

    data = _json_ld(client, webinar.slug)

    assert (data["startDate"], data["endDate"]) == ("2030-05-01", "2030-05-02")
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == [{"@type": "VirtualLocation", "url": "https://meet.example.org/x"}]


def test_a_script_end_tag_in_a_title_stays_inside_the_json_ld(client: Client):
    workshop = event(
        "breakout", datetime.date(2030, 5, 1), "Talk</script><script>alert(1)</script>"
    )

    response = client.get(f"/events/{workshop.slug}/")

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    page = Page(html)
    assert json.loads(page.json_ld[0])["name"] == "Talk</script><script>alert(1)</script>"
    assert page.texts["h1"] == ["Talk</script><script>alert(1)</script>"]


def test_hostile_text_in_titles_descriptions_and_bios_is_escaped_or_removed(client: Client):
    workshop = event("hostile", datetime.date(2030, 5, 1), f"Title {HOSTILE}", sessions=1)
    Event.objects.filter(pk=workshop.pk).update(
        description=f"About {HOSTILE} [click](javascript:alert(4))",
        summary=f"Summary {HOSTILE}",
        online_url="javascript:alert(5)",
    )
    session = workshop.sessions.get()
    session.title = f"Session {HOSTILE}"
    session.description = f"Session text {HOSTILE}"
    session.save()
    speaker = Speaker.objects.create(
        name=f"Speaker {HOSTILE}", credentials=HOSTILE, bio=f"Bio {HOSTILE} [me](javascript:x)"
    )
    session.speakers.add(speaker)

    for path in ("/events/", f"/events/{workshop.slug}/"):
        html = client.get(path).content.decode()
        assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in html  # proof the text is there
        page = Page(html)
        assert not any(tag == "img" for tag, _ in page.tags)
        assert not any(
            (attrs.get(name) or "").strip().lower().startswith("javascript:")
            for _, attrs in page.tags
            for name in ("href", "src", "action")
        )
        scripts = [attrs for tag, attrs in page.tags if tag == "script"]
        assert all(
            attrs.get("src") or attrs.get("type") == "application/ld+json" for attrs in scripts
        )
    # Markdown (raw HTML off) shows the tags in the bio and texts as text, never as markup.
    assert "<p>Bio &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Session text &lt;script&gt;" in html
