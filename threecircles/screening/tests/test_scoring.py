"""Scoring every shipped instrument: totals, band edges, cutoffs, flags, gaps and bad values."""

import pytest

from threecircles.screening.instruments import (
    ScoreResult,
    ScoringError,
    all_packs,
    get_pack,
    parse_pack,
    score,
)
from threecircles.screening.tests.answers import answers_for_total

SHIPPED = [pack.code for pack in all_packs()]


def flag_codes(result: ScoreResult) -> list[str]:
    return [flag.code for flag in result.flags]


def test_every_instrument_of_issue_3_is_shipped():
    assert set(SHIPPED) == {
        "phq9",
        "gad7",
        "auditc",
        "pathos",
        "bps",
        "csbd19",
        "sastr",
        "scs",
        "hbi19",
        "ppcs18",
        "ppcs6",
        "intake_consent",
        "behavior_inventory",
        "offending_screen",
        "icd11_6c72",
    }


@pytest.mark.parametrize(
    ("code", "items", "lowest", "highest"),
    [
        ("phq9", 9, 0, 27),
        ("gad7", 7, 0, 21),
        ("auditc", 3, 0, 12),
        ("pathos", 6, 0, 6),
        ("bps", 5, 0, 10),
        ("csbd19", 19, 19, 76),
        ("sastr", 20, 0, 20),
        ("scs", 10, 10, 40),
        ("hbi19", 19, 19, 95),
        ("ppcs18", 18, 18, 126),
        ("ppcs6", 6, 6, 42),
        ("intake_consent", 11, 0, 11),
        ("behavior_inventory", 21, 0, 77),
        ("offending_screen", 11, 0, 11),
        ("icd11_6c72", 9, 0, 9),
    ],
)
def test_each_instrument_has_its_published_item_count_and_range(code, items, lowest, highest):
    pack = get_pack(code)
    assert (len(pack.items), pack.min_total, pack.max_total) == (items, lowest, highest)


@pytest.mark.parametrize("code", [c for c in SHIPPED if c != "icd11_6c72"])
def test_lowest_and_highest_answers_give_the_range_ends(code):
    pack = get_pack(code)
    lowest = score(pack, [min(item.scores) for item in pack.items])
    highest = score(pack, [max(item.scores) for item in pack.items])
    assert (lowest.total, highest.total) == (pack.min_total, pack.max_total)


# --- Band edges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal depression"),
        (4, "Minimal depression"),
        (5, "Mild depression"),
        (9, "Mild depression"),
        (10, "Moderate depression"),
        (14, "Moderate depression"),
        (15, "Moderately severe depression"),
        (19, "Moderately severe depression"),
        (20, "Severe depression"),
        (27, "Severe depression"),
    ],
)
def test_phq9_band_edges(total, band):
    pack = get_pack("phq9")
    assert score(pack, answers_for_total(pack, total)).band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal anxiety"),
        (4, "Minimal anxiety"),
        (5, "Mild anxiety"),
        (9, "Mild anxiety"),
        (10, "Moderate anxiety"),
        (14, "Moderate anxiety"),
        (15, "Severe anxiety"),
        (21, "Severe anxiety"),
    ],
)
def test_gad7_band_edges(total, band):
    pack = get_pack("gad7")
    assert score(pack, answers_for_total(pack, total)).band == band


@pytest.mark.parametrize("code", [c for c in SHIPPED if c not in ("phq9", "gad7")])
def test_instruments_without_published_bands_report_no_band(code):
    pack = get_pack(code)
    assert pack.bands == ()
    assert score(pack, [max(item.scores) for item in pack.items]).band is None
    assert score(pack, [min(item.scores) for item in pack.items]).band is None


BANDED = [pack.code for pack in all_packs() if pack.bands]
BAND_EDGES = [
    pytest.param(code, edge, band.label, id=f"{code}-{edge}-{band.label}")
    for code in BANDED
    for band in get_pack(code).bands
    for edge in sorted({band.min, band.max})
]


def test_only_phq9_and_gad7_ship_severity_bands():
    """The hand-written band tables above cover every banded pack; a new one needs its own."""
    assert sorted(BANDED) == ["gad7", "phq9"]


@pytest.mark.parametrize(("code", "edge", "label"), BAND_EDGES)
def test_every_band_edge_of_every_banded_pack_from_its_own_table(code, edge, label):
    """Each band's first and last total, and one beyond it, from the pack's own table."""
    pack = get_pack(code)
    assert score(pack, answers_for_total(pack, edge)).band == label
    for beyond in (edge - 1, edge + 1):
        if pack.min_total <= beyond <= pack.max_total:
            inside = any(b.label == label and b.min <= beyond <= b.max for b in pack.bands)
            got = score(pack, answers_for_total(pack, beyond)).band
            assert (got == label) == inside, (beyond, got)


def test_the_band_edge_table_is_not_empty():
    assert len(BAND_EDGES) >= 2 * (5 + 4) - 2  # PHQ-9 five bands, GAD-7 four


