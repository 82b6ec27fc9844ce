"""Instrument packs as FHIR R4 (R4B) Questionnaires, and back.

Answer scores travel in the standard `ordinalValue` extension on each answerOption; skip rules
become `enableWhen`. What FHIR has no element for (reverse scoring, subscales, bands, cutoffs,
flags, reliable-change values, the licence terms) travels in extensions under our own base
URL, listed in docs/instrument-packs.md. Importing goes through the same checks as a YAML pack,
so a Questionnaire that round-trips scores exactly like the pack it came from.
"""

import json
from collections.abc import Mapping
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from threecircles.screening.instruments import FlagRule, Item, Pack, PackError, parse_pack

BASE = "https://threecircles.example/fhir"
EXT = f"{BASE}/StructureDefinition"
INSTRUMENT_SYSTEM = f"{BASE}/instrument"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

LICENSE = f"{EXT}/pack-license"
NOTES = f"{EXT}/pack-notes"
REQUIRES_CONSENT = f"{EXT}/requires-consent"
CITATION = f"{EXT}/pack-citation"
BAND = f"{EXT}/severity-band"
SUBSCALE = f"{EXT}/subscale"
CUTOFF = f"{EXT}/cutoff"
FLAG = f"{EXT}/flag"
RELIABLE_CHANGE = f"{EXT}/reliable-change"
REVERSE = f"{EXT}/reverse-scored"


def to_fhir(pack: Pack) -> Questionnaire:
    """Export a pack as a Questionnaire, validated by fhir.resources."""
    extensions = [
        _complex(LICENSE, id=pack.license.id, shipsItemText=pack.license.ships_item_text),
        *(_complex(CITATION, key=c.key, text=c.text) for c in pack.citations),
        *(_complex(BAND, min=b.min, max=b.max, label=b.label) for b in pack.bands),
        *(
            _complex(SUBSCALE, code=s.code, label=s.label, method=s.method, item=list(s.items))
            for s in pack.subscales
        ),
        *(
            _complex(
                CUTOFF,
                code=c.code,
                label=c.label,
                minTotal=c.min_total,
                citation=c.citation,
                appliesTo=c.applies_to,
            )
            for c in pack.cutoffs
        ),
        *(_flag(rule) for rule in pack.flags),
        _complex(
            RELIABLE_CHANGE,
            higherIsWorse=pack.reliable_change.higher_is_worse,
            sd=pack.reliable_change.sd,
            reliability=pack.reliable_change.reliability,
            reliabilityKind=pack.reliable_change.reliability_kind,
            citation=list(pack.reliable_change.citations),
            note=pack.reliable_change.note,
        ),
    ]
    if pack.notes:
        extensions.append({"url": NOTES, "valueMarkdown": pack.notes})
    if pack.requires_consent:
        extensions.append({"url": REQUIRES_CONSENT, "valueBoolean": True})
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": pack.code.replace("_", "-"),  # FHIR ids allow no underscores
        "url": f"{BASE}/Questionnaire/{pack.code}",
        "identifier": [{"system": INSTRUMENT_SYSTEM, "value": pack.code}],
        "version": pack.version,
        "title": pack.title,
        "status": "active",
        "copyright": pack.license.text,
        "extension": extensions,
        "item": [_item(pack.code, item) for item in pack.items],
    }
    if pack.instructions:
        resource["description"] = pack.instructions
    return Questionnaire.model_validate(resource)


def _item(pack_code: str, item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "linkId": item.id,
        "type": "choice",
        "required": item.required,
        "answerOption": [
            {
                "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.score}],
                "valueCoding": {
                    "system": _answer_system(pack_code, item.id),
                    "code": str(option.score),
                    "display": option.label,
                },
            }
            for option in item.options
        ],
    }
    if item.text is not None:
        data["text"] = item.text
    if item.reverse:
        data["extension"] = [{"url": REVERSE, "valueBoolean": True}]
    if item.skip_if:
        # Skippable when the earlier item has that answer = enabled when it has another one.
        data["enableWhen"] = [
            {
                "question": item.skip_if.item,
                "operator": "!=",
                "answerCoding": {
                    "system": _answer_system(pack_code, item.skip_if.item),
                    "code": str(item.skip_if.equals),
                },
            }
        ]
    return data


