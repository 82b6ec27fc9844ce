"""Instrument packs: questionnaires as data, and the one way to score them.

A pack is a YAML file in `packs/<code>.yaml` (the format is documented in
docs/instrument-packs.md). This module reads and checks packs, keeps the registry of shipped
packs, scores a list of answers, and computes the Jacobson-Truax reliable change index.

It is pure Python on purpose: no models, no database. Administrations, stored answers and the
staff page that imports licensed text are built on top of it.
"""

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from threecircles.lib.packs import PackReader

PACKS_DIR = Path(__file__).resolve().parent / "packs"

# Two-tailed 95%: a change larger than this many standard errors of the difference is unlikely
# to be measurement noise (Jacobson & Truax, 1991).
RCI_THRESHOLD = 1.96

RELIABLE_IMPROVEMENT = "reliable improvement"
RELIABLE_DETERIORATION = "reliable deterioration"
NO_RELIABLE_CHANGE = "no reliable change"
NOT_AVAILABLE = "not available"

SubscaleMethod = Literal["sum", "mean"]
ReliabilityKind = Literal["test_retest", "alpha"]

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    "<": operator.lt,
}


class PackError(ValueError):
    """A pack is malformed; the message names the file and the place."""


class UnknownPack(LookupError):
    """No shipped pack has that code."""


class ScoringError(ValueError):
    """The answers cannot be scored: wrong count, a value the item does not offer, or a gap."""


# --- The pack, as read from YAML ---------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    score: int
    label: str


@dataclass(frozen=True)
class SkipRule:
    """The item may be left blank (and then counts 0) when an earlier item has this answer."""

    item: str
    equals: int


@dataclass(frozen=True)
class Item:
    id: str
    text: str | None  # None: licensed text that this project may not ship
    options: tuple[Option, ...]
    reverse: bool = False
    required: bool = True
    skip_if: SkipRule | None = None

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(option.score for option in self.options)

    def scored(self, answer: int) -> int:
        if not self.reverse:
            return answer
        return min(self.scores) + max(self.scores) - answer


@dataclass(frozen=True)
class Subscale:
    code: str
    label: str
    method: SubscaleMethod
    items: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    label: str


@dataclass(frozen=True)
class Citation:
    key: str
    text: str


@dataclass(frozen=True)
class Cutoff:
    code: str
    label: str
    min_total: int
    citation: str
    applies_to: str | None = None


@dataclass(frozen=True)
class Condition:
    """`of` is an item id (its answer as given), a subscale code, or "total"."""

    of: str
    op: str
    value: float


@dataclass(frozen=True)
class FlagRule:
    code: str
    label: str
    when: tuple[Condition, ...]  # all must hold
    category: str | None = None


@dataclass(frozen=True)
class ReliableChangeValues:
    higher_is_worse: bool = True
    sd: float | None = None
    reliability: float | None = None
    reliability_kind: ReliabilityKind | None = None
    citations: tuple[str, ...] = ()
    note: str | None = None

    @property
    def available(self) -> bool:
        return self.sd is not None and self.reliability is not None


@dataclass(frozen=True)
class License:
    id: str
    text: str
    ships_item_text: bool


@dataclass(frozen=True)
class Pack:
    code: str
    title: str
    version: str
    license: License
    citations: tuple[Citation, ...]
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    reliable_change: ReliableChangeValues = ReliableChangeValues()
    instructions: str | None = None
    notes: str | None = None
    # Asks what the client may be reluctant to tell (behaviors, offending, legal status): it
    # cannot be opened, by the client or in session, before they have given intake consent.
    requires_consent: bool = False

    @property
    def min_total(self) -> int:
        return sum(min(item.scores) for item in self.items)

    @property
    def max_total(self) -> int:
        return sum(max(item.scores) for item in self.items)

    @property
    def has_item_text(self) -> bool:
        return all(item.text is not None for item in self.items)


# --- Reading and checking a pack ---------------------------------------------------------------


class _Reader(PackReader):
    error = PackError


