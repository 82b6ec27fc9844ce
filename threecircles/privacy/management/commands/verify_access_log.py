from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.privacy.log import LogTampered, verify_log, write_anchor


class Command(BaseCommand):
    help = (
        "Check every client's chain in the access log (MACs under the installation's keys), "
        "the chain heads, and the latest signed anchor outside the database. Exits non-zero "
        "naming each problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--write-anchor",
            action="store_true",
            help="After a clean check, also write a new anchor now (the scheduler does this).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_log()
        if not result.intact:
            problems = "\n  ".join(result.problems)
            raise CommandError(
                f"Access log is NOT intact ({result.events} events in {result.chains} chains "
                f"checked):\n  {problems}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Access log intact: {result.events} events in {result.chains} chains verified; "
                f"anchor: {result.anchor}."
            )
        )
        if options["write_anchor"]:
            try:
                path = write_anchor()
            except LogTampered as exc:
                raise CommandError(f"No anchor written: {exc}") from exc
            self.stdout.write(f"Anchor written: {path}")
