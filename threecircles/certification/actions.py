"""What moves a certification forward: the candidacy's state machine with its gates, the
decisions staff make on evidence, quizzes and applications, certifying, renewing, lapsing,
reinstating, suspending and revoking, and the continuing-education ledger.

The software checks each gate (`why_not(candidacy, to_state)` says what is missing); staff,
or the candidate where the step is theirs, decide. Nothing else writes `Candidacy.state` or a
certification's dates and status.
"""

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from threecircles.accounts.models import Role, User
from threecircles.certification.models import (
    Candidacy,
    CandidacyState,
    CandidacyStep,
    CECategory,
    CECredit,
    Certification,
    Credential,
    Decision,
    Document,
    Evidence,
    QuizAttempt,
    Renewal,
    Requirement,
    RequirementKind,
    Standing,
    SupervisionAgreement,
    SupervisionSession,
)
from threecircles.events.models import Registration, SessionAttendance

State = CandidacyState
Kind = RequirementKind
ZERO = Decimal("0.00")
# The revocation list's length in bits (the Bitstring Status List's minimum, for herd privacy).
STATUS_LIST_SIZE = 131_072
# Accounts that may hold or work towards a credential: professionals, never clients.
PROFESSIONAL_ROLES = {Role.CLINICIAN, Role.SUPERVISOR, Role.MEMBER}