# --- Cutoffs: one below gives no flag, the cutoff itself does ----------------------------------


@pytest.mark.parametrize(
    ("code", "cutoff", "flag"),
    [
        ("phq9", 10, "major_depression_screen"),
        ("gad7", 10, "anxiety_disorder_screen"),
        ("pathos", 3, "positive_screen"),
        ("bps", 4, "possible_problematic_use"),
        ("csbd19", 50, "high_risk"),
        ("sastr", 6, "positive_screen"),
        ("scs", 24, "research_positive_screen"),
        ("hbi19", 53, "hypersexual_range"),
        ("ppcs18", 76, "problematic_use"),
        ("ppcs6", 20, "problematic_use"),
    ],
)
def test_cutoff_edges(code, cutoff, flag):
    pack = get_pack(code)
    assert [(c.code, c.min_total) for c in pack.cutoffs] == [(flag, cutoff)]
    below = score(pack, answers_for_total(pack, cutoff - 1))
    at = score(pack, answers_for_total(pack, cutoff))
    assert flag not in flag_codes(below)
    assert flag in flag_codes(at)
    assert next(f for f in at.flags if f.code == flag).category == "cutoff"


def test_every_pack_with_a_cutoff_has_its_edges_tested():
    tested = {"phq9", "gad7", "pathos", "bps", "csbd19", "sastr", "scs", "hbi19", "ppcs18"}
    tested |= {"ppcs6", "auditc"}  # AUDIT-C's two sex-specific cutoffs are tested below
    assert {pack.code for pack in all_packs() if pack.cutoffs} == tested


@pytest.mark.parametrize(
    ("answers", "flags"),
    [
        ([0, 0, 0], []),
        ([1, 1, 0], []),
        ([2, 1, 0], ["positive_screen_women"]),
        ([2, 1, 1], ["positive_screen_men", "positive_screen_women"]),
        ([4, 4, 4], ["positive_screen_men", "positive_screen_women"]),
    ],
)
def test_auditc_reports_each_sex_specific_cutoff_as_its_own_flag(answers, flags):
    assert flag_codes(score(get_pack("auditc"), answers)) == flags


def test_auditc_cutoff_flags_name_the_population_they_apply_to():
    pack = get_pack("auditc")
    assert {c.code: c.applies_to for c in pack.cutoffs} == {
        "positive_screen_men": "men",
        "positive_screen_women": "women",
    }


# --- Item-level flags --------------------------------------------------------------------------


