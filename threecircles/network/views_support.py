"""Pages of support requests: the client's button, settings and request; the supporter's
notice with its two answers."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.network import support
from threecircles.network.forms_support import AnswerForm, SupportSettingsForm
from threecircles.network.models import SupportNotice, SupportRequest
from threecircles.privacy.access import get_client_for, record_access
from threecircles.privacy.models import Action, Basis
from threecircles.recovery.actions import settings_for
from threecircles.recovery.crisis_lines import lines_for, tel


@dataclass(frozen=True)
class Asked:
    """One person a request asked, by the name the client knows them by."""

    name: str
    notice: SupportNotice


def _mine(request: AuthenticatedHttpRequest, what: str = support.WHAT) -> User:
    return get_client_for(request, request.user.pk, what=what)


def _render_for(
    client: User, request: AuthenticatedHttpRequest, template: str, context: dict[str, Any]
) -> HttpResponse:
    """Times on the client's pages read in the client's own time zone."""
    with timezone.override(settings_for(client).time_zone):
        return render(request, template, context)


def planned_steps(client: User, wait_minutes: int) -> list[dict[str, Any]]:
    """Who a request would ask now, and after how many minutes each round is asked."""
    names = support.known_as(client)
    return [
        {
            "after": index * wait_minutes,
            # People not in the network are there because the client shares support
            # requests with a group they are in.
            "names": [
                support.name_for(person, names)
                + ("" if person.pk in names else " (from your group)")
                for person in step.people
            ],
        }
        for index, step in enumerate(support.ladder(client))
    ]


# --- the client -----------------------------------------------------------------------------


@role_required(Role.CLIENT)
def support_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request)
    if request.method == "POST":
        # A second tap while a request is open would ask everyone again: show the open one.
        waiting = SupportRequest.objects.for_client(client.pk).open().first()
        if waiting is not None:
            messages.info(request, "Your request is still open: here is who was asked.")
            return redirect("network:support_request", waiting.pk)
        asked = support.ask_for_support(client=client)
        return redirect("network:support_request", asked.pk)
    wait = support.support_settings_for(client).wait_minutes
    steps = planned_steps(client, wait)
    context = {
        "steps": steps,
        "wait": wait,
        "safety_plan_after": len(steps) * wait,
        "open_request": SupportRequest.objects.for_client(client.pk).open().first(),
    }
    return _render_for(client, request, "network/support/support_now.html", context)


@role_required(Role.CLIENT)
def support_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = _mine(request, support.SETTINGS_WHAT)
    members = list(support.members_to_choose(client))
    initial = {"wait_minutes": support.support_settings_for(client).wait_minutes}
    form = SupportSettingsForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        support.save_support_settings(
            client=client,
            wait_minutes=form.cleaned_data["wait_minutes"],
            rounds=form.rounds(),
        )
        messages.success(request, "Saved. Your next request for support follows these choices.")
        return redirect("network:support_settings")
    return render(request, "network/support/settings.html", {"form": form})


def _next_round(found: SupportRequest, client: User) -> list[str]:
    """Who the next round would ask, as the grants stand now."""
    asked = {notice.person_id for notice in found.notices.all()}
    names = support.known_as(client)
    for step in support.ladder(client):
        people = [person for person in step.people if person.pk not in asked]
        if step.round > found.round and people:
            return [support.name_for(person, names) for person in people]
    return []


@role_required(Role.CLIENT)
def support_request(request: AuthenticatedHttpRequest, support_request_id: int) -> HttpResponse:
    found = get_object_or_404(
        SupportRequest.objects.for_client(request.user.pk), pk=support_request_id
    )
    client = get_client_for(request, request.user.pk, what=support.WHAT, object_id=str(found.pk))
    names = support.known_as(client)
    notices = [
        Asked(support.name_for(notice.person, names), notice)
        for notice in found.notices.select_related("person")
    ]
    waiting = found.closed_at is None and found.next_round_at is not None
    context = {
        "found": found,
        "notices": notices,
        "answered": [row for row in notices if row.notice.answer],
        "next_names": _next_round(found, client) if waiting else [],
        "waiting": waiting,
        "lines": [(line, tel(line.number)) for line in lines_for(settings_for(client).country)],
        "refresh": found.closed_at is None,
    }
    return _render_for(client, request, "network/support/request.html", context)


@require_POST
@role_required(Role.CLIENT)
def support_close(request: AuthenticatedHttpRequest, support_request_id: int) -> HttpResponse:
    found = get_object_or_404(
        SupportRequest.objects.for_client(request.user.pk), pk=support_request_id
    )
    _mine(request)
    support.close_support_request(request=found)
    messages.success(request, "Glad to hear it. Nobody else will be asked.")
    return redirect("network:support_request", found.pk)


# --- the supporter --------------------------------------------------------------------------


@login_required
def support_notice(request: AuthenticatedHttpRequest, support_notice_id: int) -> HttpResponse:
    """What a supporter was asked. Checked again on every visit: once the client removes or
    pauses them, or takes them off the list of people to ask, this page answers 404 like
    any other. The visit is logged on the client's record."""
    notice = get_object_or_404(
        SupportNotice.objects.select_related("request__client"),
        pk=support_notice_id,
        person=request.user,
        request__client__is_active=True,
    )
    if not support.may_answer(notice):
        raise Http404
    client = notice.request.client
    record_access(
        actor=request.user,
        client_id=client.pk,
        action=Action.UPDATE if request.method == "POST" else Action.VIEW,
        what=support.SUPPORTER_WHAT,
        reason=support.relationship_of(client, request.user),
        basis=Basis.SUPPORTER,
        object_id=str(notice.request_id),
    )
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        still_open = support.answer_support_request(
            notice=notice, answer=form.cleaned_data["answer"]
        )
        if still_open:
            messages.success(request, f"Thank you. {client.display_name} can see your answer.")
        else:
            messages.success(
                request,
                f"Your answer is recorded. {client.display_name} had already closed this "
                "request: they said they are OK now.",
            )
        return redirect("network:support_notice", notice.pk)
    context = {
        "notice": notice,
        "client": client,
        "form": form,
        "minutes_ago": _minutes_since(notice.request.created_at),
    }
    return _render_for(client, request, "network/support/notice.html", context)


def _minutes_since(moment: datetime) -> int:
    return max(0, (timezone.now() - moment) // timedelta(minutes=1))
