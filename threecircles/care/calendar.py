"""A person's calendar: what is on for a client or a clinician in a stretch of time, and the
secret iCalendar address that carries it to their phone.

Every title is generic ("Group session", "Appointment"): a calendar is read on lock screens,
shared with family and synced to other companies' servers, so it never says what the session
is about, whose it is, or which kind of group (a "12-step meeting" alone says why someone is
in care). Clinicians see the same titles with a link to the record instead of a client's name,
so reading a calendar never opens anyone's record.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.care.models import (
    CalendarFeed,
    Enrollment,
    Program,
    ProgramSlot,
    Session,
    SessionKind,
)
from threecircles.recovery.actions import settings_for

GROUP_TITLE = "Group session"
APPOINTMENT_TITLE = "Appointment"
# What the feed carries: a little history (a session just missed) and two months ahead.
FEED_PAST = timedelta(weeks=2)
FEED_AHEAD = timedelta(weeks=8)
UID_DOMAIN = "calendar.threecircles"


@dataclass(frozen=True)
class CalendarEntry:
    """One occurrence on a person's calendar. `client_id` is set on a clinician's individual
    sessions, for a link to the record; `detail` is the practice's name for a program slot,
    shown only on the signed-in page."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    title: str
    location: str = ""
    detail: str = ""
    client_id: int | None = None


def has_calendar(person: User) -> bool:
    return person.role == Role.CLIENT or person.role in CLINICAL_ROLES


# --- the zone a calendar is shown in --------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_for(person: User) -> ZoneInfo:
    """A client's own zone (their recovery settings). A clinician has no zone of their own:
    the zone of a program they facilitate or of their practice's first program, else UTC."""
    if person.role == Role.CLIENT:
        return _zone(settings_for(person).time_zone)
    program = (
        Program.objects.filter(slots__facilitator=person).order_by("name", "pk").first()
        or Program.objects.filter(practice__memberships__user=person).order_by("name", "pk").first()
    )
    return _zone(program.time_zone if program else "UTC")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- what is on ----------------------------------------------------------------------------


_ONE_TO_ONE = {SessionKind.INDIVIDUAL, SessionKind.FAMILY}


def _slot_title(slot: ProgramSlot) -> str:
    return APPOINTMENT_TITLE if slot.kind in _ONE_TO_ONE else GROUP_TITLE


def _session_title(session: Session) -> str:
    return GROUP_TITLE if session.kind == Session.Kind.GROUP else APPOINTMENT_TITLE


def _occurrences(
    slot: ProgramSlot, start: datetime, end: datetime, days: tuple[date, date | None] | None
) -> list[CalendarEntry]:
    """The slot's weekly occurrences in [start, end), in its program's zone; `days` limits
    them to an enrollment's first and last day, and a slot taken off the timetable has none
    from that day on."""
    zone = _zone(slot.program.time_zone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    if slot.removed_on is not None:
        last = min(last, slot.removed_on - timedelta(days=1))
    day = first + timedelta(days=(slot.weekday - first.weekday()) % 7)
    found = []
    while day <= last:
        starts = datetime.combine(day, slot.starts_at, tzinfo=zone)
        enrolled = days is None or (days[0] <= day and (days[1] is None or day <= days[1]))
        if enrolled and start <= starts < end:
            found.append(
                CalendarEntry(
                    uid=f"slot-{slot.pk}-{day:%Y%m%d}@{UID_DOMAIN}",
                    starts_at=starts.astimezone(UTC),
                    ends_at=(starts + timedelta(minutes=slot.minutes)).astimezone(UTC),
                    title=_slot_title(slot),
                    location=slot.location,
                    detail=slot.title,
                )
            )
        day += timedelta(days=7)
    return found


def _session_entry(session: Session, *, for_clinician: bool) -> CalendarEntry:
    return CalendarEntry(
        uid=f"session-{session.pk}@{UID_DOMAIN}",
        starts_at=session.starts_at.astimezone(UTC),
        ends_at=(session.starts_at + timedelta(minutes=session.minutes)).astimezone(UTC),
        title=_session_title(session),
        client_id=session.client_id if for_clinician else None,
    )


def entries_for(person: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    """What is on for `person` in [start, end), soonest first.

    A client: their programs' slots on the days they are enrolled, and their sessions. A
    clinician: the slots they facilitate (every week) and the sessions they lead. Cancelled
    sessions drop out.
    """
    found: list[CalendarEntry] = []
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        status=Session.Status.CANCELLED
    )
    if person.role == Role.CLIENT:
        enrollments = Enrollment.objects.filter(
            client=person, started_on__lte=end.date() + timedelta(days=1)
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start.date() - timedelta(days=1)))
        for enrollment in enrollments.select_related("program"):
            slots = ProgramSlot.objects.filter(program=enrollment.program).select_related("program")
            for slot in slots:
                days = (enrollment.started_on, enrollment.ended_on)
                found += _occurrences(slot, start, end, days)
        sessions = sessions.filter(client=person)
    elif person.role in CLINICAL_ROLES:
        for slot in ProgramSlot.objects.filter(facilitator=person).select_related("program"):
            found += _occurrences(slot, start, end, None)
        sessions = sessions.filter(clinician=person)
    else:
        return []
    for session in sessions:
        found.append(_session_entry(session, for_clinician=person.role != Role.CLIENT))
    # Two enrollments in one program would repeat its slots: one entry per occurrence.
    unique = {entry.uid: entry for entry in found}
    return sorted(unique.values(), key=lambda entry: (entry.starts_at, entry.uid))


def week_entries(
    person: User, monday: date, zone: ZoneInfo
) -> list[tuple[date, list[CalendarEntry]]]:
    """The seven days from `monday` in `zone`, each with its entries (possibly none)."""
    start = datetime.combine(monday, time(0), tzinfo=zone)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone)
    entries = entries_for(person, start, end)
    days: list[tuple[date, list[CalendarEntry]]] = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append((day, [e for e in entries if e.starts_at.astimezone(zone).date() == day]))
    return days


# --- the secret address --------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def live_feed(person: User) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(person=person, revoked_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def stop_feeds(*, person: User) -> int:
    """Close every address of `person`'s at once; returns how many were open."""
    return CalendarFeed.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def new_feed(*, person: User) -> str:
    """A new secret address for `person`; the old one stops working. Returns the token, which
    is kept nowhere (only its hash is): the page shows it once."""
    stop_feeds(person=person)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(person=person, token_hash=_hash(token))
    return token


def feed_owner(token: str) -> User | None:
    """Whose open address `token` is, if it is one (and they may still have a calendar)."""
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("person")
        .first()
    )
    if feed is None or not feed.person.is_active or not has_calendar(feed.person):
        return None
    return feed.person


def ical_for(person: User, now: datetime) -> bytes:
    """The iCalendar file of what is on around `now`: times in UTC, generic titles, the place
    only where the practice set one, and no description at all."""
    calendar = Calendar()
    calendar.add("prodid", "-//Three Circles//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Three Circles")
    stamp = now.astimezone(UTC)
    for entry in entries_for(person, now - FEED_PAST, now + FEED_AHEAD):
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.starts_at)
        event.add("dtend", entry.ends_at)
        event.add("summary", entry.title)
        if entry.location:
            event.add("location", entry.location)
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
