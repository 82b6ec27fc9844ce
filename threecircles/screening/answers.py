"""Answers in words: what a completed administration said, item by item, for its result page.

Answers are stored as option scores; a score alone ("anonymous_sex_frequency: 0") tells a
reader nothing. This module turns them back into the question and the chosen option's label,
grouped by the pack's subscales, with the flags each answer raised. It never invents wording:
an item whose licensed text is not imported here reads "Item N (text not licensed here)".

It only reads: the administration must come through `get_client_for` (the result view's
`_administration_for`), which checks the grant and logs the access that decrypts the answers.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from threecircles.screening import actions
from threecircles.screening.instruments import (
    COMPARISONS,
    FlagRule,
    Item,
    Pack,
    PackError,
    get_pack,
)
from threecircles.screening.models import Administration

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class AnswerRow:
    number: int  # 1-based position in the pack, as printed on the form
    question: str  # the item's text, or the unlicensed placeholder
    answer: str  # in words
    licensed_text_missing: bool
    also_in: tuple[str, ...]  # labels of subscales beyond the row's own group
    flags: tuple[str, ...]  # labels of the raised flags this answer is part of


@dataclass(frozen=True)
class AnswerGroup:
    label: str | None  # the subscale the items belong to; None for items in none
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class SubscaleScore:
    label: str
    value: str


def scored_by_total(pack: Pack) -> bool:
    """Whether the total means something: only when the pack gives it bands or cutoffs.

    Our own histories and checklists (behavior inventory, safety and legal screen, ICD-11
    checklist, consent) have neither; their totals count answers and compare with no norm.
    """
    return bool(pack.bands or pack.cutoffs)


def pack_with_text(administration: Administration) -> Pack:
    """The pack as the person answered it: with the practice's licensed text when imported."""
    try:
        return actions.pack_for(administration.instrument, administration.practice)
    except (actions.NeedsLicensedText, PackError):
        # The text was never imported here, or no longer fits the pack: show no wording.
        return get_pack(administration.instrument)


def answer_groups(administration: Administration, pack: Pack) -> list[AnswerGroup]:
    """Every item in order, in runs of items that share their first subscale."""
    given: Sequence[object] = administration.answers
    raised = _raised_rules(pack, administration.flags)
    groups: list[tuple[str | None, list[AnswerRow]]] = []
    for number, item in enumerate(pack.items, start=1):
        answer = given[number - 1] if number <= len(given) else None
        memberships = [s.label for s in pack.subscales if item.id in s.items]
        home = memberships[0] if memberships else None
        row = AnswerRow(
            number=number,
            question=item.text or f"Item {number} (text not licensed here)",
            answer=_in_words(item, answer, with_value=item.text is None),
            licensed_text_missing=item.text is None,
            also_in=tuple(memberships[1:]),
            flags=tuple(rule.label for rule in raised if _part_of(rule, item, answer)),
        )
        if groups and groups[-1][0] == home:
            groups[-1][1].append(row)
        else:
            groups.append((home, [row]))
    return [AnswerGroup(label, tuple(rows)) for label, rows in groups]


def subscale_scores(administration: Administration, pack: Pack) -> list[SubscaleScore]:
    """The stored subscale scores under the pack's labels, never its codes."""
    labels = {s.code: s for s in pack.subscales}
    scores = []
    for code, value in administration.subscales.items():
        subscale = labels.get(code)
        shown = f"{value:.2f}" if subscale and subscale.method == "mean" else f"{value:g}"
        scores.append(SubscaleScore(subscale.label if subscale else code, shown))
    return scores


def _in_words(item: Item, answer: object, *, with_value: bool) -> str:
    if answer is None or answer == [] or answer == "":
        return NOT_ANSWERED
    if isinstance(answer, bool):
        return "Yes" if answer else "No"
    if isinstance(answer, str):
        return answer  # free text: the person's own words
    if isinstance(answer, list):
        return "; ".join(_in_words(item, one, with_value=with_value) for one in answer)
    labels = {option.score: option.label for option in item.options}
    if answer not in labels:
        return str(answer)  # a value an older version of the pack offered
    return f"{answer} — {labels[answer]}" if with_value else labels[answer]


def _raised_rules(pack: Pack, flags: Sequence[Mapping[str, Any]]) -> list[FlagRule]:
    """The pack's flag rules that this result raised, matched on code, category and label."""
    stored = {(f.get("code"), f.get("category"), f.get("label")) for f in flags}
    return [rule for rule in pack.flags if (rule.code, rule.category, rule.label) in stored]


def _part_of(rule: FlagRule, item: Item, answer: object) -> bool:
    """Whether this item's answer is one of the conditions that raised the flag."""
    if isinstance(answer, bool) or not isinstance(answer, int):
        return False
    return any(
        condition.of == item.id and COMPARISONS[condition.op](answer, condition.value)
        for condition in rule.when
    )
