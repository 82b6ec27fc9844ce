"""Jacobson-Truax reliable change, with numbers worked out by hand."""

import math

import pytest

from threecircles.screening.instruments import (
    NO_RELIABLE_CHANGE,
    NOT_AVAILABLE,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
    ScoringError,
    get_pack,
    parse_pack,
    reliable_change,
)


def s_diff(sd: float, r: float) -> float:
    return math.sqrt(2 * (sd * math.sqrt(1 - r)) ** 2)


def test_phq9_rci_follows_the_jacobson_truax_formula():
    result = reliable_change(get_pack("phq9"), 18, 12)
    assert result.rci == pytest.approx((12 - 18) / s_diff(3.5, 0.84), abs=1e-3)
    assert result.verdict == RELIABLE_IMPROVEMENT


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (15, 9, RELIABLE_IMPROVEMENT),  # 6 points: above the published RCI of 5.59
        (15, 10, NO_RELIABLE_CHANGE),  # 5 points: below it
        (15, 15, NO_RELIABLE_CHANGE),
        (9, 15, RELIABLE_DETERIORATION),
        (10, 15, NO_RELIABLE_CHANGE),
    ],
)
def test_gad7_reproduces_the_published_six_point_threshold(before, after, verdict):
    assert reliable_change(get_pack("gad7"), before, after).verdict == verdict


def test_phq9_change_of_four_is_reliable_and_three_is_not_with_the_shipped_values():
    pack = get_pack("phq9")
    assert reliable_change(pack, 14, 10).verdict == RELIABLE_IMPROVEMENT
    assert reliable_change(pack, 14, 11).verdict == NO_RELIABLE_CHANGE


@pytest.mark.parametrize("code", ["bps", "csbd19", "auditc", "behavior_inventory"])
def test_packs_without_sd_and_reliability_report_not_available(code):
    pack = get_pack(code)
    result = reliable_change(pack, pack.min_total, pack.max_total)
    assert result.rci is None
    assert result.verdict == NOT_AVAILABLE


def test_when_higher_means_better_a_rise_is_an_improvement():
    pack = parse_pack(
        {
            "code": "wellbeing",
            "title": "Well-being",
            "version": "1",
            "license": {"id": "own", "text": "Test.", "ships_item_text": True},
            "citations": [{"key": "test", "text": "A test source."}],
            "options": [{"score": s, "label": str(s)} for s in range(5)],
            "items": [{"id": f"w{n}", "text": "W"} for n in range(5)],
            "reliable_change": {
                "higher_is_worse": False,
                "sd": 2.0,
                "reliability": 0.8,
                "reliability_kind": "alpha",
                "citations": ["test"],
            },
        },
        source="test",
    )
    assert reliable_change(pack, 5, 15).verdict == RELIABLE_IMPROVEMENT
    assert reliable_change(pack, 15, 5).verdict == RELIABLE_DETERIORATION


@pytest.mark.parametrize(("before", "after"), [(-1, 5), (5, 28), (5.5, 5), (True, 5)])
def test_totals_outside_the_range_or_not_whole_are_refused(before, after):
    with pytest.raises(ScoringError):
        reliable_change(get_pack("phq9"), before, after)
