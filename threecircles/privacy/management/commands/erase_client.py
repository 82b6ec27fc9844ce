from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.accounts.models import Role, User
from threecircles.privacy.actions import erase_client


class Command(BaseCommand):
    help = (
        "Erase a client: destroy their data key so every copy of their encrypted record, "
        "backups included, becomes unreadable. Cannot be undone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--reason", required=True, help="Why, for the access log.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        client = User.objects.filter(email__iexact=options["email"], role=Role.CLIENT).first()
        if client is None:
            raise CommandError("No client has this e-mail address.")
        if not options["yes"]:
            answer = input(f"Erase {client} for good? Type 'erase' to confirm: ")
            if answer.strip() != "erase":
                raise CommandError("Nothing was erased.")
        erase_client(client=client, erased_by=None, reason=options["reason"])
        self.stdout.write(self.style.SUCCESS("Client erased: their data key is destroyed."))
