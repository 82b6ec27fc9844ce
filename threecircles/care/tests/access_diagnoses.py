"""The access-matrix rows of diagnoses: Alice's care team (Bob, Sam) alone. Not Alice, not
the people who support her, not Ada even with emergency access open (she reads the record
page; recording a diagnosis is a clinician's act)."""

from datetime import date
from typing import Any

from threecircles.care.diagnoses import CHECKLIST, record_diagnosis
from threecircles.screening.actions import complete_administration, send_instrument
from threecircles.tests.matrix import LOGIN, AccessRows, World, row

TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing, said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)
ALL_MET: list[int | None] = [1, 1, 1, 1, 1, 1, 1, 0, 1]


def records(world: World) -> dict[str, Any]:
    """A completed 6C72 checklist for Alice, and a diagnosis from it written by Bob."""
    bob = world.people["bob"]
    checklist = send_instrument(client=world.alice, instrument=CHECKLIST, sent_by=bob)
    complete_administration(administration=checklist, answers=ALL_MET, actor=bob)
    diagnosis = record_diagnosis(
        client=world.alice,
        clinician=bob,
        code="6C72",
        title="Compulsive sexual behaviour disorder",
        diagnosed_on=date(2025, 1, 1),
        evidence="Matrix: the evidence",
        checklist=checklist,
    )
    return {"checklist": checklist, "diagnosis": diagnosis}


ROWS = [
    AccessRows(
        label="care_diagnoses",
        order=26,
        records=records,
        get={
            "care:diagnosis_new": TEAM,
            "care:diagnosis_from_checklist": TEAM,
            "care:diagnosis_resolve": TEAM,
        },
        post={
            "care:diagnosis_new": TEAM_EMPTY_POST,
            "care:diagnosis_from_checklist": TEAM_EMPTY_POST,
            "care:diagnosis_resolve": TEAM_EMPTY_POST,
        },
        kwargs={"diagnosis_id": lambda world: world.records["care_diagnoses"]["diagnosis"].pk},
        kwargs_for={
            "care:diagnosis_from_checklist": {
                "administration_id": lambda world: world.records["care_diagnoses"]["checklist"].pk
            }
        },
        payloads={
            "care:diagnosis_new": lambda world: {
                "code": "6A70",
                "title": "Single episode depressive disorder",
                "diagnosed_on": "2025-01-02",
                "evidence": "Matrix: evidence that must not be saved",
            },
            "care:diagnosis_from_checklist": lambda world: {
                "confirm": "on",
                "diagnosed_on": "2025-01-02",
                "evidence": "Matrix: evidence that must not be saved",
            },
            "care:diagnosis_resolve": lambda world: {"resolved_on": "2099-01-01"},
        },
    )
]
