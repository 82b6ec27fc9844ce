"""Screening operations: send, answer, score, alert, triage, report review, refer.

Each function is called by a view that already fetched the client through
`privacy.access.get_client_for`; writes are logged here with what was written.
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from threecircles.accounts.models import Practice, Role, User
from threecircles.accounts.tasks import send_notice_email
from threecircles.privacy.access import record_access
from threecircles.privacy.models import Action, Basis, Grant
from threecircles.screening.instruments import (
    Flag,
    Pack,
    PackError,
    ScoreResult,
    all_packs,
    apply_licensed_text,
    get_pack,
    score,
)
from threecircles.screening.models import (
    Administration,
    Intake,
    LicensedText,
    MeasureSchedule,
    Pathway,
    Referral,
    ReportingReview,
    SafetyAlert,
)
from threecircles.screening.triage import CSB_INSTRUMENTS, recommend_pathway

INTAKE_REQUIRED = ["intake_consent", "behavior_inventory", "offending_screen"]
CONSENT = "intake_consent"
# Instruments whose result a client may read in plain words on their own.
CLIENT_READABLE = {"phq9", "gad7", "auditc"}
CLINICIAN_ONLY = {"icd11_6c72"}
# Validated symptom scales: their totals and bands stay in plain columns for trend charts.
SYMPTOM_SCALES = CLIENT_READABLE | CSB_INSTRUMENTS


class NeedsLicensedText(Exception):
    """A copyrighted instrument cannot be sent until the practice imports its item text."""


class ScreeningError(Exception):
    pass


@dataclass(frozen=True)
class InstrumentChoice:
    code: str
    title: str
    sendable: bool


def practice_for(client: User, clinician: User | None) -> Practice | None:
    """The practice a questionnaire or intake belongs to, kept on the row when it is made.

    A clinician acts for the practice of their own care-team place with this client. Without
    one (the client, or the scheduler), it is the practice of the client's current care team,
    which `care` keeps to the practice of the open episode; never an arbitrary first row.
    """
    if clinician is not None and clinician.pk != client.pk:
        place = (
            Grant.objects.usable_care_team(clinician)
            .filter(client=client)
            .select_related("practice")
            .order_by("starts_at", "pk")
            .first()
        )
        if place is not None:
            return place.practice
    practices = set(
        Grant.objects.care_team().active().filter(client=client).values_list("practice", flat=True)
    )
    if len(practices) == 1:
        return Practice.objects.filter(pk=practices.pop()).first()
    return None


def has_care_team(client: User) -> bool:
    return Grant.objects.care_team().active().filter(client=client).exists()


def licensed_text_for(code: str, practice: Practice | None) -> LicensedText | None:
    """The practice's own licensed text wins over one published to the whole installation."""
    texts = LicensedText.objects.filter(instrument=code)
    own = texts.filter(practice=practice).first() if practice else None
    return own or texts.filter(practice__isnull=True).first()


def pack_for(code: str, practice: Practice | None) -> Pack:
    """The pack with item text: shipped, or imported by a practice that holds the license."""
    pack = get_pack(code)
    if pack.has_item_text:
        return pack
    licensed = licensed_text_for(code, practice)
    if licensed is None:
        raise NeedsLicensedText(f"{pack.title} needs licensed text before it can be sent.")
    return apply_licensed_text(pack, licensed.items)


def instrument_choices(practice: Practice | None) -> list[InstrumentChoice]:
    choices = []
    for pack in sorted(all_packs(), key=lambda p: p.title):
        if pack.code in CLINICIAN_ONLY:
            continue
        sendable = pack.has_item_text or licensed_text_for(pack.code, practice) is not None
        choices.append(InstrumentChoice(pack.code, pack.title, sendable))
    return choices


