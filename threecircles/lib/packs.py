"""Reading packs of data (instrument packs, workbook packs): a reader that walks the raw YAML
values and names the exact place of any problem ("tasks[2].exercises[0].kind: ...")."""

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, NoReturn

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


class PackReader:
    """Walks the raw YAML data, naming the exact place of any problem. Subclasses name the
    error they raise."""

    error: type[Exception] = ValueError

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> NoReturn:
        raise self.error(f"{self.source}: {where}: {problem}")

    def mapping(
        self, value: object, where: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(where, "must be a mapping of keys to values")
        required, allowed = set(required), set(required) | set(optional)
        if missing := sorted(required - set(value)):
            self.fail(where, f"missing {', '.join(missing)}")
        if unknown := sorted(str(key) for key in set(value) - allowed):
            self.fail(
                where, f"unknown key {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
            )
        return value

    def list(self, value: object, where: str, *, non_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, "must be a list")
        if non_empty and not value:
            self.fail(where, "must not be empty")
        return value

    def entries(
        self,
        value: object,
        where: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
        *,
        non_empty: bool = False,
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """Each mapping of a list, with its place (e.g. "bands[2]") for error messages."""
        for i, raw in enumerate(self.list(value, where, non_empty=non_empty)):
            yield f"{where}[{i}]", self.mapping(raw, f"{where}[{i}]", required, optional)

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, 'must be non-empty text (quote numbers, e.g. version: "1")')
        return value.strip()

    def optional[T](self, read: Callable[[object, str], T], value: object, where: str) -> T | None:
        """Read a value that may be left out (None), e.g. `optional(self.text, value, where)`."""
        return None if value is None else read(value, where)

    def identifier(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if not IDENTIFIER.match(text):
            self.fail(where, f"{text!r} must be lower-case letters, digits and underscores")
        return text

    def integer(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"{value!r} must be a whole number")
        return value

    def number(self, value: object, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"{value!r} must be a number")
        return float(value)

    def boolean(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"{value!r} must be true or false")
        return value

    def unique(self, values: Sequence[str], where: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.fail(where, f"{value!r} appears more than once")
            seen.add(value)
