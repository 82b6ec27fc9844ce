"""Family and collateral participants: the care team adds them, proposes releases and adds them
to family sessions; the client signs or revokes each release; a person whose account was named
accepts or declines; the participant reads only what an active release allows."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role
from threecircles.care import family as actions
from threecircles.care.forms_family import (
    JoinSessionForm,
    ParticipantForm,
    ReleaseForm,
    SignReleaseForm,
)
from threecircles.care.models import CollateralParticipant, Release, ReleaseItem
from threecircles.privacy.access import get_client_for
from threecircles.privacy.models import Action
from threecircles.recovery.actions import today_for

CLINICAL = tuple(sorted(CLINICAL_ROLES))


# The record a URL names is looked up before `get_client_for` logs the visit, so the log holds
# its real id and nothing is logged for a record that does not exist. A missing record and a
# record of someone else's both answer 404, so looking first tells an outsider nothing.


def _participant(client_id: int, participant_id: int) -> CollateralParticipant:
    found = CollateralParticipant.objects.filter(client_id=client_id, pk=participant_id).first()
    if found is None:
        raise Http404
    return found


def _own_release(request: AuthenticatedHttpRequest, client_id: int, release_id: int) -> Release:
    """A release of the signed-in client's own: only they read, sign or revoke it."""
    if request.user.pk != client_id:
        raise Http404
    found = Release.objects.filter(client_id=client_id, pk=release_id)
    release = found.select_related("participant__person").first()
    if release is None:
        raise Http404
    return release


def _status(status: int, request: AuthenticatedHttpRequest) -> int:
    return 400 if request.method == "POST" else status


@role_required(*CLINICAL)
def family_list(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request, client_id, what=actions.WHAT)
    today = today_for(client)
    participants = [
        (p, [(r, actions.status_of(r, today)) for r in p.releases.all()], p.sessions.all())
        for p in CollateralParticipant.objects.filter(client=client)
        .select_related("person")
        .prefetch_related("releases", "sessions__session")
    ]
    return render(
        request, "care/family/list.html", {"client": client, "participants": participants}
    )


@role_required(*CLINICAL)
def family_participant_new(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    action = Action.CREATE if request.method == "POST" else Action.VIEW
    client = get_client_for(request, client_id, what=actions.WHAT, action=action)
    form = ParticipantForm(request.POST if request.method == "POST" else None, client=client)
    if form.is_valid():
        actions.add_participant(
            client=client,
            added_by=request.user,
            name=form.cleaned_data["name"],
            relationship=form.cleaned_data["relationship"],
            person=form.cleaned_data["person"],
        )
        messages.success(request, _added(form.cleaned_data["name"], form.cleaned_data["email"]))
        return redirect("care:family_list", client_id=client.pk)
    context = {"client": client, "form": form}
    return render(request, "care/family/new.html", context, status=_status(200, request))


def _added(name: str, email: str) -> str:
    """The same words whether or not the address has an account, or one that may be linked."""
    if not email:
        return f"Added {name}."
    return (
        f"Added {name}. If they have an account here under that address, they are asked to "
        "confirm; until then they see nothing online."
    )


@role_required(*CLINICAL)
def family_release_new(
    request: AuthenticatedHttpRequest, client_id: int, participant_id: int
) -> HttpResponse:
    action = Action.CREATE if request.method == "POST" else Action.VIEW
    participant = _participant(client_id, participant_id)
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=action,
        object_id=f"family participant {participant.pk}",
    )  # fmt: skip
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            actions.propose_release(
                participant=participant, actor=request.user, **form.cleaned_data
            )
        except actions.FamilyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Release proposed. The client is asked to read and sign it.")
            return redirect("care:family_list", client_id=client.pk)
    context = {"client": client, "participant": participant, "form": form}
    return render(request, "care/family/release_new.html", context, status=_status(200, request))


