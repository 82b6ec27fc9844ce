"""The certification's background jobs: the daily renewal reminders.

A valid certification's holder hears 90 and 30 days before it expires, once when it has
expired (the renewal grace period), and once when the grace period has ended (lapsed). Each
is sent once per expiry date: a renewal moves the date, and the next period's reminders start
afresh. An e-mail says when the certification expires and where to renew; it names nothing
else (no number, no credential, no hours), as e-mail passes through many hands.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.tasks import task
from django.urls import reverse
from django.utils import dateformat, timezone

from threecircles.certification.models import (
    Certification,
    CertificationReminder,
    Credential,
    Decision,
)

BEFORE_90 = "90_days"
BEFORE_30 = "30_days"
EXPIRED = "expired"
LAPSED = "lapsed"
# A lapsed certification gets one last reminder soon after, not one a year later.
LAPSED_WINDOW_DAYS = 60

SUBJECTS = {
    BEFORE_90: "Your certification expires in three months",
    BEFORE_30: "Your certification expires within a month",
    EXPIRED: "Your certification has expired: you can still renew it",
    LAPSED: "Your certification has lapsed",
}


def reminder_due(certification: Certification, today: datetime.date) -> str:
    """Which reminder is due today for the certification's expiry date, or "" (none)."""
    if certification.status != Certification.Status.VALID:
        return ""
    days_left = (certification.expires_on - today).days
    grace = certification.credential.grace_days
    if days_left < -(grace + LAPSED_WINDOW_DAYS):
        return ""
    # A holder whose renewal waits for staff has done their part.
    if certification.renewals.filter(
        period_end=certification.expires_on, decision=Decision.WAITING
    ).exists():
        return ""
    if days_left < -grace:
        return LAPSED
    if days_left < 0:
        return EXPIRED
    if days_left <= 30:
        return BEFORE_30
    if days_left <= 90:
        return BEFORE_90
    return ""


def reminders_to_send(today: datetime.date) -> list[tuple[Certification, str]]:
    """Each valid certification near its expiry, in grace or just lapsed, with the reminder
    it has not had yet for this expiry date."""
    longest_grace = Credential.objects.aggregate(longest=Max("grace_days"))["longest"] or 0
    window = Certification.objects.filter(
        status=Certification.Status.VALID,
        expires_on__lte=today + datetime.timedelta(days=90),
        expires_on__gte=today - datetime.timedelta(days=longest_grace + LAPSED_WINDOW_DAYS),
    ).select_related("credential")
    due = []
    for certification in window.order_by("pk"):
        kind = reminder_due(certification, today)
        if (
            kind
            and not CertificationReminder.objects.filter(
                certification=certification, expires_on=certification.expires_on, kind=kind
            ).exists()
        ):
            due.append((certification, kind))
    return due


def claim_reminder(certification: Certification, kind: str) -> bool:
    """Record the reminder before it is sent; False if another worker already did."""
    try:
        with transaction.atomic():
            CertificationReminder.objects.create(
                certification=certification, expires_on=certification.expires_on, kind=kind
            )
    except IntegrityError:
        return False
    return True


def _body(certification: Certification, kind: str) -> str:
    link = settings.SITE_URL.rstrip("/") + reverse("certification:my_certifications")
    expires = dateformat.format(certification.expires_on, "j F Y")
    grace_end = certification.expires_on + datetime.timedelta(
        days=certification.credential.grace_days
    )
    last = dateformat.format(grace_end, "j F Y")
    if kind == LAPSED:
        middle = (
            f"Your certification expired on {expires} and the renewal grace period ended on "
            f"{last}. The institute can reinstate it; how is explained at {link}"
        )
    elif kind == EXPIRED:
        middle = (
            f"Your certification expired on {expires}. You can still renew it until {last}: "
            f"renew at {link}"
        )
    else:
        middle = f"Your certification expires on {expires}. Renew at {link}"
    return f"Hello,\n\n{middle}\n\nThree Circles Institute\n"


@task()
def send_certification_reminder(*, certification_id: int, kind: str) -> int:
    certification = (
        Certification.objects.select_related("credential", "person")
        .filter(pk=certification_id)
        .first()
    )
    if certification is None or reminder_due(certification, timezone.localdate()) != kind:
        return 0  # renewed, suspended or revoked while the job waited
    if not certification.person.is_active:
        return 0  # an account closed: nobody to remind
    return send_mail(SUBJECTS[kind], _body(certification, kind), None, [certification.person.email])


@task()
def send_certification_reminders() -> int:
    """Daily: each reminder due is recorded once and queued as its own e-mail in the same
    transaction (the database queue commits both or neither), so two workers, or a worker
    killed halfway, never send one twice."""
    queued = 0
    for certification, kind in reminders_to_send(timezone.localdate()):
        with transaction.atomic():
            if claim_reminder(certification, kind):
                send_certification_reminder.enqueue(certification_id=certification.pk, kind=kind)
                queued += 1
    return queued
