"""A professional's path to a credential: the credentials open for candidates, starting one,
the candidacy with its requirements in order (met, waiting, returned or still to do), what
comes next and what stands before the next state, evidence and quizzes sent for staff to
decide, sending the final application for review, withdrawing, and the person's own
documents.

Every candidacy page is its owner's alone: anyone else gets 404, staff included (they have
their own pages). What may happen is decided in `actions`; these views only call it and say
in words what it answered. Uploaded documents are never served from MEDIA: only through
`document`, to their owner or staff, as an attachment.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from threecircles.accounts.http import AuthenticatedHttpRequest, role_required
from threecircles.accounts.models import Role
from threecircles.certification import actions, documents
from threecircles.certification.forms_candidate import (
    TICK_TO_WITHDRAW,
    EvidenceForm,
    QuizForm,
    WithdrawForm,
)
from threecircles.certification.models import (
    Candidacy,
    CandidacyState,
    Credential,
    Document,
    Evidence,
    QuizAttempt,
    Requirement,
    RequirementKind,
)

State = CandidacyState
Kind = RequirementKind

# How each requirement's standing reads on the page.
STANDING_WORDS = {
    "met": "Met",
    "waiting": "Waiting for a decision",
    "returned": "Returned for changes",
    "in_progress": "In progress",
    "missing": "To do",
}
STATE_WORDS = {
    State.APPLICANT: (
        "You are an applicant. Send your eligibility evidence and complete a first training "
        "module; the institute then moves you on to candidate."
    ),
    State.CANDIDATE: (
        "You are a candidate. Complete the remaining requirements, then send your final "
        "application for review."
    ),
    State.UNDER_REVIEW: "Your final application is under review by the institute.",
    State.CERTIFIED: "You are certified. Congratulations.",
    State.WITHDRAWN: (
        "You withdrew from this credential. You can start again from the certification page "
        "whenever you are ready."
    ),
}
NEXT_STATE = {
    State.APPLICANT: State.CANDIDATE,
    State.CANDIDATE: State.UNDER_REVIEW,
    State.UNDER_REVIEW: State.CERTIFIED,
}
GATE_HEADINGS = {
    State.CANDIDATE: "Before you become a candidate",
    State.UNDER_REVIEW: "Before your application goes for review",
    State.CERTIFIED: "Before you are certified",
}
FILE_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def link_to(name: str, **kwargs: Any) -> str:
    """The address of a page another part of the certification provides, or "" while that
    part has none (so this page never breaks on a link it cannot make)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _supervision_link(candidacy: Candidacy) -> str:
    return link_to("certification:supervision") or link_to(
        "certification:supervision", candidacy_id=candidacy.pk
    )


def _own_candidacy(request: AuthenticatedHttpRequest, candidacy_id: int) -> Candidacy:
    """The one way in to a candidacy from these pages: its owner's, or 404."""
    return get_object_or_404(
        Candidacy.objects.select_related("credential"), pk=candidacy_id, person=request.user
    )


def _is_closed(candidacy: Candidacy) -> bool:
    return candidacy.state in (State.CERTIFIED, State.WITHDRAWN)


# --- the certification home ------------------------------------------------------------------


@role_required(*actions.PROFESSIONAL_ROLES)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    candidacies = list(
        Candidacy.objects.filter(person=request.user)
        .select_related("credential")
        .order_by("-started_at", "-pk")
    )
    open_by_credential = {c.credential_id: c for c in candidacies if c.state != State.WITHDRAWN}
    credentials = [
        (credential, open_by_credential.get(credential.pk))
        for credential in Credential.objects.filter(open_for_candidates=True)
    ]
    context = {
        "credentials": credentials,
        "candidacies": candidacies,
        "my_certifications_url": link_to("certification:my_certifications"),
    }
    return render(request, "certification/candidate/home.html", context)


@require_POST
@role_required(*actions.PROFESSIONAL_ROLES)
def start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    credential = get_object_or_404(Credential, slug=slug)
    try:
        candidacy = actions.start(person=request.user, credential=credential)
    except actions.Refused as refused:
        messages.error(request, refused.message)
        existing = (
            Candidacy.objects.filter(person=request.user, credential=credential)
            .exclude(state=State.WITHDRAWN)
            .order_by("-started_at", "-pk")
            .first()
        )
        if existing is not None:
            return redirect("certification:candidacy", candidacy_id=existing.pk)
        return redirect("certification:home")
    messages.success(
        request,
        f"You have started on the path to {credential.name}. Your steps are listed below, "
        "in order.",
    )
    return redirect("certification:candidacy", candidacy_id=candidacy.pk)


