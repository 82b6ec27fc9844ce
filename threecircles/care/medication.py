"""Medication in a client's care: added, followed (adherence notes), stopped.

Rows are never deleted: a stopped medication stays in the list as history. The client reads
their own list, adherence notes included, so the team writes them knowing that.
"""

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from threecircles.accounts.models import CLINICAL_ROLES, User
from threecircles.care.models import Medication
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Grant

WHAT = "medication"


def prescriber_choices(client: User) -> QuerySet[User]:
    """Clinicians of the practices where the client is in care now."""
    practices = Grant.objects.care_team().active().filter(client=client).values("practice")
    return (
        User.objects.filter(
            role__in=CLINICAL_ROLES,
            is_active=True,
            practice_memberships__practice__in=practices,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


@transaction.atomic
def add_medication(
    *,
    client: User,
    recorded_by: User,
    name: str,
    dose: str,
    schedule: str,
    prescriber: User | None,
    prescriber_name: str,
    started_on: date,
    reason: str,
) -> Medication:
    """Callers got `client` through `get_client_for`; the write is logged here."""
    medication = Medication(
        client=client,
        name=name,
        dose=dose,
        schedule=schedule,
        prescriber=prescriber,
        prescriber_name="" if prescriber else prescriber_name,
        started_on=started_on,
        reason=reason,
        adherence_notes="",
        recorded_by=recorded_by,
    )
    medication.save()
    _log(recorded_by, Action.CREATE, medication)
    return medication


@transaction.atomic
def update_adherence(*, medication: Medication, actor: User, adherence_notes: str) -> None:
    medication.adherence_notes = adherence_notes
    medication.save(update_fields=["adherence_notes"])
    _log(actor, Action.UPDATE, medication)


@transaction.atomic
def stop_medication(*, medication: Medication, actor: User, stopped_on: date) -> None:
    if stopped_on < medication.started_on:
        raise ValueError("A medication cannot stop before it started.")
    medication.stopped_on = stopped_on
    medication.save(update_fields=["stopped_on"])
    _log(actor, Action.UPDATE, medication)


def _log(actor: User, action: str, medication: Medication) -> None:
    record_access(
        actor=actor,
        client_id=medication.client_id,
        action=action,
        what=WHAT,
        reason="Care team",
        object_id=str(medication.pk),
    )
