from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from threecircles.accounts.models import Role
from threecircles.lib.http import AuthenticatedHttpRequest, role_required
from threecircles.network.actions import invite_supporter, revoke_supporter
from threecircles.network.forms import SharingForm, SupporterInvitationForm
from threecircles.network.models import SupportMember


@role_required(Role.SUPPORTER)
def supporter_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this supporter supports, and exactly what each chose to share."""
    members = SupportMember.objects.supported_by(request.user).select_related("client")
    return render(request, "network/supporter_home.html", {"members": members})


@role_required(Role.CLIENT)
def my_supporters(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = request.user
    form = SupporterInvitationForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        member, _ = invite_supporter(
            client=client, email=form.cleaned_data["email"], member=form.save(commit=False)
        )
        messages.success(request, f"Invitation sent to {member.name}.")
        return redirect("network:my_supporters")
    members = list(SupportMember.objects.of_client(client).active().select_related("invitation"))
    for member in members:
        member.sharing_form = SharingForm(instance=member, prefix=f"m{member.pk}")  # type: ignore[attr-defined]
    return render(request, "network/my_supporters.html", {"form": form, "members": members})


@require_POST
@role_required(Role.CLIENT)
def update_sharing(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(SupportMember.objects.of_client(request.user).active(), pk=member_id)
    form = SharingForm(request.POST, instance=member, prefix=f"m{member.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, f"Sharing with {member.name} updated.")
    return redirect("network:my_supporters")


@require_POST
@role_required(Role.CLIENT)
def revoke(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(SupportMember.objects.of_client(request.user).active(), pk=member_id)
    revoke_supporter(member=member)
    messages.success(request, f"{member.name} no longer sees anything you share.")
    return redirect("network:my_supporters")
