import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.accounts.models import Practice
from threecircles.recovery.workbook import UnknownWorkbookPack, WorkbookPackError
from threecircles.recovery.workbook_actions import import_licensed_workbook


class Command(BaseCommand):
    help = (
        "Import the exercise wording of a licensed recovery-task workbook your practice holds "
        'a license for. FILE is JSON: {"exercise_id": "wording", ...} covering every exercise '
        "of the pack. Nothing is saved unless every exercise is covered. Without --practice the "
        "wording serves every practice on this installation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", help="The pack's code, e.g. the file name without .yaml.")
        parser.add_argument("file", type=Path)
        parser.add_argument("--license-holder", required=True)
        parser.add_argument("--practice", type=int, help="Practice id.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            texts = json.loads(options["file"].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
            raise CommandError("The file must hold one JSON object: exercise id → its wording.")
        practice = None
        if options["practice"] is not None:
            practice = Practice.objects.filter(pk=options["practice"]).first()
            if practice is None:
                raise CommandError(f"No practice with id {options['practice']}.")
        try:
            licensed = import_licensed_workbook(
                pack_code=options["pack"],
                texts=texts,
                practice=practice,
                license_holder=options["license_holder"],
                imported_by=None,
            )
        except (WorkbookPackError, UnknownWorkbookPack) as exc:
            raise CommandError(str(exc)) from exc
        where = practice.name if practice else "every practice"
        self.stdout.write(
            self.style.SUCCESS(f"{licensed.pack}: licensed wording imported for {where}.")
        )
