"""The institute's events: the yearly symposium, training modules, workshops and webinars.

An event has days of sessions (in tracks, with speakers), registration types with prices
(member, non-member, student, early-bird until a date), a capacity and a waitlist. A person
registers once per event; their ticket carries an unguessable code (and a QR code of it)
that staff scan or look up to take attendance, per session. Attended hours are recorded per
person, ready to become continuing-education credits. Fees are recorded and invoiced; staff
mark payments. Nothing here is clinical, and nothing imports a clinical app.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    SYMPOSIUM = "symposium", "Symposium"
    TRAINING = "training", "Training module"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"


class Event(models.Model):
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text="Markdown.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    time_zone = models.CharField(max_length=64, default="America/Chicago")
    venue = models.CharField(max_length=200, blank=True, help_text="Name and address.")
    online_url = models.URLField(blank=True, help_text="For webinars and hybrid events.")
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; empty for no limit."
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    name = models.CharField(max_length=120)
    credentials = models.CharField(max_length=160, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventSession(models.Model):
    """One part of an event's program; attendance and hours are taken per session."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="Markdown.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.CharField(max_length=120, blank=True)
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    counts_for_hours = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "starts_at", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def hours(self) -> Decimal:
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"))


class RegistrationType(models.Model):
    class Audience(models.TextChoices):
        MEMBER = "member", "Member"
        NON_MEMBER = "non_member", "Non-member"
        STUDENT = "student", "Student"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registration_types")
    name = models.CharField(max_length=120)
    audience = models.CharField(max_length=12, choices=Audience.choices)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    early_price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    early_until = models.DateField(null=True, blank=True, help_text="Early-bird through this day.")
    currency = models.CharField(max_length=3, default="USD")

    class Meta:
        ordering = ["event", "price", "name"]

    def __str__(self) -> str:
        return self.name


def new_ticket_code() -> str:
    return secrets.token_urlsafe(12)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    registration_type = models.ForeignKey(RegistrationType, on_delete=models.PROTECT)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(max_length=120)
    email = models.EmailField()
    status = models.CharField(max_length=12, choices=Status.choices)
    ticket_code = models.CharField(max_length=32, unique=True, default=new_ticket_code)
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=120, blank=True)
    invoice_number = models.CharField(max_length=30, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"Registration {self.pk}"


class SessionAttendance(models.Model):
    """Who attended which session, how it was taken, and the hours it counts."""

    class Method(models.TextChoices):
        SCAN = "scan", "Ticket scanned"
        CODE = "code", "Ticket code typed"
        LIST = "list", "Marked from the list"

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendance")
    method = models.CharField(max_length=6, choices=Method.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "registration"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="attended_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"
