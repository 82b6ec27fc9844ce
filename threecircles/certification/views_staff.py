"""The certification's staff part: the queues of what waits for staff (evidence, quizzes,
applicants whose gate is open, applications under review, renewals, expiring and expired
certifications, external CE courses, disputed supervision entries), one candidacy with its
decisions and moves, grading a quiz, the certifications (found by name, address or number,
filtered by standing) with their renewals, suspension, revocation and reinstatement, the
approved supervisors, and the credentials' few numbers. Staff only; everyone else gets 404.

What each decision does is in `certification.actions`; the views below call it and say what
happened. The search of certifications travels in a POST, not in the address: a name or an
e-mail address typed there would otherwise be kept in server and proxy logs.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.certification import actions
from threecircles.certification.actions import Refused
from threecircles.certification.forms_staff import (
    EXPIRING_WITHIN,
    CertificationFilterForm,
    CredentialNumbersForm,
    CreditDecisionForm,
    DisputeForm,
    EvidenceDecisionForm,
    MoveForm,
    OfferingsForm,
    QuizGradeForm,
    ReasonForm,
    RenewalDecisionForm,
    SupervisorForm,
)
from threecircles.certification.models import (
    ApprovedSupervisor,
    Candidacy,
    CandidacyState,
    CECredit,
    Certification,
    Credential,
    Decision,
    Evidence,
    QuizAttempt,
    Renewal,
    Requirement,
    RequirementKind,
    Standing,
    SupervisionSession,
)

staff_only = role_required(Role.STAFF)
State = CandidacyState
Kind = RequirementKind
# The certifications list shows at most this many; a search narrows it.
LIST_LIMIT = 200


def _render(
    request: AuthenticatedHttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"certification/staff/{template}", context, status=status)


def document_url(document_id: int | None) -> str:
    """The staff link to a sealed document, if the view that opens documents is there."""
    if document_id is None:
        return ""
    try:
        return reverse("certification:document", args=[document_id])
    except NoReverseMatch:
        return ""


# --- the queues -------------------------------------------------------------------------------


@dataclass
class Queues:
    """What waits for staff, oldest first; the staff home panel shows how many of each."""

    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    quizzes: list[QuizAttempt] = field(default_factory=list)
    gate_open: list[Candidacy] = field(default_factory=list)
    under_review: list[Candidacy] = field(default_factory=list)
    renewals: list[Renewal] = field(default_factory=list)
    expiring: list[Certification] = field(default_factory=list)
    in_grace: list[Certification] = field(default_factory=list)
    credits: list[CECredit] = field(default_factory=list)
    disputes: list[SupervisionSession] = field(default_factory=list)

    @property
    def evidence_count(self) -> int:
        return sum(len(items) for items in self.evidence.values())

    @property
    def waiting(self) -> int:
        """Everything that needs a staff decision (expiring certifications are only watched)."""
        return (
            self.evidence_count
            + len(self.quizzes)
            + len(self.gate_open)
            + len(self.under_review)
            + len(self.renewals)
            + len(self.credits)
            + len(self.disputes)
        )


EVIDENCE_KINDS = [Kind.ELIGIBILITY, Kind.ASSESSMENT, Kind.ATTESTATION, Kind.APPLICATION]


def open_disputes() -> Any:
    return SupervisionSession.objects.filter(
        status=SupervisionSession.Status.DISPUTED, resolved_at__isnull=True
    ).select_related(
        "agreement__candidacy__person", "agreement__candidacy__credential", "agreement__supervisor"
    )


def waiting_credits() -> Any:
    return CECredit.objects.filter(
        source=CECredit.Source.EXTERNAL, decision=Decision.WAITING
    ).select_related("person")


def in_grace(today: datetime.date) -> list[Certification]:
    longest = Credential.objects.aggregate(days=Max("grace_days"))["days"] or 0
    expired = Certification.objects.filter(
        status=Certification.Status.VALID,
        expires_on__lt=today,
        expires_on__gte=today - datetime.timedelta(days=longest),
    ).select_related("credential", "person")
    return [c for c in expired.order_by("expires_on", "pk") if c.standing(today) == Standing.GRACE]


def queues(today: datetime.date) -> Queues:
    found = Queues()
    open_states = [State.APPLICANT, State.CANDIDATE, State.UNDER_REVIEW]
    evidence = (
        Evidence.objects.filter(decision=Decision.WAITING, candidacy__state__in=open_states)
        .select_related("requirement", "candidacy__person", "candidacy__credential")
        .order_by("submitted_at", "pk")
    )
    found.evidence = {kind: [] for kind in EVIDENCE_KINDS}
    for item in evidence:
        found.evidence.setdefault(item.requirement.kind, []).append(item)
    found.quizzes = list(
        QuizAttempt.objects.filter(passed__isnull=True, candidacy__state__in=open_states)
        .select_related("requirement", "candidacy__person", "candidacy__credential")
        .order_by("submitted_at", "pk")
    )
    candidacies = Candidacy.objects.select_related("person", "credential").order_by(
        "changed_at", "pk"
    )
    found.gate_open = [
        c
        for c in candidacies.filter(state=State.APPLICANT)
        if actions.why_not(c, State.CANDIDATE) == ""
    ]
    found.under_review = list(candidacies.filter(state=State.UNDER_REVIEW))
    found.renewals = list(
        Renewal.objects.filter(decision=Decision.WAITING)
        .select_related("certification__person", "certification__credential")
        .order_by("submitted_at", "pk")
    )
    found.expiring = list(
        Certification.objects.filter(
            status=Certification.Status.VALID,
            expires_on__gte=today,
            expires_on__lte=today + EXPIRING_WITHIN,
        )
        .select_related("credential", "person")
        .order_by("expires_on", "pk")
    )
    found.in_grace = in_grace(today)
    found.credits = list(waiting_credits().order_by("submitted_at", "pk"))
    found.disputes = list(open_disputes().order_by("answered_at", "pk"))
    return found


@staff_only
def staff_queues(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = queues(timezone.localdate())
    evidence = [(Kind(kind).label, items) for kind, items in found.evidence.items()]
    return _render(request, "queues.html", {"queues": found, "evidence": evidence})


# --- one candidacy ----------------------------------------------------------------------------


@dataclass
class Move:
    to_state: str
    label: str
    blocked: str  # why_not: "" when the gate is open
    needs_note: bool = False


def _moves(candidacy: Candidacy) -> list[Move]:
    state = candidacy.state
    moves = []
    if state == State.APPLICANT:
        moves.append(
            Move(State.CANDIDATE, "Move to candidate", actions.why_not(candidacy, State.CANDIDATE))
        )
    if state == State.UNDER_REVIEW:
        moves.append(Move(State.CERTIFIED, "Certify", actions.why_not(candidacy, State.CERTIFIED)))
    return moves


def _candidacy(candidacy_id: int) -> Candidacy:
    return get_object_or_404(
        Candidacy.objects.select_related("person", "credential"), pk=candidacy_id
    )


def _candidacy_page(
    request: AuthenticatedHttpRequest,
    candidacy: Candidacy,
    *,
    decide: tuple[int, EvidenceDecisionForm] | None = None,
    move: MoveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    candidacy = _candidacy(candidacy.pk)
    evidence = []
    for item in candidacy.evidence.select_related("requirement", "decided_by").order_by(
        "-submitted_at", "-pk"
    ):
        form = (
            decide[1]
            if decide and decide[0] == item.pk
            else EvidenceDecisionForm(prefix=f"evidence-{item.pk}")
        )
        evidence.append(
            {
                "item": item,
                "waiting": item.decision == Decision.WAITING,
                "document": document_url(item.document_id),
                "application": item.requirement.kind == Kind.APPLICATION,
                "form": form,
            }
        )
    context = {
        "candidacy": candidacy,
        "progress": actions.progress(candidacy),
        "steps": candidacy.steps.select_related("by"),
        "evidence": evidence,
        "fee": candidacy.credential.application_fee,
        "attempts": candidacy.quiz_attempts.select_related("requirement"),
        "moves": _moves(candidacy),
        "open": candidacy.state in (State.APPLICANT, State.CANDIDATE, State.UNDER_REVIEW),
        "under_review": candidacy.state == State.UNDER_REVIEW,
        "move_form": move or MoveForm(),
    }
    return _render(request, "candidacy.html", context, status=status)


@staff_only
def staff_candidacy(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    return _candidacy_page(request, _candidacy(candidacy_id))


@require_POST
@staff_only
def staff_evidence_decide(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("requirement", "candidacy__person"), pk=evidence_id
    )
    form = EvidenceDecisionForm(request.POST, prefix=f"evidence-{evidence.pk}")
    if not form.is_valid():
        return _candidacy_page(request, evidence.candidacy, decide=(evidence.pk, form), status=400)
    try:
        actions.decide_evidence(
            evidence=evidence,
            by=request.user,
            approve=form.approve,
            note=form.cleaned_data["note"].strip(),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        done = "approved" if form.approve else "returned to the candidate"
        messages.success(request, f"{evidence.requirement.title}: {done}.")
    return redirect("certification:staff_candidacy", candidacy_id=evidence.candidacy_id)


@require_POST
@staff_only
def staff_fee_paid(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("requirement"), pk=evidence_id)
    try:
        actions.record_fee_paid(evidence=evidence, by=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "The application fee is recorded as paid.")
    return redirect("certification:staff_candidacy", candidacy_id=evidence.candidacy_id)


MOVED = {
    State.CANDIDATE: "is now a candidate",
    State.CERTIFIED: "is certified: the certificate is issued",
    State.WITHDRAWN: "is withdrawn",
}


@require_POST
@staff_only
def staff_move(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    candidacy = _candidacy(candidacy_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _candidacy_page(request, candidacy, move=form, status=400)
    to_state = form.cleaned_data["to_state"]
    try:
        actions.move(
            candidacy=candidacy,
            to_state=to_state,
            by=request.user,
            note=form.cleaned_data["note"].strip(),
        )
    except Refused as refused:
        messages.error(request, f"Not moved: {refused.message}")
    else:
        if (candidacy.state, to_state) == (State.UNDER_REVIEW, State.CANDIDATE):
            text = "is a candidate again, with your note"
        else:
            text = MOVED.get(to_state, "is moved")
        messages.success(request, f"{candidacy.person.display_name} {text}.")
    return redirect("certification:staff_candidacy", candidacy_id=candidacy.pk)


# --- quizzes ----------------------------------------------------------------------------------


def _quiz_page(
    request: AuthenticatedHttpRequest,
    candidacy: Candidacy,
    quiz: Requirement,
    form: QuizGradeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    questions = quiz.question_list()
    attempts = []
    for attempt in QuizAttempt.objects.filter(candidacy=candidacy, requirement=quiz).select_related(
        "graded_by"
    ):
        answers = [str(a) for a in attempt.answers] if isinstance(attempt.answers, list) else []
        pairs = list(itertools.zip_longest(questions, answers, fillvalue=""))
        waiting = attempt.passed is None
        grade = None
        if waiting:
            grade = form or QuizGradeForm(initial={"attempt": attempt.pk})
        attempts.append({"attempt": attempt, "pairs": pairs, "waiting": waiting, "form": grade})
    context = {"candidacy": candidacy, "quiz": quiz, "attempts": attempts}
    return _render(request, "quiz.html", context, status=status)


def _quiz(candidacy_id: int, requirement_id: int) -> tuple[Candidacy, Requirement]:
    candidacy = _candidacy(candidacy_id)
    quiz = get_object_or_404(
        Requirement, pk=requirement_id, kind=Kind.QUIZ, credential_id=candidacy.credential_id
    )
    return candidacy, quiz


@staff_only
def staff_quiz(
    request: AuthenticatedHttpRequest, candidacy_id: int, requirement_id: int
) -> HttpResponse:
    """A candidate's answers to one quiz, every attempt; the one waiting is graded here."""
    candidacy, quiz = _quiz(candidacy_id, requirement_id)
    if request.method != "POST":
        return _quiz_page(request, candidacy, quiz)
    form = QuizGradeForm(request.POST)
    if not form.is_valid():
        return _quiz_page(request, candidacy, quiz, form, status=400)
    attempt = get_object_or_404(
        QuizAttempt, pk=form.cleaned_data["attempt"], candidacy=candidacy, requirement=quiz
    )
    passed = form.cleaned_data["passed"]
    try:
        actions.grade_quiz(
            attempt=attempt,
            by=request.user,
            passed=passed,
            feedback=form.cleaned_data["feedback"].strip(),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        result = "passed" if passed else "not passed yet; the candidate may try again"
        messages.success(request, f"{quiz.title}: {result}.")
    return redirect("certification:staff_quiz", candidacy_id=candidacy.pk, requirement_id=quiz.pk)


# --- certifications ---------------------------------------------------------------------------


@staff_only
def staff_certifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """From the search form (a POST), or a standing in the address (a link from the queues).
    A search typed into an address is not read: it belongs in the form."""
    if request.method == "POST":
        form = CertificationFilterForm(request.POST)
    else:
        form = CertificationFilterForm({"q": "", "standing": request.GET.get("standing", "")})
    today = timezone.localdate()
    found: list[Certification] = []
    if form.is_valid():
        everything = Certification.objects.select_related("credential", "person").order_by(
            "holder_name", "pk"
        )
        found = form.found(everything, today)
    rows = [(c, c.standing(today)) for c in found[:LIST_LIMIT]]
    context = {"form": form, "rows": rows, "count": len(found), "limit": LIST_LIMIT}
    return _render(request, "certifications.html", context, status=400 if form.errors else 200)


def _certification(certification_id: int) -> Certification:
    return get_object_or_404(
        Certification.objects.select_related("credential", "person", "candidacy"),
        pk=certification_id,
    )


STATUS_ACTIONS = ("suspend", "revoke", "reinstate")


def _certification_page(
    request: AuthenticatedHttpRequest,
    certification: Certification,
    *,
    reasons: dict[str, ReasonForm] | None = None,
    renewal: tuple[int, RenewalDecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    certification = _certification(certification.pk)
    standing = certification.standing()
    reasons = reasons or {}
    forms = {name: reasons.get(name) or ReasonForm(prefix=name) for name in STATUS_ACTIONS}
    renewals = []
    for item in certification.renewals.select_related("decided_by"):
        waiting = item.decision == Decision.WAITING
        form = None
        if waiting:
            form = (
                renewal[1]
                if renewal and renewal[0] == item.pk
                else RenewalDecisionForm(initial={"renewal": item.pk})
            )
        renewals.append({"item": item, "waiting": waiting, "form": form})
    context = {
        "certification": certification,
        "standing": standing,
        "grace_until": certification.expires_on
        + datetime.timedelta(days=certification.credential.grace_days),
        "renewals": renewals,
        "ce_hours": actions.ce_hours_for_renewal(certification),
        "forms": forms,
        "may_suspend": certification.status == Certification.Status.VALID,
        "may_revoke": certification.status != Certification.Status.REVOKED,
        "may_reinstate": standing in (Standing.SUSPENDED, Standing.LAPSED),
    }
    return _render(request, "certification.html", context, status=status)


@staff_only
def staff_certification(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    return _certification_page(request, _certification(certification_id))


DONE = {
    "suspend": "is suspended",
    "revoke": "is revoked",
    "reinstate": "is reinstated",
}


def _change_status(
    request: AuthenticatedHttpRequest, certification_id: int, name: str
) -> HttpResponse:
    certification = _certification(certification_id)
    form = ReasonForm(request.POST, prefix=name)
    if not form.is_valid():
        return _certification_page(request, certification, reasons={name: form}, status=400)
    change = {"suspend": actions.suspend, "revoke": actions.revoke, "reinstate": actions.reinstate}
    try:
        change[name](
            certification=certification,
            by=request.user,
            reason=form.cleaned_data["reason"].strip(),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Certification {certification.number} {DONE[name]}.")
    return redirect("certification:staff_certification", certification_id=certification.pk)


@require_POST
@staff_only
def staff_suspend(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    return _change_status(request, certification_id, "suspend")


@require_POST
@staff_only
def staff_revoke(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    return _change_status(request, certification_id, "revoke")


@require_POST
@staff_only
def staff_reinstate(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    return _change_status(request, certification_id, "reinstate")


@require_POST
@staff_only
def staff_renewal_decide(request: AuthenticatedHttpRequest, certification_id: int) -> HttpResponse:
    certification = _certification(certification_id)
    form = RenewalDecisionForm(request.POST)
    if not form.is_valid():
        renewal_id = form.cleaned_data.get("renewal") or 0
        return _certification_page(request, certification, renewal=(renewal_id, form), status=400)
    renewal = get_object_or_404(
        Renewal, pk=form.cleaned_data["renewal"], certification=certification
    )
    try:
        decided = actions.decide_renewal(
            renewal=renewal,
            by=request.user,
            approve=form.approve,
            note=form.cleaned_data["note"].strip(),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        if form.approve:
            certification.refresh_from_db()
            until = certification.expires_on
            messages.success(request, f"Renewal approved: valid until {until.day} {until:%B %Y}.")
        else:
            messages.success(request, f"Renewal returned to {decided.certification.holder_name}.")
    return redirect("certification:staff_certification", certification_id=certification.pk)


# --- continuing education ---------------------------------------------------------------------


def _ce_page(
    request: AuthenticatedHttpRequest,
    bound: tuple[int, CreditDecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    credits = []
    for credit in waiting_credits().order_by("submitted_at", "pk"):
        form = (
            bound[1]
            if bound and bound[0] == credit.pk
            else CreditDecisionForm(prefix=f"credit-{credit.pk}")
        )
        credits.append(
            {"credit": credit, "document": document_url(credit.certificate_id), "form": form}
        )
    return _render(request, "ce.html", {"credits": credits}, status=status)


@staff_only
def staff_ce(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _ce_page(request)


@require_POST
@staff_only
def staff_ce_decide(request: AuthenticatedHttpRequest, credit_id: int) -> HttpResponse:
    credit = get_object_or_404(CECredit.objects.select_related("person"), pk=credit_id)
    form = CreditDecisionForm(request.POST, prefix=f"credit-{credit.pk}")
    if not form.is_valid():
        return _ce_page(request, (credit.pk, form), status=400)
    try:
        actions.decide_credit(
            credit=credit,
            by=request.user,
            approve=form.approve,
            note=form.cleaned_data["note"].strip(),
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        done = "approved" if form.approve else "returned"
        messages.success(request, f"{credit.title} ({credit.person.display_name}): {done}.")
    return redirect("certification:staff_ce")


# --- disputed supervision entries -------------------------------------------------------------


def _disputes_page(
    request: AuthenticatedHttpRequest,
    bound: tuple[int, DisputeForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    disputes = [
        {
            "session": session,
            "form": bound[1]
            if bound and bound[0] == session.pk
            else DisputeForm(prefix=f"session-{session.pk}"),
        }
        for session in open_disputes().order_by("answered_at", "pk")
    ]
    return _render(request, "disputes.html", {"disputes": disputes}, status=status)


@staff_only
def staff_disputes(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _disputes_page(request)


@require_POST
@staff_only
def staff_dispute_resolve(
    request: AuthenticatedHttpRequest, supervision_session_id: int
) -> HttpResponse:
    session = get_object_or_404(SupervisionSession, pk=supervision_session_id)
    form = DisputeForm(request.POST, prefix=f"session-{session.pk}")
    if not form.is_valid():
        return _disputes_page(request, (session.pk, form), status=400)
    count = form.cleaned_data["count"]
    try:
        actions.resolve_dispute(
            session=session, by=request.user, count=count, note=form.cleaned_data["note"].strip()
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        held = f"{session.held_on.day} {session.held_on:%B %Y}"
        counts = "counts" if count else "does not count"
        messages.success(request, f"Resolved: the session of {held} ({session.hours} h) {counts}.")
    return redirect("certification:staff_disputes")


# --- supervisors ------------------------------------------------------------------------------


@staff_only
def staff_supervisors(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The approved supervisors; adding one is this page's form."""
    form = SupervisorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        approval = form.save(by=request.user)
        messages.success(request, f"{approval.person.display_name} is an approved supervisor.")
        return redirect("certification:staff_supervisors")
    supervisors = ApprovedSupervisor.objects.select_related(
        "person", "approved_by"
    ).prefetch_related("credentials")
    context = {"form": form, "supervisors": supervisors.order_by("-active", "person__display_name")}
    return _render(request, "supervisors.html", context, status=400 if form.errors else 200)


@require_POST
@staff_only
def staff_supervisor_deactivate(
    request: AuthenticatedHttpRequest, approved_supervisor_id: int
) -> HttpResponse:
    approval = get_object_or_404(
        ApprovedSupervisor.objects.select_related("person"), pk=approved_supervisor_id
    )
    # One flag on one row, no side effects: agreements already active carry on.
    ApprovedSupervisor.objects.filter(pk=approval.pk).update(active=False)
    messages.success(
        request,
        f"{approval.person.display_name} is no longer an approved supervisor. Agreements "
        "already active carry on until the candidate or the supervisor ends them.",
    )
    return redirect("certification:staff_supervisors")


# --- credentials ------------------------------------------------------------------------------


def _credentials_page(
    request: AuthenticatedHttpRequest,
    *,
    numbers: CredentialNumbersForm | None = None,
    offerings: OfferingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    credentials = []
    for credential in Credential.objects.prefetch_related("requirements__offerings"):
        requirements = []
        for requirement in credential.requirements.all():
            form = None
            if requirement.kind == Kind.MODULE:
                form = (
                    offerings
                    if offerings is not None and offerings.instance.pk == requirement.pk
                    else OfferingsForm(instance=requirement)
                )
            requirements.append({"requirement": requirement, "form": form})
        form_ = (
            numbers
            if numbers is not None and numbers.instance.pk == credential.pk
            else CredentialNumbersForm(instance=credential)
        )
        credentials.append({"credential": credential, "requirements": requirements, "form": form_})
    return _render(request, "credentials.html", {"credentials": credentials}, status=status)


@staff_only
def staff_credentials(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _credentials_page(request)


def _saved(request: AuthenticatedHttpRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("certification:staff_credentials")


@require_POST
@staff_only
def staff_credential_edit(request: AuthenticatedHttpRequest, credential_id: int) -> HttpResponse:
    credential = get_object_or_404(Credential, pk=credential_id)
    form = CredentialNumbersForm(request.POST, instance=credential)
    if not form.is_valid():
        return _credentials_page(request, numbers=form, status=400)
    form.save()
    return _saved(request, f"{credential.code}: hours and fee saved.")


@require_POST
@staff_only
def staff_module_offerings(request: AuthenticatedHttpRequest, requirement_id: int) -> HttpResponse:
    module = get_object_or_404(Requirement.objects.select_related("credential"), pk=requirement_id)
    if module.kind != Kind.MODULE:
        raise Http404
    form = OfferingsForm(request.POST, instance=module)
    if not form.is_valid():
        return _credentials_page(request, offerings=form, status=400)
    form.save()
    return _saved(request, f"{module.credential.code}, {module.title}: offerings saved.")
