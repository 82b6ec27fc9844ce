"""What registering for an event does beyond one row: the fee, a seat or the waitlist, the
invoice number, and the e-mails. Member prices are checked here too, so no path around the
form reaches them: only a signed-in member in good standing may choose one.

Capacity holds under concurrent requests: `register` and `cancel` lock the event's row
(`select_for_update`, inside `transaction.atomic`) before they count the seats, so two people
can never both take the last one. On PostgreSQL the lock queues them; SQLite serializes
writers anyway. E-mails go through the task queue and commit with the registration, or
neither does.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.events.models import Event, Registration, RegistrationType
from threecircles.events.tasks import (
    send_cancellation_email,
    send_registration_email,
    send_seat_opened_email,
)
from threecircles.membership.actions import is_member

Status = Registration.Status

ALREADY_REGISTERED = (
    "This e-mail address is already registered for this event. Your ticket link is in the "
    "confirmation e-mail we sent; to register someone else, please use their own address."
)
MEMBERS_ONLY = (
    "Member prices are for institute members whose membership is current. Please sign in to "
    "your member account, or choose another registration type."
)
MEMBER_OWN_ADDRESS = (
    "A member price is for the member's own registration: use the e-mail address of your "
    "member account, or choose another registration type for someone else."
)


class RegistrationRefused(Exception):
    """Registration is not possible; `message` says why, in words for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def event_day(event: Event, moment: datetime.datetime) -> datetime.date:
    """The calendar day `moment` falls on where the event takes place."""
    return moment.astimezone(ZoneInfo(event.time_zone)).date()


def fee_for(rtype: RegistrationType, on: datetime.date) -> Decimal:
    """The early-bird price through `early_until` (that day included), else the price."""
    if rtype.early_price is not None and rtype.early_until is not None and on <= rtype.early_until:
        return rtype.early_price
    return rtype.price


def may_choose(rtype: RegistrationType, person: User | None, on: datetime.date, email: str) -> str:
    """Why this person may not register `email` at this type; "" when they may. Member prices
    are for a member in good standing (current, or in the grace period), for their own seat:
    the address of their account. Every other type is open to anyone."""
    if rtype.audience != RegistrationType.Audience.MEMBER:
        return ""
    if person is None or not is_member(person, on):
        return MEMBERS_ONLY
    if email.strip().lower() != person.email.strip().lower():
        return MEMBER_OWN_ADDRESS
    return ""


def window_problem(event: Event, now: datetime.datetime) -> str:
    """Why registration is not open at `now`; "" while it is."""
    zone = ZoneInfo(event.time_zone)
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens is not None and now < opens:
        return f"Registration opens on {opens.astimezone(zone):%d %B %Y at %H:%M} ({zone.key})."
    if closes is not None and now >= closes:
        return f"Registration closed on {closes.astimezone(zone):%d %B %Y at %H:%M} ({zone.key})."
    if event_day(event, now) > event.ends_on:
        return "This event has taken place; registration is closed."
    return ""


def invoice_number(registration: Registration, on: datetime.datetime) -> str:
    return f"EV-{event_day(registration.event, on):%Y}-{registration.pk:06d}"


def _confirm(registration: Registration, now: datetime.datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    if not registration.invoice_number:
        registration.invoice_number = invoice_number(registration, now)
    registration.save(update_fields=["status", "confirmed_at", "invoice_number"])


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def _has_a_free_seat(event: Event) -> bool:
    return event.capacity is None or _seats_taken(event) < event.capacity


@transaction.atomic
def register(
    *,
    event: Event,
    registration_type: RegistrationType,
    name: str,
    email: str,
    person: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Confirmed if a seat is free, else on the waitlist; raises RegistrationRefused when
    registration is not open, the address already holds a live registration, or a member
    price is chosen by someone who is not a member in good standing."""
    if registration_type.event_id != event.pk:
        raise ValueError("The registration type belongs to another event.")
    now = now or timezone.now()
    refused = may_choose(registration_type, person, timezone.localdate(now), email)
    if refused:
        raise RegistrationRefused(refused)
    # The lock: everyone registering for this event waits here, one after the other.
    event = Event.objects.select_for_update().get(pk=event.pk)
    problem = window_problem(event, now)
    if problem:
        raise RegistrationRefused(problem)
    email = email.strip().lower()
    live = Registration.objects.filter(event=event, email=email).exclude(status=Status.CANCELLED)
    if live.exists():
        raise RegistrationRefused(ALREADY_REGISTERED)
    seat = _has_a_free_seat(event)
    registration = Registration(
        event=event,
        registration_type=registration_type,
        person=person,
        name=" ".join(name.split()),
        email=email,
        status=Status.WAITLISTED,
        fee=fee_for(registration_type, event_day(event, now)),
        currency=registration_type.currency,
        registered_at=now,
        waitlisted_at=None if seat else now,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # The same address in a parallel request (the constraint, not the check above).
        raise RegistrationRefused(ALREADY_REGISTERED) from None
    if seat:
        _confirm(registration, now)
    send_registration_email.enqueue(registration_id=registration.pk)
    return registration


@transaction.atomic
def cancel(*, registration: Registration, by: User | None = None) -> Registration | None:
    """Cancel; a seat it frees goes to the person waiting longest, who is told by e-mail.

    Returns that person's registration, or None. `by` (the person, or staff) is not stored:
    the registration has no field for it.
    """
    now = timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Status.CANCELLED:
        return None
    current.status = Status.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    send_cancellation_email.enqueue(registration_id=current.pk)
    return _promote_next(event, now)


def _promote_next(event: Event, now: datetime.datetime) -> Registration | None:
    if not _has_a_free_seat(event):
        return None
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, status=Status.WAITLISTED)
        .order_by("waitlisted_at", "registered_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    _confirm(waiting, now)
    send_seat_opened_email.enqueue(registration_id=waiting.pk)
    return waiting


def waitlist_position(registration: Registration) -> int | None:
    """1 for the person waiting longest; None for anyone not waiting."""
    if registration.status != Status.WAITLISTED:
        return None
    queue = list(
        Registration.objects.filter(event_id=registration.event_id, status=Status.WAITLISTED)
        .order_by("waitlisted_at", "registered_at", "pk")
        .values_list("pk", flat=True)
    )
    return queue.index(registration.pk) + 1 if registration.pk in queue else None
