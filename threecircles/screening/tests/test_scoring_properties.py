"""Properties that hold for every pack and any answers hypothesis can think of."""

import pytest
from hypothesis import assume, given, settings, strategies

from threecircles.screening.instruments import (
    NOT_AVAILABLE,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
    ScoringError,
    all_packs,
    reliable_change,
    score,
)
from threecircles.screening.tests.answers import valid_answers

PACKS = {pack.code: pack for pack in all_packs()}
WITHOUT_REVERSE = [code for code, pack in PACKS.items() if not any(i.reverse for i in pack.items)]
WITH_RCI = [c for c, p in PACKS.items() if p.reliable_change.available]
WITHOUT_RCI = [c for c, p in PACKS.items() if not p.reliable_change.available]


def test_every_property_runs_on_the_packs_it_is_meant_for():
    """An empty parameter list would skip a property silently; these lists must hold packs."""
    assert len(PACKS) == 15
    # Only the ICD-11 checklist has a reverse-scored item, so only it is not monotonic.
    assert sorted(set(PACKS) - set(WITHOUT_REVERSE)) == ["icd11_6c72"]
    assert {"phq9", "gad7"} <= set(WITH_RCI)
    assert {"bps", "csbd19", "auditc", "behavior_inventory"} <= set(WITHOUT_RCI)
    assert sorted(WITH_RCI + WITHOUT_RCI) == sorted(PACKS)


@pytest.mark.parametrize("code", PACKS)
@settings(max_examples=60)
@given(data=strategies.data())
def test_any_valid_answers_give_a_total_within_range_and_exactly_one_band(code, data):
    pack = PACKS[code]
    result = score(pack, data.draw(valid_answers(pack)))
    assert pack.min_total <= result.total <= pack.max_total
    if pack.bands:
        assert result.band is not None
    assert set(result.subscales) == {s.code for s in pack.subscales}


@pytest.mark.parametrize("code", WITHOUT_REVERSE)
@settings(max_examples=60)
@given(data=strategies.data())
def test_raising_one_answer_never_lowers_the_total(code, data):
    pack = PACKS[code]
    answers = data.draw(valid_answers(pack, blanks=False))
    index = data.draw(strategies.integers(0, len(pack.items) - 1))
    item = pack.items[index]
    higher = [s for s in item.scores if s > answers[index]]
    assume(higher)  # the answer is already the highest; nothing to raise
    raised = list(answers)
    raised[index] = data.draw(strategies.sampled_from(higher))
    if item.skip_if is None:
        assert score(pack, raised).total >= score(pack, answers).total
        return
    # A skippable item can only be raised when its skip condition does not hold.
    rule = item.skip_if
    position = [i.id for i in pack.items].index(rule.item)
    if raised[position] != rule.equals:
        assert score(pack, raised).total >= score(pack, answers).total
    else:
        # Otherwise the raised answer is refused, never scored.
        with pytest.raises(ScoringError, match=f"must be blank or 0 when {rule.item}"):
            score(pack, raised)


@pytest.mark.parametrize("code", PACKS)
@settings(max_examples=40)
@given(data=strategies.data())
def test_the_same_answers_always_give_the_same_result(code, data):
    pack = PACKS[code]
    answers = data.draw(valid_answers(pack))
    assert score(pack, answers) == score(pack, list(answers))


@pytest.mark.parametrize("code", WITH_RCI)
@given(data=strategies.data())
def test_reliable_change_is_antisymmetric_and_never_both_ways(code, data):
    pack = PACKS[code]
    before = data.draw(strategies.integers(pack.min_total, pack.max_total))
    after = data.draw(strategies.integers(pack.min_total, pack.max_total))
    forward, backward = reliable_change(pack, before, after), reliable_change(pack, after, before)
    assert forward.rci is not None and backward.rci is not None
    assert forward.rci == -backward.rci
    if forward.verdict == RELIABLE_IMPROVEMENT:
        assert backward.verdict == RELIABLE_DETERIORATION
        assert after < before  # every shipped pack scores "higher = worse"


@pytest.mark.parametrize("code", WITHOUT_RCI)
@given(data=strategies.data())
def test_without_sd_and_reliability_the_rci_is_not_available(code, data):
    pack = PACKS[code]
    before = data.draw(strategies.integers(pack.min_total, pack.max_total))
    after = data.draw(strategies.integers(pack.min_total, pack.max_total))
    result = reliable_change(pack, before, after)
    assert (result.rci, result.verdict) == (None, NOT_AVAILABLE)
