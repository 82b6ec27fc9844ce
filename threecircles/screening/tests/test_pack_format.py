"""Reading packs: the shipped ones load, and a malformed one fails naming the place."""

import copy
from typing import Any

import pytest
import yaml

from threecircles.screening.instruments import (
    PACKS_DIR,
    PackError,
    UnknownPack,
    all_packs,
    get_pack,
    load_pack_file,
    parse_pack,
)

VALID: dict[str, Any] = {
    "code": "sample",
    "title": "Sample",
    "version": "1",
    "license": {"id": "own", "text": "Test only.", "ships_item_text": True},
    "citations": [{"key": "src", "text": "A source."}],
    "options": [{"score": 0, "label": "No"}, {"score": 1, "label": "Yes"}],
    "items": [{"id": "a", "text": "A?"}, {"id": "b", "text": "B?"}],
    "subscales": [{"code": "both", "label": "Both", "method": "sum", "items": ["a", "b"]}],
    "bands": [{"min": 0, "max": 0, "label": "None"}, {"min": 1, "max": 2, "label": "Some"}],
    "cutoffs": [{"code": "any", "label": "Any", "min_total": 1, "citation": "src"}],
    "flags": [{"code": "a_yes", "label": "A", "when": [{"of": "a", "op": "==", "value": 1}]}],
    "reliable_change": {"higher_is_worse": True, "sd": None, "reliability": None},
}


def changed(path: str, value: object) -> dict[str, Any]:
    """VALID with the value at a dotted path (list indexes as numbers) replaced or deleted."""
    data = copy.deepcopy(VALID)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


DELETE = object()


def test_the_sample_pack_is_valid():
    pack = parse_pack(VALID, source="sample.yaml")
    assert [item.id for item in pack.items] == ["a", "b"]
    assert pack.items[0].options == pack.items[1].options  # shared options


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("code", DELETE, "pack: missing code"),
        ("colour", "blue", "pack: unknown key colour"),
        ("version", 1, r"version: must be non-empty text \(quote numbers"),
        ("code", "PHQ-9", "code: 'PHQ-9' must be lower-case letters"),
        ("license.ships_item_text", "yes", "license.ships_item_text: 'yes' must be true or false"),
        ("items", [], "items: must not be empty"),
        ("items.1.id", "a", "items: 'a' appears more than once"),
        ("subscales.0.code", "a", r"subscales \(codes must differ from item ids\): 'a' appears"),
        ("items.0.reversed", True, r"items\[0\]: unknown key reversed \(allowed: id, options"),
        ("options", None, r"items\[0\] \(a\): has no options"),
        ("options.1.score", 0, "each option needs its own score"),
        ("options.1.score", "1", "options\\[1\\].score: '1' must be a whole number"),
        ("options", [{"score": 0, "label": "Only"}], "at least two answer options"),
        ("items.1.skip_if", {"item": "zz", "equals": 0}, "'zz' must be an earlier item"),
        ("items.1.skip_if", {"item": "a", "equals": 7}, "7 is not an answer of a"),
        ("subscales.0.method", "median", "'median' must be sum or mean"),
        ("subscales.0.items", ["a", "c"], r"subscales\[0\].items: unknown item c"),
        ("bands.1.min", 2, r"bands\[1\]: expected a band starting at 1"),
        ("bands.1.max", 1, "the last band must end at the maximum total 2"),
        ("cutoffs.0.min_total", 0, "min_total must lie above 0 and up to 2"),
        ("cutoffs.0.citation", "nobody", "'nobody' is not one of the pack's citations"),
        ("flags.0.when.0.of", "c", "'c' is not an item, a subscale or total"),
        ("flags.0.when.0.op", "=>", "'=>' must be one of"),
        ("flags.0.when", [], r"flags\[0\].when: must name at least one condition"),
        ("reliable_change.sd", 3.0, "give both sd and reliability, or neither"),
        ("citations.0.key", "Src Key", "must be lower-case letters"),
    ],
)
def test_a_malformed_pack_fails_with_a_message_naming_the_place(path, value, message):
    with pytest.raises(PackError, match=message) as caught:
        parse_pack(changed(path, value), source="sample.yaml")
    assert str(caught.value).startswith("sample.yaml: ")


def test_reliability_values_need_a_kind_a_citation_and_a_sensible_range():
    rc = {"higher_is_worse": True, "sd": 3.0, "reliability": 0.8}
    with pytest.raises(PackError, match="must be test_retest or alpha"):
        parse_pack(changed("reliable_change", rc), source="s")
    with pytest.raises(PackError, match="cite where the sd and reliability come from"):
        parse_pack(changed("reliable_change", {**rc, "reliability_kind": "alpha"}), source="s")
    with pytest.raises(PackError, match="must be at least 0 and below 1"):
        bad = {**rc, "reliability": 1.0, "reliability_kind": "alpha", "citations": ["src"]}
        parse_pack(changed("reliable_change", bad), source="s")


def test_an_item_that_may_be_blank_cannot_be_reverse_scored():
    data = changed("items.1.required", False)
    data["items"][1]["reverse"] = True
    with pytest.raises(PackError, match="may be left blank needs an option scoring 0 and no rev"):
        parse_pack(data, source="s")


def test_a_shipped_pack_file_must_be_named_after_its_code(tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(VALID), encoding="utf-8")
    with pytest.raises(PackError, match=r"other\.yaml: code: 'sample' must match the file name"):
        load_pack_file(path)


def test_a_shipped_pack_may_not_carry_licensed_text(tmp_path):
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(changed("license.ships_item_text", False)), encoding="utf-8")
    with pytest.raises(PackError, match="licensed text must not be shipped"):
        load_pack_file(path)


def test_a_pack_that_ships_text_needs_it_on_every_item(tmp_path):
    path = tmp_path / "sample.yaml"
    path.write_text(yaml.safe_dump(changed("items.1.text", None)), encoding="utf-8")
    with pytest.raises(PackError, match="every item needs its text"):
        load_pack_file(path)


def test_broken_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"broken\.yaml: not valid YAML"):
        load_pack_file(path)


def test_every_yaml_file_in_the_packs_folder_is_in_the_registry():
    assert sorted(p.stem for p in PACKS_DIR.glob("*.yaml")) == sorted(p.code for p in all_packs())


@pytest.mark.parametrize(
    "code", ["pathos", "bps", "csbd19", "sastr", "scs", "hbi19", "ppcs18", "ppcs6"]
)
def test_copyrighted_instruments_ship_scoring_but_no_item_text(code):
    pack = get_pack(code)
    assert pack.license.id == "needs-licensed-text"
    assert "Needs licensed text" in pack.license.text
    assert all(item.text is None for item in pack.items)
    assert pack.cutoffs and all(c.citation in {x.key for x in pack.citations} for c in pack.cutoffs)


@pytest.mark.parametrize(
    "code",
    [
        *("phq9", "gad7", "auditc"),
        *("intake_consent", "behavior_inventory", "offending_screen", "icd11_6c72"),
    ],
)
def test_free_and_own_instruments_ship_their_text(code):
    pack = get_pack(code)
    assert pack.license.ships_item_text
    assert pack.has_item_text


def test_an_unknown_code_lists_the_known_packs():
    with pytest.raises(
        UnknownPack, match=r"No instrument pack called 'phq10'\. Known packs: auditc"
    ):
        get_pack("phq10")