def parse_pack(data: object, *, source: str) -> Pack:
    """Check raw pack data (as loaded from YAML or built from FHIR) and return the Pack."""
    r = _Reader(source)
    top = r.mapping(
        data,
        "pack",
        required=("code", "title", "version", "license", "citations", "items"),
        optional=(
            "instructions",
            "notes",
            "options",
            "subscales",
            "bands",
            "cutoffs",
            "flags",
            "reliable_change",
            "requires_consent",
        ),
    )
    license_ = r.mapping(top["license"], "license", ("id", "text", "ships_item_text"))
    citations = tuple(
        Citation(r.identifier(c["key"], f"{at}.key"), r.text(c["text"], f"{at}.text"))
        for at, c in r.entries(top["citations"], "citations", ("key", "text"))
    )
    citation_keys = [c.key for c in citations]
    _unique(r, citation_keys, "citations")

    shared = None if top.get("options") is None else _options(r, top["options"], "options")
    items = _items(r, top["items"], shared)
    item_ids = [item.id for item in items]
    _unique(r, item_ids, "items")
    total_range = (sum(min(i.scores) for i in items), sum(max(i.scores) for i in items))
    subscales = _subscales(r, top.get("subscales") or [], item_ids)
    names = [*item_ids, *(s.code for s in subscales)]
    _unique(r, names, "subscales (codes must differ from item ids)")
    if "total" in names:
        r.fail("items", '"total" is reserved for the total score')
    return Pack(
        code=r.identifier(top["code"], "code"),
        title=r.text(top["title"], "title"),
        version=r.text(top["version"], "version"),
        license=License(
            id=r.text(license_["id"], "license.id"),
            text=r.text(license_["text"], "license.text"),
            ships_item_text=r.boolean(license_["ships_item_text"], "license.ships_item_text"),
        ),
        citations=citations,
        items=items,
        subscales=subscales,
        bands=_bands(r, top.get("bands") or [], total_range),
        cutoffs=_cutoffs(r, top.get("cutoffs") or [], total_range, citation_keys),
        flags=_flags(r, top.get("flags") or [], set(names)),
        reliable_change=(
            ReliableChangeValues()
            if top.get("reliable_change") is None
            else _reliable_change(r, top["reliable_change"], citation_keys)
        ),
        instructions=r.optional(r.text, top.get("instructions"), "instructions"),
        notes=r.optional(r.text, top.get("notes"), "notes"),
        requires_consent=bool(
            r.optional(r.boolean, top.get("requires_consent"), "requires_consent")
        ),
    )


def _unique(r: _Reader, values: Sequence[str], where: str) -> None:
    r.unique(values, where)


def _options(r: _Reader, raw: object, where: str) -> tuple[Option, ...]:
    options = tuple(
        Option(r.integer(o["score"], f"{at}.score"), r.text(o["label"], f"{at}.label"))
        for at, o in r.entries(raw, where, ("score", "label"))
    )
    if len(options) < 2:
        r.fail(where, "an item needs at least two answer options")
    scores = [option.score for option in options]
    if len(set(scores)) != len(scores):
        r.fail(where, "each option needs its own score (answers are given as scores)")
    return options


def _items(r: _Reader, raw: object, shared: tuple[Option, ...] | None) -> tuple[Item, ...]:
    items: list[Item] = []
    optional = ("options", "reverse", "required", "skip_if")
    for at, data in r.entries(raw, "items", ("id", "text"), optional):
        item_id = r.identifier(data["id"], f"{at}.id")
        where = f"{at} ({item_id})"
        if data.get("options") is not None:
            options = _options(r, data["options"], f"{where}.options")
        elif shared is not None:
            options = shared
        else:
            r.fail(where, "has no options and the pack has no shared options")
        item = Item(
            id=item_id,
            text=r.optional(r.text, data["text"], f"{where}.text"),
            options=options,
            reverse=r.boolean(data.get("reverse", False), f"{where}.reverse"),
            required=r.boolean(data.get("required", True), f"{where}.required"),
            skip_if=_skip_rule(r, data.get("skip_if"), f"{where}.skip_if", items),
        )
        if (not item.required or item.skip_if) and (item.reverse or 0 not in item.scores):
            # A blank counts 0, so 0 must be a real, unreversed answer of the item.
            r.fail(where, "an item that may be left blank needs an option scoring 0 and no reverse")
        items.append(item)
    if not items:
        r.fail("items", "must not be empty")
    return tuple(items)


