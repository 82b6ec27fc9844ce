"""The access-matrix rows of medication: Alice's care team (Bob, Sam) add, follow and stop;
Alice reads her own list; nobody else, Ada with emergency access included, opens these pages."""

from datetime import date

from threecircles.care.medication import add_medication
from threecircles.care.models import Medication
from threecircles.tests.matrix import LOGIN, AccessRows, World, row

TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing, said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)


def records(world: World) -> Medication:
    """A medication for Alice, written by Bob."""
    bob = world.people["bob"]
    return add_medication(
        client=world.alice,
        recorded_by=bob,
        name="Matrix sertraline",
        dose="50 mg",
        schedule="once a day",
        prescriber=bob,
        prescriber_name="",
        started_on=date(2025, 1, 1),
        reason="Matrix: the reason",
    )


ROWS = [
    AccessRows(
        label="care_medication",
        order=27,
        records=records,
        get={
            # Alice's list: her and her care team. Not Dan or Carol, who support her.
            "care:medication_list": row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200),
            "care:medication_new": TEAM,
            "care:medication_detail": TEAM,
        },
        post={
            "care:medication_new": TEAM_EMPTY_POST,
            "care:medication_detail": TEAM_EMPTY_POST,
        },
        kwargs={"medication_id": lambda world: world.records["care_medication"].pk},
        payloads={
            "care:medication_new": lambda world: {
                "name": "Matrix naltrexone",
                "dose": "50 mg",
                "schedule": "once a day",
                "prescriber_name": "Dr Matrix",
                "started_on": "2025-01-02",
                "reason": "Matrix: a reason that must not be saved",
            },
            "care:medication_detail": lambda world: {
                "adherence_notes": "Matrix: notes that must not be saved"
            },
        },
    )
]
