"""A person's own calendar (a week at a time) and the secret iCalendar address that takes it
to their phone.

The page shows only the signed-in person's calendar, so there is no id in its URL to guess.
The feed cannot ask anyone to sign in (calendar apps cannot), so the token in its address is
the whole of its protection: only its hash is stored, it is shown once, and a new one or "Stop
this address" closes the old one at once.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST, require_safe

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role
from threecircles.care import calendar
from threecircles.care.forms_calendar import WeekForm
from threecircles.privacy.access import get_client_for

PEOPLE_WITH_CALENDARS = (Role.CLIENT, *sorted(CLINICAL_ROLES))
WHAT = "calendar (times of sessions)"


def _week_page(
    request: AuthenticatedHttpRequest, *, new_address: str = "", status: int = 200
) -> HttpResponse:
    person = request.user
    if person.role == Role.CLIENT:
        # A client's schedule is part of their record: read through the one door, logged.
        person = get_client_for(request, person.pk, what=WHAT)
    zone = calendar.zone_for(person)
    today = timezone.now().astimezone(zone).date()
    form = WeekForm(request.GET if "week" in request.GET else None)
    chosen: date | None = form.cleaned_data["week"] if form.is_valid() else None
    monday = calendar.week_start(chosen or today)
    context: dict[str, Any] = {
        "form": form,
        "days": calendar.week_entries(person, monday, zone),
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "this_week": calendar.week_start(today),
        "today": today,
        "zone": zone.key,
        "zone_is_own": person.role == Role.CLIENT,
        "is_client": person.role == Role.CLIENT,
        "feed": calendar.live_feed(person),
        "new_address": new_address,
    }
    return render(request, "care/calendar/week.html", context, status=status)


@require_GET
@role_required(*PEOPLE_WITH_CALENDARS)
def calendar_week(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One week, as a list (a grid would not fit a phone); ?week= picks any day of another."""
    return _week_page(request)


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("care:calendar_feed", kwargs={"token": token}))


@require_POST
@role_required(*PEOPLE_WITH_CALENDARS)
def calendar_address_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Shown on this response only, never stored: a reload that posts again makes a new one
    (and closes this one), which is safe."""
    token = calendar.new_feed(person=request.user)
    return _week_page(request, new_address=_feed_url(request, token))


@require_POST
@role_required(*PEOPLE_WITH_CALENDARS)
def calendar_address_stop(request: AuthenticatedHttpRequest) -> HttpResponse:
    if calendar.stop_feeds(person=request.user):
        messages.success(request, "That calendar address no longer works.")
    return redirect("care:calendar_week")


@require_safe  # calendar apps may ask with HEAD first
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the token is the key. Unknown and closed tokens get the same 404."""
    person = calendar.feed_owner(token)
    if person is None:
        raise Http404
    now: datetime = timezone.now()
    response = HttpResponse(calendar.ical_for(person, now), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="three-circles.ics"'
    # Proxies and shared caches must not keep a copy of someone's schedule.
    response["Cache-Control"] = "no-store, private"
    return response
