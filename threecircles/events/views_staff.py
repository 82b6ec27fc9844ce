"""The events' staff part: events and their programs (tracks, sessions, speakers,
registration types), the registrations (payments, cancelling), taking attendance per session,
and the certificate and invoice of each registration. Staff only; everyone else gets 404.

What a write does beyond one row is elsewhere: `events.attendance.record_attendance` and
`events.actions.cancel` (which gives a freed seat to the person waiting longest).
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.events import actions, pdf
from threecircles.events.attendance import AttendanceRefused, record_attendance
from threecircles.events.forms_staff import (
    EventForm,
    PaymentForm,
    RegistrationTypeForm,
    SessionForm,
    TicketCodeForm,
    TrackForm,
)
from threecircles.events.models import (
    Event,
    EventSession,
    Registration,
    RegistrationType,
    SessionAttendance,
    Track,
)

staff_only = role_required(Role.STAFF)
Status = Registration.Status


def _status(request: AuthenticatedHttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        waitlisted=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED)),
    )


# --- events -------------------------------------------------------------------------------------


@staff_only
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    events = with_counts(Event.objects.order_by("-starts_on", "title"))
    return render(request, "events/staff/events.html", {"events": events})


@staff_only
def event_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EventForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        event = form.save()
        messages.success(request, "Event saved. Add its sessions and registration types below.")
        return redirect("events:staff_event", event_id=event.pk)
    return render(request, "events/staff/event_new.html", {"form": form}, status=_status(request))


@staff_only
def event_edit(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    """The event's page for staff: its details (editable), program and registration types."""
    event = get_object_or_404(Event, pk=event_id)
    form = EventForm(request.POST if request.method == "POST" else None, instance=event)
    if form.is_valid():
        form.save()
        messages.success(request, "Event saved.")
        return redirect("events:staff_event", event_id=event.pk)
    # What is saved, not what was typed: a refused form changes nothing on the page's heading.
    event = Event.objects.get(pk=event.pk)
    zone = ZoneInfo(event.time_zone)
    sessions = [
        (
            session,
            timezone.localtime(session.starts_at, zone),
            timezone.localtime(session.ends_at, zone),
        )
        for session in event.sessions.select_related("track").prefetch_related("speakers")
    ]
    context = {
        "event": event,
        "form": form,
        "tracks": event.tracks.all(),
        "sessions": sessions,
        "types": event.registration_types.all(),
        "zone": zone.key,
    }
    return render(request, "events/staff/event.html", context, status=_status(request))


# --- the program: tracks, sessions, registration types -----------------------------------------


def _part_page(
    request: AuthenticatedHttpRequest, event: Event, form: BaseForm, what: str, editing: bool
) -> HttpResponse:
    context = {"event": event, "form": form, "what": what, "editing": editing}
    return render(request, "events/staff/part_form.html", context, status=_status(request))


@staff_only
def track_form(
    request: AuthenticatedHttpRequest, event_id: int, track_id: int | None = None
) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    track = get_object_or_404(Track, pk=track_id, event=event) if track_id else Track(event=event)
    form = TrackForm(request.POST if request.method == "POST" else None, instance=track)
    if form.is_valid():
        form.save()
        messages.success(request, "Track saved.")
        return redirect("events:staff_event", event_id=event.pk)
    return _part_page(request, event, form, "track", track_id is not None)


@staff_only
def session_form(
    request: AuthenticatedHttpRequest, event_id: int, session_id: int | None = None
) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    session = (
        get_object_or_404(EventSession, pk=session_id, event=event)
        if session_id
        else EventSession(event=event)
    )
    form = SessionForm(
        request.POST if request.method == "POST" else None, instance=session, event=event
    )
    if form.is_valid():
        form.save()
        messages.success(request, "Session saved.")
        return redirect("events:staff_event", event_id=event.pk)
    return _part_page(request, event, form, "session", session_id is not None)


@staff_only
def type_form(
    request: AuthenticatedHttpRequest, event_id: int, type_id: int | None = None
) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    rtype = (
        get_object_or_404(RegistrationType, pk=type_id, event=event)
        if type_id
        else RegistrationType(event=event)
    )
    form = RegistrationTypeForm(request.POST if request.method == "POST" else None, instance=rtype)
    if form.is_valid():
        form.save()
        messages.success(request, "Registration type saved.")
        return redirect("events:staff_event", event_id=event.pk)
    return _part_page(request, event, form, "registration type", type_id is not None)


# --- registrations ------------------------------------------------------------------------------


def _registration(event_id: int, registration_id: int) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "registration_type"),
        pk=registration_id,
        event_id=event_id,
    )


