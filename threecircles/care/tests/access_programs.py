"""The access-matrix rows of programs: the staff of Alice's practice (Bob, Sam) keep the
program; attendance and hours are per client, so Alice's care team reaches hers; Alice reads
her own week; Eve (another practice) sees only her own, empty, list of programs."""

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from threecircles.care.models import Session
from threecircles.care.programs import add_slot, create_program, enroll
from threecircles.tests.matrix import LOGIN, AccessRows, World, row

LABEL = "care_programs"
CLINICIANS = row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200)
CLINICIANS_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400, eve=400)
TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
# An empty form: the page comes back with what is missing, said on it.
TEAM_EMPTY_POST = row(anonymous=LOGIN, others=404, bob=400, sam=400)
MONDAY = date(2025, 1, 6)


def records(world: World) -> dict[str, Any]:
    """A residential program at Alice's practice with a Monday group, Alice enrolled, and an
    individual session of hers."""
    bob = world.people["bob"]
    program = create_program(
        practice=world.practice,
        name="Matrix residential",
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="UTC",
    )
    slot = add_slot(
        program=program,
        weekday=0,
        starts_at=time(9),
        minutes=90,
        kind="group",
        title="Matrix morning group",
        facilitator=bob,
        location="Room 1",
        counts_as_therapy=True,
    )
    enrollment = enroll(program=program, client=world.alice, started_on=date(2025, 1, 1), actor=bob)
    session = Session.objects.create(
        client=world.alice,
        clinician=bob,
        starts_at=timezone.make_aware(datetime(2025, 1, 7, 10)),
        minutes=50,
    )
    return {"program": program, "slot": slot, "enrollment": enrollment, "session": session}


def _record(name: str) -> Any:
    return lambda world: world.records[LABEL][name].pk


ROWS = [
    AccessRows(
        label=LABEL,
        order=29,
        records=records,
        get={
            "care:program_list": CLINICIANS,
            "care:program_new": CLINICIANS,
            "care:program_detail": TEAM,
            "care:program_slot_new": TEAM,
            "care:program_slot_remove": TEAM,
            "care:program_enroll": TEAM,
            "care:program_enrollment_end": TEAM,
            "care:program_attendance": TEAM,
            "care:program_session_attendance": TEAM,
            # Alice's week: her and her care team. Not Carol or Dan, who support her.
            "care:program_week": row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200),
        },
        post={
            "care:program_new": CLINICIANS_EMPTY_POST,
            "care:program_slot_new": TEAM_EMPTY_POST,
            "care:program_slot_remove": TEAM_EMPTY_POST,
            "care:program_enroll": TEAM_EMPTY_POST,
            "care:program_enrollment_end": TEAM_EMPTY_POST,
            "care:program_attendance": TEAM_EMPTY_POST,
            "care:program_session_attendance": TEAM_EMPTY_POST,
        },
        kwargs={"program_id": _record("program")},
        kwargs_for={
            "care:program_slot_remove": {"slot_id": _record("slot")},
            "care:program_enrollment_end": {"enrollment_id": _record("enrollment")},
            "care:program_session_attendance": {"session_id": _record("session")},
        },
        query={"care:program_attendance": lambda world: f"?day={MONDAY.isoformat()}"},
        payloads={
            "care:program_new": lambda world: {
                "practice": world.practice.pk,
                "name": "Matrix: a program that must not be made",
                "level_of_care": "residential",
                "time_zone": "UTC",
            },
            "care:program_slot_new": lambda world: {
                "weekday": "1",
                "starts_at": "10:00",
                "minutes": "60",
                "kind": "group",
                "title": "Matrix: a session that must not be added",
                "location": "Room 2",
            },
            "care:program_slot_remove": lambda world: {"confirm": "on"},
            "care:program_enroll": lambda world: {
                "client": world.alice.pk,
                "started_on": "2025-02-01",
            },
            "care:program_enrollment_end": lambda world: {"ended_on": "2025-03-01"},
            "care:program_attendance": lambda world: {
                f"a-{world.alice.pk}-{world.records[LABEL]['slot'].pk}-status": "present"
            },
            "care:program_session_attendance": lambda world: {"status": "present"},
        },
    )
]
