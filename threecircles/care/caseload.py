"""Who on the caseload needs attention today, and why, in a fixed number of queries.

Each signal is gathered for the whole caseload at once (one or a few queries per signal,
never one per client), then every client gets a list of reasons in words and a score. The
score is a sum of weights, one per kind of reason, each weight larger than all the weights
below it together: the most serious reason decides the order, and more reasons of lesser
kinds only break ties. Ties then go alphabetically. See docs/caseload.md.

Scores of measures are read from the plain `band` column only (the totals are sealed under
each client's key, and opening them would cost a query per client): the trend compares the
band with the previous administration of the same instrument, and "reliable deterioration"
is only said when even the smallest move between the two bands is a reliable change by
Jacobson-Truax, so it is never said wrongly (a large move inside one band is missed).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Max, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.care.hours import Attended, WeeklySlot, week_bounds, week_hours, week_start_of
from threecircles.care.models import Enrollment, ProgramSlot, Session, SlotAttendance
from threecircles.care.notes import unsigned_notes
from threecircles.care.plans import plans_due_for_review
from threecircles.care.programs import booked_session, today_for, zone_of
from threecircles.privacy.models import CareTeamRole, Grant
from threecircles.recovery.models import CheckIn
from threecircles.screening.instruments import (
    RELIABLE_DETERIORATION,
    Band,
    Pack,
    get_pack,
    reliable_change,
)
from threecircles.screening.models import Administration

# One weight per kind of reason; each is larger than all those below it together.
SAFETY_ALERT = 128
RECENT_SLIP = 64
DETERIORATION = 32
MISSED_CHECK_INS = 16
PLAN_REVIEW_DUE = 8
UNDER_TARGET = 4
REFERRAL_WAITING = 2
NOTES_UNSIGNED = 1

ARROWS = {"up": "↑", "down": "↓", "steady": "→"}


@dataclass(frozen=True)
class Measure:
    """A client's latest banded measure and how it moved since the one before."""

    title: str
    band: str
    completed_at: datetime
    trend: str = ""  # "up", "down" or "steady"; empty with no earlier administration
    previous_band: str = ""
    deteriorated: bool = False

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.trend, "")


@dataclass
class Row:
    client: User
    episode: Any = None
    my_role: str = ""
    primary: User | None = None
    measure: Measure | None = None
    last_check_in: date | None = None
    reasons: list[str] = field(default_factory=list)
    score: int = 0

    def add(self, weight: int, reason: str) -> None:
        self.reasons.append(reason)
        self.score += weight

    @property
    def shows_clinical_facts(self) -> bool:
        return bool(self.reasons or self.measure or self.last_check_in)


# --- signals, each for the whole caseload at once --------------------------------------------


def primary_clinicians(client_ids: list[int]) -> dict[int, User]:
    """The primary clinician of each client's current care team."""
    grants = (
        Grant.objects.care_team()
        .active()
        .filter(client_id__in=client_ids, role=CareTeamRole.PRIMARY)
        .select_related("grantee")
        .order_by("starts_at", "pk")
    )
    return {grant.client_id: grant.grantee for grant in grants if grant.grantee is not None}


def last_check_ins(client_ids: list[int]) -> dict[int, date]:
    rows = (
        CheckIn.objects.filter(client_id__in=client_ids)
        .values("client_id")
        .annotate(last=Max("day"))
        .order_by()
    )
    return {row["client_id"]: row["last"] for row in rows}


def _band_of(pack: Pack, label: str) -> tuple[int, Band] | None:
    return next(((i, b) for i, b in enumerate(pack.bands) if b.label == label), None)


