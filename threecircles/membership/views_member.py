"""The member area: a member's own membership, payments and how to renew, the member-only
resources, other apps' panels (member prices at events), and the member's own profile.

Everything is reached through `_own_membership`, the one door: a person with no membership (or
a declined application) gets 404, as if the pages did not exist. Resources and panels are for
members in good standing (current, or in the grace period); anyone else with a membership sees
only their standing and how to renew.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.accounts.models import Role
from threecircles.accounts.registry import Home, panels_for
from threecircles.content import markdown
from threecircles.membership import actions
from threecircles.membership.forms_member import ProfileForm
from threecircles.membership.models import GRACE_DAYS, MemberResource, Membership, Standing


def _own_membership(request: AuthenticatedHttpRequest) -> Membership:
    membership = actions.membership_of(request.user)
    if membership is None or membership.status == Membership.Status.DECLINED:
        raise Http404
    return membership


def _good_standing(request: AuthenticatedHttpRequest) -> Membership:
    membership = _own_membership(request)
    if not membership.in_good_standing():
        raise Http404
    return membership


def published_resources() -> list[MemberResource]:
    return list(MemberResource.objects.filter(published=True))


@dataclass(frozen=True)
class Renewal:
    """What renewing would do today: the fee, and the year a payment recorded today buys."""

    fee: str
    starts: datetime.date
    ends: datetime.date


def _renewal(membership: Membership, today: datetime.date) -> Renewal | None:
    if membership.status != Membership.Status.ACTIVE:
        return None
    kind = membership.member_type
    starts, ends = actions.next_period(membership, today)
    return Renewal(f"{kind.yearly_fee} {kind.currency}", starts, ends)


@login_required
def member_area(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.role == Role.MEMBER and actions.membership_of(request.user) is None:
        # A member account whose membership is gone (its record was removed): their home
        # is here, so show them the way back in rather than a dead end.
        return redirect("membership:join")
    membership = _own_membership(request)
    today = timezone.localdate()
    standing = membership.standing(today)
    good = standing in (Standing.CURRENT, Standing.GRACE)
    grace_ends = days_left = None
    if standing == Standing.GRACE and membership.paid_through is not None:
        grace_ends = membership.paid_through + datetime.timedelta(days=GRACE_DAYS)
        days_left = (grace_ends - today).days
    context = {
        "membership": membership,
        "standing": standing,
        "good": good,
        "grace_days": GRACE_DAYS,
        "grace_ends": grace_ends,
        "days_left": days_left,
        "renewal": _renewal(membership, today),
        "payments": list(membership.payments.all()),
        "resources": published_resources() if good else [],
        "panels": panels_for(Home.MEMBER, request, request.user) if good else [],
    }
    return render(request, "membership/member/area.html", context)


def web_link(address: str) -> str:
    """The resource's link, only if it is a web address (never a `javascript:` one)."""
    return address if urlsplit(address).scheme in ("http", "https") else ""


@login_required
def resource(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _good_standing(request)
    found = get_object_or_404(MemberResource, slug=slug, published=True)
    context = {"resource": found, "body": markdown.render(found.body), "link": web_link(found.link)}
    return render(request, "membership/member/resource.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    membership = _own_membership(request)
    if request.method != "POST":
        form = ProfileForm(instance=membership)
        return render(request, "membership/member/profile.html", {"form": form})
    form = ProfileForm(request.POST, instance=membership)
    if not form.is_valid():
        return render(request, "membership/member/profile.html", {"form": form}, status=400)
    form.save()
    messages.success(request, "Your profile is saved.")
    return redirect("membership:profile")
