"""The access-matrix rows of treatment plans: Alice's care team (Bob, Sam) writes her plan;
Alice reads, prints and acknowledges her own; nobody else, Ada with emergency access included,
opens these pages. Any clinician keeps their own practice's modalities."""

from datetime import date

from threecircles.care.models import TreatmentPlan
from threecircles.care.plans import with_problem, write_plan
from threecircles.tests.matrix import LOGIN, AccessRows, World, row

TEAM = row(anonymous=LOGIN, others=404, bob=200, sam=200)
TEAM_AND_ALICE = row(anonymous=LOGIN, others=404, alice=200, bob=200, sam=200)


def records(world: World) -> TreatmentPlan | None:
    """Alice's plan, version 1, written by Bob."""
    content = with_problem({"problems": []}, "Matrix: a problem")
    return write_plan(
        client=world.alice,
        author=world.people["bob"],
        content=content,
        review_on=date(2030, 1, 1),
    )


ROWS = [
    AccessRows(
        label="care_plans",
        order=28,
        records=records,
        get={
            # Alice's plan: her and her care team. Not Dan or Carol, who support her.
            "care:plan_detail": TEAM_AND_ALICE,
            "care:plan_history": TEAM_AND_ALICE,
            "care:plan_pdf": TEAM_AND_ALICE,
            "care:plan_edit": TEAM,
            # Every clinician keeps their own practice's list.
            "care:plan_modalities": row(anonymous=LOGIN, others=404, bob=200, sam=200, eve=200),
        },
        post={
            # An empty form: the page comes back with what is missing, said on it.
            "care:plan_edit": row(anonymous=LOGIN, others=404, bob=400, sam=400),
            "care:plan_acknowledge": row(anonymous=LOGIN, others=404, alice=400),
            "care:plan_modalities": row(anonymous=LOGIN, others=404, bob=400, sam=400, eve=400),
        },
        payloads={
            "care:plan_edit": lambda world: {"op": "problem", "problem-text": "Matrix: refused"},
            "care:plan_acknowledge": lambda world: {"acknowledge-name": "Alice"},
            "care:plan_modalities": lambda world: {
                "practice": world.practice.pk,
                "name": "Matrix modality",
            },
        },
    )
]
