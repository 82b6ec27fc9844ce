"""Care's encrypted fields, for the encryption-at-rest, erasure and key-rotation tests."""

import json
from collections.abc import Callable

from threecircles.accounts.models import Practice, User
from threecircles.care.actions import add_note, open_episode
from threecircles.care.models import (
    Diagnosis,
    DischargeSummary,
    Medication,
    NoteAddendum,
    TreatmentPlan,
)
from threecircles.privacy.tests.sealed_records import SealedFields


def seal(*, client: User, clinician: User, practice: Practice, text: Callable[[str], str]) -> None:
    note = add_note(client=client, author=clinician, text=text("note"))
    note.sections_sealed = json.dumps({"assessment": text("note sections")})
    note.save()
    NoteAddendum.objects.create(
        note=note, client=client, author=clinician, text=text("note addendum")
    )
    episode = open_episode(
        client=client, practice=practice, primary_clinician=clinician, level_of_care="outpatient"
    )
    DischargeSummary.objects.create(
        episode=episode, client=client, author=clinician, text=text("discharge summary")
    )
    Diagnosis.objects.create(
        client=client,
        episode=episode,
        code="6C72",
        title="Compulsive sexual behaviour disorder",
        clinician=clinician,
        evidence=text("diagnosis evidence"),
    )
    TreatmentPlan.objects.create(
        client=client,
        episode=episode,
        number=1,
        author=clinician,
        review_on=episode.started_on,
        content_sealed=json.dumps({"problems": [{"text": text("treatment plan")}]}),
        changes_sealed=json.dumps([text("treatment plan")]),
    )
    Medication.objects.create(
        client=client,
        name="Medication",
        dose="10 mg",
        schedule="daily",
        recorded_by=clinician,
        reason=text("medication reason"),
        adherence_notes=text("adherence notes"),
    )


SEALED = SealedFields(
    free_text={
        ("care.Note", "text"): "note",
        ("care.Note", "sections_sealed"): "note sections",
        ("care.NoteAddendum", "text"): "note addendum",
        ("care.DischargeSummary", "text"): "discharge summary",
        ("care.Diagnosis", "evidence"): "diagnosis evidence",
        ("care.Medication", "reason"): "medication reason",
        ("care.Medication", "adherence_notes"): "adherence notes",
        ("care.TreatmentPlan", "content_sealed"): "treatment plan",
        ("care.TreatmentPlan", "changes_sealed"): "treatment plan",
    },
    seal=seal,
)
