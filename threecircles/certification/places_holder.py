"""What the certification's holder part adds to shared places: the daily certification
renewal reminders."""

from datetime import timedelta

from threecircles.certification.tasks import send_certification_reminders
from threecircles.lib import schedule


def register() -> None:
    schedule.register(
        schedule.Recurring(
            "certification renewal reminders",
            every=timedelta(days=1),
            task=send_certification_reminders,
            offset=timedelta(hours=14, minutes=30),  # early morning in the Americas
        )
    )
