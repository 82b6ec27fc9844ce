from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.privacy.access import verify_chain
from threecircles.privacy.models import AccessEvent


class Command(BaseCommand):
    help = (
        "Check the access log's hash chain; exits non-zero naming the first changed row. "
        "Prints the newest hash so it can be kept outside the database (an anchor) and "
        "checked later with --anchor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            metavar="ID:HASH",
            help="A row id and hash printed by an earlier run; the row must still carry it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        intact, checked, problem = verify_chain()
        if not intact:
            raise CommandError(f"Access log is NOT intact after {checked} good rows: {problem}")
        if options["anchor"]:
            row_id, _, expected = options["anchor"].partition(":")
            row = AccessEvent.objects.filter(pk=int(row_id)).first()
            if row is None or row.hash != expected:
                raise CommandError(
                    f"Access log does NOT match the anchor: row {row_id} is missing or changed."
                )
        newest = AccessEvent.objects.order_by("-id").first()
        anchor = f"{newest.pk}:{newest.hash}" if newest else "none"
        self.stdout.write(
            self.style.SUCCESS(f"Access log intact: {checked} events verified. Anchor: {anchor}")
        )
