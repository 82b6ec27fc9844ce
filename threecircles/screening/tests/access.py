"""The access-matrix rows of screening's pages, and Alice's screening records they point at."""

from dataclasses import dataclass
from typing import Any

from threecircles.accounts.models import User
from threecircles.screening import actions as screening
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import (
    Administration,
    Intake,
    Provider,
    Referral,
    ReportingReview,
    SafetyAlert,
)
from threecircles.tests.matrix import LOGIN, AccessRows, Redirect, World, row


@dataclass
class AlicesScreening:
    """Alice's screening records: one of each kind a screening URL points at."""

    open_questionnaire: Administration  # GAD-7, sent, not answered yet
    first_phq9: Administration  # completed
    second_phq9: Administration  # completed, item 9 above 0: raised `alert`
    alert: SafetyAlert
    intake: Intake  # ready for triage, with an offending indicator
    reporting_review: ReportingReview
    referral: Referral


def _answer(administration: Administration, answers: list[int | None], actor: User) -> None:
    screening.complete_administration(administration=administration, answers=answers, actor=actor)
    administration.refresh_from_db()


def alices_screening(world: World) -> AlicesScreening:
    """Made through the screening actions, as the pages would make them."""
    alice, bob = world.alice, world.people["bob"]

    def send(code: str, **extra: Any) -> Administration:
        return screening.send_instrument(client=alice, instrument=code, sent_by=bob, **extra)

    first_phq9, second_phq9 = send("phq9"), send("phq9")
    _answer(first_phq9, [2, 2, 2, 2, 2, 2, 2, 2, 0], alice)
    _answer(second_phq9, [1, 1, 0, 0, 1, 0, 0, 0, 1], alice)
    intake = screening.start_intake(client=alice, started_by=bob, instruments=[])
    steps = {step.instrument: step for step in screening.intake_steps(intake)}
    _answer(steps["intake_consent"], [1] * len(get_pack("intake_consent").items), alice)
    _answer(steps["behavior_inventory"], [0] * len(get_pack("behavior_inventory").items), alice)
    _answer(steps["offending_screen"], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], alice)
    intake.refresh_from_db()
    provider = Provider.objects.create(
        name="Bayside Assessment Service", kind=Provider.Kind.TRAUMA, practice=world.practice
    )
    return AlicesScreening(
        open_questionnaire=send("gad7"),
        first_phq9=first_phq9,
        second_phq9=second_phq9,
        alert=SafetyAlert.objects.get(administration=second_phq9),
        intake=intake,
        reporting_review=ReportingReview.objects.get(intake=intake),
        referral=screening.create_referral(
            client=alice,
            provider=provider,
            created_by=bob,
            reason="Assessment of trauma history.",
            follow_up_on=None,
        ),
    )


def _records(world: World) -> AlicesScreening:
    records: AlicesScreening = world.records["screening"]
    return records


ALICES_SCREENING = Redirect("/screening/clients/{client_id}/")
TEAM = {"bob": 200, "sam": 200}
ROWS = AccessRows(
    label="screening",
    order=40,
    records=alices_screening,
    get={
        # Each client's own questionnaire list: Mallory and Dan see theirs, never Alice's.
        "screening:my_questionnaires": row(
            anonymous=LOGIN, others=404, alice=200, mallory=200, dan=200
        ),
        # Alice answers her own questionnaires and reads her own results; her care team can
        # enter answers in session and read them. Ada's break-glass opens the record, not
        # screening; Carol and Dan, who support her, see none of it.
        "screening:answer": row(anonymous=LOGIN, others=404, alice=200, **TEAM),
        "screening:result": row(anonymous=LOGIN, others=404, alice=200, **TEAM),
        # Clinician-only pages about Alice: her care team, no one else, not Alice herself.
        "screening:client_screening": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:reliable_change": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:new_referral": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:resolve_alert": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:triage_review": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:reporting_review": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:referral": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:referral_letter": row(anonymous=LOGIN, others=404, **TEAM),
        # Every clinician has a provider directory (Eve's lists her own practice's providers).
        "screening:providers": row(anonymous=LOGIN, others=404, eve=200, **TEAM),
        # Supervisors import licensed text for their practice; institute staff for everyone.
        "screening:licensed_text": row(anonymous=LOGIN, others=404, sam=200, ivy=200),
    },
    post={
        "screening:answer": row(anonymous=LOGIN, others=404, alice=200, **TEAM),
        "screening:client_screening": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:new_referral": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:resolve_alert": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:triage_review": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:reporting_review": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:referral": row(anonymous=LOGIN, others=404, **TEAM),
        "screening:providers": row(anonymous=LOGIN, others=404, eve=200, **TEAM),
        "screening:licensed_text": row(anonymous=LOGIN, others=404, sam=200, ivy=200),
        # POST only: an empty intake (consent, inventory, safety and legal screen) is sent; an
        # empty in-session entry names no instrument and is turned back. Both return to
        # Alice's screening page.
        "screening:start_intake": row(
            anonymous=LOGIN, others=404, bob=ALICES_SCREENING, sam=ALICES_SCREENING
        ),
        "screening:enter_in_session": row(
            anonymous=LOGIN, others=404, bob=ALICES_SCREENING, sam=ALICES_SCREENING
        ),
    },
    kwargs={
        "administration_id": lambda world: _records(world).open_questionnaire.pk,
        "alert_id": lambda world: _records(world).alert.pk,
        "intake_id": lambda world: _records(world).intake.pk,
        "review_id": lambda world: _records(world).reporting_review.pk,
        "referral_id": lambda world: _records(world).referral.pk,
    },
    # A result page needs a completed questionnaire (an open one is answered, not read).
    kwargs_for={
        "screening:result": {"administration_id": lambda world: _records(world).first_phq9.pk}
    },
    query={
        "screening:reliable_change": lambda world: (
            f"?from={_records(world).first_phq9.pk}&to={_records(world).second_phq9.pk}"
        )
    },
    payloads={
        "screening:answer": lambda world: (
            {item.id: "3" for item in get_pack("gad7").items} | {"submit": ""}
        ),
        "screening:client_screening": lambda world: {"send": "", "instrument": "phq9"},
        "screening:new_referral": lambda world: {
            "provider": Provider.objects.get(name="Bayside Assessment Service").pk,
            "reason": "Matrix referral",
        },
        "screening:resolve_alert": lambda world: {"action_taken": "Called her."},
        "screening:triage_review": lambda world: {
            "confirmed_pathway": "neither",
            "override_reason": "Why",
        },
        "screening:reporting_review": lambda world: {
            "decision": "not_required",
            "notes": "Nothing",
        },
        "screening:referral": lambda world: {"status": "completed"},
        "screening:providers": lambda world: {"name": "Matrix provider", "kind": "other"},
        "screening:licensed_text": lambda world: {
            "instrument": "csbd19",
            "license_holder": "Matrix",
            "item_text": "\n".join(f"Item {i}" for i in range(19)),
        },
        "screening:start_intake": lambda world: {},
        "screening:enter_in_session": lambda world: {"instrument": "phq9"},
    },
)
