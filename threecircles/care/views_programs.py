"""Programs: the practice's staff keep the timetable, enroll their clients and record
attendance; each client's weekly therapy hours are shown against the program's target."""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import CLINICAL_ROLES, Role
from threecircles.care import outcomes
from threecircles.care import programs as actions
from threecircles.care.forms_programs import (
    YEARS,
    AttendanceForm,
    EndEnrollmentForm,
    EnrollForm,
    ProgramForm,
    RemoveSlotForm,
    SlotForm,
)
from threecircles.care.hours import week_start_of
from threecircles.care.models import Enrollment, Program, Session, SlotAttendance
from threecircles.privacy.access import access_basis, get_client_for, visible_clients
from threecircles.privacy.models import Action

CLINICAL = tuple(sorted(CLINICAL_ROLES))


def _program(request: AuthenticatedHttpRequest, program_id: int) -> Program:
    """A program of a practice the signed-in clinician works at; 404 for anyone else."""
    program = actions.programs_for(request.user).filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def _reachable(
    request: AuthenticatedHttpRequest,
    enrollments: list[Enrollment],
    action: str = Action.VIEW,
    what: str = actions.WHAT,
) -> list[Enrollment]:
    """The enrollments whose client this person may open (each opening is logged). A
    colleague not on a client's care team sees that there are others, not who."""
    reached = []
    for enrollment in enrollments:
        if access_basis(request.user, enrollment.client) is None:
            continue
        enrollment.client = get_client_for(request, enrollment.client_id, what=what, action=action)
        reached.append(enrollment)
    return reached


def _status(request: AuthenticatedHttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@role_required(*CLINICAL)
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "care/programs/list.html", {"programs": actions.programs_for(request.user)}
    )


@role_required(*CLINICAL)
def program_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgramForm(
        request.POST if request.method == "POST" else None,
        practices=actions.practices_of(request.user),
    )
    if form.is_valid():
        program = actions.create_program(**form.cleaned_data)
        messages.success(request, "Program created. Now add its weekly sessions.")
        return redirect("care:program_detail", program_id=program.pk)
    return render(request, "care/programs/new.html", {"form": form}, status=_status(request))