def _answer_system(pack_code: str, item_id: str) -> str:
    return f"{BASE}/CodeSystem/{pack_code}/{item_id}"


def _flag(rule: FlagRule) -> dict[str, Any]:
    conditions = [_complex("when", of=c.of, op=c.op, value=c.value) for c in rule.when]
    flag = _complex(FLAG, code=rule.code, label=rule.label, category=rule.category)
    flag["extension"].extend(conditions)
    return flag


def _complex(url: str, **parts: Any) -> dict[str, Any]:
    """A complex extension; None parts are left out, list parts repeat."""
    extensions = []
    for name, value in parts.items():
        for single in value if isinstance(value, list) else [value]:
            if single is not None:
                extensions.append({"url": name, **_value(single)})
    return {"url": url, "extension": extensions}


def _value(value: object) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


# --- Import -----------------------------------------------------------------------------------


def from_fhir(questionnaire: Questionnaire | Mapping[str, Any]) -> Pack:
    """Read a Questionnaire written by `to_fhir` (or by hand, to the same profile) into a Pack."""
    if not isinstance(questionnaire, Questionnaire):
        # Validate plain JSON too, so a malformed resource fails as FHIR, not as a KeyError.
        questionnaire = Questionnaire.model_validate(dict(questionnaire))
    data = json.loads(questionnaire.model_dump_json())
    source = f"Questionnaire {data.get('url') or data.get('id') or '(no url)'}"
    codes = [i["value"] for i in data.get("identifier", []) if i.get("system") == INSTRUMENT_SYSTEM]
    if len(codes) != 1:
        raise PackError(f"{source}: needs exactly one identifier with system {INSTRUMENT_SYSTEM}")
    extensions = data.get("extension", [])
    license_ = _parts(_one(extensions, LICENSE, source))
    pack: dict[str, Any] = {
        "code": codes[0],
        "title": data.get("title"),
        "version": data.get("version"),
        "instructions": data.get("description"),
        "license": {
            "id": _first(license_, "id"),
            "text": data.get("copyright"),
            "ships_item_text": _first(license_, "shipsItemText"),
        },
        "citations": [
            {"key": _first(p, "key"), "text": _first(p, "text")}
            for p in map(_parts, _all(extensions, CITATION))
        ],
        "items": _items(data.get("item", []), source),
        "bands": [
            {"min": _first(p, "min"), "max": _first(p, "max"), "label": _first(p, "label")}
            for p in map(_parts, _all(extensions, BAND))
        ],
        "subscales": [
            {
                "code": _first(p, "code"),
                "label": _first(p, "label"),
                "method": _first(p, "method"),
                "items": p.get("item", []),
            }
            for p in map(_parts, _all(extensions, SUBSCALE))
        ],
        "cutoffs": [
            {
                "code": _first(p, "code"),
                "label": _first(p, "label"),
                "min_total": _first(p, "minTotal"),
                "citation": _first(p, "citation"),
                "applies_to": _first(p, "appliesTo"),
            }
            for p in map(_parts, _all(extensions, CUTOFF))
        ],
        "flags": [_flag_rule(p) for p in map(_parts, _all(extensions, FLAG))],
    }
    if notes := _all(extensions, NOTES):
        pack["notes"] = notes[0].get("valueMarkdown")
    if consent := _all(extensions, REQUIRES_CONSENT):
        pack["requires_consent"] = consent[0].get("valueBoolean")
    if changes := _all(extensions, RELIABLE_CHANGE):
        p = _parts(changes[0])
        pack["reliable_change"] = {
            "higher_is_worse": _first(p, "higherIsWorse"),
            "sd": _first(p, "sd"),
            "reliability": _first(p, "reliability"),
            "reliability_kind": _first(p, "reliabilityKind"),
            "citations": p.get("citation", []),
            "note": _first(p, "note"),
        }
    return parse_pack(pack, source=source)