class Refused(Exception):
    """The step cannot be taken; `message` says why, in words for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _hours(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


# --- where a candidate stands on each requirement -----------------------------------------------


@dataclass(frozen=True)
class Progress:
    requirement: Requirement
    met: bool
    # "met", "waiting" (staff or the supervisor have it), "returned", "in_progress", "missing"
    state: str
    detail: str


def module_hours(person: User, requirement: Requirement) -> Decimal:
    """Hours attended at the module's offerings, counted from the first attended session to
    `makeup_days` after it: a missed part made up within a year counts, one later does not."""
    attended = SessionAttendance.objects.filter(
        registration__person=person,
        registration__status=Registration.Status.CONFIRMED,
        session__event__in=requirement.offerings.all(),
    )
    first = attended.aggregate(first=Min("session__starts_at"))["first"]
    if first is None:
        return ZERO
    until = first + datetime.timedelta(days=requirement.makeup_days)
    total = attended.filter(session__starts_at__lte=until).aggregate(total=Sum("hours"))["total"]
    return _hours(total)


def supervision_hours(candidacy: Candidacy) -> Decimal:
    """Confirmed hours, with any approved supervisor of this candidacy."""
    total = SupervisionSession.objects.filter(
        agreement__candidacy=candidacy, status=SupervisionSession.Status.CONFIRMED
    ).aggregate(total=Sum("hours"))["total"]
    return _hours(total)


def _latest_evidence(candidacy: Candidacy, requirement: Requirement) -> Evidence | None:
    return (
        Evidence.objects.filter(candidacy=candidacy, requirement=requirement)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def progress_on(candidacy: Candidacy, requirement: Requirement) -> Progress:
    kind = requirement.kind
    if kind == Kind.MODULE:
        needed = _hours(requirement.hours)
        have = module_hours(candidacy.person, requirement)
        if have >= needed and needed > 0:
            return Progress(requirement, True, "met", f"{have} of {needed} hours attended")
        state = "in_progress" if have > 0 else "missing"
        return Progress(requirement, False, state, f"{have} of {needed} hours attended")
    if kind == Kind.QUIZ:
        attempts = QuizAttempt.objects.filter(candidacy=candidacy, requirement=requirement)
        if attempts.filter(passed=True).exists():
            return Progress(requirement, True, "met", "Passed")
        if attempts.filter(passed__isnull=True).exists():
            return Progress(requirement, False, "waiting", "Answers sent, waiting for grading")
        if attempts.exists():
            return Progress(requirement, False, "returned", "Not passed yet: you may try again")
        return Progress(requirement, False, "missing", "Not taken yet")
    if kind == Kind.SUPERVISION:
        needed = candidacy.credential.supervision_hours_required
        have = supervision_hours(candidacy)
        detail = f"{have} of {_hours(needed)} hours confirmed by your supervisor"
        if have >= needed:
            return Progress(requirement, True, "met", detail)
        return Progress(requirement, False, "in_progress" if have > 0 else "missing", detail)
    evidence = _latest_evidence(candidacy, requirement)
    if evidence is None:
        return Progress(requirement, False, "missing", "Nothing sent yet")
    if evidence.decision == Decision.APPROVED:
        return Progress(requirement, True, "met", "Approved")
    if evidence.decision == Decision.RETURNED:
        return Progress(requirement, False, "returned", evidence.decision_note or "Returned")
    return Progress(requirement, False, "waiting", "Sent, waiting for staff")


def progress(candidacy: Candidacy) -> list[Progress]:
    return [progress_on(candidacy, r) for r in candidacy.credential.requirements.all()]


def next_step(candidacy: Candidacy) -> Progress | None:
    """The first requirement, in order, that is not met and not waiting on someone else."""
    for item in progress(candidacy):
        if not item.met and item.state != "waiting":
            return item
    return None


# --- the state machine -------------------------------------------------------------------------

# Who takes each step: the candidate ("self") or staff.
MOVES: dict[tuple[str, str], str] = {
    (State.APPLICANT, State.CANDIDATE): "staff",
    (State.CANDIDATE, State.UNDER_REVIEW): "self",
    (State.UNDER_REVIEW, State.CERTIFIED): "staff",
    (State.UNDER_REVIEW, State.CANDIDATE): "staff",
    (State.APPLICANT, State.WITHDRAWN): "either",
    (State.CANDIDATE, State.WITHDRAWN): "either",
    (State.UNDER_REVIEW, State.WITHDRAWN): "either",
}


def why_not(candidacy: Candidacy, to_state: str) -> str:
    """What stands between this candidacy and `to_state`; "" when the gate is open."""
    if to_state not in State.values:
        return "This is not a step of the path."
    if (candidacy.state, to_state) not in MOVES:
        return (
            f"A candidacy cannot go from {State(candidacy.state).label.lower()} to "
            f"{State(to_state).label.lower()}."
        )
    items = progress(candidacy)
    by_kind = {kind: [i for i in items if i.requirement.kind == kind] for kind in Kind.values}
    if to_state == State.CANDIDATE and candidacy.state == State.APPLICANT:
        if not all(i.met for i in by_kind[Kind.ELIGIBILITY]):
            return "Eligibility has not been approved yet."
        if not any(i.met for i in by_kind[Kind.MODULE]):
            return "No training module has been completed yet."
    if to_state == State.UNDER_REVIEW:
        missing = [
            i.requirement.title
            for i in items
            if not i.met and i.requirement.kind != Kind.APPLICATION
        ]
        if missing:
            return "Still to complete: " + "; ".join(missing) + "."
        applications = by_kind[Kind.APPLICATION]
        if any(i.state == "missing" or i.state == "returned" for i in applications):
            return "The final application has not been sent yet."
    if to_state == State.CERTIFIED:
        missing = [i.requirement.title for i in items if not i.met]
        if missing:
            return "Still to approve: " + "; ".join(missing) + "."
        for application in by_kind[Kind.APPLICATION]:
            evidence = _latest_evidence(candidacy, application.requirement)
            if candidacy.credential.application_fee > 0 and not (evidence and evidence.fee_paid):
                return "The application fee has not been recorded as paid."
    return ""


def _may_take(candidacy: Candidacy, to_state: str, by: User) -> None:
    who = MOVES.get((candidacy.state, to_state))
    is_staff = by.role == Role.STAFF
    is_self = by.pk == candidacy.person_id
    allowed = {"staff": is_staff, "self": is_self, "either": is_staff or is_self}
    if who is None:
        raise Refused(why_not(candidacy, to_state))
    # Checked before the gate: someone else's progress is not theirs to read.
    if not allowed[who]:
        raise Refused("This step is not yours to take.")


@transaction.atomic
def move(*, candidacy: Candidacy, to_state: str, by: User, note: str = "") -> Candidacy:
    """Take one step of the path, if the gate is open and the step is `by`'s to take."""
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _may_take(candidacy, to_state, by)
    if to_state != State.WITHDRAWN:
        problem = why_not(candidacy, to_state)
        if problem:
            raise Refused(problem)
    if (candidacy.state, to_state) == (State.UNDER_REVIEW, State.CANDIDATE) and not note.strip():
        raise Refused("Please say what the candidate still needs to do.")
    step = CandidacyStep(candidacy=candidacy, from_state=candidacy.state, to_state=to_state)
    step.by = by
    step.note = note[:300]
    candidacy.state = to_state
    candidacy.changed_at = timezone.now()
    candidacy.save(update_fields=["state", "changed_at"])
    step.save()
    if to_state == State.CERTIFIED:
        _issue(candidacy=candidacy)
    return candidacy


