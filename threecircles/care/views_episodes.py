"""Episode pages: the care team admits, transfers and discharges a client and keeps the team;
the client reads their own care history.

Every page gets the client through `get_client_for` (scope: the record); the writes pass the
write's action, so the client's access log says who changed their episodes and when.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.care.episodes import (
    WHAT,
    EpisodeError,
    add_member,
    admission_practices,
    admit,
    discharge,
    end_member,
    team_of,
    transfer,
)
from threecircles.care.forms_episodes import AdmitForm, DischargeForm, MemberForm, TransferForm
from threecircles.care.models import Episode
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action, Grant

CLINICAL = (Role.CLINICIAN, Role.SUPERVISOR)


def _client(request: AuthenticatedHttpRequest, client_id: int, episode_id: int = 0) -> User:
    """The client, logged as viewed, or as changed when the request writes."""
    action = Action.VIEW if request.method == "GET" else Action.UPDATE
    return get_client_for(
        request, client_id, what=WHAT, action=action, object_id=str(episode_id or "")
    )


def _episode(request: AuthenticatedHttpRequest, client_id: int, episode_id: int) -> Episode:
    """The client's episode, for someone who works at its practice (a team member from
    another practice does not run this one). Looked up before the record is opened, so a
    wrong id is refused without a line in the client's log."""
    episode = (
        Episode.objects.filter(pk=episode_id, client_id=client_id)
        .filter(practice__memberships__user=request.user)
        .select_related("practice", "discharged_by")
        .first()
    )
    if episode is None:
        raise Http404
    return episode


@role_required(*CLINICAL)
def episode_admit(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    if request.method == "POST":
        client = get_client_for(request, client_id, what=WHAT, action=Action.CREATE)
    else:
        client = get_client_for(request, client_id, what=WHAT)
    practices = admission_practices(client=client, clinician=request.user)
    form = AdmitForm(request.POST or None, practices=practices, admitted_by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            admit(
                client=client,
                practice=form.cleaned_data["practice"],
                level_of_care=form.cleaned_data["level_of_care"],
                started_on=form.cleaned_data["started_on"],
                primary_clinician=form.cleaned_data["primary_clinician"],
                admitted_by=request.user,
                team=form.further_places(),
            )
        except EpisodeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{client.display_name} was admitted.")
            return redirect("care:client_record", client_id=client.pk)
    context = {"client": client, "form": form, "practices": practices}
    return render(request, "care/episodes/admit.html", context)


def _detail(
    request: AuthenticatedHttpRequest, client: User, episode: Episode, **forms_: forms.Form
) -> HttpResponse:
    """The episode page, with any form the request got wrong kept as typed."""
    is_open = episode.is_open
    summary = getattr(episode, "discharge_summary", None)
    context: dict[str, Any] = {
        "client": client,
        "episode": episode,
        "changes": episode.level_changes.select_related("changed_by"),
        "team": team_of(episode),
        "summary": summary,
        "transfer_form": forms_.get("transfer_form") or TransferForm() if is_open else None,
        "discharge_form": forms_.get("discharge_form") or DischargeForm() if is_open else None,
        "member_form": forms_.get("member_form") or MemberForm(practice=episode.practice)
        if is_open
        else None,
    }
    return render(request, "care/episodes/detail.html", context)


@role_required(*CLINICAL)
def episode_detail(
    request: AuthenticatedHttpRequest, client_id: int, episode_id: int
) -> HttpResponse:
    episode = _episode(request, client_id, episode_id)
    return _detail(request, _client(request, client_id, episode_id), episode)


def _change(
    request: AuthenticatedHttpRequest,
    client_id: int,
    episode_id: int,
    *,
    form_name: str,
    form: Callable[[Episode], forms.Form],
    act: Callable[[Episode, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A change made with one form of the episode page: done, it comes back to the page with
    a message; a form the request got wrong, or a change the episode refuses, shows the page
    again with the form as typed (`form_name` is its place on the page)."""
    episode = _episode(request, client_id, episode_id)
    client = _client(request, client_id, episode_id)
    bound = form(episode)
    if bound.is_valid():
        try:
            act(episode, bound.cleaned_data)
        except EpisodeError as error:
            bound.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("care:episode_detail", client_id=client.pk, episode_id=episode.pk)
    return _detail(request, client, episode, **{form_name: bound})


@require_POST
@role_required(*CLINICAL)
def episode_transfer(
    request: AuthenticatedHttpRequest, client_id: int, episode_id: int
) -> HttpResponse:
    return _change(
        request,
        client_id,
        episode_id,
        form_name="transfer_form",
        form=lambda episode: TransferForm(request.POST),
        act=lambda episode, data: transfer(
            episode=episode,
            to_level=data["to_level"],
            changed_on=data["changed_on"],
            reason=data["reason"],
            changed_by=request.user,
        ),
        done="Level of care changed.",
    )


@require_POST
@role_required(*CLINICAL)
def episode_discharge(
    request: AuthenticatedHttpRequest, client_id: int, episode_id: int
) -> HttpResponse:
    return _change(
        request,
        client_id,
        episode_id,
        form_name="discharge_form",
        form=lambda episode: DischargeForm(request.POST),
        act=lambda episode, data: discharge(
            episode=episode,
            ended_on=data["ended_on"],
            reason=data["reason"],
            summary=data["summary"],
            discharged_by=request.user,
        ),
        done="Discharged. The care team keeps access to the record through the last day of care.",
    )


@require_POST
@role_required(*CLINICAL)
def episode_add_member(
    request: AuthenticatedHttpRequest, client_id: int, episode_id: int
) -> HttpResponse:
    return _change(
        request,
        client_id,
        episode_id,
        form_name="member_form",
        form=lambda episode: MemberForm(request.POST, practice=episode.practice),
        act=lambda episode, data: add_member(
            episode=episode,
            member=data["member"],
            role=data["role"],
            added_by=request.user,
        ),
        done="Added to the care team.",
    )


@require_POST
@role_required(*CLINICAL)
def episode_end_member(
    request: AuthenticatedHttpRequest, client_id: int, episode_id: int, place_id: int
) -> HttpResponse:
    episode = _episode(request, client_id, episode_id)
    place = (
        Grant.objects.care_team()
        .active()
        .filter(pk=place_id, client_id=client_id, practice=episode.practice)
        .select_related("grantee")
        .first()
    )
    if place is None:
        raise Http404
    client = _client(request, client_id, episode_id)
    try:
        end_member(episode=episode, place=place, ended_by=request.user)
    except EpisodeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{place.grantee} keeps access through today, then leaves the team.",
        )
    return redirect("care:episode_detail", client_id=client.pk, episode_id=episode.pk)


@role_required(Role.CLIENT)
def episode_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client's own care history: every episode, past ones included."""
    client = get_client_for(request, request.user.pk, what=WHAT)
    episodes = (
        Episode.objects.filter(client=client)
        .select_related("practice", "discharge_summary__author")
        .prefetch_related("level_changes")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-pk")
    )
    rows = [{"episode": episode, "team": team_of(episode)} for episode in episodes]
    return render(request, "care/episodes/history.html", {"client": client, "rows": rows})
