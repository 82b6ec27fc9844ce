"""Importing licensed item text into a pack that ships without it."""

import json

import pytest

from threecircles.screening.fhir import to_fhir
from threecircles.screening.instruments import (
    Pack,
    PackError,
    apply_licensed_text,
    get_pack,
    score,
)


def texts_for(pack: Pack) -> dict[str, str]:
    return {item.id: f"Licensed wording of {item.id}" for item in pack.items}


def test_licensed_text_completes_the_pack_and_scoring_is_unchanged():
    pack = get_pack("csbd19")
    licensed = apply_licensed_text(pack, texts_for(pack))
    assert licensed.has_item_text
    assert licensed.items[0].text == "Licensed wording of csbd19_1"
    answers = [4, 3, 2, 1] * 4 + [4, 4, 4]
    assert score(licensed, answers) == score(pack, answers)


def test_the_licence_still_forbids_shipping_the_imported_text():
    pack = get_pack("hbi19")
    assert apply_licensed_text(pack, texts_for(pack)).license == pack.license


def test_the_shipped_pack_is_left_untouched():
    pack = get_pack("pathos")
    apply_licensed_text(pack, texts_for(pack))
    assert get_pack("pathos").items[0].text is None


def test_every_item_must_be_covered():
    pack = get_pack("bps")
    texts = texts_for(pack)
    del texts["bps_3"], texts["bps_5"]
    with pytest.raises(PackError, match="bps: licensed text is missing for bps_3, bps_5"):
        apply_licensed_text(pack, texts)


def test_text_for_an_unknown_item_is_refused():
    pack = get_pack("bps")
    with pytest.raises(PackError, match="licensed text given for unknown items bps_6"):
        apply_licensed_text(pack, {**texts_for(pack), "bps_6": "Extra"})


def test_blank_text_is_refused():
    pack = get_pack("ppcs6")
    with pytest.raises(PackError, match="licensed text is empty for ppcs6_2"):
        apply_licensed_text(pack, {**texts_for(pack), "ppcs6_2": "  "})


def test_a_completed_pack_exports_its_text_to_fhir():
    pack = get_pack("sastr")
    resource = json.loads(to_fhir(apply_licensed_text(pack, texts_for(pack))).model_dump_json())
    assert resource["item"][19]["text"] == "Licensed wording of sastr_20"
