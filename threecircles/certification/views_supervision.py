"""Supervision: a candidate asks an approved supervisor, the supervisor accepts or declines;
under an active agreement the candidate logs sessions and the supervisor confirms them (or
disputes them, with a reason, for staff to settle). Confirmed hours count towards the
credential's supervision requirement.

One page serves both sides: a professional's open candidacies with their agreements, hours
and sessions, and, for a supervisor, what waits for their answer. Each record is reached only
through its own side: a candidacy or a session log through its candidate, an answer through
the supervisor asked; anyone else gets 404. What may happen is decided in `actions`; these
views call it and say in words what it answered. Notifications say only that something
waits: never a name, a credential or a topic.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from threecircles.accounts.actions import notify
from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import User
from threecircles.certification import actions
from threecircles.certification.forms_supervision import (
    TICK_TO_END,
    AnswerAgreementForm,
    AnswerSessionForm,
    EndAgreementForm,
    ProposeForm,
    SessionForm,
    approved_supervisors,
)
from threecircles.certification.models import (
    ApprovedSupervisor,
    Candidacy,
    CandidacyState,
    SupervisionAgreement,
    SupervisionSession,
)

State = CandidacyState
Agreement = SupervisionAgreement
Session = SupervisionSession
OPEN_STATES = (State.APPLICANT, State.CANDIDATE, State.UNDER_REVIEW)

ASKED_TEXT = "A candidate asked you to supervise them"
ANSWERED_TEXT = "Your supervision request has an answer"
LOGGED_TEXT = "A supervision session is waiting for your confirmation"
SESSION_ANSWERED_TEXT = "A supervision session you logged has been answered"
ENDED_TEXT = "A supervision agreement has ended"


def _page_url() -> str:
    return reverse("certification:supervision")


# --- the one ways in ---------------------------------------------------------------------------


def _own_candidacy(request: AuthenticatedHttpRequest, candidacy_id: int) -> Candidacy:
    return get_object_or_404(
        Candidacy.objects.select_related("credential"), pk=candidacy_id, person=request.user
    )


def _as_candidate(request: AuthenticatedHttpRequest, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("candidacy__credential", "supervisor"),
        pk=agreement_id,
        candidacy__person=request.user,
    )


def _as_supervisor(request: AuthenticatedHttpRequest, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("candidacy__person"),
        pk=agreement_id,
        supervisor=request.user,
    )


def _as_either_side(request: AuthenticatedHttpRequest, agreement_id: int) -> Agreement:
    return get_object_or_404(
        Agreement.objects.select_related("candidacy__person", "supervisor"),
        Q(supervisor=request.user) | Q(candidacy__person=request.user),
        pk=agreement_id,
    )


def _session_as_supervisor(request: AuthenticatedHttpRequest, session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("agreement__candidacy__person"),
        pk=session_id,
        agreement__supervisor=request.user,
    )


# --- the page ----------------------------------------------------------------------------------


def _candidate_side(person: User) -> list[dict[str, Any]]:
    candidacies = Candidacy.objects.filter(person=person, state__in=OPEN_STATES).select_related(
        "credential"
    )
    rows = []
    for candidacy in candidacies.order_by("-started_at", "-pk"):
        agreements = list(
            candidacy.agreements.select_related("supervisor").order_by("-proposed_at", "-pk")
        )
        sessions = Session.objects.filter(agreement__candidacy=candidacy).select_related(
            "agreement__supervisor"
        )
        rows.append(
            {
                "candidacy": candidacy,
                "credential": candidacy.credential,
                "confirmed": actions.supervision_hours(candidacy),
                "required": candidacy.credential.supervision_hours_required,
                "agreements": [
                    (agreement, EndAgreementForm(auto_id=f"end-{agreement.pk}-%s"))
                    for agreement in agreements
                ],
                "sessions": sessions.order_by("-held_on", "-pk"),
            }
        )
    return rows


def _supervisor_side(person: User) -> dict[str, Any] | None:
    """What waits for this person as a supervisor, or None when they are none (never approved
    and never asked)."""
    approval = ApprovedSupervisor.objects.filter(person=person).first()
    agreements = Agreement.objects.filter(supervisor=person).select_related(
        "candidacy__person", "candidacy__credential"
    )
    if approval is None and not agreements.exists():
        return None
    credentials = list(approval.credentials.all()) if approval else []
    active = []
    for agreement in agreements.filter(status=Agreement.Status.ACTIVE).order_by(
        "candidacy__person__display_name", "pk"
    ):
        confirmed = agreement.sessions.filter(status=Session.Status.CONFIRMED).aggregate(
            total=Sum("hours")
        )["total"] or Decimal(0)
        active.append((agreement, confirmed, EndAgreementForm(auto_id=f"end-{agreement.pk}-%s")))
    waiting_sessions = (
        Session.objects.filter(agreement__supervisor=person, status=Session.Status.LOGGED)
        .select_related("agreement__candidacy__person", "agreement__candidacy__credential")
        .order_by("held_on", "pk")
    )
    return {
        "approval": approval,
        "credentials": credentials,
        "asked": agreements.filter(status=Agreement.Status.PROPOSED).order_by("proposed_at", "pk"),
        "waiting_sessions": [
            (session, AnswerSessionForm(auto_id=f"session-{session.pk}-%s"))
            for session in waiting_sessions
        ],
        "active": active,
    }


@role_required(*actions.PROFESSIONAL_ROLES)
def supervision(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "candidacies": _candidate_side(request.user),
        "supervisor": _supervisor_side(request.user),
    }
    return render(request, "certification/supervision/page.html", context)


# --- the candidate asks; the supervisor answers ------------------------------------------------


@role_required(*actions.PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
def propose_agreement(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    supervisors = approved_supervisors(candidacy.credential, candidate=request.user)
    status = 200
    if request.method == "POST":
        form = ProposeForm(request.POST, supervisors=supervisors)
        if form.is_valid():
            supervisor: User = form.cleaned_data["supervisor"]
            try:
                actions.propose_agreement(candidacy=candidacy, supervisor=supervisor)
            except actions.Refused as refused:
                form.add_error(None, refused.message)
            else:
                notify(supervisor, text=ASKED_TEXT, url=_page_url())
                messages.success(
                    request,
                    f"Your request is sent to {supervisor.display_name}. Their answer will "
                    "show on this page.",
                )
                return redirect("certification:supervision")
        status = 400
    else:
        form = ProposeForm(supervisors=supervisors)
    context = {
        "candidacy": candidacy,
        "credential": candidacy.credential,
        "form": form,
        "has_supervisors": supervisors.exists(),
        "closed": candidacy.state not in OPEN_STATES,
    }
    return render(request, "certification/supervision/propose.html", context, status=status)


@require_POST
@role_required(*actions.PROFESSIONAL_ROLES)
def answer_agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _as_supervisor(request, agreement_id)
    form = AnswerAgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose whether to accept or decline the request.")
        return redirect("certification:supervision")
    try:
        actions.answer_agreement(agreement=agreement, by=request.user, accept=form.accepted())
    except actions.Refused as refused:
        messages.error(request, refused.message)
        return redirect("certification:supervision")
    notify(agreement.candidacy.person, text=ANSWERED_TEXT, url=_page_url())
    name = agreement.candidacy.person.display_name
    if form.accepted():
        messages.success(
            request, f"You are now supervising {name}. Their sessions will wait here for you."
        )
    else:
        messages.success(request, f"You declined the request from {name}.")
    return redirect("certification:supervision")


@require_POST
@role_required(*actions.PROFESSIONAL_ROLES)
def end_agreement(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _as_either_side(request, agreement_id)
    if not EndAgreementForm(request.POST).is_valid():
        messages.error(request, TICK_TO_END)
        return redirect("certification:supervision")
    if agreement.status != Agreement.Status.ACTIVE:
        messages.error(request, "Only an active agreement can be ended.")
        return redirect("certification:supervision")
    try:
        actions.end_agreement(agreement=agreement, by=request.user)
    except actions.Refused as refused:
        messages.error(request, refused.message)
        return redirect("certification:supervision")
    candidate = agreement.candidacy.person
    other = agreement.supervisor if request.user.pk == candidate.pk else candidate
    notify(other, text=ENDED_TEXT, url=_page_url())
    messages.success(
        request,
        "The agreement has ended. Hours already confirmed still count; no new sessions can be "
        "logged under it.",
    )
    return redirect("certification:supervision")


# --- sessions: logged by the candidate, answered by the supervisor -----------------------------


@role_required(*actions.PROFESSIONAL_ROLES)
@require_http_methods(["GET", "POST"])
def log_session(request: AuthenticatedHttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _as_candidate(request, agreement_id)
    status = 200
    if request.method == "POST":
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                actions.log_session(
                    agreement=agreement,
                    by=request.user,
                    held_on=form.cleaned_data["held_on"],
                    hours=form.cleaned_data["hours"],
                    topic=form.cleaned_data["topic"],
                )
            except actions.Refused as refused:
                form.add_error(None, refused.message)
            else:
                notify(agreement.supervisor, text=LOGGED_TEXT, url=_page_url())
                messages.success(
                    request,
                    f"Your session is logged. It counts once {agreement.supervisor.display_name} "
                    "confirms it.",
                )
                return redirect("certification:supervision")
        status = 400
    else:
        form = SessionForm()
    context = {
        "agreement": agreement,
        "credential": agreement.candidacy.credential,
        "form": form,
        "active": agreement.status == Agreement.Status.ACTIVE,
    }
    return render(request, "certification/supervision/log.html", context, status=status)


@require_POST
@role_required(*actions.PROFESSIONAL_ROLES)
def answer_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = _session_as_supervisor(request, session_id)
    form = AnswerSessionForm(request.POST)
    if not form.is_valid():
        too_long = form.errors.get("reason")
        messages.error(
            request,
            str(too_long[0]) if too_long else "Please choose to confirm or dispute the session.",
        )
        return redirect("certification:supervision")
    try:
        actions.answer_session(
            session=session,
            by=request.user,
            confirm=form.confirmed(),
            reason="" if form.confirmed() else form.cleaned_data["reason"].strip(),
        )
    except actions.Refused as refused:
        messages.error(request, refused.message)
        return redirect("certification:supervision")
    notify(session.agreement.candidacy.person, text=SESSION_ANSWERED_TEXT, url=_page_url())
    if form.confirmed():
        messages.success(request, "Thank you: the session is confirmed and its hours count.")
    else:
        messages.success(
            request,
            "The session is marked as disputed. Institute staff will look at it and decide "
            "whether it counts.",
        )
    return redirect("certification:supervision")
