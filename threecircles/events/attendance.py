"""Taking attendance, per session: who was there, how staff knew (a scanned or typed ticket
code, or a tick on the list), and the hours it counts towards continuing education.

Only a confirmed registration for the session's own event is recorded, and only once per
session: a second scan of the same ticket finds the first record instead of an error.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.events.models import EventSession, Registration, SessionAttendance

Status = Registration.Status


class AttendanceRefused(Exception):
    """This registration cannot be recorded for this session; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def why_not_recorded(session: EventSession, registration: Registration) -> str:
    """Why this registration may not attend this session; "" when it may."""
    if registration.event_id != session.event_id:
        return "This ticket is for another event."
    if registration.status == Status.CANCELLED:
        return f"The registration of {registration.name} was cancelled."
    if registration.status == Status.WAITLISTED:
        return f"{registration.name} is on the waitlist: they do not hold a seat yet."
    return ""


def record_attendance(
    *, session: EventSession, registration: Registration, method: str, by: User | None
) -> tuple[SessionAttendance, bool]:
    """Record that this person attended this session; (the record, whether it is new).

    Raises AttendanceRefused for a registration of another event, or one that is not
    confirmed. Recording twice returns the first record, unchanged.
    """
    problem = why_not_recorded(session, registration)
    if problem:
        raise AttendanceRefused(problem)
    if method not in SessionAttendance.Method.values:
        raise ValueError(f"Unknown attendance method: {method!r}")
    earlier = SessionAttendance.objects.filter(session=session, registration=registration).first()
    if earlier is not None:
        return earlier, False
    try:
        # Two scanners reading one ticket at once: the constraint keeps one record.
        with transaction.atomic():
            attendance = SessionAttendance.objects.create(
                session=session,
                registration=registration,
                method=method,
                hours=session.hours if session.counts_for_hours else Decimal("0.00"),
                recorded_by=by,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        return SessionAttendance.objects.get(session=session, registration=registration), False
    return attendance, True


def hours_for(registration: Registration) -> Decimal:
    """The hours this person attended, over every session recorded."""
    total = registration.attendance.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    # SQLite sums decimals as numbers: "4", not "4.00".
    return Decimal(total).quantize(Decimal("0.01"))
