"""Recovery-task workbook packs: the tasks of a workbook, and their exercises, as data.

A pack is a YAML file in `packs/<code>.yaml` (the format is in docs/workbook-packs.md). This
module reads and checks packs, keeps the registry of shipped packs, and completes a licensed
pack with the wording a practice imported. It is plain Python: no models, no database; the
client's answers and the stored licensed wording are in `workbook_actions`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from threecircles.lib.packs import PackReader

PACKS_DIR = Path(__file__).resolve().parent / "packs"

ExerciseKind = Literal["worksheet", "list", "sobriety_statement"]
KINDS: dict[str, str] = {
    "worksheet": "free text, one answer",
    "list": "several short entries",
    "sobriety_statement": "the client's sobriety statement, beside their inner circle",
}
LIST_ENTRIES = (2, 20)  # how many lines a list may offer
DEFAULT_LIST_ENTRIES = 5


class WorkbookPackError(ValueError):
    """A pack is malformed, or licensed wording does not fit it; the message names the place."""


class UnknownWorkbookPack(LookupError):
    """No shipped pack has that code."""


@dataclass(frozen=True)
class Exercise:
    id: str
    kind: ExerciseKind
    text: str | None  # None: licensed wording this project may not ship
    help: str | None = None
    entries: int = 0  # a list's number of lines; 0 for the other kinds

    @property
    def is_list(self) -> bool:
        return self.kind == "list"


@dataclass(frozen=True)
class Task:
    code: str
    number: int
    title: str
    exercises: tuple[Exercise, ...]
    intro: str | None = None

    @property
    def heading(self) -> str:
        return f"Task {self.number}: {self.title}"


@dataclass(frozen=True)
class Citation:
    key: str
    text: str


@dataclass(frozen=True)
class License:
    id: str
    text: str
    ships_item_text: bool


@dataclass(frozen=True)
class WorkbookPack:
    code: str
    title: str
    version: str
    license: License
    citations: tuple[Citation, ...]
    tasks: tuple[Task, ...]
    intro: str | None = None
    notes: str | None = None

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(exercise for task in self.tasks for exercise in task.exercises)

    @property
    def has_text(self) -> bool:
        return all(exercise.text is not None for exercise in self.exercises)

    def task(self, code: str) -> Task | None:
        return next((task for task in self.tasks if task.code == code), None)


# --- reading a pack ---------------------------------------------------------------------------


class _Places(PackReader):
    """Reads raw YAML values; every failure names the file and the place (`tasks[2].code`)."""

    error = WorkbookPackError


def parse_pack(data: object, *, source: str) -> WorkbookPack:
    """Check raw pack data and return the pack; a problem raises WorkbookPackError."""
    p = _Places(source)
    top = p.mapping(
        data,
        "pack",
        ("code", "title", "version", "license", "citations", "tasks"),
        ("intro", "notes"),
    )
    terms = p.mapping(top["license"], "license", ("id", "text", "ships_item_text"))
    license_ = License(
        id=p.text(terms["id"], "license.id"),
        text=p.text(terms["text"], "license.text"),
        ships_item_text=p.boolean(terms["ships_item_text"], "license.ships_item_text"),
    )
    citations = tuple(
        Citation(p.identifier(c["key"], f"{at}.key"), p.text(c["text"], f"{at}.text"))
        for at, c in p.entries(top["citations"], "citations", ("key", "text"))
    )
    p.unique([c.key for c in citations], "citations")
    tasks = _tasks(p, top["tasks"], license_.ships_item_text)
    return WorkbookPack(
        code=p.identifier(top["code"], "code"),
        title=p.text(top["title"], "title"),
        version=p.text(top["version"], "version"),
        license=license_,
        citations=citations,
        tasks=tasks,
        intro=p.optional(p.text, top.get("intro"), "intro"),
        notes=p.optional(p.text, top.get("notes"), "notes"),
    )


def _tasks(p: _Places, raw: object, ships_text: bool) -> tuple[Task, ...]:
    tasks: list[Task] = []
    for at, data in p.entries(
        raw, "tasks", ("code", "number", "title", "exercises"), ("intro",), non_empty=True
    ):
        number = p.integer(data["number"], f"{at}.number")
        if number < 1 or (tasks and number <= tasks[-1].number):
            p.fail(f"{at}.number", f"{number} must be above 0 and above the task before")
        if not ships_text and data.get("intro") is not None:
            p.fail(f"{at}.intro", "licensed wording must not be shipped: leave the intro out")
        tasks.append(
            Task(
                code=p.identifier(data["code"], f"{at}.code"),
                number=number,
                title=p.text(data["title"], f"{at}.title"),
                exercises=_exercises(p, data["exercises"], f"{at}.exercises", ships_text),
                intro=p.optional(p.text, data.get("intro"), f"{at}.intro"),
            )
        )
    p.unique([task.code for task in tasks], "tasks")
    # Licensed wording is keyed by exercise id, so an id names one exercise in the whole pack.
    p.unique([e.id for task in tasks for e in task.exercises], "exercises (ids across the pack)")
    return tuple(tasks)


def _exercises(p: _Places, raw: object, where: str, ships_text: bool) -> tuple[Exercise, ...]:
    exercises = []
    for at, data in p.entries(
        raw, where, ("id", "kind", "text"), ("help", "entries"), non_empty=True
    ):
        kind = data["kind"]
        if kind not in KINDS:
            p.fail(f"{at}.kind", f"{kind!r} must be one of {', '.join(KINDS)}")
        if ships_text and data["text"] is None:
            p.fail(
                f"{at}.text", "every exercise needs its text when license.ships_item_text is true"
            )
        if not ships_text and (data["text"] is not None or data.get("help") is not None):
            p.fail(at, "licensed wording must not be shipped: text: null and no help")
        entries = 0
        if kind == "list":
            entries = p.integer(data.get("entries", DEFAULT_LIST_ENTRIES), f"{at}.entries")
            low, high = LIST_ENTRIES
            if not low <= entries <= high:
                p.fail(f"{at}.entries", f"{entries} must be from {low} to {high}")
        elif "entries" in data:
            p.fail(f"{at}.entries", "only a list offers entries")
        exercises.append(
            Exercise(
                id=p.identifier(data["id"], f"{at}.id"),
                kind=kind,
                text=p.optional(p.text, data["text"], f"{at}.text"),
                help=p.optional(p.text, data.get("help"), f"{at}.help"),
                entries=entries,
            )
        )
    return tuple(exercises)


def load_pack_file(path: Path) -> WorkbookPack:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise WorkbookPackError(f"{path.name}: not valid YAML: {error}") from error
    pack = parse_pack(data, source=path.name)
    if pack.code != path.stem:
        _Places(path.name).fail("code", f"{pack.code!r} must match the file name {path.stem!r}")
    return pack


# --- the shipped packs ------------------------------------------------------------------------


@cache
def _registry(directory: Path) -> dict[str, WorkbookPack]:
    return {pack.code: pack for pack in map(load_pack_file, sorted(directory.glob("*.yaml")))}


def all_packs() -> list[WorkbookPack]:
    return list(_registry(PACKS_DIR).values())


def get_pack(code: str) -> WorkbookPack:
    packs = _registry(PACKS_DIR)
    if code not in packs:
        known = ", ".join(sorted(packs))
        raise UnknownWorkbookPack(f"No workbook pack called {code!r}. Known packs: {known}.")
    return packs[code]


def find_task(pack_code: str, task_code: str) -> tuple[WorkbookPack, Task] | None:
    """The shipped pack and its task, or None (a URL naming neither is simply not found)."""
    pack = _registry(PACKS_DIR).get(pack_code)
    task = pack.task(task_code) if pack else None
    return (pack, task) if pack and task else None


# --- licensed wording -------------------------------------------------------------------------


def apply_licensed_text(pack: WorkbookPack, texts: Mapping[str, str]) -> WorkbookPack:
    """The pack with every exercise's licensed wording filled in. The licence still says the
    wording may not be shipped: it belongs to the practice that imported it."""
    ids = [exercise.id for exercise in pack.exercises]
    if missing := [i for i in ids if i not in texts]:
        raise WorkbookPackError(f"{pack.code}: licensed text is missing for {', '.join(missing)}")
    if unknown := sorted(set(texts) - set(ids)):
        raise WorkbookPackError(
            f"{pack.code}: licensed text given for unknown exercises {', '.join(unknown)}"
        )
    if blank := [i for i in ids if not isinstance(texts[i], str) or not texts[i].strip()]:
        raise WorkbookPackError(f"{pack.code}: licensed text is empty for {', '.join(blank)}")
    tasks = tuple(
        replace(
            task,
            exercises=tuple(replace(e, text=texts[e.id].strip()) for e in task.exercises),
        )
        for task in pack.tasks
    )
    return replace(pack, tasks=tasks)