def _skip_rule(r: _Reader, raw: object, where: str, earlier: list[Item]) -> SkipRule | None:
    if raw is None:
        return None
    data = r.mapping(raw, where, ("item", "equals"))
    rule = SkipRule(
        r.text(data["item"], f"{where}.item"), r.integer(data["equals"], f"{where}.equals")
    )
    before = {item.id: item for item in earlier}
    if rule.item not in before:
        r.fail(where, f"{rule.item!r} must be an earlier item")
    if rule.equals not in before[rule.item].scores:
        r.fail(where, f"{rule.equals} is not an answer of {rule.item}")
    return rule


def _subscales(r: _Reader, raw: object, item_ids: list[str]) -> tuple[Subscale, ...]:
    subscales = []
    for at, data in r.entries(raw, "subscales", ("code", "label", "method", "items")):
        method = data["method"]
        if method not in ("sum", "mean"):
            r.fail(f"{at}.method", f"{method!r} must be sum or mean")
        members = tuple(
            r.identifier(m, f"{at}.items[{j}]")
            for j, m in enumerate(r.list(data["items"], f"{at}.items", non_empty=True))
        )
        if unknown := [m for m in members if m not in item_ids]:
            r.fail(f"{at}.items", f"unknown item {', '.join(unknown)}")
        _unique(r, members, f"{at}.items")
        subscales.append(
            Subscale(
                code=r.identifier(data["code"], f"{at}.code"),
                label=r.text(data["label"], f"{at}.label"),
                method=method,
                items=members,
            )
        )
    return tuple(subscales)


def _bands(r: _Reader, raw: object, total_range: tuple[int, int]) -> tuple[Band, ...]:
    bands = tuple(
        Band(
            r.integer(b["min"], f"{at}.min"),
            r.integer(b["max"], f"{at}.max"),
            r.text(b["label"], f"{at}.label"),
        )
        for at, b in r.entries(raw, "bands", ("min", "max", "label"))
    )
    if not bands:
        return bands
    # Bands must tile the whole range, so every possible total gets exactly one band.
    lowest, highest = total_range
    expected = lowest
    for i, band in enumerate(bands):
        if band.min != expected or band.max < band.min:
            r.fail(f"bands[{i}]", f"expected a band starting at {expected} (in order, no gaps)")
        expected = band.max + 1
    if bands[-1].max != highest:
        r.fail("bands", f"the last band must end at the maximum total {highest}")
    return bands


def _cutoffs(
    r: _Reader, raw: object, total_range: tuple[int, int], citations: list[str]
) -> tuple[Cutoff, ...]:
    lowest, highest = total_range
    cutoffs = []
    for at, data in r.entries(
        raw, "cutoffs", ("code", "label", "min_total", "citation"), ("applies_to",)
    ):
        cutoff = Cutoff(
            code=r.identifier(data["code"], f"{at}.code"),
            label=r.text(data["label"], f"{at}.label"),
            min_total=r.integer(data["min_total"], f"{at}.min_total"),
            citation=r.text(data["citation"], f"{at}.citation"),
            applies_to=r.optional(r.text, data.get("applies_to"), f"{at}.applies_to"),
        )
        if not lowest < cutoff.min_total <= highest:
            r.fail(at, f"min_total must lie above {lowest} and up to {highest}")
        if cutoff.citation not in citations:
            r.fail(f"{at}.citation", f"{cutoff.citation!r} is not one of the pack's citations")
        cutoffs.append(cutoff)
    _unique(r, [c.code for c in cutoffs], "cutoffs")
    return tuple(cutoffs)


def _flags(r: _Reader, raw: object, names: set[str]) -> tuple[FlagRule, ...]:
    flags = []
    for at, data in r.entries(raw, "flags", ("code", "label", "when"), ("category",)):
        conditions = []
        for where, c in r.entries(data["when"], f"{at}.when", ("of", "op", "value")):
            of, op = r.text(c["of"], f"{where}.of"), c["op"]
            if of != "total" and of not in names:
                r.fail(f"{where}.of", f"{of!r} is not an item, a subscale or total")
            if op not in COMPARISONS:
                r.fail(f"{where}.op", f"{op!r} must be one of {' '.join(COMPARISONS)}")
            conditions.append(Condition(of, op, r.number(c["value"], f"{where}.value")))
        if not conditions:
            r.fail(f"{at}.when", "must name at least one condition")
        flags.append(
            FlagRule(
                code=r.identifier(data["code"], f"{at}.code"),
                label=r.text(data["label"], f"{at}.label"),
                when=tuple(conditions),
                category=r.optional(r.identifier, data.get("category"), f"{at}.category"),
            )
        )
    return tuple(flags)


