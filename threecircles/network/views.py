from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role, User
from threecircles.accounts.registry import Home, panels_for
from threecircles.network.actions import (
    change_sharing,
    history_of,
    invite_supporter,
    pause_member,
    resume_member,
    revoke_supporter,
    shared_labels,
    shared_scopes,
    sharing_of,
)
from threecircles.network.forms import PauseForm, SharingForm, SupporterInvitationForm
from threecircles.network.models import SupportMember
from threecircles.network.places import is_supporter
from threecircles.network.support import waiting_for
from threecircles.privacy.access import get_client_for_scopes, preview_as
from threecircles.privacy.models import Scope
from threecircles.recovery.actions import today_for


@login_required
def supporter_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this person supports, and what each chose to share. Nothing of a client's
    record is read here; each client's own page is."""
    if not is_supporter(request.user):
        raise Http404
    members = SupportMember.objects.supported_by(request.user).select_related("client")
    rows = [
        {"member": member, "labels": shared_labels(member), "waiting": waiting_for(request, member)}
        for member in members
    ]
    return render(request, "network/supporter_home.html", {"rows": rows})


def _sections(
    request: AuthenticatedHttpRequest, member: SupportMember, *, what: str, object_id: str = ""
) -> list[dict[str, object]]:
    """One section per scope shared now; each is a read of that scope, logged on its own as
    `what` followed by the scope. Never put a name the client typed into `what`: the log
    cannot be edited, so it would outlive an erasure."""
    scopes = shared_scopes(member)
    if not scopes:
        return []
    client, opened = get_client_for_scopes(
        request, member.client_id, scopes=scopes, what=what, object_id=object_id
    )
    return [
        {
            "label": Scope(scope).label,
            "panels": panels_for(Home.SUPPORTING, request, client, scope=scope),
        }
        for scope in opened
    ]


@login_required
def supporting(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """What one client shares with this supporter, one section per scope. Each section is a
    read of that scope, logged on its own and shown to the client."""
    member = (
        SupportMember.objects.supported_by(request.user)
        .filter(client_id=client_id, client__is_active=True)
        .select_related("client")
        .order_by("-created_at", "-pk")
        .first()
    )
    # Only what the client shares with this person in their network opens this page (what
    # they share through a group is on the group's page).
    if member is None or not shared_scopes(member):
        raise Http404
    sections = _sections(request, member, what="your ")
    return render(
        request,
        "network/supporting.html",
        {"member": member, "client": member.client, "sections": sections, "preview": False},
    )


# --- the client's side ----------------------------------------------------------------------


def _members(client: User) -> list[SupportMember]:
    return list(SupportMember.objects.of_client(client).active().select_related("invitation"))


@role_required(Role.CLIENT)
def my_supporters(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = request.user
    form = SupporterInvitationForm(request.POST or None, client=client, today=today_for(client))
    if request.method == "POST" and form.is_valid():
        member, _ = invite_supporter(
            client=client,
            email=form.cleaned_data["email"],
            member=form.save(commit=False),
            scopes=form.cleaned_data["scopes"],
            until=form.cleaned_data["until"],
        )
        messages.success(request, f"Invitation sent to {member.name}.")
        return redirect("network:my_supporters")
    rows = [
        {"member": member, "sharing": sharing_of(member), "labels": shared_labels(member)}
        for member in _members(client)
    ]
    return render(request, "network/my_supporters.html", {"form": form, "rows": rows})


def _own_member(request: AuthenticatedHttpRequest, member_id: int) -> SupportMember:
    return get_object_or_404(
        SupportMember.objects.of_client(request.user).active().select_related("invitation"),
        pk=member_id,
    )


def _member_page(
    request: AuthenticatedHttpRequest,
    member: SupportMember,
    *,
    sharing_form: SharingForm | None = None,
    pause_form: PauseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = today_for(member.client)
    sharing = sharing_of(member)
    initial = {"scopes": sharing.scopes, "until": sharing.until}
    context = {
        "member": member,
        "sharing": sharing,
        "labels": shared_labels(member),
        "sharing_form": sharing_form or SharingForm(initial=initial, today=today),
        "pause_form": pause_form or PauseForm(today=today),
        "history": history_of(member),
        "today": today,
    }
    return render(request, "network/member.html", context, status=status)


@role_required(Role.CLIENT)
def member(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """One supporter: what they may see and until when, a pause, the history of it all."""
    return _member_page(request, _own_member(request, member_id))


@require_POST
@role_required(Role.CLIENT)
def update_sharing(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _own_member(request, member_id)
    form = SharingForm(request.POST, today=today_for(request.user))
    if not form.is_valid():
        return _member_page(request, member, sharing_form=form, status=400)
    change_sharing(
        member=member, scopes=form.cleaned_data["scopes"], until=form.cleaned_data["until"]
    )
    messages.success(request, f"Sharing with {member.name} updated.")
    return redirect("network:member", member.pk)


@require_POST
@role_required(Role.CLIENT)
def pause(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _own_member(request, member_id)
    form = PauseForm(request.POST, today=today_for(request.user))
    if not form.is_valid():
        return _member_page(request, member, pause_form=form, status=400)
    pause_member(member=member, through=form.cleaned_data["through"])
    messages.success(
        request,
        f"{member.name} sees nothing through {form.cleaned_data['through']:%d %B %Y}.",
    )
    return redirect("network:member", member.pk)


@require_POST
@role_required(Role.CLIENT)
def resume(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _own_member(request, member_id)
    resume_member(member=member)
    messages.success(request, f"{member.name} sees what you share again.")
    return redirect("network:member", member.pk)


@role_required(Role.CLIENT)
def preview(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    """ "See what Carol sees": the supporter's page for this client, built from Carol's
    grants, shown to the client. Nothing on it can be used."""
    member = _own_member(request, member_id)
    preview_as(request, member.invitation_id)
    sections = _sections(
        request,
        member,
        what="preview of a supporter's page: ",
        object_id=str(member.invitation_id),
    )
    return render(
        request,
        "network/supporting.html",
        {"member": member, "client": member.client, "sections": sections, "preview": True},
    )


@require_POST
@role_required(Role.CLIENT)
def revoke(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = _own_member(request, member_id)
    revoke_supporter(member=member)
    messages.success(request, f"{member.name} no longer sees anything you share.")
    return redirect("network:my_supporters")
