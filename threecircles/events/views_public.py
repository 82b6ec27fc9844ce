"""The events' public pages: upcoming events (and those of the past year), one event with its
program, speakers, prices and seats, and schema.org Event metadata. Anyone may read them.

Only published events are ever shown; an unpublished one answers 404 for everyone (staff read
it in their workspace). Dates and times are the event's own, in its time zone, and the program
is grouped by the day a session falls on *there*. Texts written by staff go through
`content.markdown`, and the JSON-LD is escaped so that nothing in a title can close its script
element.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from threecircles.content import markdown
from threecircles.events import actions
from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationType,
    Speaker,
)
from threecircles.lib.jsonld import json_ld as schema_json

PAST_DAYS = 365
ORGANIZER = "Three Circles Institute"


def published() -> QuerySet[Event]:
    return Event.objects.filter(published=True)


def upcoming(today: datetime.date | None = None) -> QuerySet[Event]:
    """Published events not over yet, soonest first (the feed and the sitemap list these)."""
    today = today or timezone.localdate()
    return published().filter(ends_on__gte=today).order_by("starts_on", "title", "pk")


def online_link(event: Event) -> str:
    """The online address, only if it is a web address (never a `javascript:` one)."""
    return event.online_url if urlsplit(event.online_url).scheme in ("http", "https") else ""


def place_of(event: Event) -> str:
    """Where, in a few words: the venue, "Online", or both."""
    if event.venue and event.online_url:
        return f"{event.venue}, and online"
    return event.venue or ("Online" if event.online_url else "")


@dataclass(frozen=True)
class Listed:
    event: Event
    place: str


def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    kinds = dict(EventKind.choices)
    # An unknown kind in the address is ignored: every event is shown, never an error.
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    soon = upcoming(today)
    past = published().filter(
        ends_on__lt=today, ends_on__gte=today - datetime.timedelta(days=PAST_DAYS)
    )
    if kind:
        soon, past = soon.filter(kind=kind), past.filter(kind=kind)
    return render(
        request,
        "events/public/list.html",
        {
            "upcoming": [Listed(event, place_of(event)) for event in soon],
            "past": [Listed(event, place_of(event)) for event in past.order_by("-starts_on", "pk")],
            "kinds": EventKind.choices,
            "kind": kind,
            "kind_label": kinds.get(kind, ""),
            "canonical_url": request.build_absolute_uri(reverse("events:event_list")),
        },
    )


# --- one event ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramDay:
    day: datetime.date
    sessions: list[EventSession]


@dataclass(frozen=True)
class Price:
    rtype: RegistrationType
    now: Decimal  # what registering today costs
    early_until: datetime.date | None  # the early-bird's last day, while it applies


def program_of(event: Event) -> list[ProgramDay]:
    """The sessions by the day they fall on in the event's time zone, then by time."""
    sessions = (
        event.sessions.select_related("track")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
        .order_by("starts_at", "track__order", "track__name", "title", "pk")
    )
    days: list[ProgramDay] = []
    for session in sessions:
        day = actions.event_day(event, session.starts_at)
        if not days or days[-1].day != day:
            days.append(ProgramDay(day, []))
        days[-1].sessions.append(session)
    return days


def prices_of(event: Event, today: datetime.date) -> list[Price]:
    prices = []
    for rtype in event.registration_types.order_by("price", "name", "pk"):
        now = actions.fee_for(rtype, today)
        # fee_for answers the early-bird price through its last day, and the price after.
        prices.append(Price(rtype, now, rtype.early_until if now != rtype.price else None))
    return prices


def seats_left(event: Event) -> int | None:
    """Seats not yet taken by a confirmed registration; None when there is no limit."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(0, event.capacity - taken)


def register_path(event: Event) -> str:
    try:
        return reverse("events:register", args=[event.slug])
    except NoReverseMatch:
        return f"/events/{event.slug}/register/"


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(published(), slug=slug)
    now = timezone.now()
    today = actions.event_day(event, now)
    program = program_of(event)
    speakers: dict[int, Speaker] = {}
    for day in program:
        for session in day.sessions:
            for speaker in session.speakers.all():
                speakers.setdefault(speaker.pk, speaker)
    prices = prices_of(event, today)
    left = seats_left(event)
    url = request.build_absolute_uri(reverse("events:event_detail", args=[event.slug]))
    description = markdown.plain(event.summary, limit=200)
    return render(
        request,
        "events/public/detail.html",
        {
            "event": event,
            "place": place_of(event),
            "online_link": online_link(event),
            "program": program,
            "speakers": sorted(speakers.values(), key=lambda speaker: speaker.name),
            "prices": prices,
            "seats_left": left,
            "full": left == 0,
            "closed": actions.window_problem(event, now),
            "register_url": register_path(event),
            "description": description,
            "canonical_url": url,
            "json_ld": json_ld(
                request, event, program, prices, url=url, description=description, full=left == 0
            ),
        },
    )


def _start_and_end(event: Event, program: list[ProgramDay]) -> tuple[str, str]:
    """With a program, the first session's start and the last one's end, in the event's time
    zone (with its offset); without one, the event's first and last days."""
    sessions = [session for day in program for session in day.sessions]
    if not sessions:
        return event.starts_on.isoformat(), event.ends_on.isoformat()
    zone = ZoneInfo(event.time_zone)
    starts = min(session.starts_at for session in sessions).astimezone(zone)
    ends = max(session.ends_at for session in sessions).astimezone(zone)
    return starts.isoformat(), ends.isoformat()


def _location(event: Event) -> list[dict[str, Any]]:
    places: list[dict[str, Any]] = []
    if event.venue:
        places.append({"@type": "Place", "name": event.venue, "address": event.venue})
    if link := online_link(event):
        places.append({"@type": "VirtualLocation", "url": link})
    return places


def _attendance_mode(event: Event) -> str:
    if event.venue and event.online_url:
        mode = "Mixed"
    elif event.online_url:
        mode = "Online"
    else:
        mode = "Offline"
    return f"https://schema.org/{mode}EventAttendanceMode"


def json_ld(
    request: HttpRequest,
    event: Event,
    program: list[ProgramDay],
    prices: list[Price],
    *,
    url: str,
    description: str,
    full: bool,
) -> SafeString:
    """schema.org Event metadata for `<script type="application/ld+json">`, escaped the way
    `json_script` escapes (a data block, never run, so the page's CSP needs no nonce for it)."""
    start, end = _start_and_end(event, program)
    register = request.build_absolute_uri(register_path(event))
    availability = "https://schema.org/" + ("SoldOut" if full else "InStock")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": description,
        "url": url,
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": _attendance_mode(event),
        "location": _location(event),
        "organizer": {
            "@type": "Organization",
            "name": ORGANIZER,
            "url": request.build_absolute_uri(reverse("content:public_home")),
        },
        "offers": [
            {
                "@type": "Offer",
                "name": price.rtype.name,
                "price": str(price.now),
                "priceCurrency": price.rtype.currency,
                "url": register,
                "availability": availability,
                **({"validThrough": price.early_until.isoformat()} if price.early_until else {}),
            }
            for price in prices
        ],
    }
    return schema_json(data)
