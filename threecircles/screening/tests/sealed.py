"""Screening's encrypted fields, for the encryption-at-rest, erasure and key-rotation tests."""

from collections.abc import Callable

from threecircles.accounts.models import Practice, User
from threecircles.privacy.tests.sealed_records import SealedFields
from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Provider, ReportingReview, SafetyAlert


def seal(*, client: User, clinician: User, practice: Practice, text: Callable[[str], str]) -> None:
    """A PHQ-9 with a safety answer whose alert is resolved, an intake with an offending
    indicator triaged against its recommendation, the reporting decision, and a referral."""
    phq9 = actions.send_instrument(client=client, instrument="phq9", sent_by=clinician)
    safety_answer: list[int | None] = [0, 0, 0, 0, 0, 0, 0, 0, 2]
    actions.complete_administration(administration=phq9, answers=safety_answer, actor=client)
    actions.resolve_alert(
        alert=SafetyAlert.objects.get(administration=phq9),
        clinician=clinician,
        action_taken=text("alert"),
    )

    intake = actions.start_intake(client=client, started_by=clinician, instruments=[])
    for step in actions.intake_steps(intake):
        answers: list[int | None] = [max(item.scores) for item in get_pack(step.instrument).items]
        actions.complete_administration(administration=step, answers=answers, actor=client)
    intake.refresh_from_db()
    assert intake.recommended_pathway == "both"
    actions.review_triage(
        intake=intake,
        clinician=clinician,
        confirmed_pathway="neither",
        override_reason=text("override"),
    )
    actions.decide_reporting_review(
        review=ReportingReview.objects.get(intake=intake),
        clinician=clinician,
        decision="consulted",
        jurisdiction=text("jurisdiction"),
        notes=text("reporting"),
    )

    provider = Provider.objects.create(
        name=f"Provider of {practice.name}", kind=Provider.Kind.OTHER, practice=practice
    )
    actions.create_referral(
        client=client,
        provider=provider,
        created_by=clinician,
        reason=text("referral"),
        follow_up_on=None,
    )


SEALED = SealedFields(
    # Fields that hold what a person typed: each gets its own sentinel in the tests.
    free_text={
        ("screening.SafetyAlert", "action_taken"): "alert",
        ("screening.Intake", "override_reason"): "override",
        ("screening.ReportingReview", "jurisdiction"): "jurisdiction",
        ("screening.ReportingReview", "notes"): "reporting",
        ("screening.Referral", "reason"): "referral",
    },
    # Fields the software fills in (answers, scores, pathways, categories, a decision from a
    # list): test_sealed_results searches their raw columns for what they would reveal.
    derived={
        ("screening.Administration", "answers_sealed"),
        ("screening.Administration", "result_sealed"),
        ("screening.Intake", "recommended_pathway"),
        ("screening.Intake", "reasons"),
        ("screening.Intake", "confirmed_pathway"),
        ("screening.ReportingReview", "categories_sealed"),
        ("screening.ReportingReview", "decision"),
    },
    seal=seal,
    order=20,
)