def start(*, person: User, credential: Credential) -> Candidacy:
    """Begin working towards a credential: an applicant, with eligibility to send first."""
    if person.role not in PROFESSIONAL_ROLES:
        raise Refused("Certification is for professionals' accounts.")
    if not credential.open_for_candidates:
        raise Refused("This credential does not take new candidates at the moment.")
    try:
        with transaction.atomic():
            candidacy = Candidacy.objects.create(person=person, credential=credential)
            CandidacyStep.objects.create(
                candidacy=candidacy, to_state=State.APPLICANT, by=person, note="Started"
            )
    except IntegrityError:
        raise Refused("You are already working towards this credential.") from None
    return candidacy


# --- evidence, quizzes: sent by the candidate, decided by staff ----------------------------------

EVIDENCE_KINDS = {Kind.ELIGIBILITY, Kind.ASSESSMENT, Kind.APPLICATION, Kind.ATTESTATION}


@transaction.atomic
def send_evidence(
    *, candidacy: Candidacy, requirement: Requirement, note: str, document: Document | None = None
) -> Evidence:
    # Under the candidacy's lock: two sends at once (a double click) make one, not two.
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if (
        requirement.credential_id != candidacy.credential_id
        or requirement.kind not in EVIDENCE_KINDS
    ):
        raise Refused("This requirement does not take evidence.")
    if candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed.")
    if requirement.kind == Kind.APPLICATION and candidacy.state != State.CANDIDATE:
        raise Refused("The final application comes once you are a candidate.")
    if progress_on(candidacy, requirement).state in ("met", "waiting"):
        raise Refused("This requirement is already approved or waiting for staff.")
    if document is not None and document.owner_id != candidacy.person_id:
        raise Refused("This document belongs to someone else.")
    if not note.strip() and document is None:
        raise Refused("Please attach a document or write a note.")
    return Evidence.objects.create(
        candidacy=candidacy, requirement=requirement, note=note[:2000], document=document
    )


@transaction.atomic
def decide_evidence(*, evidence: Evidence, by: User, approve: bool, note: str = "") -> Evidence:
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.decision != Decision.WAITING:
        raise Refused("This has already been decided.")
    if not approve and not note.strip():
        raise Refused("Please say what needs to change.")
    evidence.decision = Decision.APPROVED if approve else Decision.RETURNED
    evidence.decided_by = by
    evidence.decided_at = timezone.now()
    evidence.decision_note = note[:500]
    evidence.save()
    return evidence


def record_fee_paid(*, evidence: Evidence, by: User) -> None:
    if evidence.requirement.kind != Kind.APPLICATION:
        raise Refused("Only the final application carries a fee.")
    if evidence.decision == Decision.RETURNED:
        raise Refused("This application was returned: record the fee on the one sent again.")
    if evidence.candidacy.state == State.WITHDRAWN:
        raise Refused("This candidacy is withdrawn.")
    Evidence.objects.filter(pk=evidence.pk).update(fee_paid=True)


@transaction.atomic
def send_quiz(*, candidacy: Candidacy, requirement: Requirement, answers: list[str]) -> QuizAttempt:
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if requirement.credential_id != candidacy.credential_id or requirement.kind != Kind.QUIZ:
        raise Refused("This requirement is not a quiz.")
    if candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed.")
    if progress_on(candidacy, requirement).state in ("met", "waiting"):
        raise Refused("This quiz is already passed or waiting for grading.")
    questions = requirement.question_list()
    if len(answers) != len(questions) or not all(a.strip() for a in answers):
        raise Refused("Please answer every question.")
    return QuizAttempt.objects.create(
        candidacy=candidacy, requirement=requirement, answers=[a[:4000] for a in answers]
    )


