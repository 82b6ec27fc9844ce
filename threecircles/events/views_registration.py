"""Registering for an event, the ticket, cancelling, the certificate of attendance, and a
signed-in person's own events.

The ticket's unguessable code is its key, like a secret calendar address: whoever holds the
link (sent to the address that registered) may open the ticket, cancel it, or download its
certificate of attendance. Ticket pages and certificates are never cached, for anyone. What
registering does (a seat or the waitlist, the e-mails, who may have a member price) is in
`events.actions`; these views only call it.
"""

import math
from decimal import Decimal
from typing import Any

import segno
from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest
from threecircles.events import actions, payments, pdf
from threecircles.events.attendance import hours_for
from threecircles.events.forms_registration import RegistrationForm
from threecircles.events.ical import event_path
from threecircles.events.models import Event, Registration
from threecircles.lib.ratelimit import PerAddress
from threecircles.membership.actions import is_member

REGISTRATIONS_PER_HOUR = 10
WINDOW_SECONDS = 60 * 60
Status = Registration.Status

# --- rate limit per connection ---------------------------------------------------------------


REGISTRATIONS = PerAddress(
    "event-registrations", "event-registration", REGISTRATIONS_PER_HOUR, WINDOW_SECONDS
)
registration_places = REGISTRATIONS.places
seconds_before_registering = REGISTRATIONS.seconds_to_wait
_count_registration = REGISTRATIONS.count
CERTIFICATE_DOWNLOADS = PerAddress("certificate-downloads", "certificate-download", 20, 60 * 60)


# --- registering -------------------------------------------------------------------------------


def _register_page(
    request: HttpRequest, event: Event, form: RegistrationForm, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "event": event,
        "form": form,
        "closed": actions.window_problem(event, timezone.now()),
        "full": event.capacity is not None
        and event.registrations.filter(status=Status.CONFIRMED).count() >= event.capacity,
    }
    return render(request, "events/registration/register.html", context | extra, status=status)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug, published=True)
    person = request.user if request.user.is_authenticated else None
    member = is_member(person)
    if request.method != "POST":
        initial = {"name": person.display_name, "email": person.email} if person else {}
        form = RegistrationForm(
            event=event, member=member, member_email=person.email if person else "",
            initial=initial,
        )  # fmt: skip
        return _register_page(request, event, form)
    form = RegistrationForm(
        request.POST, event=event, member=member, member_email=person.email if person else ""
    )
    address = get_adapter(request).get_client_ip(request)
    wait = seconds_before_registering(address)
    if wait:
        # What they typed stays on the page, to send again later.
        response = _register_page(
            request, event, form, status=429, minutes=max(1, math.ceil(wait / 60))
        )
        response["Retry-After"] = str(wait)
        return response
    # A filled-in hidden field: a program, not a person. Nothing is saved.
    if form.is_from_a_program:
        _count_registration(address)
        messages.success(request, "Thank you. Your registration was received.")
        return redirect("events:register", slug=event.slug)
    if not form.is_valid():
        return _register_page(request, event, form, status=400)
    try:
        registration = actions.register(
            event=event,
            registration_type=form.cleaned_data["registration_type"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            person=person,
        )
    except actions.RegistrationRefused as refused:
        form.add_error(None, refused.message)
        return _register_page(request, event, form, status=400)
    _count_registration(address)
    messages.success(
        request,
        "A confirmation with your ticket and a calendar file is on its way to "
        f"{registration.email}.",
    )
    return redirect("events:ticket", ticket_code=registration.ticket_code)


# --- the ticket --------------------------------------------------------------------------------


def qr_svg(code: str) -> SafeString:
    """The ticket code as a QR code, inline SVG (markup only, no script: CSP allows it)."""
    svg = segno.make(code, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="ticket-qr-code", omitsize=True
    )
    labelled = svg.replace("<svg ", '<svg role="img" aria-label="QR code of the ticket code" ', 1)
    # segno's own markup around an unguessable code of URL-safe characters: nothing typed.
    return mark_safe(labelled)  # noqa: S308


def _ticket(ticket_code: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "registration_type"),
        ticket_code=ticket_code,
    )


def has_certificate(registration: Registration, hours: Decimal) -> bool:
    """A certificate of attendance, once a confirmed registration has attended hours."""
    return registration.status == Status.CONFIRMED and hours > 0


@never_cache
def ticket(request: HttpRequest, ticket_code: str) -> HttpResponse:
    registration = _ticket(ticket_code)
    event = registration.event
    hours = hours_for(registration)
    context = {
        "registration": registration,
        "event": event,
        "sessions": event.sessions.select_related("track").prefetch_related("speakers"),
        "position": actions.waitlist_position(registration),
        "qr": qr_svg(registration.ticket_code),
        "event_path": event_path(event),
        "pay_url": payments.pay_online_url(registration),
        "hours": hours,
        "certificate": has_certificate(registration, hours),
    }
    return render(request, "events/registration/ticket.html", context)


@never_cache
def my_certificate(request: HttpRequest, ticket_code: str) -> HttpResponse:
    """The attendee's own certificate of attendance, the same document staff print."""
    registration = _ticket(ticket_code)
    if not has_certificate(registration, hours_for(registration)):
        raise Http404
    # Printing a PDF is heavy work: a limit per connection keeps a loop from tying it up.
    address = get_adapter(request).get_client_ip(request)
    wait = CERTIFICATE_DOWNLOADS.seconds_to_wait(address)
    if wait:
        response = HttpResponse(
            "Too many downloads from this connection. Please try again in a few minutes.",
            content_type="text/plain; charset=utf-8",
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    CERTIFICATE_DOWNLOADS.count(address)
    content = pdf.as_pdf(pdf.certificate_html(registration))
    response = HttpResponse(content, content_type="application/pdf")
    # The event's public slug, never the person's name: downloads folders are shared too.
    filename = f"certificate-of-attendance-{registration.event.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_POST
def cancel(request: HttpRequest, ticket_code: str) -> HttpResponse:
    registration = _ticket(ticket_code)
    if registration.status == Status.CANCELLED:
        messages.info(request, "This registration was already cancelled.")
    else:
        by = request.user if request.user.is_authenticated else None
        actions.cancel(registration=registration, by=by)
        messages.success(
            request, "Your registration is cancelled. A confirmation is on its way by e-mail."
        )
    return redirect("events:ticket", ticket_code=registration.ticket_code)


# --- a signed-in person's own events ---------------------------------------------------------


@login_required
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    registrations = list(
        Registration.objects.filter(person=request.user)
        .select_related("event", "registration_type")
        .order_by("-event__starts_on", "-registered_at", "-pk")
    )
    rows = []
    for registration in registrations:
        hours = hours_for(registration)
        rows.append((registration, hours, has_certificate(registration, hours)))
    return render(request, "events/registration/mine.html", {"rows": rows})
