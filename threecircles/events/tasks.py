"""Background jobs of the events' registration part. E-mails go out from the task worker,
never inline.

The queue holds only the registration's id; the ticket link (a key to the ticket, like a
secret calendar address) is read from the database here, as the e-mail is sent. The e-mails
are plain text: a name typed with markup is shown as typed and never runs.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse

from threecircles.events.ical import event_calendar
from threecircles.events.models import Registration

SIGNATURE = "Three Circles Institute\n"


def one_line(text: str) -> str:
    return " ".join(text.split())


def ticket_url(registration: Registration) -> str:
    path = reverse("events:ticket", args=[registration.ticket_code])
    return settings.SITE_URL.rstrip("/") + path


def _dates(registration: Registration) -> str:
    event = registration.event
    if event.starts_on == event.ends_on:
        return f"{event.starts_on:%A %d %B %Y}"
    return f"{event.starts_on:%d %B %Y} to {event.ends_on:%d %B %Y}"


def _find(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("event", "registration_type")
        .filter(pk=registration_id)
        .first()
    )


def _send(registration: Registration, subject: str, lines: list[str], *, ics: bool) -> int:
    body = (
        f"Hello {one_line(registration.name)},\n\n"
        + "\n\n".join(lines)
        + f"\n\nYour ticket: {ticket_url(registration)}\n"
        "Keep this link to yourself: anyone who has it can open or cancel your ticket.\n\n"
        + SIGNATURE
    )
    message = EmailMessage(subject, body, None, [registration.email])
    if ics:
        message.attach("event.ics", event_calendar(registration.event), "text/calendar")
    return message.send()


@task()
def send_registration_email(*, registration_id: int) -> int:
    """Confirmed or on the waitlist, with the event in a calendar file either way."""
    registration = _find(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return 0
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        subject = f"You are registered: {event.title}"
        first = f"You are registered for {event.title}, {_dates(registration)}."
        fee = f"Fee: {registration.fee} {registration.currency}"
        if registration.invoice_number:
            fee += f" (invoice {registration.invoice_number})"
        lines = [first, fee + "."]
    else:
        subject = f"You are on the waitlist: {event.title}"
        lines = [
            f"{event.title} is full, so you are on its waitlist. If a seat opens, it goes to the "
            "person waiting longest, and we write to you as soon as it is yours.",
        ]
    lines.append("The calendar file attached holds the event's dates.")
    return _send(registration, subject, lines, ics=True)


@task()
def send_seat_opened_email(*, registration_id: int) -> int:
    registration = _find(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return 0
    event = registration.event
    lines = [
        f"A seat opened for {event.title}, {_dates(registration)}: you are confirmed.",
        f"Fee: {registration.fee} {registration.currency} (invoice {registration.invoice_number}).",
        "The calendar file attached holds the event's dates.",
    ]
    return _send(
        registration, f"A seat opened: you are confirmed for {event.title}", lines, ics=True
    )


@task()
def send_cancellation_email(*, registration_id: int) -> int:
    registration = _find(registration_id)
    if registration is None or registration.status != Registration.Status.CANCELLED:
        return 0
    lines = [
        f"Your registration for {registration.event.title} is cancelled. "
        "If this was a mistake, you are welcome to register again while places remain."
    ]
    return _send(
        registration, f"Registration cancelled: {registration.event.title}", lines, ics=False
    )
