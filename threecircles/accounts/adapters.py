"""How allauth fits Three Circles: sign-up only by invitation, roles from the invitation."""

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from threecircles.accounts.models import Invitation

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
        user = super().save_user(request, user, form, commit=commit)
        if commit and invitation is not None:
            accept_invitation(invitation=invitation, user=user)
            request.session.pop(SESSION_INVITATION_KEY, None)
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Someone whose role needs a second factor is sent to set one up straight after
        signing in; asking for the password they just typed would only confuse them."""
        request = self.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            from allauth.account import app_settings as account_settings
            from allauth.account.internal.flows.login import get_authentication_records
            from allauth.mfa.utils import is_mfa_enabled

            records = get_authentication_records(request, request.user)
            recent = [
                r
                for r in records
                if r.get("method") == "password"
                and time.time() - r["at"] < account_settings.REAUTHENTICATION_TIMEOUT
            ]
            if recent and not is_mfa_enabled(request.user):
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("home")