def _reliable_change(r: _Reader, raw: object, citations: list[str]) -> ReliableChangeValues:
    where = "reliable_change"
    data = r.mapping(
        raw,
        where,
        ("higher_is_worse", "sd", "reliability"),
        ("reliability_kind", "citations", "note"),
    )
    sd = r.optional(r.number, data["sd"], f"{where}.sd")
    reliability = r.optional(r.number, data["reliability"], f"{where}.reliability")
    kind = data.get("reliability_kind")
    keys = tuple(
        r.text(k, f"{where}.citations")
        for k in r.list(data.get("citations") or [], f"{where}.citations")
    )
    if (sd is None) != (reliability is None):
        r.fail(where, "give both sd and reliability, or neither (then the RCI is not available)")
    if sd is not None and reliability is not None:
        if sd <= 0:
            r.fail(f"{where}.sd", "must be above 0")
        if not 0 <= reliability < 1:
            r.fail(f"{where}.reliability", "must be at least 0 and below 1")
        if kind not in ("test_retest", "alpha"):
            r.fail(f"{where}.reliability_kind", "must be test_retest or alpha")
        if not keys:
            r.fail(f"{where}.citations", "cite where the sd and reliability come from")
    elif kind is not None:
        r.fail(f"{where}.reliability_kind", "only makes sense with a reliability value")
    if unknown := [k for k in keys if k not in citations]:
        r.fail(f"{where}.citations", f"{', '.join(unknown)} not among the pack's citations")
    return ReliableChangeValues(
        higher_is_worse=r.boolean(data["higher_is_worse"], f"{where}.higher_is_worse"),
        sd=sd,
        reliability=reliability,
        reliability_kind=kind,
        citations=keys,
        note=r.optional(r.text, data.get("note"), f"{where}.note"),
    )


