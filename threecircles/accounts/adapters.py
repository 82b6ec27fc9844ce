"""How allauth fits Three Circles: sign-up only by invitation, roles from the invitation,
sign-in limits answered with 429, second factors encrypted at rest."""

import base64
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from threecircles.accounts import throttle
from threecircles.accounts.models import Invitation
from threecircles.lib import crypto, keyring

SESSION_INVITATION_KEY = "invitation_token"
# A supporter invitation waiting for an existing account to take it in (after sign-in).
SESSION_LINK_KEY = "invitation_link_token"
MFA_SECRET_PURPOSE = "second-factor-secret"  # noqa: S105 (a key-derivation label)
SEALED_PREFIX = "tc1:"


def invitation_from_session(request: HttpRequest) -> Invitation | None:
    token = request.session.get(SESSION_INVITATION_KEY)
    if not token:
        return None
    invitation = Invitation.find(token)
    if invitation is None or invitation.status != Invitation.Status.VALID:
        return None
    return invitation


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


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

    # --- failed sign-ins: per account and per address+account, answered with 429 ----------

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        wait = throttle.retry_after(
            address=self.get_client_ip(request), account=_login_of(credentials)
        )
        if wait:
            response = render(request, "429.html", {"minutes": max(1, wait // 60)}, status=429)
            response["Retry-After"] = str(wait)
            raise ImmediateHttpResponse(response)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.record_failure(address=self.get_client_ip(request), account=_login_of(credentials))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Before a sensitive change (second factors, password, address):

        - someone who has a second factor gives it again; the password alone is not enough
          (else a password at an unlocked session would show the recovery codes);
        - someone whose role needs a second factor is sent to set one up straight after
          signing in; asking for the password they just typed would only confuse them.
        """
        request = self.request
        if request is not None and request.user.is_authenticated:
            from allauth.account import app_settings as account_settings
            from allauth.account.internal.flows.login import get_authentication_records
            from allauth.mfa.utils import is_mfa_enabled

            records = get_authentication_records(request, request.user)

            def recent(record: dict[str, Any]) -> bool:
                age = time.time() - float(record.get("at", 0))
                return bool(age < account_settings.REAUTHENTICATION_TIMEOUT)

            if is_mfa_enabled(request.user):
                again = [
                    r for r in records if r.get("method") == "mfa" and r.get("reauthenticated")
                ]
                return not any(recent(r) for r in again)
            typed = [r for r in records if r.get("method") == "password"]
            if app == "allauth.mfa" and any(recent(r) for r in typed):
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """Someone with a second factor confirms it is them with it, not with the password."""
        from allauth.mfa.utils import is_mfa_enabled

        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if is_mfa_enabled(user):
            methods = [m for m in methods if m.get("id") != "reauthenticate"] or methods
        return methods

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("home")


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored sealed under a key derived from the
    newest key-encryption key, so a copy of the database alone cannot mint codes."""

    def encrypt(self, text: str) -> str:
        return seal_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return open_secret(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A role that needs a second factor cannot remove its last one."""
        user = authenticator.user
        if not getattr(user, "needs_mfa", False):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id)
        others = others.exclude(pk=authenticator.pk).exclude(type=Authenticator.Type.RECOVERY_CODES)
        return bool(others.exists())


def seal_secret(text: str) -> str:
    kek = keyring.newest_kek()
    key = keyring.derived_key(kek, MFA_SECRET_PURPOSE)
    sealed = crypto.seal(key, text.encode(), MFA_SECRET_PURPOSE.encode())
    return f"{SEALED_PREFIX}{kek.key_id}:{base64.urlsafe_b64encode(sealed).decode()}"


def open_secret(stored: str) -> str:
    if not stored.startswith(SEALED_PREFIX):
        # Every secret was sealed by migration accounts.0005; a plain one was planted.
        raise crypto.DecryptionError("second-factor secret is not sealed")
    key_id, _, encoded = stored[len(SEALED_PREFIX) :].partition(":")
    kek = keyring.kek_by_id(key_id)
    if kek is None:
        raise crypto.DecryptionError(f"key-encryption key {key_id!r} is not configured")
    key = keyring.derived_key(kek, MFA_SECRET_PURPOSE)
    sealed = base64.urlsafe_b64decode(encoded.encode())
    return crypto.open_sealed(key, sealed, MFA_SECRET_PURPOSE.encode()).decode()


def is_sealed_under_newest(stored: str) -> bool:
    return stored.startswith(f"{SEALED_PREFIX}{keyring.newest_kek().key_id}:")
