"""Programs: a practice's weekly timetable, the clients enrolled in it, attendance, and each
client's weekly therapy hours (the rule itself is in `hours.py`).

Only clinicians of the program's practice manage it. Anything about one client (enrolling,
attendance, hours) is reached through `get_client_for` by the views; the writes here are
logged to that client's access log.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from threecircles.accounts.models import CLINICAL_ROLES, Practice, User
from threecircles.care.hours import (
    Attended,
    Booked,
    WeekHours,
    WeeklySlot,
    week_bounds,
    week_hours,
    week_start_of,
)
from threecircles.care.models import (
    AttendanceStatus,
    Enrollment,
    LevelOfCare,
    Program,
    ProgramSlot,
    Session,
    SlotAttendance,
)
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action

WHAT = "programs and attendance"
RESIDENTIAL_TARGET = Decimal(50)
PAST_WEEKS = 4


# --- who manages what -----------------------------------------------------------------------


def practices_of(user: User) -> QuerySet[Practice]:
    """The practices where `user` works as a clinician or supervisor."""
    if user.role not in CLINICAL_ROLES:
        return Practice.objects.none()
    return Practice.objects.filter(memberships__user=user).distinct()


def programs_for(user: User) -> QuerySet[Program]:
    return Program.objects.filter(practice__in=practices_of(user)).select_related("practice")


def facilitator_choices(program: Program) -> QuerySet[User]:
    """Clinicians and supervisors of the program's practice."""
    return (
        User.objects.filter(
            role__in=CLINICAL_ROLES,
            is_active=True,
            practice_memberships__practice=program.practice,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


def zone_of(program: Program) -> ZoneInfo:
    return ZoneInfo(program.time_zone)


def today_for(program: Program) -> date:
    return timezone.now().astimezone(zone_of(program)).date()


# --- writes ---------------------------------------------------------------------------------


def create_program(
    *,
    practice: Practice,
    name: str,
    level_of_care: str,
    weekly_target_hours: Decimal | None,
    time_zone: str,
) -> Program:
    """Residential programs get 50 hours a week unless the clinician says otherwise."""
    if weekly_target_hours is None:
        if level_of_care != LevelOfCare.RESIDENTIAL:
            raise ValueError("Only residential programs have a default target.")
        weekly_target_hours = RESIDENTIAL_TARGET
    return Program.objects.create(
        practice=practice,
        name=name,
        level_of_care=level_of_care,
        weekly_target_hours=weekly_target_hours,
        time_zone=time_zone,
    )


def add_slot(
    *,
    program: Program,
    weekday: int,
    starts_at: time,
    minutes: int,
    kind: str,
    title: str,
    facilitator: User | None,
    location: str,
    counts_as_therapy: bool,
) -> ProgramSlot:
    return ProgramSlot.objects.create(
        program=program,
        weekday=weekday,
        starts_at=starts_at,
        minutes=minutes,
        kind=kind,
        title=title,
        facilitator=facilitator,
        location=location,
        counts_as_therapy=counts_as_therapy,
    )


def remove_slot(slot: ProgramSlot) -> date:
    """Takes the slot off the timetable from today, in the program's time zone: it is not
    scheduled from that day on, while the weeks before keep it and its attendance. Returns
    the first day it is off."""
    if slot.removed_on is None:
        slot.removed_on = today_for(slot.program)
        slot.save(update_fields=["removed_on"])
    return slot.removed_on


def runs_on(slot: ProgramSlot, day: date) -> bool:
    """The slot is on the timetable on `day` (whatever its weekday)."""
    return slot.removed_on is None or day < slot.removed_on


def slots_on(program: Program, day: date) -> QuerySet[ProgramSlot]:
    """The program's slots on the timetable on `day`: all its weekdays, none taken off by then
    (the timetable as it stands that day)."""
    return program.slots.filter(Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def _log(actor: User, client_id: int, action: str, object_id: str) -> None:
    record_access(
        actor=actor,
        client_id=client_id,
        action=action,
        what=WHAT,
        reason="Care team",
        object_id=object_id,
    )


@transaction.atomic
def enroll(*, program: Program, client: User, started_on: date, actor: User) -> Enrollment:
    """Callers got `client` through `get_client_for`."""
    enrollment = Enrollment.objects.create(program=program, client=client, started_on=started_on)
    _log(actor, client.pk, Action.CREATE, f"enrollment {enrollment.pk}")
    return enrollment


@transaction.atomic
def end_enrollment(*, enrollment: Enrollment, ended_on: date, actor: User) -> None:
    if ended_on < enrollment.started_on:
        raise ValueError("An enrollment cannot end before it started.")
    enrollment.ended_on = ended_on
    enrollment.save(update_fields=["ended_on"])
    _log(actor, enrollment.client_id, Action.UPDATE, f"enrollment {enrollment.pk}")


@transaction.atomic
def record_slot_attendance(
    *,
    slot: ProgramSlot,
    client: User,
    day: date,
    status: str,
    minutes_attended: int,
    reason: str,
    actor: User,
) -> SlotAttendance:
    """One occurrence of a slot for one client; recording it again replaces it. Not on or
    after the day the slot was taken off the timetable."""
    if not runs_on(slot, day):
        raise ValueError("The session was off the timetable on that day.")
    row, _ = SlotAttendance.objects.update_or_create(
        slot=slot,
        client=client,
        day=day,
        defaults={
            "status": status,
            "minutes_attended": minutes_attended,
            "reason": reason,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    _log(actor, client.pk, Action.UPDATE, f"slot attendance {row.pk}")
    return row


@transaction.atomic
def record_session_attendance(
    *, session: Session, status: str, minutes_attended: int, reason: str, actor: User
) -> None:
    """Once the session has started (the form says so to the person recording it)."""
    if session.starts_at > timezone.now():
        raise ValueError("The session has not started yet.")
    session.attendance = status
    session.minutes_attended = minutes_attended
    session.absence_reason = reason
    if session.status == Session.Status.SCHEDULED and status != AttendanceStatus.ABSENT:
        session.status = Session.Status.ATTENDED
    session.save(update_fields=["attendance", "minutes_attended", "absence_reason", "status"])
    _log(actor, session.client_id, Action.UPDATE, f"session {session.pk}")


# --- reads ----------------------------------------------------------------------------------


def enrollments_on(program: Program, day: date) -> QuerySet[Enrollment]:
    """Enrollments covering `day` (first and last day included)."""
    return (
        program.enrollments.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("client")
        .order_by("client__display_name", "pk")
    )


def program_of_week(client: User, week_start: date) -> Program | None:
    """The program whose hours a client's week is counted against: the one enrolled in most
    recently among those covering any day of that week."""
    last_day = week_start + timedelta(days=6)
    enrollment = (
        Enrollment.objects.filter(client=client, started_on__lte=last_day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=week_start))
        .select_related("program")
        .order_by("-started_on", "-pk")
        .first()
    )
    return enrollment.program if enrollment else None


def client_hours(client: User, program: Program, week_start: date) -> WeekHours:
    """Gathers one week of a client's program and sessions for `hours.week_hours`."""
    zone = zone_of(program)
    start, end = week_bounds(week_start, zone)
    last_day = week_start + timedelta(days=6)
    therapy = program.slots.filter(counts_as_therapy=True)
    attended = SlotAttendance.objects.filter(
        client=client, slot__in=therapy, day__gte=week_start, day__lte=last_day
    )
    sessions = Session.objects.for_client(client.pk).filter(starts_at__gte=start, starts_at__lt=end)
    return week_hours(
        week_start=week_start,
        zone=zone,
        target_hours=program.weekly_target_hours,
        slots=[WeeklySlot(s.weekday, s.minutes, s.removed_on) for s in therapy],
        enrollments=program.enrollments.filter(client=client).values_list("started_on", "ended_on"),
        attended=[Attended(a.day, a.minutes_attended) for a in attended],
        sessions=[booked_session(s) for s in sessions],
        now=timezone.now(),
    )


def booked_session(session: Session) -> Booked:
    # Marked attended before attendance was recorded in detail: counted in full.
    present = session.attendance == AttendanceStatus.PRESENT or (
        session.attendance == "" and session.status == Session.Status.ATTENDED
    )
    return Booked(
        starts_at=session.starts_at,
        minutes=session.minutes,
        cancelled=session.status == Session.Status.CANCELLED,
        minutes_attended=session.minutes_attended,
        present=present,
    )


@dataclass(frozen=True)
class Week:
    program: Program
    hours: WeekHours
    is_current: bool


def recent_weeks(client: User, weeks: int = PAST_WEEKS) -> list[Week]:
    """This week and the `weeks` before it, newest first; weeks in no program are left out."""
    found = []
    for back in range(weeks + 1):
        program = program_of_week(
            client, week_start_of(timezone.localdate()) - timedelta(weeks=back)
        )
        if program is None:
            continue
        start = week_start_of(today_for(program)) - timedelta(weeks=back)
        found.append(Week(program, client_hours(client, program, start), back == 0))
    return found


@dataclass(frozen=True)
class Entry:
    """One line of a client's week: a program slot on a day, or an individual session."""

    starts_at: datetime
    minutes: int
    title: str
    kind: str
    location: str
    attendance: str
    session_id: int | None = None

    @property
    def when(self) -> str:
        """Day and time in the program's zone (templates would show the server's)."""
        return f"{self.starts_at:%A %H:%M}"


def timetable_of_week(client: User, program: Program | None, week_start: date) -> list[Entry]:
    """The client's week: the program's slots on their enrolled days and their own sessions,
    in time order, with attendance once recorded."""
    entries: list[Entry] = []
    if program is not None:
        zone = zone_of(program)
        spans = list(
            program.enrollments.filter(client=client).values_list("started_on", "ended_on")
        )
        recorded = {
            (a.slot_id, a.day): a.get_status_display()
            for a in SlotAttendance.objects.filter(
                client=client, slot__program=program, day__gte=week_start,
                day__lte=week_start + timedelta(days=6),
            )
        }  # fmt: skip
        for slot in slots_on(program, week_start):
            day = week_start + timedelta(days=slot.weekday)
            if not runs_on(slot, day) or not any(
                s <= day and (e is None or day <= e) for s, e in spans
            ):
                continue
            entries.append(
                Entry(
                    starts_at=datetime.combine(day, slot.starts_at, tzinfo=zone),
                    minutes=slot.minutes,
                    title=slot.title,
                    kind=slot.get_kind_display(),
                    location=slot.location,
                    attendance=recorded.get((slot.pk, day), ""),
                )
            )
        start, end = week_bounds(week_start, zone)
    else:
        start = timezone.make_aware(datetime.combine(week_start, time(0)))
        end = start + timedelta(days=7)
    sessions = Session.objects.for_client(client.pk).filter(starts_at__gte=start, starts_at__lt=end)
    for session in sessions.exclude(status=Session.Status.CANCELLED):
        entries.append(
            Entry(
                starts_at=session.starts_at.astimezone(start.tzinfo),
                minutes=session.minutes,
                title=session.get_kind_display(),
                kind=session.get_kind_display(),
                location="",
                attendance=session.get_attendance_display() if session.attendance else "",
                session_id=session.pk,
            )
        )
    return sorted(entries, key=lambda entry: entry.starts_at)


def week_summary(client: User) -> dict[str, object]:
    """This week's timetable and hours, and the weeks before (the page and the panels)."""
    weeks = recent_weeks(client)
    current = next((w for w in weeks if w.is_current), None)
    program = current.program if current else None
    start = week_start_of(today_for(program) if program else timezone.localdate())
    return {
        "client": client,
        "current": current,
        "past": [w for w in weeks if not w.is_current],
        "entries": timetable_of_week(client, program, start),
        "week": start,
    }