def _log(actor: User | None, client: User, action: str, obj: Any, what: str = "screening") -> None:
    record_access(
        actor=actor,
        client_id=client.pk,
        action=action,
        what=what,
        reason=(
            "Scheduled measure"
            if actor is None
            else "Own record"
            if actor.pk == client.pk
            else "Care team"
        ),
        basis=(
            Basis.SYSTEM
            if actor is None
            else Basis.SELF
            if actor.pk == client.pk
            else Basis.CARE_TEAM
        ),
        object_id=str(obj.pk),
    )


@transaction.atomic
def send_instrument(
    *,
    client: User,
    instrument: str,
    sent_by: User | None,
    due_on: date | None = None,
    schedule: MeasureSchedule | None = None,
    intake: Intake | None = None,
    in_session: bool = False,
) -> Administration:
    practice = practice_for(client, sent_by or (schedule.created_by if schedule else None))
    pack = pack_for(instrument, practice)
    administration = Administration(
        client=client,
        practice=practice,
        instrument=pack.code,
        version=pack.version,
        sent_by=sent_by,
        due_on=due_on,
        schedule=schedule,
        intake=intake,
        entered_in_session=in_session,
    )
    administration.answers = [None] * len(pack.items)
    administration.save()
    _log(sent_by, client, Action.CREATE, administration)
    if pack.requires_consent and intake is None and not consent_on_record(client):
        # Sent on its own: the consent questions go with it, and come first.
        waiting = Administration.objects.for_client(client.pk).open().filter(instrument=CONSENT)
        if not waiting.exists():
            send_instrument(client=client, instrument=CONSENT, sent_by=sent_by)
    return administration


def _refuse_before_consent(administration: Administration) -> None:
    if waits_for_consent(administration):
        raise ScreeningError("The consent questions come first.")


