"""The access-matrix rows of care's pages: the caseload, a client's record, inviting clients."""

from threecircles.care.tests import (
    access_calendar,
    access_diagnoses,
    access_episodes,
    access_family,
    access_medication,
    access_notes,
    access_plans,
    access_programs,
)
from threecircles.tests.matrix import LOGIN, AccessRows, row

BASE = AccessRows(
    label="care",
    get={
        # Every clinician has a caseload; Eve's lists only her own clients.
        "care:caseload": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
        # Alice's record: her, her care team, and Ada while emergency access is open. Not
        # Carol or Dan, who support her: they see only what she shares.
        "care:client_record": row(
            anonymous=LOGIN, others=404, alice=200, bob=200, sam=200, ada_glass=200
        ),
        # Dan's own record (the other side of him): Dan and his clinician Eve. Not Alice,
        # whom he supports, and not Bob.
        "care:client_record@dan": row(anonymous=LOGIN, others=404, dan=200, eve=200),
        "care:invite_client": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    },
    post={
        "care:client_record": row(
            anonymous=LOGIN, others=404, alice=200, bob=200, sam=200, ada_glass=200
        ),
        "care:client_record@dan": row(anonymous=LOGIN, others=404, dan=200, eve=200),
        "care:invite_client": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
    },
    kwargs={"client_id": lambda world: world.alice.pk},
    variants={"care:client_record@dan": {"client_id": lambda world: world.dan.pk}},
    payloads={
        "care:client_record": lambda world: {"text": "Matrix: a note that must not be saved"},
        "care:invite_client": lambda world: {
            "email": "matrix-invitee@example.org",
            "practice": world.practice.pk,
        },
    },
)

# Each part of care brings its own rows (episodes, diagnoses, medication).
ROWS = [
    BASE,
    *access_episodes.ROWS,
    *access_diagnoses.ROWS,
    *access_medication.ROWS,
    *access_plans.ROWS,
    *access_programs.ROWS,
    *access_calendar.ROWS,
    *access_notes.ROWS,
    *access_family.ROWS,
]
