"""Test data for the certification: a credential with its requirements in order, training
modules as events, attendance, candidacies at each stage, supervisors and certifications.
Every certification test (and the access matrix's world) builds from these."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from threecircles.accounts.models import User
from threecircles.certification import actions, documents
from threecircles.certification.models import (
    ApprovedSupervisor,
    Candidacy,
    Certification,
    Credential,
    Document,
    Evidence,
    Requirement,
    RequirementKind,
    SupervisionAgreement,
    SupervisionSession,
)
from threecircles.events.attendance import record_attendance
from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationType,
)

Kind = RequirementKind
CHICAGO = ZoneInfo("America/Chicago")
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_module_event(
    slug: str, *, title: str = "", starts_on: datetime.date | None = None, sessions: int = 2
) -> Event:
    """A published training-module event in Chicago: `sessions` sessions of 3 hours each,
    one per day."""
    starts_on = starts_on or timezone.localdate() - datetime.timedelta(days=20)
    event = Event.objects.create(
        kind=EventKind.TRAINING,
        title=title or f"Training module {slug}",
        slug=slug,
        summary="A training module of the certification path.",
        description="Written for the tests.",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=sessions - 1),
        time_zone="America/Chicago",
        venue="Lakeside Conference Center, Chicago",
        published=True,
    )
    RegistrationType.objects.create(
        event=event, name="Non-member", audience="non_member", price=Decimal("300.00")
    )
    for n in range(sessions):
        day = starts_on + datetime.timedelta(days=n)
        starts = datetime.datetime.combine(day, datetime.time(9), tzinfo=CHICAGO)
        EventSession.objects.create(
            event=event,
            title=f"Part {n + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
        )
    return event


def make_credential(
    code: str = "CSAT",
    *,
    name: str = "Certified Sex Addiction Therapist",
    supervision_hours: Decimal = Decimal("10.00"),
    fee: Decimal = Decimal("350.00"),
    modules: int = 2,
) -> Credential:
    """A credential with, in order: eligibility, each module (6 hours, one offering each)
    with a two-question quiz after the first, supervision, an assessment, a letter of
    recommendation and the final application."""
    credential = Credential.objects.create(
        code=code,
        name=name,
        slug=code.lower(),
        description="Written for the tests.",
        supervision_hours_required=supervision_hours,
        application_fee=fee,
    )
    order = iter(range(10, 1000, 10))
    Requirement.objects.create(
        credential=credential, kind=Kind.ELIGIBILITY, title="Eligibility", order=next(order),
        description="A current licence, a master's degree and two years of practice.",
    )  # fmt: skip
    for n in range(1, modules + 1):
        module = Requirement.objects.create(
            credential=credential, kind=Kind.MODULE, title=f"Module {n}", order=next(order),
            hours=Decimal("6.00"),
        )  # fmt: skip
        module.offerings.add(make_module_event(f"{code.lower()}-module-{n}"))
        if n == 1:
            Requirement.objects.create(
                credential=credential, kind=Kind.QUIZ, title="Module 1 quiz", order=next(order),
                module=module,
                questions="Name two differences between addiction and offending.\n"
                "What goes in the middle circle?",
            )  # fmt: skip
    for kind, title in (
        (Kind.SUPERVISION, "Supervision"),
        (Kind.ASSESSMENT, "Assessment"),
        (Kind.ATTESTATION, "Letter of recommendation"),
        (Kind.APPLICATION, "Final application"),
    ):
        Requirement.objects.create(credential=credential, kind=kind, title=title, order=next(order))
    return credential


def requirement(credential: Credential, kind: str, n: int = 0) -> Requirement:
    return list(credential.requirements.filter(kind=kind))[n]


def pdf_upload(name: str = "licence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_document(owner: User, name: str = "licence.pdf") -> Document:
    return documents.store(pdf_upload(name), owner=owner)


def attend(person: User, event: Event, *, sessions: int | None = None) -> Registration:
    """A confirmed registration of `person`, attended for the first `sessions` sessions (all
    by default)."""
    registration = Registration.objects.create(
        event=event,
        registration_type=event.registration_types.get(),
        person=person,
        name=person.display_name,
        email=person.email,
        status=Registration.Status.CONFIRMED,
        fee=Decimal("300.00"),
    )
    for session in list(event.sessions.order_by("starts_at"))[:sessions]:
        record_attendance(session=session, registration=registration, method="list", by=None)
    return registration


def approve_evidence(candidacy: Candidacy, kind: str, staff: User) -> Evidence:
    req = requirement(candidacy.credential, kind)
    evidence = actions.send_evidence(
        candidacy=candidacy, requirement=req, note="Sent for the tests.",
        document=make_document(candidacy.person),
    )  # fmt: skip
    if kind == Kind.APPLICATION:
        actions.record_fee_paid(evidence=evidence, by=staff)
    return actions.decide_evidence(evidence=evidence, by=staff, approve=True)


def make_supervisor(person: User, *, by: User | None = None) -> ApprovedSupervisor:
    return ApprovedSupervisor.objects.create(person=person, approved_by=by)


def supervise(candidacy: Candidacy, supervisor: User, hours: Decimal) -> SupervisionAgreement:
    """An accepted agreement with `hours` confirmed, in one session a week ago."""
    if not hasattr(supervisor, "supervisor_approval"):
        make_supervisor(supervisor)
    agreement = actions.propose_agreement(candidacy=candidacy, supervisor=supervisor)
    actions.answer_agreement(agreement=agreement, by=supervisor, accept=True)
    if hours:
        session = SupervisionSession.objects.create(
            agreement=agreement,
            held_on=timezone.localdate() - datetime.timedelta(days=7),
            hours=hours,
            topic="Case formulation",
        )
        actions.answer_session(session=session, by=supervisor, confirm=True)
    return agreement


def to_candidate(person: User, credential: Credential, staff: User) -> Candidacy:
    """Eligibility approved and the first module attended: moved on to candidate."""
    candidacy = actions.start(person=person, credential=credential)
    approve_evidence(candidacy, Kind.ELIGIBILITY, staff)
    attend(person, requirement(credential, Kind.MODULE).offerings.get())
    return actions.move(candidacy=candidacy, to_state="candidate", by=staff)


def ready_for_review(
    person: User, credential: Credential, staff: User, supervisor: User
) -> Candidacy:
    """Every requirement but the final application done; the application sent and its fee
    recorded (not yet approved): under review."""
    candidacy = to_candidate(person, credential, staff)
    for module in credential.requirements.filter(kind=Kind.MODULE)[1:]:
        attend(person, module.offerings.get())
    quiz = requirement(credential, Kind.QUIZ)
    attempt = actions.send_quiz(candidacy=candidacy, requirement=quiz, answers=["A", "B"])
    actions.grade_quiz(attempt=attempt, by=staff, passed=True)
    supervise(candidacy, supervisor, credential.supervision_hours_required)
    approve_evidence(candidacy, Kind.ASSESSMENT, staff)
    approve_evidence(candidacy, Kind.ATTESTATION, staff)
    application = actions.send_evidence(
        candidacy=candidacy, requirement=requirement(credential, Kind.APPLICATION),
        note="I apply for the credential.",
    )  # fmt: skip
    actions.record_fee_paid(evidence=application, by=staff)
    return actions.move(candidacy=candidacy, to_state="under_review", by=person)


def certify(
    person: User, credential: Credential, *, issued_on: datetime.date | None = None
) -> Certification:
    """A certification issued directly (as for a holder certified before this system)."""
    return actions.issue(person=person, credential=credential, issued_on=issued_on)