def measure_change(code: str, latest: dict[str, Any], before: dict[str, Any] | None) -> Measure:
    """The latest banded score, its trend, and whether it surely got reliably worse."""
    pack = get_pack(code)
    measure = Measure(pack.title, latest["band"], latest["completed_at"])
    now = _band_of(pack, latest["band"])
    then = _band_of(pack, before["band"]) if before else None
    if before is None or now is None or then is None:
        return measure
    trend = "up" if now[0] > then[0] else "down" if now[0] < then[0] else "steady"
    deteriorated = False
    if trend != "steady" and pack.reliable_change.available:
        # The smallest change the two bands allow: if even that is reliable, the change is.
        low, high = (then[1].max, now[1].min) if trend == "up" else (then[1].min, now[1].max)
        deteriorated = reliable_change(pack, low, high).verdict == RELIABLE_DETERIORATION
    return Measure(
        pack.title, latest["band"], latest["completed_at"], trend, before["band"], deteriorated
    )


def latest_measures(client_ids: list[int]) -> dict[int, Measure]:
    """Each client's most recently completed banded measure (one query: the two latest of
    each instrument per client, by a window function)."""
    ranked = (
        Administration.objects.completed()
        .filter(client_id__in=client_ids)
        .exclude(band="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("client_id"), F("instrument")],
                order_by=F("completed_at").desc(),
            )
        )
        .filter(rank__lte=2)
        .values("client_id", "instrument", "band", "completed_at", "rank")
    )
    two: dict[tuple[int, str], dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in ranked:
        two[(row["client_id"], row["instrument"])][row["rank"]] = dict(row)
    latest: dict[int, tuple[str, dict[str, Any]]] = {}
    for (client_id, code), rows in two.items():
        first = rows[1]
        if client_id not in latest or first["completed_at"] > latest[client_id][1]["completed_at"]:
            latest[client_id] = (code, first)
    return {
        client_id: measure_change(code, row, two[(client_id, code)].get(2))
        for client_id, (code, row) in latest.items()
    }


def under_target_last_week(client_ids: list[int]) -> set[int]:
    """Clients whose last finished program week was under the program's hours target, by
    `hours.week_hours`, with the week's facts gathered in four queries for everyone."""
    around = week_start_of(timezone.localdate()) - timedelta(days=8)
    until = around + timedelta(days=9)  # a day either side of last week, for time zones
    enrollments = list(
        Enrollment.objects.filter(client_id__in=client_ids, started_on__lte=until)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=around))
        .select_related("program")
        .order_by("-started_on", "-pk")
    )
    if not enrollments:
        return set()
    programs = {e.program_id: e.program for e in enrollments}
    slots: dict[int, list[WeeklySlot]] = defaultdict(list)
    slot_program: dict[int, int] = {}
    for slot in ProgramSlot.objects.filter(program_id__in=programs, counts_as_therapy=True):
        slots[slot.program_id].append(WeeklySlot(slot.weekday, slot.minutes, slot.removed_on))
        slot_program[slot.pk] = slot.program_id
    attended: dict[tuple[int, int], list[Attended]] = defaultdict(list)
    for a in SlotAttendance.objects.filter(
        client_id__in=client_ids, slot_id__in=slot_program, day__gte=around, day__lte=until
    ):
        attended[(a.client_id, slot_program[a.slot_id])].append(Attended(a.day, a.minutes_attended))
    start, _ = week_bounds(around, zone_of(next(iter(programs.values()))))
    sessions = defaultdict(list)
    for s in Session.objects.filter(
        client_id__in=client_ids,
        starts_at__gte=start - timedelta(days=1),
        starts_at__lt=start + timedelta(days=10),
    ):
        sessions[s.client_id].append(booked_session(s))
    return {
        client_id
        for client_id, mine in _group(enrollments).items()
        if _week_under_target(client_id, mine, slots, attended, sessions)
    }


def _group(enrollments: Iterable[Enrollment]) -> dict[int, list[Enrollment]]:
    grouped: dict[int, list[Enrollment]] = defaultdict(list)
    for enrollment in enrollments:
        grouped[enrollment.client_id].append(enrollment)
    return grouped


