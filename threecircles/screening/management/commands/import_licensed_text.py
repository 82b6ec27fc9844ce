import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.accounts.models import Practice
from threecircles.screening.actions import import_licensed_text
from threecircles.screening.instruments import PackError, UnknownPack


class Command(BaseCommand):
    help = (
        "Import the item text of a copyrighted instrument your practice holds a license for. "
        'FILE is JSON: {"item_id": "item text", ...} covering every item. Nothing is saved '
        "unless every item is covered. Without --practice the text serves every practice on "
        "this installation (how the institute publishes licensed packs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("file", type=Path)
        parser.add_argument("--license-holder", required=True)
        parser.add_argument("--practice", type=int, help="Practice id.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            texts = json.loads(options["file"].read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        if not isinstance(texts, dict):
            raise CommandError("The file must hold one JSON object: item id → item text.")
        practice = None
        if options["practice"] is not None:
            practice = Practice.objects.filter(pk=options["practice"]).first()
            if practice is None:
                raise CommandError(f"No practice with id {options['practice']}.")
        try:
            licensed = import_licensed_text(
                instrument=options["code"],
                texts={str(k): str(v) for k, v in texts.items()},
                practice=practice,
                license_holder=options["license_holder"],
                imported_by=None,
            )
        except (PackError, UnknownPack) as exc:
            raise CommandError(str(exc)) from exc
        where = practice.name if practice else "every practice"
        self.stdout.write(
            self.style.SUCCESS(f"{licensed.instrument}: licensed text imported for {where}.")
        )