@transaction.atomic
def grade_quiz(*, attempt: QuizAttempt, by: User, passed: bool, feedback: str = "") -> QuizAttempt:
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.passed is not None:
        raise Refused("This attempt has already been graded.")
    attempt.passed = passed
    attempt.graded_by = by
    attempt.graded_at = timezone.now()
    attempt.feedback = feedback[:1000]
    attempt.save()
    return attempt


# --- supervision ---------------------------------------------------------------------------------


def is_approved_supervisor(person: User, credential: Credential) -> bool:
    approval = getattr(person, "supervisor_approval", None)
    if approval is None or not approval.active:
        return False
    chosen = approval.credentials.all()
    return not chosen.exists() or chosen.filter(pk=credential.pk).exists()


def propose_agreement(*, candidacy: Candidacy, supervisor: User) -> SupervisionAgreement:
    if candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed.")
    if supervisor.pk == candidacy.person_id:
        raise Refused("You cannot supervise yourself.")
    if not is_approved_supervisor(supervisor, candidacy.credential):
        raise Refused("Please choose an approved supervisor from the list.")
    open_ = SupervisionAgreement.objects.filter(
        candidacy=candidacy,
        supervisor=supervisor,
        status__in=[SupervisionAgreement.Status.PROPOSED, SupervisionAgreement.Status.ACTIVE],
    )
    if open_.exists():
        raise Refused("You already have an agreement with this supervisor.")
    return SupervisionAgreement.objects.create(candidacy=candidacy, supervisor=supervisor)


@transaction.atomic
def answer_agreement(*, agreement: SupervisionAgreement, by: User, accept: bool) -> None:
    agreement = SupervisionAgreement.objects.select_for_update().get(pk=agreement.pk)
    if by.pk != agreement.supervisor_id:
        raise Refused("Only the supervisor asked may answer.")
    if agreement.status != SupervisionAgreement.Status.PROPOSED:
        raise Refused("This agreement has already been answered.")
    candidacy = agreement.candidacy
    if accept and candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed: there is nothing to supervise.")
    if accept and not is_approved_supervisor(by, candidacy.credential):
        raise Refused("Only an approved supervisor may accept: please ask the institute.")
    if accept:
        agreement.status = SupervisionAgreement.Status.ACTIVE
        agreement.accepted_at = timezone.now()
    else:
        agreement.status = SupervisionAgreement.Status.DECLINED
        agreement.ended_at = timezone.now()
    agreement.save()


def end_agreement(*, agreement: SupervisionAgreement, by: User) -> None:
    if (
        by.pk not in (agreement.supervisor_id, agreement.candidacy.person_id)
        and by.role != Role.STAFF
    ):
        raise Refused("Only the candidate, the supervisor or staff may end an agreement.")
    SupervisionAgreement.objects.filter(
        pk=agreement.pk, status=SupervisionAgreement.Status.ACTIVE
    ).update(status=SupervisionAgreement.Status.ENDED, ended_at=timezone.now())


@transaction.atomic
def log_session(
    *, agreement: SupervisionAgreement, by: User, held_on: datetime.date, hours: Decimal,
    topic: str = "",
) -> SupervisionSession:  # fmt: skip
    # Read again under a lock: an agreement ended (or a candidacy closed) in another tab since
    # the form was opened takes no new hours.
    agreement = (
        SupervisionAgreement.objects.select_for_update()
        .select_related("candidacy")
        .get(pk=agreement.pk)
    )
    if by.pk != agreement.candidacy.person_id:
        raise Refused("Only the candidate logs supervision sessions.")
    if agreement.candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed.")
    if agreement.status != SupervisionAgreement.Status.ACTIVE:
        raise Refused("Sessions are logged under an active agreement.")
    if held_on > timezone.localdate():
        raise Refused("A session is logged once it has been held.")
    if agreement.accepted_at and held_on < timezone.localdate(
        agreement.accepted_at
    ) - datetime.timedelta(days=30):
        raise Refused("This date is before the agreement began.")
    if not (Decimal("0.25") <= hours <= Decimal("8")):
        raise Refused("A session counts from a quarter of an hour to eight hours.")
    return SupervisionSession.objects.create(
        agreement=agreement, held_on=held_on, hours=hours, topic=topic[:300]
    )


