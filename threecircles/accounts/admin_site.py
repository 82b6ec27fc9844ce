"""The Django admin behind the same sign-in as everyone: no password form of its own.

Its login page sends people to the real sign-in (with its second step and its limits), and
it opens only for administrators whose session passed the second factor.
"""

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from threecircles.accounts.mfa import session_passed_mfa
from threecircles.accounts.models import Role


class AdminSite(admin.AdminSite):
    site_header = "Three Circles administration"
    site_title = "Three Circles administration"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and getattr(user, "role", None) == Role.ADMIN
            and session_passed_mfa(request)
        )

    def password_change(self, request: HttpRequest, extra_context: Any = None) -> Any:
        """Passwords change on the real account pages (re-authentication, notice e-mail)."""
        return redirect("account_change_password")

    def password_change_done(self, request: HttpRequest, extra_context: Any = None) -> Any:
        return redirect("account_change_password")

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        if self.has_permission(request):
            return redirect(target)
        if request.user.is_authenticated:
            # Signed in, but not as an administrator with a second factor: nothing here.
            raise Http404
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
