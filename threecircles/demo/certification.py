"""The institute's credentials for the demo: the CSAT and five more credentials with their
requirements in order, three candidates at different stages (one can sign in), two certified
therapists listed in the directory (one in renewal), one whose certification lapsed, and an
approved supervisor (the demo supervisor, Sam).

Every person, practice and text here was written for this demo and is fictional. Addresses are
at example.org, which receives no mail. Running it again adds nothing: each record is looked
up first (credentials by code, people by address).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from threecircles.accounts.models import Role, User
from threecircles.certification import actions
from threecircles.certification.models import (
    ApprovedSupervisor,
    Candidacy,
    CandidacyState,
    CECategory,
    CECredit,
    Certification,
    Credential,
    Decision,
    DirectoryListing,
    Evidence,
    Issue,
    Population,
    QuizAttempt,
    Renewal,
    Requirement,
    RequirementKind,
    SupervisionSession,
)
from threecircles.demo.cast import DemoPerson
from threecircles.demo.events import MODULE_SLUG, fee_on
from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationType,
    SessionAttendance,
)
from threecircles.membership.models import Membership, MemberType, new_member_number

Kind = RequirementKind
CHICAGO = ZoneInfo("America/Chicago")

# The demo candidate who can sign in (an institute member working towards the CSAT).
DEMO_CANDIDATE = DemoPerson(
    "candidate", "Avery Quinn", "member", "CSAT candidate: module 1 done, supervision under way"
)

MODULE_2_SLUG = "training-treatment-planning-three-circles"

# --- credentials ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CredentialText:
    code: str
    name: str
    description: str
    supervision_hours: int
    fee: str
    modules: int
    order: int


CREDENTIALS = [
    CredentialText(
        "CSAT",
        "Certified Sex Addiction Therapist",
        "The institute's flagship credential for licensed clinicians who assess and treat "
        "compulsive sexual behavior. It asks for four training modules, thirty hours of "
        "supervision with an approved supervisor, an assessment, two letters of "
        "recommendation and a final application. It is renewed every two years with fifteen "
        "hours of continuing education and a signed ethics agreement.",
        30,
        "350.00",
        4,
        1,
    ),
    CredentialText(
        "ACSAT",
        "Associate Sex Addiction Therapist",
        "For clinicians still completing their licensure hours: the first two modules, ten "
        "hours of supervision and a final application. Most associates go on to the CSAT.",
        10,
        "150.00",
        2,
        2,
    ),
    CredentialText(
        "CPS",
        "Certified Partner Specialist",
        "For clinicians who work with the partners and spouses of people with compulsive sexual "
        "behavior, including betrayal trauma and disclosure preparation.",
        15,
        "250.00",
        1,
        3,
    ),
    CredentialText(
        "CMAT",
        "Certified Multiple Addiction Therapist",
        "For clinicians treating compulsive sexual behavior alongside substance use and other "
        "addictive behaviors.",
        15,
        "250.00",
        1,
        4,
    ),
    CredentialText(
        "CTT",
        "Certified Trauma Therapist",
        "For clinicians integrating trauma treatment into the care of people with compulsive "
        "sexual behavior and their families.",
        15,
        "250.00",
        1,
        5,
    ),
    CredentialText(
        "CSAT-S",
        "CSAT Supervisor",
        "For experienced CSATs who supervise candidates: a supervision module, supervised "
        "supervision and a final application. Holders may be approved as supervisors.",
        10,
        "200.00",
        1,
        6,
    ),
]

MODULE_TITLES = [
    "Module 1: foundations of assessment",
    "Module 2: treatment planning and the three circles",
    "Module 3: trauma, attachment and family work",
    "Module 4: relapse prevention and long-term recovery",
]
QUIZ_QUESTIONS = (
    "In your own words, how does compulsive sexual behavior differ from sexual offending?\n"
    "What would you do if an intake screening suggests offending behavior?\n"
    "Name three behaviors a client might place in the middle circle, and why."
)


def _credential(text: CredentialText, offerings: list[Event]) -> Credential:
    existing = Credential.objects.filter(code=text.code).first()
    if existing is not None:
        return existing
    credential = Credential.objects.create(
        code=text.code,
        name=text.name,
        slug=text.code.lower(),
        description=text.description,
        supervision_hours_required=Decimal(text.supervision_hours),
        application_fee=Decimal(text.fee),
        order=text.order,
    )
    order = iter(range(10, 1000, 10))

    def add(kind: str, title: str, description: str = "", **extra: object) -> Requirement:
        return Requirement.objects.create(
            credential=credential,
            kind=kind,
            title=title,
            description=description,
            order=next(order),
            **extra,
        )

    add(
        Kind.ELIGIBILITY,
        "Eligibility",
        "A current licence to practise psychotherapy or counselling, a master's degree or "
        "higher, and two years of clinical practice. Upload your licence and degree.",
    )
    for n in range(text.modules):
        offering = offerings[n] if n < len(offerings) else None
        # A module takes as long as its offering runs (six hours until one is scheduled).
        hours = sum((s.hours for s in offering.sessions.all()), Decimal(0)) if offering else 0
        module = add(Kind.MODULE, MODULE_TITLES[n], hours=Decimal(hours or 6))
        if offering is not None:
            module.offerings.add(offering)
        if n == 0:
            add(Kind.QUIZ, "Module 1 quiz", "Three short written answers.", module=module,
                questions=QUIZ_QUESTIONS)  # fmt: skip
    add(
        Kind.SUPERVISION,
        "Supervision",
        f"{text.supervision_hours} hours with an approved supervisor, logged by you and "
        "confirmed by them.",
    )
    if text.code == "CSAT":
        add(Kind.ASSESSMENT, "Assessment", "A recorded case presentation, scored by faculty.")
        add(Kind.ATTESTATION, "Letters of recommendation", "Two letters from colleagues.")
    add(
        Kind.APPLICATION,
        "Final application",
        "Your application for review, once every other requirement is met. The fee is "
        "recorded by staff.",
    )
    return credential


# --- people -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Therapist:
    key: str
    name: str
    practice: str
    city: str
    region: str
    telehealth: bool
    languages: str
    populations: list[str]
    issues: list[str]
    about: str


RENEE = Therapist(
    "renee.castillo",
    "Renee Castillo, LMFT",
    "Lakeshore Counseling Group",
    "Chicago",
    "Illinois",
    True,
    "English, Spanish",
    [Population.ADULTS, Population.COUPLES, Population.PARTNERS],
    [Issue.COMPULSIVE, Issue.PORNOGRAPHY, Issue.PARTNER_BETRAYAL],
    "I work with adults and couples affected by compulsive sexual behavior, in person in "
    "Chicago and by video across Illinois. Sessions in English or Spanish.",
)
MARCUS = Therapist(
    "marcus.webb",
    "Marcus Webb, LPC",
    "High Desert Recovery Counseling",
    "Albuquerque",
    "New Mexico",
    True,
    "English",
    [Population.ADULTS, Population.PROFESSIONALS, Population.FAITH],
    [Issue.COMPULSIVE, Issue.MULTIPLE, Issue.TRAUMA, Issue.OFFENDING],
    "Individual and group treatment for men and women, including people whose behavior has "
    "involved the law: I refer to and work alongside specialist offending-behavior programs.",
)
JORDAN = Therapist(
    "jordan.pike",
    "Jordan Pike, LCSW",
    "Pike Counseling",
    "Spokane",
    "Washington",
    False,
    "English",
    [Population.ADULTS],
    [Issue.COMPULSIVE],
    "Listed while certified; the certification has lapsed, so the directory does not show it.",
)


def _person(key: str, name: str, role: str = Role.MEMBER) -> User:
    """A demo person who does not sign in (no usable password)."""
    email = f"{key}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, display_name=name, role=role)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _module_2(today: date) -> Event:
    event = Event.objects.filter(slug=MODULE_2_SLUG).first()
    if event is not None:
        return event
    starts_on = today + timedelta(days=45)
    event = Event.objects.create(
        kind=EventKind.TRAINING,
        title="Training module 2: treatment planning and the three circles",
        slug=MODULE_2_SLUG,
        summary="Building an individual treatment plan, and a healthy sex plan with the client.",
        description=(
            "Two days on turning an assessment into an individual plan: choosing modalities, "
            "setting measurable goals, and helping a client draw their three circles. For "
            "candidates of the CSAT and ACSAT who have completed module 1."
        ),
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=1),
        time_zone="America/Chicago",
        venue="Lakeside Conference Center, 400 E Randolph St, Chicago",
        capacity=30,
        published=True,
    )
    RegistrationType.objects.create(
        event=event, name="Member", audience="member", price=Decimal("395.00")
    )
    RegistrationType.objects.create(
        event=event, name="Non-member", audience="non_member", price=Decimal("495.00")
    )
    for start, title in [(9, "Formulation to plan"), (13, "Drawing the three circles")]:
        for day in range(2):
            at = datetime.combine(starts_on + timedelta(days=day), time(start), CHICAGO)
            EventSession.objects.create(
                event=event,
                title=f"{title} ({'day one' if day == 0 else 'day two'})",
                starts_at=at,
                ends_at=at + timedelta(hours=3),
            )
    return event


def _attended(person: User, event: Event, staff: User) -> None:
    """A place as the registration part would have made it (the member price only for a member
    in good standing, a confirmed place invoiced), then attendance taken from the list."""
    if Registration.objects.filter(event=event, person=person).exists():
        return
    membership = Membership.objects.filter(email=person.email).first()
    member = membership is not None and membership.in_good_standing()
    audience = RegistrationType.Audience.MEMBER if member else RegistrationType.Audience.NON_MEMBER
    rtype = event.registration_types.filter(audience=audience).order_by("price").first()
    assert rtype is not None, f"{event.slug} has no {audience} price"
    at = timezone.now() - timedelta(days=60)
    registration = Registration.objects.create(
        event=event,
        registration_type=rtype,
        person=person,
        name=person.display_name,
        email=person.email,
        status=Registration.Status.CONFIRMED,
        fee=fee_on(rtype, timezone.localdate(at)),
        currency=rtype.currency,
        registered_at=at,
        confirmed_at=at,
    )
    registration.invoice_number = f"EV-{at.year}-{registration.pk:05d}"
    registration.paid_at = at + timedelta(days=2)
    registration.payment_reference = f"Bank transfer {registration.invoice_number}"
    registration.save(update_fields=["invoice_number", "paid_at", "payment_reference"])
    for session in event.sessions.all():
        SessionAttendance.objects.create(
            registration=registration,
            session=session,
            method=SessionAttendance.Method.LIST,
            hours=session.hours,
            recorded_by=staff,
            recorded_at=session.ends_at,
        )


def _evidence(candidacy: Candidacy, kind: str, note: str, staff: User | None) -> None:
    requirement = candidacy.credential.requirements.filter(kind=kind).first()
    if requirement is None:
        return
    evidence = Evidence.objects.create(candidacy=candidacy, requirement=requirement, note=note)
    if kind == Kind.APPLICATION:
        evidence.fee_paid = True
        evidence.save(update_fields=["fee_paid"])
    if staff is not None:
        actions.decide_evidence(evidence=evidence, by=staff, approve=True)


def _supervised(candidacy: Candidacy, supervisor: User, confirmed: list[str], waiting: str) -> None:
    agreement = actions.propose_agreement(candidacy=candidacy, supervisor=supervisor)
    actions.answer_agreement(agreement=agreement, by=supervisor, accept=True)
    today = timezone.localdate()
    for weeks, hours in enumerate(confirmed, start=1):
        session = SupervisionSession.objects.create(
            agreement=agreement,
            held_on=today - timedelta(weeks=weeks),
            hours=Decimal(hours),
            topic="Assessment planning and case formulation",
        )
        actions.answer_session(session=session, by=supervisor, confirm=True)
    if waiting:
        SupervisionSession.objects.create(
            agreement=agreement,
            held_on=today - timedelta(days=2),
            hours=Decimal(waiting),
            topic="Preparing a first healthy sex plan with a client",
        )


def _move(candidacy: Candidacy, to_state: str, by: User) -> Candidacy:
    return actions.move(candidacy=candidacy, to_state=to_state, by=by)


def _listing(person: User, therapist: Therapist) -> None:
    DirectoryListing.objects.get_or_create(
        person=person,
        defaults={
            "slug": therapist.key.replace(".", "-"),
            "visible": True,
            "display_name": therapist.name,
            "practice": therapist.practice,
            "city": therapist.city,
            "region": therapist.region,
            "country": "United States",
            "telehealth": therapist.telehealth,
            "languages": therapist.languages,
            "populations": list(therapist.populations),
            "issues": list(therapist.issues),
            "about": therapist.about,
        },
    )


def _credit(person: User, title: str, hours: str, completed: date, decision: str) -> None:
    CECredit.objects.get_or_create(
        person=person,
        title=title,
        defaults={
            "source": CECredit.Source.EXTERNAL,
            "provider": "A university continuing-education program",
            "category": CECategory.TRAUMA,
            "hours": Decimal(hours),
            "completed_on": completed,
            "decision": decision,
            "decided_at": timezone.now() if decision != Decision.WAITING else None,
        },
    )


def _member(person: User, today: date) -> None:
    """Avery is an institute member too, as most candidates are."""
    if Membership.objects.filter(email=person.email).exists():
        return
    member_type = MemberType.objects.order_by("order").first()
    if member_type is None:
        return
    Membership.objects.create(
        member_type=member_type,
        person=person,
        status=Membership.Status.ACTIVE,
        member_number=new_member_number(),
        name=person.display_name,
        email=person.email,
        profession="Licensed professional counselor",
        city="Austin",
        region="Texas",
        country="United States",
        joined_on=today - timedelta(days=400),
        paid_through=today + timedelta(days=330),
    )


def seed_certification(staff: User, supervisor: User, candidate_account: User) -> dict[str, str]:
    """The demo's certification records; returns the verification codes of one active and one
    lapsed certificate (for `seed_demo` to print)."""
    today = timezone.localdate()
    module_1 = Event.objects.get(slug=MODULE_SLUG)
    module_2 = _module_2(today)
    credentials = {
        text.code: _credential(text, [module_1, module_2] if text.modules > 1 else [module_1])
        for text in CREDENTIALS
    }
    csat = credentials["CSAT"]
    ApprovedSupervisor.objects.get_or_create(person=supervisor, defaults={"approved_by": staff})
    _member(candidate_account, today)
    if not Candidacy.objects.exists():
        # Morgan: an applicant whose eligibility evidence waits for staff.
        morgan = _person("morgan.ellis", "Morgan Ellis")
        applicant = actions.start(person=morgan, credential=csat)
        _evidence(applicant, Kind.ELIGIBILITY, "Licence (LMHC, New York) and MA diploma.", None)
        # Avery (signs in): a candidate, module 1 attended, quiz waiting, supervision under way.
        candidacy = actions.start(person=candidate_account, credential=csat)
        _evidence(candidacy, Kind.ELIGIBILITY, "Licence (LPC, Texas) and diploma.", staff)
        _attended(candidate_account, module_1, staff)
        candidacy = _move(candidacy, CandidacyState.CANDIDATE, staff)
        quiz = csat.requirements.get(kind=Kind.QUIZ)
        QuizAttempt.objects.create(
            candidacy=candidacy,
            requirement=quiz,
            answers=[
                "Offending involves a victim and no consent; compulsive behavior may not.",
                "Talk it through with my supervisor and refer to a specialist program.",
                "Staying up late online, skipping meetings, isolating after conflict.",
            ],
        )
        _supervised(candidacy, supervisor, ["2.00", "1.50", "2.00", "1.50", "2.00"], "1.50")
        # Harper: every requirement met, the application sent and paid: under review.
        harper = _person("harper.nguyen", "Harper Nguyen")
        review = actions.start(person=harper, credential=credentials["CPS"])
        _evidence(review, Kind.ELIGIBILITY, "Licence (LCSW, Oregon).", staff)
        _attended(harper, module_1, staff)
        review = _move(review, CandidacyState.CANDIDATE, staff)
        attempt = QuizAttempt.objects.filter(candidacy=review).first()
        if attempt is None and review.credential.requirements.filter(kind=Kind.QUIZ).exists():
            attempt = actions.send_quiz(
                candidacy=review,
                requirement=review.credential.requirements.get(kind=Kind.QUIZ),
                answers=["A victim and no consent.", "Refer.", "Isolation, secrecy, lateness."],
            )
            actions.grade_quiz(attempt=attempt, by=staff, passed=True)
        _supervised(review, supervisor, ["3.00"] * 5, "")
        _evidence(review, Kind.APPLICATION, "I apply for the CPS.", None)
        _move(review, CandidacyState.UNDER_REVIEW, harper)
    codes: dict[str, str] = {}
    # Renee: certified ten months ago, listed in the directory, an external course waiting.
    renee = _person(RENEE.key, RENEE.name.split(",")[0])
    active = Certification.objects.filter(person=renee).first() or actions.issue(
        person=renee, credential=csat, issued_on=today - timedelta(days=300)
    )
    _listing(renee, RENEE)
    _credit(renee, "Trauma-informed care for couples", "6.00", today - timedelta(days=20),
            Decision.WAITING)  # fmt: skip
    codes["active"] = active.verification_code
    # Marcus: certified nearly two years ago, with his CE hours; his renewal waits for staff.
    marcus = _person(MARCUS.key, MARCUS.name.split(",")[0])
    renewing = Certification.objects.filter(person=marcus).first() or actions.issue(
        person=marcus, credential=csat, issued_on=today - timedelta(days=700)
    )
    _listing(marcus, MARCUS)
    _attended(marcus, module_1, staff)
    actions.credits_from_attendance(marcus)
    _credit(marcus, "Ethics in addiction treatment", "6.00", today - timedelta(days=200),
            Decision.APPROVED)  # fmt: skip
    _credit(marcus, "Motivational interviewing, advanced", "6.00", today - timedelta(days=90),
            Decision.APPROVED)  # fmt: skip
    if not Renewal.objects.filter(certification=renewing).exists():
        Renewal.objects.create(
            certification=renewing,
            period_end=renewing.expires_on,
            ethics_signed_name="Marcus Webb",
            ce_hours=actions.ce_hours_for_renewal(renewing),
        )
    # Jordan: certified three years ago and never renewed: lapsed, so not in the directory.
    jordan = _person(JORDAN.key, JORDAN.name.split(",")[0])
    lapsed = Certification.objects.filter(person=jordan).first() or actions.issue(
        person=jordan, credential=csat, issued_on=today - timedelta(days=3 * 365)
    )
    _listing(jordan, JORDAN)
    codes["lapsed"] = lapsed.verification_code
    return codes
