"""Recording and resolving diagnoses.

A diagnosis is always a clinician's act: the ICD-11 6C72 checklist in screening only lays out
which requirements the clinician marked as met. Nothing here runs on its own, and completing
the checklist records nothing. History is kept: a diagnosis is never edited or deleted; a
wrong or outdated one is marked resolved and a new one recorded.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import transaction

from threecircles.accounts.models import User
from threecircles.care.models import Diagnosis, Episode
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Administration

CHECKLIST = "icd11_6c72"
CHECKLIST_CODE = "6C72"
CHECKLIST_TITLE = "Compulsive sexual behaviour disorder"
WHAT = "diagnoses"


@dataclass(frozen=True)
class Criterion:
    """One requirement of the checklist as the clinician answered it."""

    text: str
    answer: str
    met: bool


def completed_checklists(client: User) -> list[Administration]:
    return list(
        Administration.objects.for_client(client.pk)
        .completed()
        .filter(instrument=CHECKLIST)
        .order_by("-completed_at", "pk")
    )


def checklist_for(client: User, administration_id: UUID) -> Administration | None:
    """A completed 6C72 checklist of this client, or None."""
    return (
        Administration.objects.for_client(client.pk)
        .completed()
        .filter(instrument=CHECKLIST, pk=administration_id)
        .first()
    )


def checklist_of(diagnosis: Diagnosis) -> Administration | None:
    if diagnosis.checklist_id is None:
        return None
    return next(
        (a for a in completed_checklists(diagnosis.client) if a.pk == diagnosis.checklist_id),
        None,
    )


def criteria_of(administration: Administration) -> list[Criterion]:
    """Each requirement with the clinician's answer; the exclusion item is met when the
    answer is "No" (the pack scores it in reverse)."""
    pack = get_pack(administration.instrument)
    criteria = []
    for item, answer in zip(pack.items, administration.answers, strict=False):
        labels = {option.score: option.label for option in item.options}
        met = answer is not None and item.scored(answer) == max(item.scores)
        label = labels.get(answer, "Not answered") if answer is not None else "Not answered"
        criteria.append(Criterion(text=item.text or item.id, answer=label, met=met))
    return criteria


def _open_episode(client: User) -> Episode | None:
    return Episode.objects.filter(client=client).open().order_by("-started_on", "-pk").first()


@transaction.atomic
def record_diagnosis(
    *,
    client: User,
    clinician: User,
    code: str,
    title: str,
    diagnosed_on: date,
    evidence: str,
    checklist: Administration | None = None,
) -> Diagnosis:
    """Callers got `client` through `get_client_for`; the write is logged here."""
    diagnosis = Diagnosis(
        client=client,
        episode=_open_episode(client),
        code=code,
        title=title,
        diagnosed_on=diagnosed_on,
        clinician=clinician,
        evidence=evidence,
        checklist_id=checklist.pk if checklist else None,
    )
    diagnosis.save()
    _log(clinician, client, Action.CREATE, diagnosis)
    return diagnosis


@transaction.atomic
def resolve_diagnosis(*, diagnosis: Diagnosis, clinician: User, resolved_on: date) -> None:
    diagnosis.resolved_on = resolved_on
    diagnosis.save(update_fields=["resolved_on"])
    _log(clinician, diagnosis.client, Action.UPDATE, diagnosis)


def _log(actor: User, client: User, action: str, diagnosis: Diagnosis) -> None:
    record_access(
        actor=actor,
        client_id=client.pk,
        action=action,
        what=WHAT,
        reason="Care team",
        object_id=str(diagnosis.pk),
    )
