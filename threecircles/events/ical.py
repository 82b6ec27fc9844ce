"""Events as iCalendar: one entry per session, or one spanning the event's days when it has
no program yet. Only what the public event page shows goes in (never who registered), so
the same file serves a confirmation e-mail and a public feed."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from threecircles.events.models import Event, EventSession

PRODUCT = "-//Three Circles Institute//Events//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_path(event: Event) -> str:
    """The event's public page; its registration page while the public part has none."""
    try:
        return reverse("events:event_detail", args=[event.slug])
    except NoReverseMatch:
        return reverse("events:register", args=[event.slug])


def _event_url(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + event_path(event)


def _where(event: Event, room: str = "") -> str:
    place = ", ".join(part for part in (room, event.venue) if part)
    return place or event.online_url


def _entry(event: Event, uid: str, summary: str, stamp: datetime.datetime) -> icalendar.Event:
    entry = icalendar.Event()
    entry.add("uid", f"{uid}@{_host()}")
    entry.add("dtstamp", stamp)
    entry.add("summary", summary)
    url = _event_url(event)
    entry.add("url", url)
    entry.add("description", f"{event.summary}\n\n{url}")
    return entry


def _entries(event: Event, stamp: datetime.datetime) -> list[icalendar.Event]:
    sessions: Iterable[EventSession] = event.sessions.all()
    entries = []
    for session in sessions:
        entry = _entry(
            event,
            f"event-{event.pk}-session-{session.pk}",
            f"{event.title}: {session.title}",
            stamp,
        )
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        if where := _where(event, session.room):
            entry.add("location", where)
        entries.append(entry)
    if entries:
        return entries
    entry = _entry(event, f"event-{event.pk}", event.title, stamp)
    # All-day: the end is exclusive, the day after the last.
    entry.add("dtstart", event.starts_on)
    entry.add("dtend", event.ends_on + datetime.timedelta(days=1))
    if where := _where(event):
        entry.add("location", where)
    return [entry]


def calendar_of(events: Iterable[Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    stamp = timezone.now()
    for event in events:
        for entry in _entries(event, stamp):
            calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical


def event_calendar(event: Event) -> bytes:
    """One event's calendar file (.ics)."""
    return calendar_of([event])