@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_any_answer_above_zero_on_phq9_item_9_raises_the_safety_flag(item_9):
    result = score(get_pack("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, item_9])
    assert flag_codes(result) == ["safety"]
    assert result.band == "Minimal depression"


def test_phq9_item_9_at_zero_raises_no_safety_flag_even_at_the_top_of_the_scale():
    result = score(get_pack("phq9"), [3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert "safety" not in flag_codes(result)
    assert result.total == 24


@pytest.mark.parametrize(
    ("position", "category"),
    [
        (0, "consent"),
        (1, "age_of_partners"),
        (2, "sexual_images_of_minors"),
        (3, "voyeurism"),
        (4, "exhibitionism"),
        (5, "frotteurism"),
        (6, "coercion"),
        (7, "image_sharing"),
        (8, "legal_status"),
        (9, "legal_status"),
        (10, "legal_status"),
    ],
)
def test_each_yes_on_the_offending_screen_raises_an_indicator_with_its_category(position, category):
    answers = [0] * 11
    answers[position] = 1
    result = score(get_pack("offending_screen"), answers)
    assert [(f.code, f.category) for f in result.flags] == [("offending_indicator", category)]


def test_an_all_no_offending_screen_raises_nothing():
    assert score(get_pack("offending_screen"), [0] * 11).flags == ()


def test_the_behavior_inventory_scores_each_behavior_and_flags_serious_consequences():
    pack = get_pack("behavior_inventory")
    answers = [0] * 21
    answers[0:3] = [4, 3, 3]  # pornography: daily, 1-5 years, affected life a lot
    answers[15:18] = [2, 1, 1]  # cybersex: monthly, under 6 months, a little
    result = score(pack, answers)
    assert result.subscales["pornography"] == 10
    assert result.subscales["cybersex"] == 4
    assert result.subscales["paid_sex"] == 0
    assert result.subscales["consequences"] == round(4 / 7, 2)
    assert [(f.code, f.category) for f in result.flags] == [("serious_consequences", "pornography")]
    assert result.total == 14


def test_intake_consent_asks_for_a_conversation_when_any_statement_is_not_understood():
    pack = get_pack("intake_consent")
    assert flag_codes(score(pack, [1] * 11)) == []
    assert flag_codes(score(pack, [1] * 10 + [0])) == ["needs_discussion"]


# --- Reverse items: the ICD-11 checklist's moral-disapproval exclusion --------------------------

ALL_MET = [1, 1, 0, 0, 0, 1, 1, 0, 1]  # core, one manifestation, duration, distress, no exclusion


def test_the_icd11_checklist_shows_the_pattern_when_every_requirement_is_marked():
    result = score(get_pack("icd11_6c72"), ALL_MET)
    assert flag_codes(result) == ["criteria_pattern_present"]
    assert result.subscales == {"manifestations": 1}
    assert result.total == 6  # the "No" on the exclusion item counts as a requirement met


def test_distress_entirely_from_moral_disapproval_does_not_suffice():
    answers = [*ALL_MET[:7], 1, ALL_MET[8]]
    result = score(get_pack("icd11_6c72"), answers)
    assert flag_codes(result) == ["moral_incongruence_only"]
    assert result.total == 5  # reverse-scored: "Yes" on the exclusion counts 0


def test_the_icd11_pattern_needs_at_least_one_manifestation():
    answers = [1, 0, 0, 0, 0, 1, 1, 0, 1]
    assert "criteria_pattern_present" not in flag_codes(score(get_pack("icd11_6c72"), answers))


def test_a_reverse_item_maps_its_lowest_answer_to_its_highest_score():
    pack = parse_pack(
        {
            "code": "mood",
            "title": "Mood",
            "version": "1",
            "license": {"id": "own", "text": "Test.", "ships_item_text": True},
            "citations": [],
            "options": [{"score": s, "label": str(s)} for s in range(1, 6)],
            "items": [
                {"id": "low", "text": "Low"},
                {"id": "calm", "text": "Calm", "reverse": True},
            ],
        },
        source="test",
    )
    assert score(pack, [1, 1]).total == 1 + 5
    assert score(pack, [1, 5]).total == 1 + 1
    assert score(pack, [4, 2]).total == 4 + 4


# --- Missing answers ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", SHIPPED)
def test_a_missing_answer_is_refused_not_guessed(code):
    pack = get_pack(code)
    answers: list[int | None] = [max(item.scores) for item in pack.items]
    answers[0] = None
    with pytest.raises(ScoringError, match=r"item 1 \(.+\) is unanswered"):
        score(pack, answers)


@pytest.mark.parametrize("code", SHIPPED)
def test_each_required_item_left_blank_is_refused_naming_it(code):
    pack = get_pack(code)
    required = [i for i, item in enumerate(pack.items) if item.required]
    assert required, f"{code} has no required item"
    for position in required:
        answers: list[int | None] = [max(item.scores) for item in pack.items]
        answers[position] = None
        item_id = pack.items[position].id
        with pytest.raises(ScoringError, match=rf"item {position + 1} \({item_id}\) is unanswered"):
            score(pack, answers)


def test_phq9_item_9_left_blank_is_refused():
    with pytest.raises(ScoringError, match=r"item 9 \(phq9_9\) is unanswered"):
        score(get_pack("phq9"), [0, 0, 0, 0, 0, 0, 0, 0, None])


def test_auditc_questions_2_and_3_may_be_skipped_after_never():
    pack = get_pack("auditc")
    assert score(pack, [0, None, None]).total == 0
    assert score(pack, [0, 0, None]).total == 0


def test_auditc_questions_2_and_3_are_needed_once_the_person_drinks():
    with pytest.raises(ScoringError, match=r"item 2 \(auditc_2\) is unanswered"):
        score(get_pack("auditc"), [1, None, 0])


def test_auditc_refuses_drinking_amounts_after_never():
    with pytest.raises(ScoringError, match="must be blank or 0 when auditc_1 is 0; got 2"):
        score(get_pack("auditc"), [0, 2, 0])


# --- Wrong count and values the instrument does not offer --------------------------------------


@pytest.mark.parametrize("code", SHIPPED)
def test_too_few_or_too_many_answers_are_refused(code):
    pack = get_pack(code)
    answers = [min(item.scores) for item in pack.items]
    for wrong in (answers[:-1], [*answers, answers[0]], []):
        with pytest.raises(ScoringError, match=f"has {len(pack.items)} items, but"):
            score(pack, wrong)


@pytest.mark.parametrize("code", SHIPPED)
def test_a_value_just_outside_the_options_is_refused(code):
    pack = get_pack(code)
    for bad in (min(pack.items[0].scores) - 1, max(pack.items[0].scores) + 1):
        answers = [min(item.scores) for item in pack.items]
        answers[0] = bad
        with pytest.raises(ScoringError, match=f"{bad} is not an answer it offers"):
            score(pack, answers)


@pytest.mark.parametrize("bad", [True, 1.0, "1"])
def test_answers_must_be_whole_numbers(bad):
    answers = [0] * 9
    answers[3] = bad
    with pytest.raises(ScoringError, match="is not a whole number"):
        score(get_pack("phq9"), answers)


def test_scale_items_starting_at_one_refuse_zero():
    with pytest.raises(ScoringError, match=r"0 is not an answer it offers \(1, 2, 3, 4\)"):
        score(get_pack("csbd19"), [0] + [1] * 18)