@staff_only
def registrations(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(with_counts(Event.objects.all()), pk=event_id)
    rows = list(event.registrations.select_related("registration_type"))
    waiting = sorted(
        (r for r in rows if r.status == Status.WAITLISTED),
        key=lambda r: (r.waitlisted_at or r.registered_at, r.registered_at, r.pk),
    )
    confirmed = [r for r in rows if r.status == Status.CONFIRMED]
    unpaid = [r for r in confirmed if r.paid_at is None and r.fee > 0]
    context = {
        "event": event,
        "confirmed": confirmed,
        "waiting": waiting,
        "cancelled": [r for r in rows if r.status == Status.CANCELLED],
        "unpaid_count": len(unpaid),
        "unpaid_total": sum((r.fee for r in unpaid), start=0),
        "seats_left": None if event.capacity is None else max(0, event.capacity - len(confirmed)),
        "zone": ZoneInfo(event.time_zone),
    }
    return render(request, "events/staff/registrations.html", context)


@require_POST
@staff_only
def mark_paid(
    request: AuthenticatedHttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    registration = _registration(event_id, registration_id)
    form = PaymentForm(request.POST)
    if registration.paid_at is not None:
        messages.info(request, f"{registration.name} had already paid.")
    elif form.is_valid():
        registration.paid_at = timezone.now()
        registration.payment_reference = form.cleaned_data["payment_reference"].strip()
        registration.save(update_fields=["paid_at", "payment_reference"])
        messages.success(request, f"Payment of {registration.name} recorded.")
    return redirect("events:staff_registrations", event_id=event_id)


@require_POST
@staff_only
def cancel_registration(
    request: AuthenticatedHttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    registration = _registration(event_id, registration_id)
    if registration.status == Status.CANCELLED:
        messages.info(request, f"The registration of {registration.name} was already cancelled.")
        return redirect("events:staff_registrations", event_id=event_id)
    promoted = actions.cancel(registration=registration, by=request.user)
    text = f"The registration of {registration.name} is cancelled."
    if promoted is not None:
        text += f" The seat went to {promoted.name}, who was first on the waitlist."
    messages.success(request, text)
    return redirect("events:staff_registrations", event_id=event_id)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_only
def certificate_pdf(
    request: AuthenticatedHttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    registration = _registration(event_id, registration_id)
    if registration.status != Status.CONFIRMED:
        raise Http404
    html = pdf.certificate_html(registration)
    return _pdf(pdf.as_pdf(html), f"certificate-{registration.pk}.pdf")


@staff_only
def invoice_pdf(
    request: AuthenticatedHttpRequest, event_id: int, registration_id: int
) -> HttpResponse:
    registration = _registration(event_id, registration_id)
    if not registration.invoice_number:
        raise Http404
    html = pdf.invoice_html(registration)
    return _pdf(pdf.as_pdf(html), f"invoice-{registration.invoice_number}.pdf")


# --- attendance --------------------------------------------------------------------------------


def _attendance_page(
    request: AuthenticatedHttpRequest, session: EventSession, form: TicketCodeForm, status: int
) -> HttpResponse:
    zone = ZoneInfo(session.event.time_zone)
    records = {
        record.registration_id: (record, timezone.localtime(record.recorded_at, zone))
        for record in session.attendance.all()
    }
    people = [
        (registration, records.get(registration.pk))
        for registration in session.event.registrations.filter(status=Status.CONFIRMED)
        .select_related("registration_type")
        .order_by("name", "pk")
    ]
    context = {
        "event": session.event,
        "session": session,
        "starts": timezone.localtime(session.starts_at, zone),
        "ends": timezone.localtime(session.ends_at, zone),
        "form": form,
        "people": people,
        "recorded_count": len(records),
    }
    return render(request, "events/staff/attendance.html", context, status=status)


def _record(
    request: AuthenticatedHttpRequest,
    session: EventSession,
    registration: Registration,
    method: str,
) -> None:
    """Record, and say what happened; raises AttendanceRefused."""
    record, created = record_attendance(
        session=session, registration=registration, method=method, by=request.user
    )
    if created:
        messages.success(request, f"{registration.name}: recorded ({record.hours} hours).")
    else:
        at = timezone.localtime(record.recorded_at, ZoneInfo(session.event.time_zone))
        messages.info(request, f"{registration.name}: already recorded at {at:%H:%M}.")


@staff_only
def attendance(request: AuthenticatedHttpRequest, event_id: int, session_id: int) -> HttpResponse:
    session = get_object_or_404(
        EventSession.objects.select_related("event"), pk=session_id, event_id=event_id
    )
    if request.method != "POST":
        return _attendance_page(request, session, TicketCodeForm(), 200)
    back = redirect("events:staff_attendance", event_id=event_id, session_id=session_id)
    if "registration" in request.POST:
        # A tick on the list: only this event's confirmed people are listed.
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration") or 0, event_id=event_id
        )
        try:
            _record(request, session, registration, SessionAttendance.Method.LIST)
        except AttendanceRefused as refused:
            messages.error(request, refused.message)
        return back
    form = TicketCodeForm(request.POST)
    if form.is_valid():
        found = Registration.objects.filter(ticket_code=form.cleaned_data["code"]).first()
        if found is None:
            form.add_error(
                "code", "No ticket has this code. Check it, or find the person in the list below."
            )
        else:
            try:
                _record(request, session, found, SessionAttendance.Method.CODE)
            except AttendanceRefused as refused:
                form.add_error("code", refused.message)
            else:
                return back
    return _attendance_page(request, session, form, 400)
