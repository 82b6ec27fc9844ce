"""Sign-in policy that allauth does not enforce by itself."""

import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

LAST_SEEN_KEY = "last_seen"

# Paths a person without a second factor may still open while setting one up.
MFA_SETUP_PATHS = ("/accounts/", "/static/", "/crisis/", "/i18n/")


class IdleTimeoutMiddleware:
    """Sign clinical roles out after IDLE_TIMEOUT_MINUTES without a request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "role", None) in settings.IDLE_TIMEOUT_ROLES:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen and now - float(last_seen) > settings.IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    "You were signed out after "
                    f"{settings.IDLE_TIMEOUT_MINUTES} minutes without activity.",
                )
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Clinicians, supervisors, staff and admins set up a second factor before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "needs_mfa", False)
            and not request.path.startswith(MFA_SETUP_PATHS)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Your role needs two-step verification. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
