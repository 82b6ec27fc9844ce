"""The demo's treatment: Dana's residential program with a full week of timetable and
attendance (one client under target); Alice's treatment plan with three interventions she
acknowledged, her diagnosis, a signed note with an addendum and one medication; Sofia's family
session with Pat under a release. Each part is seeded once."""

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import Practice, User
from threecircles.care.actions import book_session
from threecircles.care.diagnoses import record_diagnosis
from threecircles.care.family import add_participant, add_to_session, propose_release, sign_release
from threecircles.care.medication import add_medication
from threecircles.care.models import (
    AttendanceStatus,
    CollateralParticipant,
    Diagnosis,
    Medication,
    Note,
    NoteFormat,
    Program,
    ReleaseItem,
    Session,
    SessionKind,
    TreatmentPlan,
)
from threecircles.care.notes import add_addendum, sign_note, write_draft
from threecircles.care.plans import (
    acknowledge_plan,
    with_goal,
    with_intervention,
    with_objective,
    with_problem,
    write_plan,
)
from threecircles.care.programs import add_slot, create_program, enroll, record_slot_attendance

PROGRAM = "Residential, men's track"
# (minutes, kind, title) each weekday; about 8 hours a day, 7 days: above 50 a week.
DAY = [
    (90, SessionKind.GROUP, "Morning group"),
    (60, SessionKind.PSYCHOEDUCATION, "Psychoeducation"),
    (60, SessionKind.INDIVIDUAL, "Individual therapy"),
    (90, SessionKind.EXPERIENTIAL, "Experiential therapy"),
    (60, SessionKind.MINDFULNESS, "Mindfulness"),
    (90, SessionKind.GROUP, "Afternoon group"),
    (60, SessionKind.TWELVE_STEP, "Evening meeting"),
]


def _last_monday(today: date) -> date:
    return today - timedelta(days=today.weekday() + 7)


