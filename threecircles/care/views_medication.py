"""Medication on a client's record: the care team adds, follows and stops it; the client
reads their own list."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role
from threecircles.care import medication as actions
from threecircles.care.forms_medication import AdherenceForm, MedicationForm, StopMedicationForm
from threecircles.care.models import Medication
from threecircles.privacy.access import get_client_for

CLINICAL = tuple(sorted(CLINICAL_ROLES))


@role_required(*CLINICAL, Role.CLIENT)
def medication_list(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Current and past. The client reaches only their own; the care team, their clients'."""
    client = get_client_for(request, client_id, what=actions.WHAT)
    medications = Medication.objects.for_client(client.pk).select_related("prescriber")
    context = {
        "client": client,
        "current": [m for m in medications if m.stopped_on is None],
        "past": [m for m in medications if m.stopped_on is not None],
        "is_client": request.user.pk == client.pk,
        # The care team gets a link to each medication's adherence notes and stopping.
        "team": request.user.pk != client.pk,
    }
    return render(request, "care/medication/list.html", context)


@role_required(*CLINICAL)
def medication_new(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what=actions.WHAT)
    form = MedicationForm(
        request.POST if request.method == "POST" else None,
        prescribers=actions.prescriber_choices(client),
    )
    if form.is_valid():
        actions.add_medication(client=client, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, "Medication added.")
        return redirect("care:medication_list", client_id=client.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "care/medication/new.html", {"client": client, "form": form}, status=status
    )


@role_required(*CLINICAL)
def medication_detail(
    request: AuthenticatedHttpRequest, client_id: int, medication_id: UUID
) -> HttpResponse:
    """Adherence notes and stopping, one form each on one page (the button says which)."""
    client = get_client_for(request, client_id, what=actions.WHAT, object_id=str(medication_id))
    medication = (
        Medication.objects.for_client(client.pk)
        .select_related("prescriber")
        .filter(pk=medication_id)
        .first()
    )
    if medication is None:
        raise Http404
    medication.client = client
    posted = request.POST if request.method == "POST" else None
    stopping = posted is not None and "stop" in posted and medication.stopped_on is None
    adherence_form = AdherenceForm(
        None if stopping else posted, initial={"adherence_notes": medication.adherence_notes}
    )
    stop_form = StopMedicationForm(posted if stopping else None, started_on=medication.started_on)
    if stopping and stop_form.is_valid():
        actions.stop_medication(
            medication=medication,
            actor=request.user,
            stopped_on=stop_form.cleaned_data["stopped_on"],
        )
        messages.success(request, "Medication stopped.")
        return redirect("care:medication_list", client_id=client.pk)
    if not stopping and adherence_form.is_valid():
        actions.update_adherence(
            medication=medication,
            actor=request.user,
            adherence_notes=adherence_form.cleaned_data["adherence_notes"],
        )
        messages.success(request, "Adherence notes saved.")
        return redirect("care:medication_detail", client_id=client.pk, medication_id=medication.pk)
    context = {
        "client": client,
        "medication": medication,
        "adherence_form": adherence_form,
        "stop_form": stop_form if medication.stopped_on is None else None,
    }
    status = 400 if posted is not None else 200
    return render(request, "care/medication/detail.html", context, status=status)