@transaction.atomic
def answer_session(
    *, session: SupervisionSession, by: User, confirm: bool, reason: str = ""
) -> SupervisionSession:
    session = (
        SupervisionSession.objects.select_for_update()
        .select_related("agreement")
        .get(pk=session.pk)
    )
    if by.pk != session.agreement.supervisor_id:
        raise Refused("Only the supervisor confirms a session.")
    if session.status != SupervisionSession.Status.LOGGED:
        raise Refused("This session has already been answered.")
    # A session logged before an agreement ended may still be answered; one of a candidacy
    # that is closed counts towards nothing.
    if session.agreement.candidacy.state in (State.CERTIFIED, State.WITHDRAWN):
        raise Refused("This candidacy is closed: there is nothing to confirm.")
    if not confirm and not reason:
        raise Refused("Please say what is wrong with this entry.")
    session.status = (
        SupervisionSession.Status.CONFIRMED if confirm else SupervisionSession.Status.DISPUTED
    )
    session.dispute_reason = reason[:500]
    session.answered_at = timezone.now()
    session.save()
    return session


@transaction.atomic
def resolve_dispute(*, session: SupervisionSession, by: User, count: bool, note: str = "") -> None:
    """Staff settle a disputed entry: it counts (confirmed) or it does not (stays disputed,
    marked resolved)."""
    session = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SupervisionSession.Status.DISPUTED or session.resolved_at:
        raise Refused("Only an open dispute can be resolved.")
    if count:
        session.status = SupervisionSession.Status.CONFIRMED
    session.resolved_at = timezone.now()
    if note:
        session.dispute_reason = f"{session.dispute_reason} / Staff: {note}"[:500]
    session.save()


# --- certifications ------------------------------------------------------------------------------


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _free_status_index() -> int:
    while True:
        index = secrets.randbelow(STATUS_LIST_SIZE)
        if not Certification.objects.filter(status_index=index).exists():
            return index