@transaction.atomic
def seed_program(cedar: Practice, dana: User, clients: list[User]) -> None:
    """Last week in full: everyone attended every session but the last client, who missed
    two afternoons (under the 50-hour target)."""
    if Program.objects.filter(name=PROGRAM).exists():
        return
    program = create_program(
        practice=cedar,
        name=PROGRAM,
        level_of_care="residential",
        weekly_target_hours=None,
        time_zone="America/Chicago",
    )
    slots = []
    for weekday in range(7):
        start = 8 * 60
        for minutes, kind, title in DAY:
            slots.append(
                add_slot(
                    program=program,
                    weekday=weekday,
                    starts_at=time(start // 60, start % 60),
                    minutes=minutes,
                    kind=kind,
                    title=title,
                    facilitator=dana,
                    location="Cedar Ridge, group room" if kind != SessionKind.INDIVIDUAL else "",
                    counts_as_therapy=True,
                )
            )
            start += minutes + 15
    monday = _last_monday(timezone.localdate())
    for client in clients:
        enroll(program=program, client=client, started_on=monday, actor=dana)
    under_target = clients[-1]
    for slot in slots:
        day = monday + timedelta(days=slot.weekday)
        for client in clients:
            missed = (client == under_target and slot.title == "Afternoon group") or (
                client == under_target and slot.title == "Experiential therapy" and slot.weekday < 5
            )
            record_slot_attendance(
                slot=slot,
                client=client,
                day=day,
                status=AttendanceStatus.ABSENT if missed else AttendanceStatus.PRESENT,
                minutes_attended=0 if missed else slot.minutes,
                reason="Unwell" if missed else "",
                actor=dana,
            )


@transaction.atomic
def seed_alices_treatment(alice: User, bob: User) -> None:
    """A plan with three interventions she acknowledged, the diagnosis Bob recorded, and a
    medication."""
    if TreatmentPlan.objects.for_client(alice.pk).exists():
        return
    content = with_problem(
        {"problems": []}, "Compulsive use of pornography harms work and her relationship"
    )
    problem_id = content["problems"][0]["id"]
    content = with_goal(content, problem_id, "A year of sober time, with a life worth living")
    goal_id = content["problems"][0]["goals"][0]["id"]
    content = with_objective(
        content, goal_id, "Check in every day for 30 days", {"kind": "checkins", "days": 30}
    )
    content = with_objective(
        content, goal_id, "PHQ-9 below 10", {"kind": "measure", "instrument": "phq9", "below": 10}
    )
    target = (timezone.localdate() + timedelta(days=90)).isoformat()
    for modality, frequency in [("cbt", "Weekly"), ("recovery_tasks", "Weekly"), ("mi", "Monthly")]:
        content = with_intervention(
            content,
            goal_id,
            {"modality": modality, "frequency": frequency, "clinician_id": bob.pk,
             "target_date": target},
        )  # fmt: skip
    plan = write_plan(
        client=alice,
        author=bob,
        content=content,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    assert plan is not None
    acknowledge_plan(plan=plan, client=alice, typed_name=alice.display_name)
    if not Diagnosis.objects.for_client(alice.pk).exists():
        record_diagnosis(
            client=alice,
            clinician=bob,
            code="6C72",
            title="Compulsive sexual behaviour disorder",
            diagnosed_on=timezone.localdate() - timedelta(days=100),
            evidence="Assessment interview and the ICD-11 checklist: all requirements met.",
        )
    if not Note.objects.for_client(alice.pk).exclude(form=NoteFormat.FREE).exists():
        note = write_draft(
            client=alice,
            author=bob,
            form=NoteFormat.SOAP,
            sections={
                "subjective": "Reports a hard week at work; urges on two evenings, no slip.",
                "objective": "On time, engaged; check-ins on six of seven days.",
                "assessment": "Using her plan; the middle circle is doing its job.",
                "plan": "Continue CBT weekly; rehearse the evening routine.",
            },
        )
        note = sign_note(note=note, signer=bob)
        add_addendum(note=note, author=bob, text="She called Carol on the second evening.")
    if not Medication.objects.for_client(alice.pk).exists():
        add_medication(
            client=alice,
            recorded_by=bob,
            name="Sertraline",
            dose="50 mg",
            schedule="Once a day, in the morning",
            prescriber=None,
            prescriber_name="Dr. Lena Ortiz (psychiatrist)",
            started_on=timezone.localdate() - timedelta(days=60),
            reason="Low mood and anxiety alongside recovery.",
        )


@transaction.atomic
def seed_family_session(sofia: User, bob: User, pat: User) -> None:
    """Pat takes part in Sofia's family session next week, under a release Sofia signed that
    lets Pat see the session dates and whether she attends treatment. Pat accepted Bob's
    request to link Pat's account when it came, and read its notification then. Once only."""
    if CollateralParticipant.objects.filter(client=sofia).exists():
        return
    before = pat.notifications.order_by("-pk").values_list("pk", flat=True).first() or 0
    participant = add_participant(
        client=sofia, added_by=bob, name=pat.display_name, relationship="Partner", person=pat
    )
    participant.person_confirmed_at = timezone.now()
    participant.save(update_fields=["person_confirmed_at"])
    for request in pat.notifications.filter(pk__gt=before):
        request.read_at = participant.person_confirmed_at
        request.save(update_fields=["read_at"])
    today = timezone.localdate()
    release = propose_release(
        participant=participant,
        actor=bob,
        allows=[ReleaseItem.SCHEDULE, ReleaseItem.ATTENDANCE],
        starts_on=today,
        expires_on=today + timedelta(days=180),
    )
    sign_release(release=release, client=sofia, typed_name=sofia.display_name)
    session = book_session(
        client=sofia,
        clinician=bob,
        starts_at=timezone.now().replace(hour=17, minute=0, second=0, microsecond=0)
        + timedelta(days=7),
        minutes=90,
        kind=Session.Kind.FAMILY,
    )
    add_to_session(participant=participant, session=session, actor=bob)
