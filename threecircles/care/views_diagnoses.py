"""Diagnoses on a client's record: the care team records and resolves them; nobody else,
the client included, opens these pages."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, User
from threecircles.care import diagnoses
from threecircles.care.forms_diagnoses import (
    ChecklistDiagnosisForm,
    DiagnosisForm,
    ResolveDiagnosisForm,
)
from threecircles.care.models import Diagnosis
from threecircles.privacy.access import get_client_for

CLINICAL = tuple(sorted(CLINICAL_ROLES))


def _status(request: AuthenticatedHttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _done(request: AuthenticatedHttpRequest, client: User, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("care:client_record", client_id=client.pk)


@role_required(*CLINICAL)
def diagnosis_new(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """By code and title; the client's completed 6C72 checklists are offered as a start."""
    # Only a clinician on the care team gets past here (role above, grant below).
    client = get_client_for(request, client_id, what=diagnoses.WHAT)
    form = DiagnosisForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        diagnoses.record_diagnosis(client=client, clinician=request.user, **form.cleaned_data)
        return _done(request, client, "Diagnosis recorded.")
    context = {
        "client": client,
        "form": form,
        "checklists": diagnoses.completed_checklists(client),
    }
    return render(request, "care/diagnoses/new.html", context, status=_status(request))


@role_required(*CLINICAL)
def diagnosis_from_checklist(
    request: AuthenticatedHttpRequest, client_id: int, administration_id: UUID
) -> HttpResponse:
    client = get_client_for(
        request, client_id, what=diagnoses.WHAT, object_id=str(administration_id)
    )
    checklist = diagnoses.checklist_for(client, administration_id)
    if checklist is None:
        raise Http404
    form = ChecklistDiagnosisForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        diagnoses.record_diagnosis(
            client=client,
            clinician=request.user,
            code=diagnoses.CHECKLIST_CODE,
            title=diagnoses.CHECKLIST_TITLE,
            diagnosed_on=form.cleaned_data["diagnosed_on"],
            evidence=form.cleaned_data["evidence"],
            checklist=checklist,
        )
        return _done(request, client, "Diagnosis recorded.")
    criteria = diagnoses.criteria_of(checklist)
    context = {
        "client": client,
        "form": form,
        "checklist": checklist,
        "criteria": criteria,
        "met": sum(criterion.met for criterion in criteria),
        "code": diagnoses.CHECKLIST_CODE,
        "title": diagnoses.CHECKLIST_TITLE,
    }
    return render(request, "care/diagnoses/from_checklist.html", context, status=_status(request))


@role_required(*CLINICAL)
def diagnosis_resolve(
    request: AuthenticatedHttpRequest, client_id: int, diagnosis_id: UUID
) -> HttpResponse:
    client = get_client_for(request, client_id, what=diagnoses.WHAT, object_id=str(diagnosis_id))
    diagnosis = Diagnosis.objects.for_client(client.pk).filter(pk=diagnosis_id).first()
    if diagnosis is None:
        raise Http404
    diagnosis.client = client
    form = ResolveDiagnosisForm(
        request.POST if request.method == "POST" and diagnosis.resolved_on is None else None,
        diagnosed_on=diagnosis.diagnosed_on,
    )
    if form.is_valid():
        diagnoses.resolve_diagnosis(
            diagnosis=diagnosis,
            clinician=request.user,
            resolved_on=form.cleaned_data["resolved_on"],
        )
        return _done(request, client, "Diagnosis marked resolved.")
    context = {"client": client, "diagnosis": diagnosis, "form": form}
    return render(request, "care/diagnoses/resolve.html", context, status=_status(request))
