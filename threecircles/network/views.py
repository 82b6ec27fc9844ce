from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.accounts.registry import Home, panels_for
from threecircles.network.actions import (
    change_sharing,
    invite_supporter,
    revoke_supporter,
    shared_labels,
    shared_scopes,
)
from threecircles.network.forms import SharingForm, SupporterInvitationForm
from threecircles.network.models import SupportMember
from threecircles.network.places import is_supporter
from threecircles.privacy.access import get_client_for, supported_clients
from threecircles.privacy.models import Scope


@login_required
def supporter_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this person supports, and what each chose to share. Nothing of a client's
    record is read here; each client's own page is."""
    if not is_supporter(request.user):
        raise Http404
    members = SupportMember.objects.supported_by(request.user).select_related("client")
    rows = [{"member": member, "labels": shared_labels(member)} for member in members]
    return render(request, "network/supporter_home.html", {"rows": rows})


@login_required
def supporting(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """What one client shares with this supporter, one section per scope. Each section is a
    read of that scope, logged on its own and shown to the client."""
    member = (
        SupportMember.objects.supported_by(request.user)
        .filter(client_id=client_id, client__in=supported_clients(request.user))
        .select_related("client")
        .order_by("-created_at", "-pk")
        .first()
    )
    if member is None:
        raise Http404
    sections = []
    for scope in shared_scopes(member):
        label = Scope(scope).label
        client = get_client_for(request, client_id, scope=scope, what=f"your {label.lower()}")
        sections.append(
            {"label": label, "panels": panels_for(Home.SUPPORTING, request, client, scope=scope)}
        )
    return render(
        request,
        "network/supporting.html",
        {"member": member, "client": member.client, "sections": sections},
    )


@role_required(Role.CLIENT)
def my_supporters(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = request.user
    form = SupporterInvitationForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        member, _ = invite_supporter(
            client=client,
            email=form.cleaned_data["email"],
            member=form.save(commit=False),
            scopes=form.cleaned_data["scopes"],
        )
        messages.success(request, f"Invitation sent to {member.name}.")
        return redirect("network:my_supporters")
    members = list(SupportMember.objects.of_client(client).active().select_related("invitation"))
    for member in members:
        member.sharing_form = SharingForm(  # type: ignore[attr-defined]
            initial={"scopes": shared_scopes(member)}, prefix=f"m{member.pk}"
        )
    return render(request, "network/my_supporters.html", {"form": form, "members": members})


@require_POST
@role_required(Role.CLIENT)
def update_sharing(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(SupportMember.objects.of_client(request.user).active(), pk=member_id)
    form = SharingForm(request.POST, prefix=f"m{member.pk}")
    if form.is_valid():
        change_sharing(member=member, scopes=form.cleaned_data["scopes"])
        messages.success(request, f"Sharing with {member.name} updated.")
    else:
        messages.error(request, "Choose from the list of what can be shared.")
    return redirect("network:my_supporters")


@require_POST
@role_required(Role.CLIENT)
def revoke(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(SupportMember.objects.of_client(request.user).active(), pk=member_id)
    revoke_supporter(member=member)
    messages.success(request, f"{member.name} no longer sees anything you share.")
    return redirect("network:my_supporters")
