"""The client's other everyday tools: safety plan, journal, triggers and environment."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role, User
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action
from threecircles.recovery import daily
from threecircles.recovery.actions import settings_for
from threecircles.recovery.crisis_lines import lines_for, tel
from threecircles.recovery.forms import (
    SAFETY_SECTIONS,
    EnvironmentChangeForm,
    HighRiskTimeForm,
    JournalForm,
    SafetyPlanForm,
    TriggerForm,
)
from threecircles.recovery.models import (
    EnvironmentChange,
    EnvironmentStatus,
    HighRiskTime,
    JournalEntry,
    SafetyPlan,
    Trigger,
)

OWN = Role.CLIENT


def _mine(request: AuthenticatedHttpRequest, what: str, action: str = Action.VIEW) -> User:
    return get_client_for(request, request.user.pk, what=what, action=action)


# --- safety plan ----------------------------------------------------------------------------


@role_required(OWN)
def safety_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "safety plan")
    plan = SafetyPlan.objects.filter(client=client).first()
    sections = plan.sections if plan else {}
    lines = [(line, tel(line.number)) for line in lines_for(settings_for(client).country)]
    return render(
        request,
        "recovery/safety_plan.html",
        {
            "sections": [(label, sections.get(key, [])) for key, label, _ in SAFETY_SECTIONS],
            "lines": lines,
            "has_plan": plan is not None,
        },
    )


@role_required(OWN)
def safety_plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "safety plan")
    plan = SafetyPlan.objects.filter(client=client).first()
    initial = {key: "\n".join(lines) for key, lines in (plan.sections if plan else {}).items()}
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        daily.save_safety_plan(client=client, sections=form.sections())
        messages.success(request, "Saved. It is one tap away on every page.")
        return redirect("recovery:safety_plan")
    return render(request, "recovery/safety_plan_edit.html", {"form": form})


# --- journal --------------------------------------------------------------------------------


@role_required(OWN)
def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "journal")
    form = JournalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        daily.write_journal(client=client, **form.cleaned_data)
        messages.success(request, "Saved, privately.")
        return redirect("recovery:journal")
    entries = JournalEntry.objects.filter(client=client)[:100]
    return render(request, "recovery/journal.html", {"form": form, "entries": entries})


def _own_entry(request: AuthenticatedHttpRequest, entry_id: UUID) -> JournalEntry:
    entry = JournalEntry.objects.filter(pk=entry_id).first()
    if entry is None or entry.client_id != request.user.pk:
        raise Http404
    entry.client = _mine(request, "journal")
    return entry


@role_required(OWN)
def journal_entry(request: AuthenticatedHttpRequest, entry_id: UUID) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    form = JournalForm(request.POST or None, initial={"title": entry.title, "body": entry.body})
    if request.method == "POST" and "share" in request.POST:
        daily.share_journal_entry(entry=entry, share=request.POST["share"] == "yes")
        messages.success(request, "Saved who can read it.")
        return redirect("recovery:journal_entry", entry_id=entry.pk)
    if request.method == "POST" and form.is_valid():
        daily.edit_journal(entry=entry, **form.cleaned_data)
        messages.success(request, "Saved, privately.")
        return redirect("recovery:journal_entry", entry_id=entry.pk)
    return render(request, "recovery/journal_entry.html", {"entry": entry, "form": form})


@role_required(*CLINICAL_ROLES)
def shared_journal(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Entries the client chose to share with their care team, and only those."""
    client = get_client_for(request, client_id, what="journal entries shared with you")
    entries = JournalEntry.objects.filter(client=client, shared_with_care_team_at__isnull=False)
    return render(
        request, "recovery/shared_journal.html", {"client": client, "entries": entries[:100]}
    )


# --- triggers and environment ---------------------------------------------------------------


@role_required(OWN)
def environment(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Triggers, the changes to surroundings the client commits to, and high-risk times."""
    client = _mine(request, "triggers and environment")
    trigger_form = TriggerForm(request.POST if "trigger" in request.POST else None)
    change_form = EnvironmentChangeForm(request.POST if "change" in request.POST else None)
    time_form = HighRiskTimeForm(request.POST if "time" in request.POST else None)
    if request.method == "POST":
        if "trigger" in request.POST and trigger_form.is_valid():
            daily.add_trigger(client=client, **trigger_form.cleaned_data)
            return _saved(request)
        if "change" in request.POST and change_form.is_valid():
            daily.add_environment_change(client=client, text=change_form.cleaned_data["text"])
            return _saved(request)
        if "time" in request.POST and time_form.is_valid():
            daily.add_high_risk_time(client=client, **time_form.cleaned_data)
            return _saved(request)
    context = {
        "trigger_form": trigger_form,
        "change_form": change_form,
        "time_form": time_form,
        "triggers": Trigger.objects.for_client(client.pk).current(),
        "changes": EnvironmentChange.objects.filter(client=client),
        "statuses": EnvironmentStatus.choices,
        "times": HighRiskTime.objects.filter(client=client),
    }
    return render(
        request,
        "recovery/environment.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    messages.success(request, "Saved.")
    return redirect("recovery:environment")


@require_POST
@role_required(OWN)
def environment_item(request: AuthenticatedHttpRequest, kind: str, item_id: UUID) -> HttpResponse:
    """Change a status, or remove an item (a trigger is archived: past check-ins keep it)."""
    models: dict[str, Any] = {
        "trigger": Trigger,
        "change": EnvironmentChange,
        "time": HighRiskTime,
    }
    model = models.get(kind)
    item = model.objects.filter(pk=item_id, client_id=request.user.pk).first() if model else None
    if item is None:
        raise Http404
    item.client = _mine(request, "triggers and environment", action=Action.UPDATE)
    daily.change_environment_item(
        item=item, status=request.POST.get("status", ""), remove="remove" in request.POST
    )
    return _saved(request)