@role_required(*CLINICAL)
def program_detail(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    """The timetable, the people enrolled now, this week's hours for each of them, and the
    program's outcomes on measures over the same people."""
    program = _program(request, program_id)
    today = actions.today_for(program)
    enrolled = list(actions.enrollments_on(program, today))
    # One logged opening per client covers the hours and the screening totals read for the
    # outcomes; only clients on this person's care team are counted.
    reached = _reachable(request, enrolled, what=outcomes.WHAT)
    week = week_start_of(today)
    rows = [(e, actions.client_hours(e.client, program, week)) for e in reached]
    context = {
        "program": program,
        "slots": actions.slots_on(program, today).select_related("facilitator"),
        "rows": rows,
        "hidden": len(enrolled) - len(reached),
        "week": week,
        "today": today,
        "outcomes": outcomes.program_outcomes(reached, actions.zone_of(program)),
    }
    return render(request, "care/programs/detail.html", context)


@role_required(*CLINICAL)
def program_slot_new(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = _program(request, program_id)
    form = SlotForm(
        request.POST if request.method == "POST" else None,
        facilitators=actions.facilitator_choices(program),
    )
    if form.is_valid():
        actions.add_slot(program=program, **form.cleaned_data)
        messages.success(request, "Session added to the timetable.")
        return redirect("care:program_detail", program_id=program.pk)
    return render(
        request,
        "care/programs/slot_new.html",
        {"program": program, "form": form},
        status=_status(request),
    )


@role_required(*CLINICAL)
def program_slot_remove(
    request: AuthenticatedHttpRequest, program_id: int, slot_id: int
) -> HttpResponse:
    """Only a slot still on the timetable; once off, its page is gone with it."""
    program = _program(request, program_id)
    today = actions.today_for(program)
    slot = actions.slots_on(program, today).filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    form = RemoveSlotForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.remove_slot(slot)
        messages.success(request, "Session taken off the timetable.")
        return redirect("care:program_detail", program_id=program.pk)
    return render(
        request,
        "care/programs/slot_remove.html",
        {"program": program, "slot": slot, "form": form, "today": today},
        status=_status(request),
    )


@role_required(*CLINICAL)
def program_enroll(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    """Clients on the clinician's own care team who are not in the program now."""
    program = _program(request, program_id)
    today = actions.today_for(program)
    current = actions.enrollments_on(program, today).values("client")
    clients = visible_clients(request.user).exclude(pk__in=current).order_by("display_name", "pk")
    form = EnrollForm(
        request.POST if request.method == "POST" else None,
        clients=clients,
        initial={"started_on": today},
    )
    if form.is_valid():
        client = get_client_for(
            request, form.cleaned_data["client"].pk, what=actions.WHAT, action=Action.CREATE
        )
        actions.enroll(
            program=program,
            client=client,
            started_on=form.cleaned_data["started_on"],
            actor=request.user,
        )
        messages.success(request, f"{client.display_name} enrolled.")
        return redirect("care:program_detail", program_id=program.pk)
    return render(
        request,
        "care/programs/enroll.html",
        {"program": program, "form": form},
        status=_status(request),
    )


@role_required(*CLINICAL)
def program_enrollment_end(
    request: AuthenticatedHttpRequest, program_id: int, enrollment_id: int
) -> HttpResponse:
    program = _program(request, program_id)
    enrollment = (
        Enrollment.objects.filter(program=program, pk=enrollment_id)
        .select_related("client")
        .first()
    )
    if enrollment is None:
        raise Http404
    client = get_client_for(
        request,
        enrollment.client_id,
        what=actions.WHAT,
        action=Action.UPDATE if request.method == "POST" else Action.VIEW,
        object_id=f"enrollment {enrollment.pk}",
    )
    form = EndEnrollmentForm(
        request.POST if request.method == "POST" else None,
        started_on=enrollment.started_on,
        initial={"ended_on": enrollment.ended_on or actions.today_for(program)},
    )
    if form.is_valid():
        actions.end_enrollment(
            enrollment=enrollment, ended_on=form.cleaned_data["ended_on"], actor=request.user
        )
        messages.success(request, f"{client.display_name}'s enrollment ended.")
        return redirect("care:program_detail", program_id=program.pk)
    context = {"program": program, "enrollment": enrollment, "client": client, "form": form}
    return render(request, "care/programs/end.html", context, status=_status(request))


def _day(request: AuthenticatedHttpRequest, today: date) -> date:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today


def _days_kept(today: date) -> tuple[date, date]:
    """The days a program's attendance page opens on: as far back as an enrollment may start,
    and a year ahead (who is enrolled on a day to come)."""
    return today - timedelta(days=YEARS), today + timedelta(days=366)


@role_required(*CLINICAL)
def program_attendance(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    """One day of the program: each enrolled client (on this person's care team) at each of
    the day's sessions."""
    program = _program(request, program_id)
    today = actions.today_for(program)
    day = _day(request, today)
    first, last = _days_kept(today)
    url = reverse("care:program_attendance", kwargs={"program_id": program.pk})
    if not first <= day <= last:
        # Nothing is recorded on such a day: what was sent is not kept.
        messages.error(
            request,
            f"Attendance is kept for days from {first:%-d %B %Y} to {last:%-d %B %Y}: "
            "here is today.",
        )
        return redirect(f"{url}?day={today.isoformat()}")
    posted = request.POST if request.method == "POST" else None
    slots = list(actions.slots_on(program, day).filter(weekday=day.weekday()))
    enrolled = list(actions.enrollments_on(program, day))
    reached = _reachable(request, enrolled, Action.UPDATE if posted else Action.VIEW)
    recorded = {
        (a.client_id, a.slot_id): a for a in SlotAttendance.objects.filter(slot__in=slots, day=day)
    }
    rows = []
    for enrollment in reached:
        cells = []
        for slot in slots:
            before = recorded.get((enrollment.client_id, slot.pk))
            initial = (
                {
                    "status": before.status,
                    "minutes_attended": before.minutes_attended,
                    "reason": before.reason,
                }
                if before
                else {}
            )
            form = AttendanceForm(
                posted,
                planned=slot.minutes,
                prefix=f"a-{enrollment.client_id}-{slot.pk}",
                initial=initial,
            )
            cells.append((slot, form))
        rows.append((enrollment.client, cells))
    problem = ""
    if posted is not None:
        forms = [(client, slot, form) for client, cells in rows for slot, form in cells]
        chosen = [(c, s, f) for c, s, f in forms if f.is_valid() and f.cleaned_data.get("status")]
        if day > today:
            problem = "Attendance is recorded once the day has come."
        elif not all(form.is_valid() for _, _, form in forms):
            problem = "Some attendance needs a correction: see below."
        elif not chosen:
            problem = "Nothing was recorded: choose how at least one person attended."
        else:
            for client, slot, form in chosen:
                actions.record_slot_attendance(
                    slot=slot,
                    client=client,
                    day=day,
                    status=form.cleaned_data["status"],
                    minutes_attended=form.cleaned_data["minutes_attended"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            messages.success(request, "Attendance saved.")
            return redirect(f"{url}?day={day.isoformat()}")
    context = {
        "program": program,
        "day": day,
        "slots": slots,
        "rows": rows,
        "hidden": len(enrolled) - len(reached),
        "problem": problem,
        "previous": day - timedelta(days=1) if day > first else None,
        "next": day + timedelta(days=1) if day < last else None,
    }
    return render(request, "care/programs/attendance.html", context, status=_status(request))


@role_required(*CLINICAL)
def program_session_attendance(
    request: AuthenticatedHttpRequest, client_id: int, session_id: int
) -> HttpResponse:
    """Attendance at one of the client's individual sessions, once it has started."""
    posted = request.POST if request.method == "POST" else None
    # The session first: an access is logged only for a session that exists, by its own id.
    session = (
        Session.objects.for_client(client_id)
        .exclude(status=Session.Status.CANCELLED)
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    client = get_client_for(
        request,
        client_id,
        what=actions.WHAT,
        action=Action.UPDATE if posted is not None else Action.VIEW,
        object_id=f"session {session.pk}",
    )
    initial = {
        "status": session.attendance,
        "minutes_attended": session.minutes_attended,
        "reason": session.absence_reason,
    }
    started = session.starts_at <= timezone.now()
    form = AttendanceForm(
        posted,
        planned=session.minutes,
        required=True,
        starts_at=session.starts_at,
        initial=initial,
    )
    if form.is_valid():
        actions.record_session_attendance(
            session=session,
            status=form.cleaned_data["status"],
            minutes_attended=form.cleaned_data["minutes_attended"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        messages.success(request, "Attendance saved.")
        return redirect("care:program_week", client_id=client.pk)
    context = {"client": client, "session": session, "form": form, "started": started}
    return render(
        request, "care/programs/session_attendance.html", context, status=_status(request)
    )


@role_required(*CLINICAL, Role.CLIENT)
def program_week(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A client's week: the client sees their own, the care team their clients'."""
    client = get_client_for(request, client_id, what=actions.WHAT)
    context = actions.week_summary(client) | {"team": request.user.pk != client.pk}
    return render(request, "care/programs/week.html", context)