@role_required(*CLINICAL)
def family_session_add(
    request: AuthenticatedHttpRequest, client_id: int, participant_id: int
) -> HttpResponse:
    action = Action.UPDATE if request.method == "POST" else Action.VIEW
    participant = _participant(client_id, participant_id)
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=action,
        object_id=f"family participant {participant.pk}",
    )  # fmt: skip
    form = JoinSessionForm(
        request.POST if request.method == "POST" else None,
        sessions=actions.family_sessions_to_join(participant),
    )
    if form.is_valid():
        actions.add_to_session(
            participant=participant, session=form.cleaned_data["session"], actor=request.user
        )
        messages.success(request, "Added to the family session.")
        return redirect("care:family_list", client_id=client.pk)
    context = {"client": client, "participant": participant, "form": form}
    return render(request, "care/family/session_add.html", context, status=_status(200, request))


@role_required(Role.CLIENT)
def family_release(
    request: AuthenticatedHttpRequest, client_id: int, release_id: int
) -> HttpResponse:
    """The client reads one release and signs it by typing their name."""
    action = Action.UPDATE if request.method == "POST" else Action.VIEW
    release = _own_release(request, client_id, release_id)
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=action, object_id=f"release {release.pk}"
    )
    today = today_for(client)
    signable = release.signed_at is None and release.revoked_at is None
    signable = signable and today <= release.expires_on
    form = SignReleaseForm(
        request.POST if request.method == "POST" else None, expected=client.display_name
    )
    if request.method == "POST" and not signable:
        form.is_valid()
        form.add_error(None, "This release can no longer be signed.")
    elif form.is_valid():
        try:
            actions.sign_release(
                release=release, client=client, typed_name=form.cleaned_data["name"],
                reader_shown=request.POST.get("reader", ""),
            )  # fmt: skip
        except actions.FamilyError as error:
            form.add_error(None, str(error))
            release = _own_release(request, client_id, release_id)  # as it is now
        else:
            messages.success(request, "Release signed.")
            return redirect("client_home")
    reader = actions.covered_account(release)
    context: dict[str, Any] = {
        "client": client,
        "release": release,
        "reader": reader,
        "reader_email": actions.masked_email(reader.email) if reader is not None else "",
        "items": [label for value, label in ReleaseItem.choices if value in release.allows],
        "status": actions.status_of(release, today),
        "form": form if signable else None,
        "revocable": release.revoked_at is None and today <= release.expires_on,
    }
    return render(request, "care/family/release.html", context, status=_status(200, request))


@require_POST
@role_required(Role.CLIENT)
def family_release_revoke(
    request: AuthenticatedHttpRequest, client_id: int, release_id: int
) -> HttpResponse:
    release = _own_release(request, client_id, release_id)
    client = get_client_for(
        request, client_id, what=actions.WHAT, action=Action.UPDATE,
        object_id=f"release {release.pk}",
    )  # fmt: skip
    actions.revoke_release(release=release, client=client)
    messages.success(request, "Release revoked. From now on it allows nothing.")
    return redirect("client_home")


@login_required
def family_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this person takes part in family sessions for, and the requests waiting for
    their answer. Neither: 404."""
    if not actions.has_family_page(request.user):
        raise Http404
    context = {
        "requests": actions.requests_for(request.user),
        "participations": actions.participations_of(request.user),
    }
    return render(request, "care/family/mine.html", context)


@require_POST
@login_required
def family_accept(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = actions.pending_request(request.user, participant_id)
    actions.accept_participation(participant=participant, person=request.user)
    # Accepting alone shows nothing more: who it is shows once they sign a release naming you.
    messages.success(
        request,
        "Accepted. Once they sign a release of information naming your account, you see who "
        "they are and what they chose to share, here.",
    )
    return redirect("care:family_mine")


@require_POST
@login_required
def family_decline(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = actions.pending_request(request.user, participant_id)
    actions.decline_participation(participant=participant, person=request.user)
    messages.success(request, "Declined. Your account is not linked.")
    return redirect("care:family_mine" if actions.has_family_page(request.user) else "home")


@login_required
def family_shared(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Only what the active release allows; 404 for anyone else, or without one."""
    participant, shared = actions.shared_with(request.user, participant_id)
    return render(
        request, "care/family/shared.html", {"participant": participant, "shared": shared}
    )
