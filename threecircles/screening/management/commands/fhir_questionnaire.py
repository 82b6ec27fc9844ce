import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.screening.fhir import from_fhir, to_fhir
from threecircles.screening.instruments import UnknownPack, get_pack


class Command(BaseCommand):
    help = (
        "Export an instrument pack as a FHIR R4 Questionnaire (JSON), or read one back and "
        "show what it scores. `export CODE [--output FILE]` / `read FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "read"])
        parser.add_argument("target", help="A pack code to export, or a JSON file to read.")
        parser.add_argument("--output", type=Path, help="Write the export here.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            try:
                pack = get_pack(options["target"])
            except UnknownPack as exc:
                raise CommandError(str(exc)) from exc
            text = to_fhir(pack).model_dump_json(indent=2, exclude_none=True)
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}."))
            else:
                self.stdout.write(text)
            return
        path = Path(options["target"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pack = from_fhir(data)
        except (OSError, ValueError) as exc:  # ValueError: bad JSON, bad FHIR or a PackError
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        text = "included" if pack.has_item_text else "not included"
        self.stdout.write(
            f"{pack.title} ({pack.code}, version {pack.version}): {len(pack.items)} items, "
            f"total {pack.min_total}–{pack.max_total}, {len(pack.bands)} bands, "
            f"{len(pack.flags)} flag rules, item text {text}."
        )
