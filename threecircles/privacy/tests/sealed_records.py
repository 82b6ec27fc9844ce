"""One row of every encrypted kind for a client, and every encrypted value read back.

Shared by the encryption-at-rest, erasure and key-rotation tests, so that "everything" in
them means every `EncryptedTextField` of every model, not only care notes.
"""

from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import models

from threecircles.accounts.models import Practice, User
from threecircles.care.actions import add_note
from threecircles.privacy.fields import EncryptedTextField
from threecircles.screening import actions
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Provider, ReportingReview, SafetyAlert

# Fields that hold what a person typed: each gets its own sentinel in the tests.
FREE_TEXT_FIELDS = {
    ("care.Note", "text"): "note",
    ("screening.SafetyAlert", "action_taken"): "alert",
    ("screening.Intake", "override_reason"): "override",
    ("screening.ReportingReview", "jurisdiction"): "jurisdiction",
    ("screening.ReportingReview", "notes"): "reporting",
    ("screening.Referral", "reason"): "referral",
}
# Fields the software fills in (answers, scores, pathways, categories, a decision from a list):
# test_sealed_results searches their raw columns for what they would reveal.
DERIVED_FIELDS = {
    ("screening.Administration", "answers_sealed"),
    ("screening.Administration", "result_sealed"),
    ("screening.Intake", "recommended_pathway"),
    ("screening.Intake", "reasons"),
    ("screening.Intake", "confirmed_pathway"),
    ("screening.ReportingReview", "categories_sealed"),
    ("screening.ReportingReview", "decision"),
}


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """(model, attribute) for every encrypted field of every installed model."""
    return sorted(
        (
            (model, field.attname)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ),
        key=lambda pair: (pair[0]._meta.label, pair[1]),
    )


def encrypted_field_names() -> set[tuple[str, str]]:
    return {(model._meta.label, name) for model, name in encrypted_fields()}


def encrypted_cells(client_id: int | None = None) -> Iterator[tuple[str, models.Model, str]]:
    """(label, fresh row, attribute) for every encrypted value, of one client or of all."""
    for model, name in encrypted_fields():
        rows = model._default_manager.all()
        if client_id is not None:
            rows = rows.filter(client_id=client_id)
        for row in rows.order_by("pk"):
            yield f"{model._meta.label}:{row.pk}.{name}", row, name


def every_encrypted_value(client_id: int | None = None) -> dict[str, str]:
    """Every encrypted value decrypted from a fresh read of the database."""
    return {label: getattr(row, name) for label, row, name in encrypted_cells(client_id)}


def seal_one_of_everything(
    *, client: User, clinician: User, practice: Practice, text: Callable[[str], str]
) -> None:
    """A note, a PHQ-9 with a safety answer whose alert is resolved, an intake with an
    offending indicator triaged against its recommendation, the reporting decision, and a
    referral: every free-text field holds `text(kind)` (kinds from FREE_TEXT_FIELDS)."""
    add_note(client=client, author=clinician, text=text("note"))

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
        answers: list[int | None] = [
            item.options[-1].score for item in get_pack(step.instrument).items
        ]
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