def _number(credential: Credential, year: int) -> str:
    """The next number after the highest of the credential's year (not a count: a number
    removed by hand, or imported out of order, would make a count repeat one taken)."""
    prefix = f"{credential.code}-{year}-"
    taken = Certification.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    serials = [int(rest) for rest in (n.removeprefix(prefix) for n in taken) if rest.isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


def issue(
    *, person: User, credential: Credential, issued_on: datetime.date | None = None,
    candidacy: Candidacy | None = None,
) -> Certification:  # fmt: skip
    """A certification, valid for the credential's years. Called by `move` on certifying;
    the demo and an import of earlier records call it directly."""
    issued_on = issued_on or timezone.localdate()
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certification.objects.create(
                    person=person,
                    credential=credential,
                    candidacy=candidacy,
                    number=_number(credential, issued_on.year),
                    holder_name=person.display_name,
                    issued_on=issued_on,
                    expires_on=_add_years(issued_on, credential.valid_years),
                    status_index=_free_status_index(),
                )
        except IntegrityError:  # two certified at once took the same number or index
            continue
    raise Refused("The certificate could not be numbered; please try again.")


def _issue(*, candidacy: Candidacy) -> Certification:
    return issue(person=candidacy.person, credential=candidacy.credential, candidacy=candidacy)


def period_start(certification: Certification) -> datetime.date:
    """The first day of the period the current renewal counts CE hours over."""
    return _add_years(certification.expires_on, -certification.credential.valid_years)


def ce_hours(person: User, since: datetime.date, until: datetime.date) -> Decimal:
    total = CECredit.objects.filter(
        person=person,
        decision=Decision.APPROVED,
        completed_on__gte=since,
        completed_on__lte=until,
    ).aggregate(total=Sum("hours"))["total"]
    return _hours(total)


def ce_hours_for_renewal(certification: Certification) -> Decimal:
    return ce_hours(certification.person, period_start(certification), timezone.localdate())


def renewal_problem(certification: Certification) -> str:
    standing = certification.standing()
    if standing in (Standing.SUSPENDED, Standing.REVOKED):
        return f"A {standing.label.lower()} certification cannot be renewed."
    if standing == Standing.LAPSED:
        return "This certification has lapsed: ask the institute about reinstatement."
    if certification.renewals.filter(
        period_end=certification.expires_on, decision=Decision.WAITING
    ).exists():
        return "Your renewal is waiting for staff."
    today = timezone.localdate()
    if certification.expires_on - today > datetime.timedelta(days=180):
        return "Renewal opens six months before the expiry date."
    needed = certification.credential.ce_hours_required
    have = ce_hours_for_renewal(certification)
    if have < needed:
        return f"{have} of {_hours(needed)} continuing-education hours approved so far."
    return ""


@transaction.atomic
def submit_renewal(*, certification: Certification, by: User, typed_name: str) -> Renewal:
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    if by.pk != certification.person_id:
        raise Refused("Only the holder renews a certification.")
    problem = renewal_problem(certification)
    if problem:
        raise Refused(problem)
    if typed_name.strip().casefold() != by.display_name.strip().casefold():
        raise Refused("Please type your name as it is shown on your account to sign.")
    Renewal.objects.filter(
        certification=certification,
        period_end=certification.expires_on,
        decision=Decision.RETURNED,
    ).delete()
    return Renewal.objects.create(
        certification=certification,
        period_end=certification.expires_on,
        ethics_signed_name=typed_name.strip()[:120],
        ce_hours=ce_hours_for_renewal(certification),
    )


@transaction.atomic
def decide_renewal(*, renewal: Renewal, by: User, approve: bool, note: str = "") -> Renewal:
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if renewal.decision != Decision.WAITING:
        raise Refused("This renewal has already been decided.")
    if not approve and not note.strip():
        raise Refused("Please say what the holder needs to do.")
    certification = Certification.objects.select_for_update().get(pk=renewal.certification_id)
    if approve:
        if certification.status != Certification.Status.VALID:
            raise Refused("A suspended or revoked certification cannot be renewed.")
        if renewal.period_end != certification.expires_on:
            # Sent for an earlier expiry date (since reinstated or renewed): approving it now
            # would move the expiry date by the wrong period.
            raise Refused(
                "This renewal was sent for an earlier expiry date; please return it, and the "
                "holder renews for the current one."
            )
        # From the old expiry: renewing in grace gains no days, renewing early loses none.
        certification.expires_on = _add_years(
            renewal.period_end, certification.credential.valid_years
        )
        certification.save(update_fields=["expires_on"])
    renewal.decision = Decision.APPROVED if approve else Decision.RETURNED
    renewal.decided_by = by
    renewal.decided_at = timezone.now()
    renewal.decision_note = note[:500]
    renewal.save()
    return renewal


def _set_status(certification: Certification, status: str, reason: str) -> Certification:
    certification.status = status
    certification.status_reason = reason[:500]
    certification.status_changed_at = timezone.now()
    certification.save(update_fields=["status", "status_reason", "status_changed_at"])
    return certification


@transaction.atomic
def suspend(*, certification: Certification, by: User, reason: str) -> Certification:
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    if not reason.strip():
        raise Refused("Please give the reason for the suspension.")
    if certification.status != Certification.Status.VALID:
        raise Refused("Only a valid certification can be suspended.")
    return _set_status(certification, Certification.Status.SUSPENDED, reason)


@transaction.atomic
def revoke(*, certification: Certification, by: User, reason: str) -> Certification:
    """Final: a revoked certification is never reinstated (a new candidacy is needed)."""
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    if not reason.strip():
        raise Refused("Please give the reason for the revocation.")
    if certification.status == Certification.Status.REVOKED:
        raise Refused("This certification is already revoked.")
    return _set_status(certification, Certification.Status.REVOKED, reason)


@transaction.atomic
def reinstate(*, certification: Certification, by: User, reason: str) -> Certification:
    """Lift a suspension, or bring a lapsed certification back once the holder has the CE
    hours of a full period: valid again for the credential's years from today."""
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    if not reason.strip():
        raise Refused("Please give the reason for reinstating.")
    standing = certification.standing()
    if standing == Standing.REVOKED:
        raise Refused("A revoked certification cannot be reinstated.")
    if standing == Standing.SUSPENDED:
        return _set_status(certification, Certification.Status.VALID, reason)
    if standing != Standing.LAPSED:
        raise Refused("Only a suspended or lapsed certification can be reinstated.")
    today = timezone.localdate()
    years = certification.credential.valid_years
    have = ce_hours(certification.person, _add_years(today, -years), today)
    if have < certification.credential.ce_hours_required:
        raise Refused(
            f"Reinstatement needs {_hours(certification.credential.ce_hours_required)} "
            f"approved CE hours in the last {years} years; {have} so far."
        )
    certification.expires_on = _add_years(today, years)
    certification.save(update_fields=["expires_on"])
    return _set_status(certification, Certification.Status.VALID, reason)


# --- continuing education -----------------------------------------------------------------------


def credits_from_attendance(person: User) -> int:
    """Each institute event the person attended becomes one approved CE entry (hours from
    attendance); later attendance updates the hours. Returns how many entries changed."""
    changed = 0
    registrations = (
        Registration.objects.filter(person=person, status=Registration.Status.CONFIRMED)
        .annotate(attended=Sum("attendance__hours"), last=Max("attendance__session__starts_at"))
        .filter(attended__gt=0)
        .select_related("event")
    )
    for registration in registrations:
        hours = _hours(registration.attended)
        completed_on = timezone.localdate(registration.last)
        credit, created = CECredit.objects.get_or_create(
            registration=registration,
            defaults={
                "person": person,
                "source": CECredit.Source.EVENT,
                "title": registration.event.title,
                "provider": "Three Circles Institute",
                "category": CECategory.CORE,
                "hours": hours,
                "completed_on": completed_on,
                "decision": Decision.APPROVED,
                "decided_at": timezone.now(),
            },
        )
        if created:
            changed += 1
        elif credit.hours != hours or credit.completed_on != completed_on:
            # A later session counts on the day it was held, for the renewal period too.
            CECredit.objects.filter(pk=credit.pk).update(hours=hours, completed_on=completed_on)
            changed += 1
    return changed


def earliest_course_day() -> datetime.date:
    """A course older than five years counts towards no renewal period, and a date before it
    is most likely mistyped."""
    today = timezone.localdate()
    return today - datetime.timedelta(days=5 * 365 + 1)


def send_external_credit(
    *, person: User, title: str, provider: str, category: str, hours: Decimal,
    completed_on: datetime.date, certificate: Document | None = None,
) -> CECredit:  # fmt: skip
    if completed_on > timezone.localdate():
        raise Refused("A course counts once it is completed.")
    if completed_on < earliest_course_day():
        raise Refused("Only courses completed in the last five years can be sent.")
    if not (Decimal("0.25") <= hours <= Decimal("100")):
        raise Refused("Please enter the course's hours (a quarter of an hour to 100).")
    if certificate is not None and certificate.owner_id != person.pk:
        raise Refused("This document belongs to someone else.")
    return CECredit.objects.create(
        person=person,
        source=CECredit.Source.EXTERNAL,
        title=title[:200],
        provider=provider[:200],
        category=category,
        hours=hours,
        completed_on=completed_on,
        certificate=certificate,
    )


@transaction.atomic
def decide_credit(*, credit: CECredit, by: User, approve: bool, note: str = "") -> CECredit:
    credit = CECredit.objects.select_for_update().get(pk=credit.pk)
    if credit.source != CECredit.Source.EXTERNAL or credit.decision != Decision.WAITING:
        raise Refused("Only an external course waiting for staff can be decided.")
    if not approve and not note.strip():
        raise Refused("Please say why the course does not count.")
    credit.decision = Decision.APPROVED if approve else Decision.RETURNED
    credit.decided_by = by
    credit.decided_at = timezone.now()
    credit.decision_note = note[:500]
    credit.save()
    return credit
