"""The access-matrix rows of progress notes: Alice's care team (Bob, Sam) write and read them;
Alice does not open these pages (her record shows the free-text notes, as before); the group
note for a slot of Alice's practice is for its staff, Eve (another practice) gets 404."""

from datetime import date, time
from typing import Any

from threecircles.care.models import AttendanceStatus
from threecircles.care.notes import write_draft
from threecircles.care.programs import add_slot, create_program, record_slot_attendance
from threecircles.tests.matrix import LOGIN, AccessRows, World, row

LABEL = "care_notes"
TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing (or refused), said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)
MONDAY = date(2025, 1, 6)


def records(world: World) -> dict[str, Any]:
    """A SOAP draft of Bob's for Alice, and a Monday group at her practice she attended."""
    bob = world.people["bob"]
    note = write_draft(
        client=world.alice,
        author=bob,
        form="soap",
        sections={"subjective": "Matrix: subjective"},
    )
    program = create_program(
        practice=world.practice,
        name="Matrix notes program",
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="UTC",
    )
    slot = add_slot(
        program=program,
        weekday=0,
        starts_at=time(11),
        minutes=60,
        kind="group",
        title="Matrix notes group",
        facilitator=bob,
        location="Room 3",
        counts_as_therapy=True,
    )
    record_slot_attendance(
        slot=slot,
        client=world.alice,
        day=MONDAY,
        status=AttendanceStatus.PRESENT,
        minutes_attended=60,
        reason="",
        actor=bob,
    )
    return {"note": note, "slot": slot}


ROWS = [
    AccessRows(
        label=LABEL,
        order=31,
        records=records,
        get={
            "care:note_new": TEAM,
            "care:note_detail": TEAM,
            "care:note_group_new": TEAM,
        },
        post={
            "care:note_new": TEAM_EMPTY_POST,
            "care:note_detail": TEAM_EMPTY_POST,
            "care:note_group_new": TEAM_EMPTY_POST,
        },
        kwargs={
            "note_id": lambda world: world.records[LABEL]["note"].pk,
            "slot_id": lambda world: world.records[LABEL]["slot"].pk,
        },
        query={"care:note_group_new": lambda world: f"?day={MONDAY.isoformat()}"},
        payloads={
            "care:note_new": lambda world: {
                "form": "soap",
                "subjective": "Matrix: a note that must not be saved",
            },
            "care:note_detail": lambda world: {
                "save": "",
                "subjective": "Matrix: an edit that must not be saved",
            },
            "care:note_group_new": lambda world: {
                "form": "free",
                "text": "Matrix: a group note that must not be saved",
            },
        },
    )
]