# --- one candidacy ---------------------------------------------------------------------------


def _action_link(candidacy: Candidacy, requirement: Requirement) -> tuple[str, str]:
    """Where the candidate acts on a requirement, and the link's words."""
    if requirement.kind in actions.EVIDENCE_KINDS:
        url = reverse(
            "certification:evidence",
            kwargs={"candidacy_id": candidacy.pk, "requirement_id": requirement.pk},
        )
        if requirement.kind == Kind.APPLICATION:
            return url, "Your final application and its fee"
        return url, f"Send or review your evidence: {requirement.title}"
    if requirement.kind == Kind.QUIZ:
        url = reverse(
            "certification:quiz",
            kwargs={"candidacy_id": candidacy.pk, "requirement_id": requirement.pk},
        )
        return url, f"Take the quiz or see your attempts: {requirement.title}"
    if requirement.kind == Kind.SUPERVISION:
        return _supervision_link(candidacy), "Your supervision"
    return "", ""


def _steps(candidacy: Candidacy) -> list[dict[str, Any]]:
    today = timezone.localdate()
    steps = []
    for item in actions.progress(candidacy):
        requirement = item.requirement
        url, words = _action_link(candidacy, requirement)
        offerings = []
        if requirement.kind == Kind.MODULE and not item.met:
            offerings = list(
                requirement.offerings.filter(published=True, ends_on__gte=today).order_by(
                    "starts_on", "pk"
                )
            )
        steps.append(
            {
                "item": item,
                "requirement": requirement,
                "standing": STANDING_WORDS.get(item.state, item.state),
                "url": url,
                "words": words,
                "offerings": offerings,
            }
        )
    return steps


def _gate(candidacy: Candidacy) -> dict[str, str] | None:
    """The next state, who takes the step, and what stands before it ("" when nothing)."""
    to_state = NEXT_STATE.get(State(candidacy.state))
    if to_state is None:
        return None
    return {
        "heading": GATE_HEADINGS[to_state],
        "who": actions.MOVES[(candidacy.state, to_state)],
        "problem": actions.why_not(candidacy, to_state),
    }


@login_required
def candidacy(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    steps = _steps(candidacy)
    following = actions.next_step(candidacy)
    next_row = next(
        (
            step
            for step in steps
            if following and step["requirement"].pk == following.requirement.pk
        ),
        None,
    )
    context = {
        "candidacy": candidacy,
        "credential": candidacy.credential,
        "state_words": STATE_WORDS[State(candidacy.state)],
        "steps": steps,
        "next_row": next_row,
        "gate": _gate(candidacy),
        "history": candidacy.steps.select_related("by").order_by("at", "pk"),
        "closed": _is_closed(candidacy),
        "events_url": link_to("events:event_list"),
        "my_certifications_url": link_to("certification:my_certifications"),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "certification/candidate/candidacy.html", context)


@require_POST
@login_required
def apply_for_review(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    try:
        actions.move(candidacy=candidacy, to_state=State.UNDER_REVIEW, by=request.user)
    except actions.Refused as refused:
        messages.error(request, f"Your application could not be sent yet. {refused.message}")
    else:
        messages.success(
            request,
            "Your final application is sent for review. The institute will write to you with "
            "its decision; you can follow it on this page.",
        )
    return redirect("certification:candidacy", candidacy_id=candidacy.pk)


@require_POST
@login_required
def withdraw(request: AuthenticatedHttpRequest, candidacy_id: int) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, TICK_TO_WITHDRAW)
        return redirect("certification:candidacy", candidacy_id=candidacy.pk)
    try:
        actions.move(
            candidacy=candidacy,
            to_state=State.WITHDRAWN,
            by=request.user,
            note="Withdrawn by the candidate",
        )
    except actions.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            f"You have withdrawn from {candidacy.credential.name}. You can start again "
            "whenever you are ready.",
        )
    return redirect("certification:candidacy", candidacy_id=candidacy.pk)


# --- evidence and quizzes ----------------------------------------------------------------------


