from typing import Any

from django.core.management.base import BaseCommand, CommandError

from threecircles.privacy.access import verify_chain


class Command(BaseCommand):
    help = "Check the access log's hash chain; exits non-zero naming the first changed row."

    def handle(self, *args: Any, **options: Any) -> None:
        intact, checked, problem = verify_chain()
        if not intact:
            raise CommandError(f"Access log is NOT intact after {checked} good rows: {problem}")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {checked} events verified."))
