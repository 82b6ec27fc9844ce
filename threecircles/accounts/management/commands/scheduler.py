"""Enqueue recurring jobs (access-log anchors, due measures, reminders) as their time comes.

Runs next to the task worker: `make run` starts one; in production run it as a service (two
are safe, each slot is claimed once in the shared cache).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from threecircles.lib import schedule


class Command(BaseCommand):
    help = "Enqueue recurring jobs when they are due (a cron of our own, for the task worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between checks.")
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = ", ".join(job.name for job in schedule.jobs())
        self.stdout.write(f"Scheduler: {names}")
        while True:
            for name in schedule.enqueue_due():
                self.stdout.write(f"Enqueued {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
