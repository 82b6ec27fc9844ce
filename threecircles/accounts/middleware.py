"""Sign-in policy that allauth does not enforce by itself."""

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from threecircles.accounts.mfa import session_passed_mfa

LAST_SEEN_KEY = "last_seen"
# The time of the last request is written at most this often: a write on every request would
# queue every page behind the session table's write lock. Someone idle for the whole timeout
# is signed out at most this much early.
LAST_SEEN_SLACK_SECONDS = 30


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
                # Back to the same page after signing in again, where a draft waits.
                back = _page_to_return_to(request)
                query = f"?{urlencode({'next': back})}" if back else ""
                return redirect(f"{resolve_url(settings.LOGIN_URL)}{query}")
            if not last_seen or now - float(last_seen) >= LAST_SEEN_SLACK_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def _page_to_return_to(request: HttpRequest) -> str:
    """The page that was open: the one asked for, or for a form sent from it (whose address
    may answer only POST), the page it was sent from, if it is one of ours."""
    page = ""
    if request.method in ("GET", "HEAD"):
        page = request.path
    else:
        sent_from = urlsplit(str(request.META.get("HTTP_REFERER") or ""))
        if sent_from.netloc == request.get_host():
            page = sent_from.path
    # Only a path on this site ("//elsewhere" or "/\\elsewhere" would leave it).
    safe = url_has_allowed_host_and_scheme(page, allowed_hosts=None)
    return page if page.startswith("/") and safe else ""


def _setup_paths() -> tuple[str, ...]:
    """Where a person without a second factor may still go while setting one up."""
    allauth_root = reverse("account_login").removesuffix("login/")
    return (allauth_root, f"/{settings.STATIC_URL.lstrip('/')}", reverse("content:crisis"))


class RequireMFAMiddleware:
    """Clinicians, supervisors, staff and admins use a second factor in every session.

    Having one set up is not enough: the session must have passed it. A session signed in some
    other way (a password alone, wherever it was typed) is signed out. Someone who has none yet
    is sent to set one up before anything else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and getattr(user, "needs_mfa", False)):
            return self.get_response(request)
        if session_passed_mfa(request):
            return self.get_response(request)
        if is_mfa_enabled(user):
            logout(request)
            messages.warning(request, "Sign in again with your password and your second step.")
            return redirect(settings.LOGIN_URL)
        if not request.path.startswith(_setup_paths()):
            messages.warning(
                request,
                "Your role needs two-step verification. Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in person are never kept by the browser or a proxy: a shared
    computer must not show them again after sign-out, from the cache or with Back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
            patch_vary_headers(response, ["Cookie"])
        return response