def _items(raw_items: list[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    # Each item's scores by answer code, so a later enableWhen can name an answer by its code.
    scores_by_code: dict[str, dict[str, int]] = {}
    items = []
    for raw in raw_items:
        if raw.get("type") == "display":
            continue
        link_id = str(raw.get("linkId"))
        where = f"{source}: item {link_id}"
        if raw.get("type") != "choice":
            raise PackError(f"{where}: only choice items can be scored")
        codes = scores_by_code.setdefault(link_id, {})
        options = []
        for option in raw.get("answerOption", []):
            code, score, label = _answer_option(option, where)
            codes[code] = score
            options.append({"score": score, "label": label})
        item: dict[str, Any] = {
            "id": link_id,
            "text": raw.get("text"),
            "options": options,
            "required": raw.get("required", False),
            "reverse": any(
                e["url"] == REVERSE and e.get("valueBoolean") for e in raw.get("extension", [])
            ),
        }
        if conditions := raw.get("enableWhen"):
            item["skip_if"] = _skip_rule(conditions, scores_by_code, where)
        items.append(item)
    return items


def _answer_option(option: dict[str, Any], where: str) -> tuple[str, int, Any]:
    """An answerOption's code, score (its ordinalValue) and label."""
    weights = [e for e in option.get("extension", []) if e["url"] == ORDINAL_VALUE]
    coding = option.get("valueCoding") or {}
    if len(weights) != 1 or not coding:
        raise PackError(
            f"{where}: each answerOption needs a valueCoding and one ordinalValue extension "
            "(its score)"
        )
    score = weights[0]["valueDecimal"]
    if score != int(score):
        raise PackError(f"{where}: scores must be whole numbers")
    return str(coding.get("code")), int(score), coding.get("display")


def _skip_rule(
    conditions: list[Any], scores_by_code: dict[str, dict[str, int]], where: str
) -> dict[str, Any]:
    """The skip rule in an enableWhen as `_item` writes it: enabled unless that answer."""
    if len(conditions) != 1 or conditions[0].get("operator") != "!=":
        raise PackError(f"{where}: only a single '!=' enableWhen can be read as a skip rule")
    condition = conditions[0]
    question = condition.get("question")
    code = (condition.get("answerCoding") or {}).get("code")
    if code not in scores_by_code.get(question, {}):
        raise PackError(f"{where}: enableWhen names no answer of an earlier item")
    return {"item": question, "equals": scores_by_code[question][code]}


def _flag_rule(p: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "code": _first(p, "code"),
        "label": _first(p, "label"),
        "category": _first(p, "category"),
        "when": [
            {"of": _first(c, "of"), "op": _first(c, "op"), "value": _first(c, "value")}
            for c in map(_parts, p.get("when", []))
        ],
    }


def _all(extensions: list[dict[str, Any]], url: str) -> list[dict[str, Any]]:
    return [e for e in extensions if e.get("url") == url]


def _one(extensions: list[dict[str, Any]], url: str, source: str) -> dict[str, Any]:
    found = _all(extensions, url)
    if len(found) != 1:
        raise PackError(f"{source}: needs exactly one extension {url}")
    return found[0]


def _parts(extension: dict[str, Any]) -> dict[str, list[Any]]:
    """A complex extension's parts by name; a part that is itself complex stays whole."""
    parts: dict[str, list[Any]] = {}
    for part in extension.get("extension", []):
        values = [v for k, v in part.items() if k.startswith("value")]
        parts.setdefault(part["url"], []).append(values[0] if values else part)
    return parts


def _first(parts: dict[str, list[Any]], name: str) -> Any:
    values = parts.get(name)
    return values[0] if values else None
