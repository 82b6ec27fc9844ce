import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from threecircles.screening.instruments import ScoringError, UnknownPack, get_pack, score


class Command(BaseCommand):
    help = "Score answers with an instrument pack and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the pack's code, e.g. phq9")
        parser.add_argument(
            "--answers",
            required=True,
            help="option scores in item order, comma-separated; leave an entry empty for an "
            "unanswered item (e.g. 0,1,,3)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pack = get_pack(options["code"])
            result = score(pack, parse_answers(options["answers"]))
        except (UnknownPack, ScoringError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))


def parse_answers(raw: str) -> list[int | None]:
    answers: list[int | None] = []
    for position, entry in enumerate(raw.split(","), start=1):
        entry = entry.strip()
        if not entry:
            answers.append(None)
            continue
        try:
            answers.append(int(entry))
        except ValueError:
            raise CommandError(f"Answer {position} ({entry!r}) is not a whole number.") from None
    return answers
