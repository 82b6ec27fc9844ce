"""The accountability rhythm's pages: the supporter's weekly summary, the client's alert and
call settings, and the calls both sides mark."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.network import rhythm
from threecircles.network.forms_rhythm import (
    CallForm,
    MarkCallForm,
    MissedCheckinAlertForm,
    WeeklySummaryForm,
)
from threecircles.network.models import AccountabilityCall, CallOccurrence, SupportMember
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action, Scope
from threecircles.recovery.actions import settings_for

# --- the supporter's weekly summary ----------------------------------------------------------


def _weekly_member(user: User, member_id: int) -> SupportMember:
    """One of the people who share something with this supporter now; anyone else, 404."""
    member = SupportMember.objects.supported_by(user).filter(pk=member_id).first()
    if member is None or not rhythm.weekly_scopes(member):
        raise Http404
    return member


@login_required
def weekly(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The last seven days of each person who shares with this supporter, limited to what
    they share now. Each scope is a read of its own, logged and shown to the client."""
    if not rhythm.in_a_support_network(request.user):
        raise Http404
    members = SupportMember.objects.supported_by(request.user).select_related("client")
    rows = []
    for member in members:
        figures = []
        for scope in rhythm.weekly_scopes(member):
            label = Scope(scope).label.lower()
            client = get_client_for(
                request, member.client_id, scope=scope, what=f"weekly summary: {label}"
            )
            figures.append(rhythm.weekly_figure(client=client, member=member, scope=scope))
        if figures:
            form = WeeklySummaryForm(
                initial={"weekly_summary": member.weekly_summary}, prefix=f"m{member.pk}"
            )
            rows.append({"member": member, "figures": figures, "form": form})
    return render(request, "network/rhythm/weekly.html", {"rows": rows})


@require_POST
@login_required
def weekly_email(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _weekly_member(request.user, member_id)
    form = WeeklySummaryForm(request.POST, prefix=f"m{member.pk}")
    on = form.is_valid() and form.cleaned_data["weekly_summary"]
    rhythm.set_weekly_summary(member=member, on=on)
    name = member.client.display_name
    if on:
        messages.success(request, f"You will get an e-mail when {name}'s summary is ready.")
    else:
        messages.success(request, f"No more e-mails about {name}'s summary.")
    return redirect("network:rhythm_weekly")


# --- the client's settings: the missed check-in alert, and calls -----------------------------


def _own_calls(client: User) -> QuerySet[AccountabilityCall]:
    """The client's running calls, with people still in their network."""
    return AccountabilityCall.objects.filter(
        member__client=client, member__revoked_at__isnull=True, ended_at__isnull=True
    )


def _settings_page(
    request: AuthenticatedHttpRequest,
    *,
    alert_form: MissedCheckinAlertForm | None = None,
    call_form: CallForm | None = None,
) -> HttpResponse:
    client = request.user
    saved = rhythm.support_settings_for(client)
    alert_form = alert_form or MissedCheckinAlertForm(
        initial={
            "after_days": saved.missed_checkins_alert_after,
            "members": rhythm.checkin_sharers(client).filter(alert_missed_checkins=True),
        },
        members=rhythm.checkin_sharers(client),
    )
    partners = rhythm.call_partners(client)
    call_form = call_form or CallForm(members=partners)
    calls = _own_calls(client)
    context = {
        "alert_form": alert_form,
        "call_form": call_form,
        "has_partners": partners.exists(),
        "calls": calls.select_related("member"),
        "time_zone": settings_for(client).time_zone,
    }
    return render(request, "network/rhythm/settings.html", context)


@role_required(Role.CLIENT)
def settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _settings_page(request)
    client = request.user
    form = MissedCheckinAlertForm(request.POST, members=rhythm.checkin_sharers(client))
    if not form.is_valid():
        return _settings_page(request, alert_form=form)
    after_days = form.cleaned_data["after_days"]
    rhythm.save_missed_checkin_alert(
        client=client, after_days=after_days, members=list(form.cleaned_data["members"])
    )
    if after_days:
        messages.success(request, "Saved. The people you chose will be told if you go quiet.")
    else:
        messages.success(request, "Saved. The missed check-in alert is off.")
    return redirect("network:rhythm_settings")


@require_POST
@role_required(Role.CLIENT)
def add_call(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CallForm(request.POST, members=rhythm.call_partners(request.user))
    if not form.is_valid():
        return _settings_page(request, call_form=form)
    call = rhythm.add_call(
        member=form.cleaned_data["member"],
        weekday=form.cleaned_data["weekday"],
        at=form.cleaned_data["time"],
    )
    messages.success(request, f"Call with {call.member.name} added.")
    return redirect("network:rhythm_settings")


@require_POST
@role_required(Role.CLIENT)
def end_call(request: AuthenticatedHttpRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(
        AccountabilityCall.objects.filter(member__client=request.user, ended_at__isnull=True),
        pk=call_id,
    )
    rhythm.end_call(call=call)
    messages.success(request, f"The call with {call.member.name} has ended.")
    return redirect("network:rhythm_settings")


# --- the calls, seen and marked by both sides ------------------------------------------------


def _rows(calls: Any, side: str) -> list[dict[str, Any]]:
    return [
        {
            "call": call,
            "time_zone": settings_for(call.member.client).time_zone,
            "occurrences": rhythm.occurrences_for(call),
            "side": side,
        }
        for call in calls
    ]


@login_required
def calls(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client's own calls, and the calls with the people this person supports; each
    client's calls read by a supporter are logged on that client's record."""
    user = request.user
    is_client = user.role == Role.CLIENT
    if not is_client and not rhythm.in_a_support_network(user):
        raise Http404
    own = _own_calls(user).select_related("member__client")
    mine = _rows(own, rhythm.Side.CLIENT) if is_client else []
    supported = []
    for member in rhythm.members_whose_calls_i_see(user):
        theirs = member.calls.filter(ended_at__isnull=True)
        if theirs.exists():
            rhythm.log_supporter_read(supporter=user, member=member, action=Action.VIEW)
            supported += _rows(theirs.select_related("member__client"), rhythm.Side.SUPPORTER)
    context = {"is_client": is_client, "mine": mine, "supported": supported}
    return render(request, "network/rhythm/calls.html", context)


def _occurrence_and_side(user: User, occurrence_id: int) -> tuple[CallOccurrence, str]:
    occurrence = get_object_or_404(
        CallOccurrence.objects.select_related("call__member"), pk=occurrence_id
    )
    member = occurrence.call.member
    if member.client_id == user.pk:
        return occurrence, rhythm.Side.CLIENT
    if member.supporter == user and rhythm.supporter_sees_calls(member):
        return occurrence, rhythm.Side.SUPPORTER
    raise Http404


@require_POST
@login_required
def mark_call(request: AuthenticatedHttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence, side = _occurrence_and_side(request.user, occurrence_id)
    form = MarkCallForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether the call happened.")
        return redirect("network:rhythm_calls")
    rhythm.mark_occurrence(occurrence=occurrence, side=side, happened=form.cleaned_data["happened"])
    if side == rhythm.Side.SUPPORTER:
        member = occurrence.call.member
        rhythm.log_supporter_read(supporter=request.user, member=member, action=Action.UPDATE)
    messages.success(request, f"Saved for {occurrence.day:%A %-d %B}.")
    return redirect("network:rhythm_calls")
