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
            "--require-anchor",
            action="store_true",
            help="Fail when events exist but no anchor does (for monitoring in production).",
        )
        parser.add_argument(
            "--write-anchor",
            action="store_true",
            help="After a clean check, also write a new anchor now (the scheduler does this).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_log()
        if result.events and not result.anchored:
            message = (
                "No anchor yet: the newest rows could be deleted unnoticed. The scheduler "
                "writes one every ACCESS_LOG_ANCHOR_MINUTES; or pass --write-anchor."
            )
            if options["require_anchor"]:
                result.problems.append(message)
            else:
                self.stderr.write(self.style.WARNING(f"WARNING: {message}"))
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