def _lock_open(administration: Administration) -> None:
    """Lock the row and check it is still open: a late autosave must never reopen, and a
    double submit must never score twice."""
    status = (
        Administration.objects.select_for_update()
        .filter(pk=administration.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status not in (Administration.Status.SENT, Administration.Status.STARTED):
        raise ScreeningError("This questionnaire is already finished.")


@transaction.atomic
def save_progress(
    *, administration: Administration, answers: list[int | None], actor: User
) -> None:
    """Keep half-finished answers so the person can stop and come back."""
    _lock_open(administration)
    _refuse_before_consent(administration)
    administration.answers = answers
    administration.status = Administration.Status.STARTED
    administration.save(update_fields=["answers_sealed", "status"])
    _log(actor, administration.client, Action.UPDATE, administration)


@transaction.atomic
def complete_administration(
    *, administration: Administration, answers: list[int | None], actor: User
) -> ScoreResult:
    """Score and store. A safety flag raises an urgent alert for the care team at once."""
    _lock_open(administration)
    _refuse_before_consent(administration)
    client = administration.client
    pack = pack_for(administration.instrument, administration.practice)
    result = score(pack, answers)  # raises ScoringError before anything is written
    administration.answers = answers
    administration.status = Administration.Status.COMPLETED
    administration.completed_at = timezone.now()
    if administration.instrument in SYMPTOM_SCALES:
        administration.band = result.band or ""
    administration.result_sealed = json.dumps(
        {
            "total": result.total,
            "subscales": result.subscales,
            "flags": [
                {"code": f.code, "label": f.label, "category": f.category} for f in result.flags
            ],
        }
    )
    administration.entered_in_session = actor.pk != client.pk
    administration.save()
    _log(actor, client, Action.UPDATE, administration)
    if has_safety_flag(result):
        raise_safety_alert(administration=administration)
    if administration.intake_id:
        refresh_intake(intake=administration.intake)  # type: ignore[arg-type]
    return result


def has_safety_flag(result: ScoreResult) -> bool:
    return any(f.code == "safety" or f.category == "self_harm" for f in result.flags)


def care_team_emails(client: User) -> list[str]:
    return list(
        Grant.objects.care_team_of(client)
        .filter(grantee__is_active=True)
        .order_by()
        .values_list("grantee__email", flat=True)
        .distinct()
    )


@transaction.atomic
def raise_safety_alert(*, administration: Administration) -> SafetyAlert:
    return _alert(SafetyAlert(client=administration.client, administration=administration))


@transaction.atomic
def raise_alert_from(*, client: User, source: str, source_id: str) -> None:
    """Registered as the urgent-alert raiser: a slip review's self-harm answer alerts the care
    team as a PHQ-9 item 9 answer does."""
    _alert(SafetyAlert(client=client, source=source, source_id=source_id))


def _alert(alert: SafetyAlert) -> SafetyAlert:
    alert.save()
    recipients = care_team_emails(alert.client)
    if recipients:
        # No name, no instrument, no answer: only that someone needs them today.
        send_notice_email.enqueue(
            to=recipients,
            subject="Urgent: a client needs your attention today",
            body=(
                "A client on your caseload has an urgent alert in Three Circles.\n\n"
                f"Sign in to see it: {settings.SITE_URL.rstrip('/')}{reverse('home')}\n"
            ),
        )
    return alert


@transaction.atomic
def resolve_alert(*, alert: SafetyAlert, clinician: User, action_taken: str) -> None:
    if alert.resolved_at is not None:
        raise ScreeningError("This alert was already resolved.")
    if not action_taken.strip():
        raise ScreeningError("Record what you did before closing the alert.")
    alert.action_taken = action_taken.strip()
    alert.resolved_at = timezone.now()
    alert.resolved_by = clinician
    alert.save(update_fields=["action_taken", "resolved_at", "resolved_by"])
    _log(clinician, alert.client, Action.UPDATE, alert, what="safety alert")


@transaction.atomic
def schedule_measure(
    *,
    client: User,
    instrument: str,
    every_weeks: int | None,
    created_by: User,
    first_due_on: date | None,
    before_each_session: bool = False,
) -> MeasureSchedule:
    """Every N weeks from `first_due_on`, or before each session booked for the client."""
    pack_for(instrument, practice_for(client, created_by))  # refuse unsendable ones up front
    if not before_each_session and not (every_weeks and first_due_on):
        raise ScreeningError("Choose how often: every N weeks, or before each session.")
    schedule = MeasureSchedule.objects.create(
        client=client,
        instrument=instrument,
        every_weeks=None if before_each_session else every_weeks,
        before_each_session=before_each_session,
        next_due_on=None if before_each_session else first_due_on,
        created_by=created_by,
    )
    _log(created_by, client, Action.CREATE, schedule, what="measurement schedule")
    return schedule


def send_due_measures(*, today: date | None = None) -> int:
    """Send every scheduled measure that is due; run daily by the task worker."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        MeasureSchedule.objects.by_calendar()
        .filter(next_due_on__lte=today, client__is_active=True)
        .select_related("client")
    )
    for schedule in due:
        if not has_care_team(schedule.client):
            continue  # discharged: no care team to read the answers
        try:
            sent += send_scheduled(schedule, today=today, actor=None)
        except NeedsLicensedText:
            continue  # the license was withdrawn; the clinician sees it on the client's page
    return sent


@transaction.atomic
def send_scheduled(
    schedule: MeasureSchedule, *, today: date, actor: User | None, due_on: date | None = None
) -> int:
    """Send this schedule's questionnaire unless one is still waiting; move the next date on.
    Returns how many were sent (0 or 1)."""
    already_open = (
        Administration.objects.for_client(schedule.client_id)
        .open()
        .filter(instrument=schedule.instrument)
        .exists()
    )
    if not already_open:
        send_instrument(
            client=schedule.client,
            instrument=schedule.instrument,
            sent_by=actor,
            due_on=due_on or today + timedelta(days=7),
            schedule=schedule,
        )
    if schedule.next_due_on is not None and schedule.every_weeks:
        while schedule.next_due_on <= today:
            schedule.next_due_on += timedelta(weeks=schedule.every_weeks)
        schedule.save(update_fields=["next_due_on"])
    return 0 if already_open else 1


def send_session_measures(*, client: User, session_on: date, actor: User) -> int:
    """A session was booked: send what the care team asked for before each session, due on the
    session's day. Called by `care` when it books a session."""
    schedules = MeasureSchedule.objects.before_sessions().filter(client=client)
    return sum(
        send_scheduled(s, today=timezone.localdate(), actor=actor, due_on=session_on)
        for s in schedules
    )


@transaction.atomic
def start_intake(*, client: User, started_by: User, instruments: list[str]) -> Intake:
    """Consent first, then the behavior inventory, the safety and legal screen, and the
    instruments the clinician chose."""
    intake = Intake.objects.create(
        client=client, started_by=started_by, practice=practice_for(client, started_by)
    )
    for code in INTAKE_REQUIRED + [c for c in instruments if c not in INTAKE_REQUIRED]:
        send_instrument(client=client, instrument=code, sent_by=started_by, intake=intake)
    _log(started_by, client, Action.CREATE, intake, what="intake")
    return intake


def intake_steps(intake: Intake) -> list[Administration]:
    order = {code: i for i, code in enumerate(INTAKE_REQUIRED)}
    steps = list(intake.administrations.all())
    return sorted(steps, key=lambda a: (order.get(a.instrument, len(order)), a.sent_at))


def latest_consent(client: User) -> Administration | None:
    return (
        Administration.objects.for_client(client.pk)
        .completed()
        .filter(instrument=CONSENT)
        .order_by("-completed_at", "-sent_at")
        .first()
    )


def consent_needs_discussion(client: User) -> bool:
    """The client's latest consent asked to talk some statements through first."""
    latest = latest_consent(client)
    return latest is not None and any(f["code"] == "needs_discussion" for f in latest.flags)


def consent_on_record(client: User) -> bool:
    """Consent counts when the latest one is of the current wording and every statement was
    understood; "I'd like to talk about this first" waits for the clinician (who can go
    through it and enter the consent with the client in session)."""
    latest = latest_consent(client)
    return (
        latest is not None
        and latest.version == get_pack(CONSENT).version
        and not consent_needs_discussion(client)
    )


def consent_given(intake: Intake) -> bool:
    answered = intake.administrations.filter(
        instrument=CONSENT, status=Administration.Status.COMPLETED
    ).exists()
    return answered and consent_on_record(intake.client)


def waits_for_consent(administration: Administration) -> bool:
    """Consent comes before any other intake questionnaire, and before any questionnaire that
    asks what a client may be reluctant to tell, whoever sent it and whoever fills it in."""
    if administration.instrument == CONSENT:
        return False
    if administration.intake_id:
        return not consent_given(administration.intake)  # type: ignore[arg-type]
    if get_pack(administration.instrument).requires_consent:
        return not consent_on_record(administration.client)
    return False


def results_of(administrations: list[Administration]) -> list[ScoreResult]:
    return [
        ScoreResult(
            instrument=a.instrument,
            total=int(a.result_total or 0),
            band=a.band or None,
            subscales=a.subscales,
            flags=tuple(Flag(f["code"], f["label"], f.get("category")) for f in a.flags),
        )
        for a in administrations
    ]


@transaction.atomic
def refresh_intake(*, intake: Intake) -> None:
    """When every intake questionnaire is answered, compute the recommendation for review."""
    steps = intake_steps(intake)
    if intake.status != Intake.Status.IN_PROGRESS or any(
        a.status != Administration.Status.COMPLETED for a in steps
    ):
        return
    recommendation = recommend_pathway(results_of(steps))
    intake.recommended_pathway = recommendation.pathway
    intake.reasons = json.dumps(list(recommendation.reasons))
    intake.status = Intake.Status.READY
    intake.save(update_fields=["recommended_pathway", "reasons", "status"])
    if recommendation.offending_categories and not intake.reporting_reviews.exists():
        review = ReportingReview(client=intake.client, intake=intake)
        review.categories = list(recommendation.offending_categories)
        review.save()


@transaction.atomic
def review_triage(
    *, intake: Intake, clinician: User, confirmed_pathway: str, override_reason: str = ""
) -> None:
    if intake.status == Intake.Status.IN_PROGRESS:
        raise ScreeningError("The intake is not finished yet.")
    override_reason = override_reason.strip()
    if confirmed_pathway not in Pathway.values:
        raise ScreeningError("Choose a pathway.")
    if confirmed_pathway != intake.recommended_pathway and not override_reason:
        raise ScreeningError("Give a reason when your decision differs from the recommendation.")
    intake.confirmed_pathway = confirmed_pathway
    intake.override_reason = override_reason
    intake.reviewed_by = clinician
    intake.reviewed_at = timezone.now()
    intake.status = Intake.Status.REVIEWED
    intake.save()
    _log(clinician, intake.client, Action.UPDATE, intake, what="triage review")


@transaction.atomic
def decide_reporting_review(
    *, review: ReportingReview, clinician: User, decision: str, jurisdiction: str, notes: str
) -> None:
    if decision not in ReportingReview.Decision.values:
        raise ScreeningError("Choose a decision.")
    if review.supervisor_signed_at is not None:
        raise ScreeningError("A supervisor has signed this decision; it can no longer change.")
    review.decision = decision
    review.jurisdiction = jurisdiction
    review.notes = notes.strip()
    review.decided_by = clinician
    review.decided_at = timezone.now()
    review.save()
    _log(clinician, review.client, Action.UPDATE, review, what="reporting review")


@transaction.atomic
def sign_reporting_review(*, review: ReportingReview, supervisor: User) -> None:
    practice = review.intake.practice
    if supervisor.role != Role.SUPERVISOR or not (
        practice and practice.memberships.filter(user=supervisor, role=Role.SUPERVISOR).exists()
    ):
        raise ScreeningError("Only a supervisor can sign a reporting review.")
    if review.supervisor_signed_at is not None:
        raise ScreeningError("This decision is already signed.")
    if review.decided_at is None:
        raise ScreeningError("The clinician has not recorded a decision yet.")
    if review.decided_by_id == supervisor.pk:
        raise ScreeningError("A different supervisor must sign a decision you recorded.")
    review.supervisor_signed_by = supervisor
    review.supervisor_signed_at = timezone.now()
    review.save(update_fields=["supervisor_signed_by", "supervisor_signed_at"])
    _log(supervisor, review.client, Action.UPDATE, review, what="reporting review")


@transaction.atomic
def create_referral(
    *, client: User, provider: Any, created_by: User, reason: str, follow_up_on: date | None
) -> Referral:
    referral = Referral(
        client=client,
        provider=provider,
        created_by=created_by,
        reason=reason.strip(),
        follow_up_on=follow_up_on,
    )
    referral.save()
    _log(created_by, client, Action.CREATE, referral, what="referral")
    return referral


@transaction.atomic
def update_referral(
    *, referral: Referral, clinician: User, status: str, follow_up_on: date | None
) -> None:
    if status not in Referral.Status.values:
        raise ScreeningError("Choose a status.")
    referral.status = status
    referral.follow_up_on = follow_up_on
    referral.save(update_fields=["status", "follow_up_on", "updated_at"])
    _log(clinician, referral.client, Action.UPDATE, referral, what="referral")


@transaction.atomic
def import_licensed_text(
    *,
    instrument: str,
    texts: dict[str, str],
    practice: Practice | None,
    license_holder: str,
    imported_by: User | None,
) -> LicensedText:
    """Validate the whole set first; a failed import changes nothing."""
    pack = get_pack(instrument)
    if pack.license.ships_item_text:
        raise PackError(f"{pack.title} already ships with its item text.")
    complete = apply_licensed_text(pack, texts)
    licensed, _ = LicensedText.objects.update_or_create(
        instrument=instrument,
        practice=practice,
        defaults={
            "version": pack.version,
            "items": {item.id: item.text for item in complete.items},
            "license_holder": license_holder.strip(),
            "imported_by": imported_by,
            "imported_at": timezone.now(),
        },
    )
    return licensed
