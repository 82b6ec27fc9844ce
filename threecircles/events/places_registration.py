"""What the events' registration part adds to shared places: the "My events" link, and on the
member area, the upcoming events with member prices."""

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.accounts.registry import Home, HomePanel, NavItem, register_nav, register_panel
from threecircles.events.actions import event_day
from threecircles.events.forms_registration import type_label
from threecircles.events.models import Event, RegistrationType
from threecircles.membership.actions import is_member

MEMBER = RegistrationType.Audience.MEMBER
SHOWN = 5


def has_registered(user: User) -> bool:
    # Only people who registered for an event see the link; nobody else needs it.
    return user.event_registrations.exists()


def member_prices(request: HttpRequest, person: User) -> dict[str, Any] | None:
    """Published events still to come whose registration has not closed, each with its member
    prices (the early-bird price while it lasts). Hidden from anyone who could not use them."""
    if not is_member(person):
        return None
    now = timezone.now()
    today = timezone.localdate(now)
    events = (
        Event.objects.filter(published=True, ends_on__gte=today)
        .filter(registration_types__audience=MEMBER)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .distinct()
        .order_by("starts_on", "pk")
        .prefetch_related(
            # Only the member types: `registration_types.all()` below reads these.
            Prefetch(
                "registration_types",
                queryset=RegistrationType.objects.filter(audience=MEMBER).order_by("price", "name"),
            )
        )
    )
    rows = []
    for event in events[:SHOWN]:
        # The early-bird's last day is counted in the event's time zone, as the fee is.
        on = event_day(event, now)
        prices = [type_label(rtype, on) for rtype in event.registration_types.all()]
        rows.append({"event": event, "prices": prices})
    return {"events": rows}


def register() -> None:
    register_nav(NavItem("My events", "events:my_events", 60, has_registered))
    register_panel(
        HomePanel(
            Home.MEMBER,
            "events-member-prices",
            "events/registration/member_panel.html",
            40,
            member_prices,
        )
    )
