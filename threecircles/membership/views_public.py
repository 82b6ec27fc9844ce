"""The membership's public pages: what membership is, with its types and fees, and the
application form.

The answer to an application reads the same whether the address is new or already has a
membership or an application (`actions.apply` decides that quietly), and the address is
carried to the thank-you page in the session's messages, never in its address.
"""

import math
from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from threecircles.lib.ratelimit import PerAddress
from threecircles.membership import actions
from threecircles.membership.forms_public import ApplicationForm, open_types
from threecircles.membership.models import GRACE_DAYS

APPLICATIONS_PER_HOUR = 5
WINDOW_SECONDS = 60 * 60

APPLICATIONS = PerAddress(
    "membership-applications", "membership-application", APPLICATIONS_PER_HOUR, WINDOW_SECONDS
)
application_places = APPLICATIONS.places
seconds_before_applying = APPLICATIONS.seconds_to_wait
_count_application = APPLICATIONS.count


def thanks_message(email: str) -> str:
    return f"Thank you, we will write to you at {email} once staff have looked at your application."


def join(request: HttpRequest) -> HttpResponse:
    context = {"member_types": list(open_types()), "grace_days": GRACE_DAYS}
    return render(request, "membership/public/join.html", context)


def _apply_page(
    request: HttpRequest, form: ApplicationForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "open": open_types().exists()} | extra
    return render(request, "membership/public/apply.html", context, status=status)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial: dict[str, Any] = {}
        chosen = open_types().filter(slug=request.GET.get("type", "")).first()
        if chosen is not None:
            initial["member_type"] = chosen.pk
        if request.user.is_authenticated:
            initial |= {"name": request.user.display_name, "email": request.user.email}
        return _apply_page(request, ApplicationForm(initial=initial))
    form = ApplicationForm(request.POST)
    address = get_adapter(request).get_client_ip(request)
    wait = seconds_before_applying(address)
    if wait:
        # What they typed stays on the page, to send again later.
        response = _apply_page(request, form, 429, minutes=max(1, math.ceil(wait / 60)))
        response["Retry-After"] = str(wait)
        return response
    # A filled-in hidden field: a program, not a person. It is told what a person is told,
    # so it learns nothing, and nothing is saved.
    if form.is_from_a_program:
        _count_application(address)
        messages.success(request, thanks_message(str(request.POST.get("email", "")).strip()[:254]))
        return redirect("membership:applied")
    if not form.is_valid():
        return _apply_page(request, form, 400)
    email = form.cleaned_data["email"].strip().lower()
    # None for an address that already has a membership or an application: said the same.
    actions.apply(member_type=form.cleaned_data["member_type"], email=email, **form.profile())
    _count_application(address)
    messages.success(request, thanks_message(email))
    return redirect("membership:applied")


@never_cache  # it names the address the application came from
def applied(request: HttpRequest) -> HttpResponse:
    return render(request, "membership/public/applied.html")
