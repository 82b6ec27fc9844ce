"""Packs as FHIR R4B Questionnaires: valid, complete, and scoring the same after a round trip."""

import json
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from hypothesis import given, settings, strategies

from threecircles.screening.fhir import (
    BASE,
    ORDINAL_VALUE,
    REVERSE,
    from_fhir,
    to_fhir,
)
from threecircles.screening.instruments import Pack, PackError, all_packs, get_pack, score
from threecircles.screening.tests.answers import valid_answers

PACKS = {pack.code: pack for pack in all_packs()}
# Each pack travels as JSON text and is parsed back by fhir.resources, as another system would.
ROUND_TRIPPED = {
    code: from_fhir(Questionnaire.model_validate_json(to_fhir(pack).model_dump_json()))
    for code, pack in PACKS.items()
}


def as_json(pack: Pack) -> dict[str, Any]:
    resource: dict[str, Any] = json.loads(to_fhir(pack).model_dump_json())
    return resource


@pytest.mark.parametrize("code", PACKS)
def test_every_pack_exports_as_a_questionnaire_fhir_resources_accepts(code):
    assert isinstance(to_fhir(PACKS[code]), Questionnaire)
    resource = as_json(PACKS[code])
    # Validated again from plain JSON, as a receiving system would: this raises if invalid.
    validated = Questionnaire.model_validate(resource)
    assert validated.get_resource_type() == "Questionnaire"
    assert len(validated.item or []) == len(PACKS[code].items)
    assert resource["status"] == "active"
    assert [item["linkId"] for item in resource["item"]] == [i.id for i in PACKS[code].items]


def test_every_shipped_pack_makes_the_round_trip():
    assert len(PACKS) == 15
    assert set(ROUND_TRIPPED) == set(PACKS)


@pytest.mark.parametrize("code", PACKS)
def test_every_pack_comes_back_from_fhir_unchanged(code):
    assert ROUND_TRIPPED[code] == PACKS[code]


@pytest.mark.parametrize("code", PACKS)
@settings(max_examples=40)
@given(data=strategies.data())
def test_a_round_tripped_pack_scores_random_answers_identically(code, data):
    answers = data.draw(valid_answers(PACKS[code]))
    assert score(ROUND_TRIPPED[code], answers) == score(PACKS[code], answers)


@pytest.mark.parametrize("code", PACKS)
def test_a_round_tripped_pack_scores_the_range_ends_identically(code):
    """The extremes, where bands, cutoffs and flags all fire, every time, not just by chance."""
    pack, back = PACKS[code], ROUND_TRIPPED[code]
    for answers in (
        [min(item.scores) for item in pack.items],
        [max(item.scores) for item in pack.items],
    ):
        assert score(back, answers) == score(pack, answers)


def test_answer_scores_travel_as_ordinal_values_on_codings():
    option = as_json(get_pack("phq9"))["item"][8]["answerOption"][3]
    assert option["valueCoding"]["code"] == "3"
    assert option["valueCoding"]["display"] == "Nearly every day"
    assert option["extension"] == [{"url": ORDINAL_VALUE, "valueDecimal": 3}]


def test_our_own_extensions_live_under_the_project_base():
    resource = as_json(get_pack("icd11_6c72"))
    urls = {e["url"] for e in resource["extension"]}
    assert all(url.startswith(f"{BASE}/StructureDefinition/") for url in urls)
    reverse_item = next(i for i in resource["item"] if i["linkId"] == "distress_entirely_moral")
    assert reverse_item["extension"] == [{"url": REVERSE, "valueBoolean": True}]


def test_skip_rules_become_enable_when():
    (condition,) = as_json(get_pack("auditc"))["item"][1]["enableWhen"]
    assert (condition["question"], condition["operator"]) == ("auditc_1", "!=")
    assert condition["answerCoding"]["code"] == "0"


def test_licensed_packs_export_without_item_text():
    resource = as_json(get_pack("csbd19"))
    assert all("text" not in item for item in resource["item"])
    assert "Needs licensed text" in resource["copyright"]


def test_a_plain_json_questionnaire_can_be_imported():
    resource = as_json(get_pack("gad7"))
    assert from_fhir(resource) == get_pack("gad7")


def test_an_answer_option_without_a_score_is_refused():
    resource = as_json(get_pack("gad7"))
    del resource["item"][2]["answerOption"][1]["extension"]
    with pytest.raises(PackError, match=r"item gad7_3: each answerOption needs .* ordinalValue"):
        from_fhir(resource)


def test_a_questionnaire_without_our_instrument_identifier_is_refused():
    resource = as_json(get_pack("gad7"))
    resource["identifier"] = []
    with pytest.raises(PackError, match="needs exactly one identifier"):
        from_fhir(resource)


def test_imported_questionnaires_get_the_same_checks_as_yaml_packs():
    resource = as_json(get_pack("phq9"))
    band = next(e for e in resource["extension"] if e["url"].endswith("/severity-band"))
    band["extension"][0]["valueInteger"] = 1  # the first band now starts at 1, leaving a gap
    with pytest.raises(PackError, match=r"bands\[0\]: expected a band starting at 0"):
        from_fhir(resource)