def _week_under_target(
    client_id: int,
    enrollments: list[Enrollment],
    slots: dict[int, list[WeeklySlot]],
    attended: dict[tuple[int, int], list[Attended]],
    sessions: dict[int, list[Any]],
) -> bool:
    """Last week counted against the program enrolled in most recently that covered it
    (as `programs.program_of_week` decides), in that program's time zone."""
    for enrollment in enrollments:  # newest first
        program = enrollment.program
        week = week_start_of(today_for(program)) - timedelta(weeks=1)
        last_day = week + timedelta(days=6)
        if enrollment.started_on > last_day or (
            enrollment.ended_on is not None and enrollment.ended_on < week
        ):
            continue
        hours = week_hours(
            week_start=week,
            zone=zone_of(program),
            target_hours=program.weekly_target_hours,
            slots=slots[program.pk],
            enrollments=[
                (e.started_on, e.ended_on) for e in enrollments if e.program_id == program.pk
            ],
            attended=attended[(client_id, program.pk)],
            sessions=sessions[client_id],
            now=timezone.now(),
        )
        return hours.under_target
    return False


def unsigned_note_counts(clinician: User, client_ids: list[int]) -> dict[int, int]:
    rows = (
        unsigned_notes(clinician)
        .filter(client_id__in=client_ids)
        .values("client_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["client_id"]: row["count"] for row in rows}


# --- the ranking ------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def rank(
    rows: list[Row],
    *,
    viewer: User,
    attention: dict[str, Any],
    recovery: dict[str, Any],
    today: date,
) -> tuple[list[Row], list[Row]]:
    """Fill in every row's facts and reasons; return (needs you today, everyone else), the
    first by score then name, the second by name."""
    ids = [row.client.pk for row in rows]
    by_id = {row.client.pk: row for row in rows}
    measures = latest_measures(ids)
    check_ins = last_check_ins(ids)
    for row in rows:
        row.measure = measures.get(row.client.pk)
        row.last_check_in = check_ins.get(row.client.pk)

    def add(client_id: int, weight: int, reason: str) -> None:
        if client_id in by_id:
            by_id[client_id].add(weight, reason)

    alerts: dict[int, int] = defaultdict(int)
    for alert in attention["alerts"]:
        alerts[alert.client_id] += 1
    for client_id, count in alerts.items():
        add(client_id, SAFETY_ALERT, f"Urgent: {_plural(count, 'safety alert')} open")
    slips = {slip.client_id: slip.day for slip in reversed(recovery["recent_slips"])}
    for client_id, day in slips.items():
        add(client_id, RECENT_SLIP, f"Told you of a slip on {day:%-d %b}")
    for client_id, measure in measures.items():
        if measure.deteriorated:
            add(
                client_id,
                DETERIORATION,
                f"Reliable deterioration on the {measure.title}: "
                f"from {measure.previous_band} to {measure.band}",
            )
    for missed in recovery["missed_check_ins"]:
        add(missed["client_id"], MISSED_CHECK_INS, f"No check-in since {missed['last']:%-d %b}")
    for plan in plans_due_for_review(viewer, today):
        add(plan.client_id, PLAN_REVIEW_DUE, f"Treatment plan review due {plan.review_on:%-d %b}")
    for client_id in under_target_last_week(ids):
        add(client_id, UNDER_TARGET, "Last week was under the program's hours target")
    for client_id in {referral.client_id for referral in attention["follow_ups"]}:
        add(client_id, REFERRAL_WAITING, "A referral is waiting for follow-up")
    for client_id, count in unsigned_note_counts(viewer, ids).items():
        add(client_id, NOTES_UNSIGNED, f"{_plural(count, 'note')} of yours to sign")
    needing = sorted(
        (row for row in rows if row.reasons),
        key=lambda row: (-row.score, row.client.display_name.lower(), row.client.pk),
    )
    rest = [row for row in rows if not row.reasons]
    return needing, rest