def _why_no_form(candidacy: Candidacy, requirement: Requirement, standing: str) -> str:
    """Why the page shows no form to send, or "" when it shows one (`actions` decides again)."""
    if _is_closed(candidacy):
        return "This candidacy is closed: nothing more can be sent."
    if standing == "met":
        return "This requirement is met: nothing more to send."
    if standing == "waiting":
        return "What you sent is waiting for a decision. You will see it here once it is made."
    if requirement.kind == Kind.APPLICATION and candidacy.state != State.CANDIDATE:
        return "The final application comes once you are a candidate."
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def evidence(
    request: AuthenticatedHttpRequest, candidacy_id: int, requirement_id: int
) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    requirement = get_object_or_404(
        Requirement,
        pk=requirement_id,
        credential_id=candidacy.credential_id,
        kind__in=actions.EVIDENCE_KINDS,
    )
    status = 200
    if request.method == "POST":
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # A document refused with its evidence is not kept.
                with transaction.atomic():
                    document = documents.store(upload, owner=request.user) if upload else None
                    actions.send_evidence(
                        candidacy=candidacy,
                        requirement=requirement,
                        note=form.cleaned_data["note"],
                        document=document,
                    )
            except (actions.Refused, documents.DocumentRefused) as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    f"Thank you: your {requirement.title.lower()} evidence is sent. Staff "
                    "will look at it; their decision shows on this page.",
                )
                return redirect(
                    "certification:evidence",
                    candidacy_id=candidacy.pk,
                    requirement_id=requirement.pk,
                )
        status = 400
    else:
        form = EvidenceForm()
    standing = actions.progress_on(candidacy, requirement)
    context = {
        "candidacy": candidacy,
        "credential": candidacy.credential,
        "requirement": requirement,
        "standing": standing,
        "standing_words": STANDING_WORDS.get(standing.state, standing.state),
        "why_no_form": _why_no_form(candidacy, requirement, standing.state),
        "form": form,
        "is_application": requirement.kind == Kind.APPLICATION,
        "submissions": Evidence.objects.filter(candidacy=candidacy, requirement=requirement)
        .select_related("document")
        .order_by("-submitted_at", "-pk"),
    }
    return render(request, "certification/candidate/evidence.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def quiz(request: AuthenticatedHttpRequest, candidacy_id: int, requirement_id: int) -> HttpResponse:
    candidacy = _own_candidacy(request, candidacy_id)
    requirement = get_object_or_404(
        Requirement, pk=requirement_id, credential_id=candidacy.credential_id, kind=Kind.QUIZ
    )
    questions = requirement.question_list()
    status = 200
    if request.method == "POST":
        form = QuizForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                actions.send_quiz(
                    candidacy=candidacy, requirement=requirement, answers=form.answers()
                )
            except actions.Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    "Thank you: your answers are sent. Staff will grade them; their feedback "
                    "shows on this page.",
                )
                return redirect(
                    "certification:quiz", candidacy_id=candidacy.pk, requirement_id=requirement.pk
                )
        status = 400
    else:
        form = QuizForm(questions=questions)
    standing = actions.progress_on(candidacy, requirement)
    attempts = [
        (attempt, list(zip(questions, attempt.answers, strict=False)))
        for attempt in QuizAttempt.objects.filter(
            candidacy=candidacy, requirement=requirement
        ).order_by("-submitted_at", "-pk")
    ]
    context = {
        "candidacy": candidacy,
        "credential": candidacy.credential,
        "requirement": requirement,
        "standing": standing,
        "standing_words": STANDING_WORDS.get(standing.state, standing.state),
        "why_no_form": _why_no_form(candidacy, requirement, standing.state),
        "form": form,
        "attempts": attempts,
    }
    return render(request, "certification/candidate/quiz.html", context, status=status)


# --- documents ---------------------------------------------------------------------------------


@never_cache
@login_required
def document(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponse:
    """The document's bytes, to its owner or institute staff; 404 for anyone else. Sent as an
    attachment with a generic name: the uploaded name may say whose licence it is."""
    documents_seen = Document.objects.all()
    if request.user.role != Role.STAFF:
        documents_seen = documents_seen.filter(owner=request.user)
    found = documents_seen.filter(pk=document_id).first()
    if found is None:
        raise Http404
    content = documents.open_document(found)
    response = HttpResponse(content, content_type=found.content_type)
    extension = FILE_EXTENSIONS.get(found.content_type, "bin")
    response["Content-Disposition"] = f'attachment; filename="document-{found.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
