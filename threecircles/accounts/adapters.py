"""How allauth fits Three Circles: sign-up only by invitation, roles from the invitation."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from threecircles.accounts.models import Invitation, User

SESSION_INVITATION_KEY = "invitation_token"


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    token = request.session.get(SESSION_INVITATION_KEY)
    if not token:
        return None
    invitation = Invitation.find(token)
    if invitation is None or invitation.status != Invitation.Status.VALID:
        return None
    return invitation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return invitation_from_session(request) is not None

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        from threecircles.accounts.actions import accept_invitation

        invitation = invitation_from_session(request)
        user.display_name = form.cleaned_data.get("display_name", "")
        if invitation is not None:
            user.role = invitation.role
        user = super().save_user(request, user, form, commit=commit)
        if commit and invitation is not None:
            accept_invitation(invitation=invitation, user=user)
            request.session.pop(SESSION_INVITATION_KEY, None)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("home")

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # allauth's own messages (verification, password reset) carry only links and codes.
        super().send_mail(template_prefix, email, context)


def user_label(user: User) -> str:
    return user.display_name or user.email
