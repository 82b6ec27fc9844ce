"""The access-matrix rows of the events' staff part: Ivy (institute staff) opens every page;
anyone else signed in gets 404, and anonymous visitors are sent to sign in.

Each write has its own registration, so that cancelling one does not change what another
cell finds."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from threecircles.events.models import Registration
from threecircles.events.tests.access_registration import make_event
from threecircles.tests.matrix import LOGIN, AccessRows, Filler, Redirect, World, row

STAFF = row(anonymous=LOGIN, others=404, ivy=200)
# An empty form: the page comes back with what is missing, said on it.
STAFF_EMPTY_POST = row(anonymous=LOGIN, others=404, ivy=400)
REGISTRATIONS = "/institute/staff/events/{event_id}/registrations/"


def records(world: World) -> dict[str, Any]:
    event = make_event("matrix-staff-event", title="Matrix staff event")
    event.tracks.create(name="Matrix track")
    student = event.registration_types.get(name="Student")

    def registration(name: str) -> Registration:
        return Registration.objects.create(
            event=event,
            registration_type=student,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@example.org",
            status=Registration.Status.CONFIRMED,
            fee=Decimal("40.00"),
            confirmed_at=timezone.now(),
            invoice_number=f"EV-MATRIX-{name[-1]}",
        )

    return {
        "event": event.pk,
        "track": event.tracks.get().pk,
        "session": event.sessions.order_by("starts_at").first().pk,
        "type": student.pk,
        "registration": registration("Matrix Person A").pk,
        "to_pay": registration("Matrix Person B").pk,
        "to_cancel": registration("Matrix Person C").pk,
        "ticket": Registration.objects.get(name="Matrix Person A").ticket_code,
    }


def _record(name: str) -> Filler:
    return lambda world: world.records["events_staff"][name]


ROWS = [
    AccessRows(
        label="events_staff",
        records=records,
        get={
            name: STAFF
            for name in (
                "events:staff_events",
                "events:staff_event_new",
                "events:staff_event",
                "events:staff_track_new",
                "events:staff_track_edit",
                "events:staff_session_new",
                "events:staff_session_edit",
                "events:staff_attendance",
                "events:staff_type_new",
                "events:staff_type_edit",
                "events:staff_registrations",
                "events:staff_certificate",
                "events:staff_invoice",
            )
        },
        post={
            **{
                name: STAFF_EMPTY_POST
                for name in (
                    "events:staff_event_new",
                    "events:staff_event",
                    "events:staff_track_new",
                    "events:staff_track_edit",
                    "events:staff_session_new",
                    "events:staff_session_edit",
                    "events:staff_attendance",
                    "events:staff_type_new",
                    "events:staff_type_edit",
                )
            },
            "events:staff_mark_paid": row(anonymous=LOGIN, others=404, ivy=Redirect(REGISTRATIONS)),
            "events:staff_cancel": row(anonymous=LOGIN, others=404, ivy=Redirect(REGISTRATIONS)),
        },
        kwargs={
            "event_id": _record("event"),
            "track_id": _record("track"),
            "session_id": _record("session"),
            "type_id": _record("type"),
            "registration_id": _record("registration"),
        },
        kwargs_for={
            "events:staff_mark_paid": {"registration_id": _record("to_pay")},
            "events:staff_cancel": {"registration_id": _record("to_cancel")},
        },
        payloads={
            "events:staff_event_new": lambda world: {
                "kind": "workshop",
                "title": "Matrix: an event that must not be saved",
                "slug": "matrix-unsaved",
                "summary": "Matrix summary",
                "description": "Matrix text",
                "starts_on": "2031-05-01",
                "ends_on": "2031-05-01",
                "time_zone": "America/Chicago",
            },
            "events:staff_event": lambda world: {
                "kind": "workshop",
                "title": "Matrix: a title that must not be saved",
                "slug": "matrix-staff-event",
                "summary": "Matrix summary",
                "description": "Matrix text",
                "starts_on": "2031-05-01",
                "ends_on": "2031-05-01",
                "time_zone": "America/Chicago",
            },
            "events:staff_track_new": lambda world: {"name": "Matrix: unsaved", "order": "1"},
            "events:staff_track_edit": lambda world: {"name": "Matrix: unsaved", "order": "1"},
            "events:staff_session_new": lambda world: {
                "title": "Matrix: a session that must not be saved",
                "starts_at": "2031-05-01T09:00",
                "ends_at": "2031-05-01T10:00",
                "counts_for_hours": "on",
            },
            "events:staff_session_edit": lambda world: {
                "title": "Matrix: a title that must not be saved",
                "starts_at": "2031-05-01T09:00",
                "ends_at": "2031-05-01T10:00",
            },
            "events:staff_attendance": lambda world: {
                "code": world.records["events_staff"]["ticket"]
            },
            "events:staff_type_new": lambda world: {
                "name": "Matrix: unsaved",
                "audience": "member",
                "price": "10.00",
                "currency": "USD",
            },
            "events:staff_type_edit": lambda world: {
                "name": "Matrix: unsaved",
                "audience": "member",
                "price": "10.00",
                "currency": "USD",
            },
            "events:staff_mark_paid": lambda world: {"payment_reference": "MATRIX-REF"},
        },
        no_form={"events:staff_cancel"},
    )
]
