"""The client takes their recovery data with them (one JSON document, CSV tables, a printable
summary), erases it, or asks to close their account. Each client sees only their own: these
URLs carry no id."""

import json
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action
from threecircles.recovery import actions, erasure, export
from threecircles.recovery.forms import SAFETY_SECTIONS
from threecircles.recovery.models import (
    CIRCLE_HELP,
    CheckIn,
    Circle,
    JournalEntry,
    SafetyPlan,
    Slip,
    TaskWork,
    Trigger,
)

OWN = Role.CLIENT
CONFIRM_WORD = "erase"
RECENT_DAYS = 30


def _mine(request: AuthenticatedHttpRequest, what: str, action: str = Action.VIEW) -> User:
    return get_client_for(request, request.user.pk, what=what, action=action)


def _attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=f"Type the word “{CONFIRM_WORD}” to confirm",
        max_length=20,
        help_text="This cannot be undone.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def clean_confirm(self) -> str:
        typed: str = self.cleaned_data["confirm"].strip()
        if typed.lower() != CONFIRM_WORD:
            raise forms.ValidationError(
                f"Type “{CONFIRM_WORD}” to erase, or leave this page: nothing was erased."
            )
        return typed


def _page(
    request: AuthenticatedHttpRequest, client: User, form: EraseForm, status: int = 200
) -> HttpResponse:
    counts = [
        (CheckIn.objects.for_client(client.pk).count(), "check-in", "check-ins"),
        (Slip.objects.for_client(client.pk).count(), "slip", "slips"),
        (Trigger.objects.for_client(client.pk).count(), "trigger", "triggers"),
        (JournalEntry.objects.filter(client=client).count(), "journal entry", "journal entries"),
        (TaskWork.objects.filter(client=client).count(), "workbook task", "workbook tasks"),
    ]
    context = {
        "form": form,
        "counts": counts,
        "has_plan": actions.current_plan(client) is not None,
        "has_safety_plan": SafetyPlan.objects.filter(client=client).exists(),
        "tables": export.TABLES.items(),
        "close_requested_at": erasure.close_requested_at(client),
    }
    return render(request, "recovery/export/page.html", context, status=status)


@role_required(OWN)
def page(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "own recovery data (export and erasure)")
    return _page(request, client, EraseForm())


@role_required(OWN)
def export_json(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "own recovery data (downloaded, JSON)", action=Action.EXPORT)
    content = json.dumps(export.document(client), indent=2, ensure_ascii=False)
    return _attachment(content, "application/json; charset=utf-8", "my-data.json")


@role_required(OWN)
def export_csv(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    if name not in export.TABLES:  # before the record is opened: never logged
        raise Http404
    client = _mine(request, f"own recovery data (downloaded, {name} CSV)", action=Action.EXPORT)
    content = export.csv_text(client, name)
    return _attachment(content, "text/csv; charset=utf-8", export.TABLES[name].filename)


@role_required(OWN)
def export_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    from weasyprint import HTML

    client = _mine(request, "own recovery data (downloaded, PDF summary)", action=Action.EXPORT)
    today = actions.today_for(client)
    plan = actions.current_plan(client)
    items = plan.items if plan else {c.value: [] for c in Circle}
    safety = SafetyPlan.objects.filter(client=client).first()
    sections = safety.sections if safety else {}
    html = render_to_string(
        "recovery/export/summary_print.html",
        {
            "today": today,
            "progress": actions.progress_for(client, today),
            "plan": plan,
            "circles": [
                {"key": c.value, "label": c.label, "help": CIRCLE_HELP[c], "items": items[c.value]}
                for c in Circle
            ],
            "safety": [(label, sections.get(key, [])) for key, label, _ in SAFETY_SECTIONS],
            "check_ins": export.recent_check_ins(client, today - timedelta(days=RECENT_DAYS - 1)),
            "recent_days": RECENT_DAYS,
        },
    )
    return _attachment(HTML(string=html).write_pdf(), "application/pdf", "my-data.pdf")


@require_POST
@role_required(OWN)
def erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Erase the client's own recovery data, once they typed the word."""
    client = _mine(request, "own recovery data (export and erasure)", action=Action.UPDATE)
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _page(request, client, form, status=400)
    erasure.erase_recovery_data(client=client)
    messages.success(
        request,
        "Your recovery data is erased: it cannot be read again, by anyone. You can start "
        "afresh whenever you like. The clinical record your practice keeps is unchanged.",
    )
    response = redirect("export:page")
    # This browser's copies go too: form drafts, check-ins kept offline and not sent, the
    # safety plan copy, the pages the service worker kept (the session cookie stays).
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_POST
@role_required(OWN)
def close_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, "account", action=Action.UPDATE)
    erasure.ask_to_close_account(client=client)
    messages.success(
        request,
        "Your request is sent to the administrators of this service, who close accounts. "
        "They take into account what your practice must keep by law.",
    )
    return redirect("export:page")
