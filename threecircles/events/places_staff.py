"""What the events' staff part adds to shared places: on the staff home, the upcoming events
with their confirmed and waiting counts and the fees not yet paid."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, register_panel
from threecircles.events.models import Event, Registration
from threecircles.events.views_staff import with_counts

SHOWN = 5


def _upcoming(request: HttpRequest, person: User) -> dict[str, Any]:
    # A day's margin: an event still running somewhere west of the server stays listed.
    since = timezone.localdate() - datetime.timedelta(days=1)
    events = with_counts(Event.objects.filter(ends_on__gte=since).order_by("starts_on", "pk"))
    rows = []
    for event in events[:SHOWN]:
        unpaid = event.registrations.filter(
            status=Registration.Status.CONFIRMED, paid_at__isnull=True, fee__gt=0
        ).count()
        rows.append({"event": event, "unpaid": unpaid})
    return {"events": rows}


def register() -> None:
    register_panel(HomePanel(Home.STAFF, "events-staff", "events/staff/panel.html", 30, _upcoming))
