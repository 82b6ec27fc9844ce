from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from threecircles.accounts.mfa import reseal_second_factors
from threecircles.lib.crypto import generate_key_entry
from threecircles.privacy.keys import rewrap_all_data_keys
from threecircles.privacy.models import configured_keks


class Command(BaseCommand):
    help = (
        "Re-wrap every client data key, and re-seal every second-factor secret, under the "
        "newest key in THREECIRCLES_KEYS. Ciphertext is untouched. With --new-key-id, print a "
        "fresh key entry to put first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key-id", help="Only print a new key entry with this id.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key_id"]:
            self.stdout.write(generate_key_entry(options["new_key_id"]))
            return
        newest = configured_keks()[0].key_id
        rewrapped, current = rewrap_all_data_keys()
        resealed = reseal_second_factors()
        self.stdout.write(
            self.style.SUCCESS(
                f"{rewrapped} data keys re-wrapped under {newest!r}; {current} already were. "
                f"{resealed} second factors re-sealed. Once every server runs with the new key "
                "list, move the old key from THREECIRCLES_KEYS to THREECIRCLES_RETIRED_KEYS "
                "(it then opens nothing, but old access-log rows can still be verified)."
            )
        )
