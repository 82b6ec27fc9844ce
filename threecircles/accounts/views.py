from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from threecircles.accounts.adapters import SESSION_INVITATION_KEY
from threecircles.accounts.models import Invitation


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Check the link, remember it in the session, and continue to sign-up."""
    invitation = Invitation.find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", {"status": None}, status=404)
    if invitation.status != Invitation.Status.VALID:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"status": invitation.status, "invitation": invitation},
            status=410,
        )
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", status=409)
    request.session[SESSION_INVITATION_KEY] = token
    # The invitation went to this address, so using it proves the address.
    from allauth.account.adapter import get_adapter

    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect("account_signup")
