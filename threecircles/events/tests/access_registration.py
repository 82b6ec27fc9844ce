"""The access-matrix rows of the events' registration part, and `make_event`, which the
registration tests share.

Registering and the ticket are public: the ticket's unguessable code is its key, so anyone
holding the link may open or cancel it, or download its certificate of attendance once the
person has attended hours (before that, 404) (the matrix's cancel is sent by everyone, each in a
test of their own, and each is sent back to the ticket). An empty registration form is turned
back with 400. "My events" is for people signed in.
"""

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationType,
    SessionAttendance,
)
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, World, row

PUBLIC = row(anonymous=200, others=200)
CHICAGO = ZoneInfo("America/Chicago")


def make_event(
    slug: str = "spring-workshop",
    *,
    title: str = "Spring workshop",
    starts_on: datetime.date | None = None,
    days: int = 1,
    capacity: int | None = None,
    opens: datetime.datetime | None = None,
    closes: datetime.datetime | None = None,
    sessions: int = 2,
    member_price: bool = False,
) -> Event:
    """A published event in Chicago with sessions, and two registration types: non-member
    (150.00, early 120.00 through `starts_on` minus 30 days) and student (40.00); with
    `member_price`, a third: member (100.00, early 80.00 through the same day)."""
    starts_on = starts_on or timezone.localdate() + datetime.timedelta(days=60)
    event = Event.objects.create(
        kind=EventKind.WORKSHOP,
        title=title,
        slug=slug,
        summary="A day of practice for professionals.",
        description="Written for the tests.",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        time_zone="America/Chicago",
        venue="Lakeside Conference Center, Chicago",
        capacity=capacity,
        registration_opens_at=opens,
        registration_closes_at=closes,
        published=True,
    )
    RegistrationType.objects.create(
        event=event,
        name="Non-member",
        audience=RegistrationType.Audience.NON_MEMBER,
        price=Decimal("150.00"),
        early_price=Decimal("120.00"),
        early_until=starts_on - datetime.timedelta(days=30),
    )
    RegistrationType.objects.create(
        event=event,
        name="Student",
        audience=RegistrationType.Audience.STUDENT,
        price=Decimal("40.00"),
    )
    if member_price:
        RegistrationType.objects.create(
            event=event,
            name="Member",
            audience=RegistrationType.Audience.MEMBER,
            price=Decimal("100.00"),
            early_price=Decimal("80.00"),
            early_until=starts_on - datetime.timedelta(days=30),
        )
    for number in range(sessions):
        starts = datetime.datetime.combine(starts_on, datetime.time(9 + 3 * number), CHICAGO)
        EventSession.objects.create(
            event=event,
            title=f"Session {number + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            room=f"Room {number + 1}",
        )
    return event


def records(world: World) -> dict[str, Any]:
    event = make_event("matrix-registration-event", title="Matrix registration event")
    student = event.registration_types.get(name="Student")

    def confirmed(name: str, email: str) -> Registration:
        return Registration.objects.create(
            event=event,
            registration_type=student,
            name=name,
            email=email,
            status=Registration.Status.CONFIRMED,
            fee=Decimal("40.00"),
        )

    registration = confirmed("Matrix Attendee", "attendee@example.org")
    # Someone who attended a session: their certificate is there to download.
    attended = confirmed("Matrix Present", "present@example.org")
    session = event.sessions.order_by("starts_at").first()
    assert session is not None
    SessionAttendance.objects.create(
        session=session,
        registration=attended,
        method=SessionAttendance.Method.SCAN,
        hours=session.hours,
    )
    return {
        "slug": event.slug,
        "type": student.pk,
        "ticket_code": registration.ticket_code,
        "attended_code": attended.ticket_code,
    }


def _record(name: str) -> Filler:
    return lambda world: world.records["events_registration"][name]


ROWS = [
    AccessRows(
        label="events_registration",
        records=records,
        get={
            "events:register": PUBLIC,
            "events:ticket": PUBLIC,
            "events:ticket@unknown": row(anonymous=404, others=404),
            "events:my_events": row(anonymous=LOGIN, others=200),
            "events:my_certificate": PUBLIC,
            "events:my_certificate@no_hours": row(anonymous=404, others=404),
        },
        post={
            "events:register": row(anonymous=400, others=400),
            "events:cancel": row(
                anonymous=Redirect("/events/ticket/{ticket_code}/"),
                others=Redirect("/events/ticket/{ticket_code}/"),
            ),
        },
        kwargs={"ticket_code": _record("ticket_code")},
        kwargs_for={
            "events:register": {"slug": _record("slug")},
            "events:my_certificate": {"ticket_code": _record("attended_code")},
        },
        variants={
            "events:ticket@unknown": {"ticket_code": lambda world: "no-such-ticket"},
            "events:my_certificate@no_hours": {"ticket_code": _record("ticket_code")},
        },
        payloads={
            "events:register": lambda world: {
                "registration_type": str(world.records["events_registration"]["type"]),
                "name": "Matrix Visitor",
                "email": "visitor@example.org",
            }
        },
        no_form={"events:cancel"},
    )
]
