from typing import Any

from django.core.management.base import BaseCommand

from threecircles.screening.actions import send_due_measures


class Command(BaseCommand):
    help = (
        "Send every scheduled questionnaire that is due today. Run it daily from a timer "
        "(cron or a systemd timer); running it twice on one day sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_measures()
        self.stdout.write(self.style.SUCCESS(f"{sent} scheduled questionnaire(s) sent."))
