"""Reminders the client asked for: a daily check-in at their chosen local time, and the start
of a high-risk time. The e-mail says only that it is a reminder they set up."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.tasks import send_notice_email
from threecircles.recovery.models import CheckIn, HighRiskTime, RecoverySettings
from threecircles.recovery.progress import zone

SUBJECT = "A reminder you asked for"


def _link() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("recovery:today")


def _send(to: str, body: str) -> None:
    send_notice_email.enqueue(to=[to], subject=SUBJECT, body=body)


@transaction.atomic
def send_due_reminders(now: datetime | None = None) -> int:
    """Every few minutes: each reminder whose local time has come today and was not sent yet.
    Sending marks the day, so running twice sends nothing twice."""
    now = now or timezone.now()
    sent = 0
    due = RecoverySettings.objects.select_for_update().filter(
        reminder_time__isnull=False, client__is_active=True
    )
    for row in due.select_related("client"):
        local = now.astimezone(zone(row.time_zone))
        due_at = row.reminder_time
        if due_at is None or row.last_reminded_on == local.date() or local.time() < due_at:
            continue
        row.last_reminded_on = local.date()
        row.save(update_fields=["last_reminded_on"])
        if CheckIn.objects.filter(client=row.client, day=local.date()).exists():
            continue  # already checked in today: no nudge
        _send(row.client.email, f"This is the daily reminder you set up.\n\n{_link()}\n")
        sent += 1
    windows = HighRiskTime.objects.select_for_update().filter(remind=True, client__is_active=True)
    for window in windows.select_related("client"):
        tz_name = (
            RecoverySettings.objects.filter(client=window.client)
            .values_list("time_zone", flat=True)
            .first()
            or "UTC"
        )
        local = now.astimezone(zone(tz_name))
        if str(local.weekday()) not in window.weekdays or window.last_reminded_on == local.date():
            continue
        if not window.starts_at <= local.time() <= window.ends_at:
            continue
        window.last_reminded_on = local.date()
        window.save(update_fields=["last_reminded_on"])
        _send(
            window.client.email,
            "This is the reminder you set up for this time of day. Your plan and the people "
            f"you can call are one tap away:\n\n{_link()}\n",
        )
        sent += 1
    return sent