def load_pack_file(path: Path) -> Pack:
    """Read one shipped pack, with the extra checks that protect licensed text."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PackError(f"{path.name}: not valid YAML: {error}") from error
    pack = parse_pack(data, source=path.name)
    r = _Reader(path.name)
    if pack.code != path.stem:
        r.fail("code", f"{pack.code!r} must match the file name {path.stem!r}")
    if pack.license.ships_item_text and not pack.has_item_text:
        r.fail("items", "every item needs its text when license.ships_item_text is true")
    if not pack.license.ships_item_text and any(item.text is not None for item in pack.items):
        r.fail("items", "licensed text must not be shipped: set text: null on every item")
    return pack


@cache
def _registry() -> dict[str, Pack]:
    packs: dict[str, Pack] = {}
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        pack = load_pack_file(path)
        packs[pack.code] = pack
    return packs


def get_pack(code: str) -> Pack:
    try:
        return _registry()[code]
    except KeyError:
        known = ", ".join(sorted(_registry()))
        raise UnknownPack(f"No instrument pack called {code!r}. Known packs: {known}.") from None


def all_packs() -> list[Pack]:
    return list(_registry().values())


def apply_licensed_text(pack: Pack, texts: Mapping[str, str]) -> Pack:
    """Return the pack with licensed item text filled in; every item must be covered.

    Scoring never depends on text, so the result scores exactly like the pack it came from.
    The licence still says the text may not be shipped: it belongs to this install only.
    """
    ids = [item.id for item in pack.items]
    if missing := [item_id for item_id in ids if item_id not in texts]:
        raise PackError(f"{pack.code}: licensed text is missing for {', '.join(missing)}")
    if unknown := sorted(set(texts) - set(ids)):
        raise PackError(f"{pack.code}: licensed text given for unknown items {', '.join(unknown)}")
    if empty := [item_id for item_id in ids if not str(texts[item_id]).strip()]:
        raise PackError(f"{pack.code}: licensed text is empty for {', '.join(empty)}")
    items = tuple(replace(item, text=texts[item.id].strip()) for item in pack.items)
    return replace(pack, items=items)


# --- Scoring -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    category: str | None = None


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    total: int
    band: str | None
    subscales: dict[str, float]
    flags: tuple[Flag, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def score(pack: Pack, answers: Sequence[int | None]) -> ScoreResult:
    """Score answers given as option scores in item order; None is an unanswered item."""
    if len(answers) != len(pack.items):
        raise ScoringError(
            f"{pack.title} has {len(pack.items)} items, but {len(answers)} answers were given."
        )
    given: dict[str, int | None] = {}
    scored: dict[str, int] = {}
    for position, (item, answer) in enumerate(zip(pack.items, answers, strict=True), start=1):
        where = f"{pack.title}, item {position} ({item.id})"
        skip = item.skip_if
        if skip is not None and given.get(skip.item) != skip.equals:
            skip = None  # the earlier item has another answer: the rule does not apply
        if answer is None:
            if item.required and skip is None:
                raise ScoringError(
                    f"{where} is unanswered; this instrument is not scored with missing answers."
                )
            given[item.id], scored[item.id] = None, 0
            continue
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ScoringError(f"{where}: {answer!r} is not a whole number.")
        if answer not in item.scores:
            allowed = ", ".join(str(s) for s in item.scores)
            raise ScoringError(f"{where}: {answer} is not an answer it offers ({allowed}).")
        if skip is not None and answer != 0:
            raise ScoringError(
                f"{where} must be blank or 0 when {skip.item} is {skip.equals}; got {answer}."
            )
        given[item.id], scored[item.id] = answer, item.scored(answer)

    total = sum(scored.values())
    subscales = {s.code: _subscale_score(s, scored) for s in pack.subscales}
    values: dict[str, float | None] = {"total": total, **subscales, **given}
    flags = [
        Flag(rule.code, rule.label, rule.category)
        for rule in pack.flags
        if all(_holds(condition, values[condition.of]) for condition in rule.when)
    ]
    flags += [
        Flag(cutoff.code, cutoff.label, "cutoff")
        for cutoff in pack.cutoffs
        if total >= cutoff.min_total
    ]
    band = next((b.label for b in pack.bands if b.min <= total <= b.max), None)
    return ScoreResult(pack.code, total, band, subscales, tuple(flags))


def _subscale_score(subscale: Subscale, scored: Mapping[str, int]) -> float:
    total = sum(scored[item_id] for item_id in subscale.items)
    if subscale.method == "mean":
        return round(total / len(subscale.items), 2)
    return total


def _holds(condition: Condition, value: float | None) -> bool:
    # An unanswered item never raises a flag: flags speak about what the person said.
    return value is not None and COMPARISONS[condition.op](value, condition.value)


# --- Reliable change ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReliableChange:
    instrument: str
    before: int
    after: int
    rci: float | None  # None when the pack has no SD/reliability to compute it from
    verdict: str


def reliable_change(pack: Pack, before_total: int, after_total: int) -> ReliableChange:
    """Jacobson-Truax RCI = (after - before) / S_diff; S_diff = sqrt(2 SE^2), SE = SD sqrt(1-r)."""
    for name, value in (("before", before_total), ("after", after_total)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScoringError(f"The {name} total {value!r} is not a whole number.")
        if not pack.min_total <= value <= pack.max_total:
            raise ScoringError(
                f"The {name} total {value} is outside {pack.title}'s range "
                f"{pack.min_total} to {pack.max_total}."
            )
    values = pack.reliable_change
    if values.sd is None or values.reliability is None:
        return ReliableChange(pack.code, before_total, after_total, None, NOT_AVAILABLE)
    standard_error = values.sd * math.sqrt(1 - values.reliability)
    s_diff = math.sqrt(2 * standard_error**2)
    rci = (after_total - before_total) / s_diff
    if abs(rci) <= RCI_THRESHOLD:
        verdict = NO_RELIABLE_CHANGE
    elif (rci > 0) == values.higher_is_worse:
        verdict = RELIABLE_DETERIORATION
    else:
        verdict = RELIABLE_IMPROVEMENT
    return ReliableChange(pack.code, before_total, after_total, round(rci, 3), verdict)
