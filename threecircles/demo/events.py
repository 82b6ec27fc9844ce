"""The institute's events for the demo: the yearly symposium (two days, two tracks, six
sessions), a full workshop with a waitlist, a training module that took place last month
with its attendance hours, and a webinar next month.

Dates are counted from today, so the demo always has something coming up and something
past. Every text was written for this demo; the venue, the speakers and every person
registered are fictional, and every address is at example.org.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from threecircles.accounts.models import User
from threecircles.events.models import (
    Event,
    EventKind,
    EventSession,
    Registration,
    RegistrationType,
    SessionAttendance,
    Speaker,
    Track,
)

TIME_ZONE = "America/Chicago"
SYMPOSIUM_SLUG = "yearly-symposium"
WORKSHOP_SLUG = "workshop-motivational-interviewing"
MODULE_SLUG = "training-foundations-of-assessment"
WEBINAR_SLUG = "webinar-screening-in-primary-care"
CLINICAL = "Clinical practice"
PARTNERS = "Partners and families"
Audience = RegistrationType.Audience


@dataclass(frozen=True)
class SpeakerText:
    name: str
    credentials: str
    bio: str


@dataclass(frozen=True)
class SessionText:
    title: str
    track: str  # a track's name; empty for events without tracks
    day: int  # 0 for the event's first day
    starts: time
    ends: time
    room: str
    speakers: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class TypeText:
    name: str
    audience: str
    price: str
    early_price: str = ""  # with an early price, it holds through `early_until`


@dataclass(frozen=True)
class Attendee:
    name: str
    audience: str
    days_ago: int  # when they registered
    paid: bool = True

    @property
    def email(self) -> str:
        return f"{slugify(self.name).replace('-', '.')}@example.org"


# --- speakers ---------------------------------------------------------------------------------

SPEAKERS = [
    SpeakerText(
        "Dr. Miriam Castellanos",
        "PhD, licensed psychologist",
        "Miriam has assessed adults referred for sexual behavior concerns for twenty years, in "
        "outpatient clinics and as a consultant to courts. She teaches the institute's module "
        "on assessment.",
    ),
    SpeakerText(
        "Dr. Aisha Rahman",
        "MD, psychiatrist",
        "Aisha is a psychiatrist at a community trauma service. Her work focuses on how early "
        "trauma shapes compulsive behavior and on care that does not repeat old harm.",
    ),
    SpeakerText(
        "Daniel Whitford",
        "LCSW, certified by the institute",
        "Daniel runs groups for men and women in outpatient treatment for compulsive sexual "
        "behavior and supervises newly certified therapists.",
    ),
    SpeakerText(
        "Elena Marchetti",
        "LMFT",
        "Elena is a couple and family therapist who works with partners after the discovery "
        "or disclosure of compulsive sexual behavior.",
    ),
    SpeakerText(
        "Dr. Kwame Mensah",
        "PhD, LMFT",
        "Kwame researches how couples rebuild trust and leads a program for partners at a "
        "university counseling center.",
    ),
    SpeakerText(
        "Rebecca Holm",
        "LPC, certified by the institute",
        "Rebecca has used the three circles with clients for fifteen years, in individual "
        "therapy and in intensive outpatient programs.",
    ),
    SpeakerText(
        "Dr. Naomi Feld",
        "PsyD, licensed psychologist",
        "Naomi chairs the institute's ethics committee and consults on telehealth practice "
        "for group practices.",
    ),
    SpeakerText(
        "Jonah Whitaker",
        "JD",
        "Jonah is a health lawyer who advises clinicians on licensing, privacy and records "
        "across state lines.",
    ),
    SpeakerText(
        "Dr. Ingrid Solberg",
        "PhD, research psychologist",
        "Ingrid studies treatment outcomes for compulsive sexual behavior and the wellbeing of "
        "partners and families.",
    ),
    SpeakerText(
        "Ruth Abernathy",
        "LPC, motivational interviewing trainer",
        "Ruth trains clinicians in motivational interviewing and has led workshops for "
        "treatment teams across the Midwest.",
    ),
    SpeakerText(
        "Dr. Paul Nakamura",
        "MD, family physician",
        "Paul is a family physician who teaches primary care teams how to ask about sexual "
        "health with care and how to refer.",
    ),
]

# --- the yearly symposium ---------------------------------------------------------------------

SYMPOSIUM_VENUE = "Lakeview Conference Center, 2400 Meridian Avenue, Evanston, IL 60201"
SYMPOSIUM_SUMMARY = (
    "Two days for professionals who treat compulsive sexual behavior and who care for "
    "partners and families: assessment, trauma-informed care, relapse prevention, ethics and "
    "research. In person in Evanston or online."
)
SYMPOSIUM_DESCRIPTION = """\
Our yearly symposium brings together therapists, counselors, physicians, researchers and
students who work with people affected by compulsive sexual behavior, and with their partners
and families.

# The program

Two tracks run over two days:

- **Clinical practice**: assessment that tells compulsive sexual behavior apart from
  offending, trauma-informed care, relapse prevention with the three circles, and the ethics
  of telehealth.
- **Partners and families**: working with partners after betrayal, and what research is
  teaching us about families and recovery.

Every session counts towards attendance hours, which we record for continuing education.

# Taking part

Join us at the conference center or follow the sessions online; the link is sent with your
confirmation. Members and non-members pay a lower early-bird price until four weeks before the
symposium. Students pay a reduced price throughout.

_Demonstration content: the venue, the speakers and the people registered are fictional._
"""
SYMPOSIUM_TYPES = [
    TypeText("Member", Audience.MEMBER, "390.00", "320.00"),
    TypeText("Non-member", Audience.NON_MEMBER, "520.00", "450.00"),
    TypeText("Student", Audience.STUDENT, "150.00"),
]
SYMPOSIUM_SESSIONS = [
    SessionText(
        "Assessment: telling compulsive sexual behavior apart from offending",
        CLINICAL,
        0,
        time(9, 0),
        time(10, 30),
        "Main hall",
        ("Dr. Miriam Castellanos",),
        """\
Most people who seek help for compulsive sexual behavior have never harmed anyone, and a
careful assessment says so clearly. A few also have offending behavior, which needs
specialist treatment and may carry a duty to report.

This session walks through a first assessment: the questions that separate the two, the
screening tools worth using, how to explain the limits of confidentiality before they matter,
and when and how to refer.""",
    ),
    SessionText(
        "Trauma-informed care in treatment for compulsive sexual behavior",
        CLINICAL,
        0,
        time(11, 0),
        time(12, 30),
        "Main hall",
        ("Dr. Aisha Rahman", "Daniel Whitford"),
        """\
Many people in treatment carry trauma that shaped how they learned to cope. We look at
safety, choice and collaboration in everyday practice: pacing disclosure, avoiding shame as a
motivator, recognizing when a client needs stabilization first, and caring for ourselves as
clinicians.""",
    ),
    SessionText(
        "Working with partners: betrayal trauma after discovery or disclosure",
        PARTNERS,
        0,
        time(14, 0),
        time(15, 30),
        "Lake room",
        ("Elena Marchetti", "Dr. Kwame Mensah"),
        """\
Partners often come to us in shock, with their own symptoms of trauma. This session offers a
framework for supporting partners in their own right: safety and stabilization, what a
therapeutic disclosure is and is not, and how individual, couple and family work fit
together without making the partner responsible for anyone's recovery.""",
    ),
    SessionText(
        "Relapse prevention and the three circles",
        CLINICAL,
        1,
        time(9, 0),
        time(10, 30),
        "Main hall",
        ("Rebecca Holm",),
        """\
The three circles give clients a plain way to name what they want to stop, the warning signs
along the way, and the life they are building. We practice drafting circles with a client,
revising them as recovery grows, and responding to a slip with curiosity instead of blame.""",
    ),
    SessionText(
        "Ethics and telehealth: privacy, boundaries and practice across state lines",
        CLINICAL,
        1,
        time(11, 0),
        time(12, 30),
        "Main hall",
        ("Dr. Naomi Feld", "Jonah Whitaker"),
        """\
Online sessions have made treatment easier to reach, and raised new questions. A
psychologist and a health lawyer discuss consent and privacy on video, keeping records safe,
licensing when a client moves or travels, and what to do when a duty to protect arises in a
session held at a distance.""",
    ),
    SessionText(
        "Research update: partners, families and recovery",
        PARTNERS,
        1,
        time(14, 0),
        time(15, 30),
        "Lake room",
        ("Dr. Ingrid Solberg",),
        """\
What has the past year of research taught us? A summary of recent studies on treatment
outcomes for compulsive sexual behavior and on the wellbeing of partners and children, what
they mean for practice, and where the evidence is still thin.""",
    ),
]
SYMPOSIUM_ATTENDEES = [
    Attendee("Renee Castillo", Audience.MEMBER, 30),
    Attendee("Oliver Grant", Audience.NON_MEMBER, 24),
    Attendee("Mei Tanaka", Audience.STUDENT, 19, paid=False),
    Attendee("Farid Haddad", Audience.MEMBER, 12, paid=False),
    Attendee("Laura Svensson", Audience.NON_MEMBER, 6),
]

# --- the full workshop ------------------------------------------------------------------------

WORKSHOP_SUMMARY = (
    "A hands-on day of motivational interviewing for clinicians whose clients arrive "
    "ashamed, ambivalent or sent by someone else. Twelve places."
)
WORKSHOP_DESCRIPTION = """\
People often come to a first session ashamed, unsure they want to change, or because a
partner, an employer or a court asked them to. Motivational interviewing helps us meet them
there.

In this small workshop you practice, in pairs and in short role plays, how to:

- listen for and strengthen a person's own reasons for change;
- respond to ambivalence without arguing or lecturing;
- talk about hard subjects, such as a slip or a partner's distress, without adding shame.

The workshop is kept to twelve people so that everyone practices with feedback. When it is
full, you can join the waitlist: if a place frees up, the next person on the list is offered
it automatically.

_Demonstration content: the facilitator and the people registered are fictional._
"""
WORKSHOP_VENUE = "Institute training room, 815 Clark Street, Suite 300, Evanston, IL 60201"
WORKSHOP_TYPES = [TypeText("Non-member", Audience.NON_MEMBER, "180.00")]
WORKSHOP_SESSIONS = [
    SessionText(
        "Morning: the spirit and skills of motivational interviewing",
        "",
        0,
        time(9, 0),
        time(12, 0),
        "Training room",
        ("Ruth Abernathy",),
        "Open questions, affirmations, reflections and summaries, practiced in pairs.",
    ),
    SessionText(
        "Afternoon: ambivalence, shame and hard conversations",
        "",
        0,
        time(13, 0),
        time(16, 0),
        "Training room",
        ("Ruth Abernathy",),
        "Role plays from first sessions and after a slip, with feedback from the group.",
    ),
]
WORKSHOP_CONFIRMED = [
    Attendee("Hannah Lindqvist", Audience.NON_MEMBER, 30),
    Attendee("Andre Baptiste", Audience.NON_MEMBER, 29),
    Attendee("Yara Mansour", Audience.NON_MEMBER, 27, paid=False),
    Attendee("Colin Murphy", Audience.NON_MEMBER, 25),
    Attendee("Beatriz Santos", Audience.NON_MEMBER, 22),
    Attendee("Noah Fischer", Audience.NON_MEMBER, 20, paid=False),
    Attendee("Leila Karimi", Audience.NON_MEMBER, 18),
    Attendee("Isaac Goldberg", Audience.NON_MEMBER, 15),
    Attendee("Fatima Bello", Audience.NON_MEMBER, 13, paid=False),
    Attendee("Erik Johansson", Audience.NON_MEMBER, 11),
    Attendee("Chloe Martin", Audience.NON_MEMBER, 8),
    Attendee("Dev Patel", Audience.NON_MEMBER, 6, paid=False),
]
WORKSHOP_WAITLIST = [  # oldest first: the first to be offered a freed place
    Attendee("Maya Cohen", Audience.NON_MEMBER, 4, paid=False),
    Attendee("Samir Aziz", Audience.NON_MEMBER, 3, paid=False),
    Attendee("Julia Novak", Audience.NON_MEMBER, 1, paid=False),
]

# --- last month's training module -------------------------------------------------------------

MODULE_SUMMARY = (
    "The first module of the institute's training: how to assess compulsive sexual behavior "
    "with care, and when to refer."
)
MODULE_DESCRIPTION = """\
The first module of the institute's training for professionals. It covers the first
conversations with a person seeking help: building trust, a structured history, screening
questionnaires, explaining confidentiality and its limits, and recognizing when a person needs
a different kind of help, such as specialist treatment for offending behavior or crisis care.

Attendance hours from this module count towards the institute's certification.
"""
MODULE_TYPES = [
    TypeText("Member", Audience.MEMBER, "240.00"),
    TypeText("Non-member", Audience.NON_MEMBER, "320.00"),
]
MODULE_SESSIONS = [
    SessionText(
        "Foundations of assessment",
        "",
        0,
        time(9, 0),
        time(12, 30),
        "Training room",
        ("Dr. Miriam Castellanos",),
        "A first assessment from greeting to plan, with case examples and practice in pairs.",
    ),
]
MODULE_ATTENDEES = [
    Attendee("Teresa Quinn", Audience.MEMBER, 40),
    Attendee("Victor Lindgren", Audience.NON_MEMBER, 35),
]

# --- next month's webinar ---------------------------------------------------------------------

WEBINAR_SUMMARY = (
    "For physicians, nurses and primary care teams: how to ask about compulsive sexual "
    "behavior without judging, and where to refer."
)
WEBINAR_DESCRIPTION = """\
Primary care is often where a person first mentions that their sexual behavior worries them,
or where a partner first asks for help. This webinar offers a few plain questions to ask, how
to respond when someone says yes, and how to find a certified therapist nearby.

The webinar is online and open to everyone; there is no limit on places. Members attend free
of charge.
"""
WEBINAR_TYPES = [
    TypeText("Member", Audience.MEMBER, "0.00"),
    TypeText("Non-member", Audience.NON_MEMBER, "25.00"),
]
WEBINAR_SESSIONS = [
    SessionText(
        "Screening for compulsive sexual behavior in primary care",
        "",
        0,
        time(12, 0),
        time(13, 30),
        "",
        ("Dr. Paul Nakamura",),
        "Sixty minutes of talk and thirty minutes of questions from participants.",
    ),
]


@transaction.atomic
def seed_events(staff_user: User) -> None:
    """The demo's events; attendance is recorded by `staff_user`. Each event is looked up by
    its slug first, so running this again adds nothing."""
    today = timezone.localdate()
    speakers = {
        text.name: Speaker.objects.get_or_create(
            name=text.name, defaults={"credentials": text.credentials, "bio": text.bio}
        )[0]
        for text in SPEAKERS
    }
    _seed_symposium(today, speakers)
    _seed_workshop(today, speakers)
    _seed_module(today, speakers, staff_user)
    _seed_webinar(today, speakers)


def _seed_symposium(today: date, speakers: dict[str, Speaker]) -> None:
    if Event.objects.filter(slug=SYMPOSIUM_SLUG).exists():
        return
    starts_on = today + timedelta(weeks=10)
    event = _event(
        EventKind.SYMPOSIUM,
        SYMPOSIUM_SLUG,
        f"Yearly symposium {starts_on.year}: care that sees the whole person",
        SYMPOSIUM_SUMMARY,
        SYMPOSIUM_DESCRIPTION,
        starts_on=starts_on,
        days=2,
        venue=SYMPOSIUM_VENUE,
        online_url="https://stream.example.org/institute/symposium",
        capacity=300,
        opens_days_ago=60,
    )
    tracks = {
        name: Track.objects.create(event=event, name=name, order=order)
        for order, name in enumerate([CLINICAL, PARTNERS], start=1)
    }
    _sessions(event, SYMPOSIUM_SESSIONS, speakers, tracks)
    types = _types(event, SYMPOSIUM_TYPES, early_until=starts_on - timedelta(weeks=4))
    for attendee in SYMPOSIUM_ATTENDEES:
        _register(event, types[attendee.audience], attendee, Registration.Status.CONFIRMED)


def _seed_workshop(today: date, speakers: dict[str, Speaker]) -> None:
    if Event.objects.filter(slug=WORKSHOP_SLUG).exists():
        return
    event = _event(
        EventKind.WORKSHOP,
        WORKSHOP_SLUG,
        "Motivational interviewing when shame runs high",
        WORKSHOP_SUMMARY,
        WORKSHOP_DESCRIPTION,
        starts_on=today + timedelta(weeks=3),
        days=1,
        venue=WORKSHOP_VENUE,
        capacity=12,
        opens_days_ago=35,
    )
    _sessions(event, WORKSHOP_SESSIONS, speakers)
    types = _types(event, WORKSHOP_TYPES)
    for attendee in WORKSHOP_CONFIRMED:
        _register(event, types[attendee.audience], attendee, Registration.Status.CONFIRMED)
    for attendee in WORKSHOP_WAITLIST:
        _register(event, types[attendee.audience], attendee, Registration.Status.WAITLISTED)


def _seed_module(today: date, speakers: dict[str, Speaker], staff_user: User) -> None:
    if Event.objects.filter(slug=MODULE_SLUG).exists():
        return
    # A week before the end of last month: always last month, whatever today is.
    held_on = today.replace(day=1) - timedelta(days=8)
    event = _event(
        EventKind.TRAINING,
        MODULE_SLUG,
        "Training module 1: foundations of assessment",
        MODULE_SUMMARY,
        MODULE_DESCRIPTION,
        starts_on=held_on,
        days=1,
        venue=WORKSHOP_VENUE,
        capacity=20,
        opens_days_ago=(today - held_on).days + 45,
    )
    sessions = _sessions(event, MODULE_SESSIONS, speakers)
    types = _types(event, MODULE_TYPES)
    for attendee in MODULE_ATTENDEES:
        attendee_at = _days_before(held_on, attendee.days_ago)
        registration = _register(
            event, types[attendee.audience], attendee, Registration.Status.CONFIRMED, attendee_at
        )
        for session in sessions:
            SessionAttendance.objects.create(
                registration=registration,
                session=session,
                method=SessionAttendance.Method.LIST,
                hours=session.hours,
                recorded_by=staff_user,
                recorded_at=session.ends_at,
            )


def _seed_webinar(today: date, speakers: dict[str, Speaker]) -> None:
    if Event.objects.filter(slug=WEBINAR_SLUG).exists():
        return
    next_month = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    event = _event(
        EventKind.WEBINAR,
        WEBINAR_SLUG,
        "Screening for compulsive sexual behavior in primary care",
        WEBINAR_SUMMARY,
        WEBINAR_DESCRIPTION,
        starts_on=next_month + timedelta(days=9),
        days=1,
        online_url="https://stream.example.org/institute/webinar-primary-care",
        capacity=None,
        opens_days_ago=7,
    )
    _sessions(event, WEBINAR_SESSIONS, speakers)
    _types(event, WEBINAR_TYPES)


def _event(
    kind: str,
    slug: str,
    title: str,
    summary: str,
    description: str,
    *,
    starts_on: date,
    days: int,
    capacity: int | None,
    opens_days_ago: int,
    venue: str = "",
    online_url: str = "",
) -> Event:
    """A published event; registration opens `opens_days_ago` and closes the evening before
    the first day."""
    opens_at = timezone.now() - timedelta(days=opens_days_ago)
    return Event.objects.create(
        kind=kind,
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        time_zone=TIME_ZONE,
        venue=venue,
        online_url=online_url,
        capacity=capacity,
        registration_opens_at=opens_at,
        registration_closes_at=_local(starts_on - timedelta(days=1), time(18, 0)),
        published=True,
        created_at=opens_at - timedelta(days=7),
    )


def _sessions(
    event: Event,
    texts: list[SessionText],
    speakers: dict[str, Speaker],
    tracks: dict[str, Track] | None = None,
) -> list[EventSession]:
    sessions = []
    for text in texts:
        day = event.starts_on + timedelta(days=text.day)
        session = EventSession.objects.create(
            event=event,
            track=(tracks or {}).get(text.track),
            title=text.title,
            description=text.description,
            starts_at=_local(day, text.starts),
            ends_at=_local(day, text.ends),
            room=text.room,
        )
        session.speakers.set([speakers[name] for name in text.speakers])
        sessions.append(session)
    return sessions


def _types(
    event: Event, texts: list[TypeText], early_until: date | None = None
) -> dict[str, RegistrationType]:
    return {
        text.audience: RegistrationType.objects.create(
            event=event,
            name=text.name,
            audience=text.audience,
            price=Decimal(text.price),
            early_price=Decimal(text.early_price) if text.early_price else None,
            early_until=early_until if text.early_price else None,
        )
        for text in texts
    }


def _register(
    event: Event,
    rtype: RegistrationType,
    attendee: Attendee,
    status: str,
    at: datetime | None = None,
) -> Registration:
    """A registration as the registration part would have made it: the fee is the price that
    applied on the day, and a confirmed place has an invoice (paid or not yet)."""
    at = at or timezone.now() - timedelta(days=attendee.days_ago)
    confirmed = status == Registration.Status.CONFIRMED
    registration = Registration.objects.create(
        event=event,
        registration_type=rtype,
        name=attendee.name,
        email=attendee.email,
        status=status,
        fee=fee_on(rtype, timezone.localdate(at)),
        currency=rtype.currency,
        registered_at=at,
        confirmed_at=at if confirmed else None,
        waitlisted_at=None if confirmed else at,
    )
    if confirmed:
        registration.invoice_number = f"EV-{at.year}-{registration.pk:05d}"
        if attendee.paid:
            registration.paid_at = min(at + timedelta(days=2), timezone.now())
            registration.payment_reference = f"Bank transfer {registration.invoice_number}"
        registration.save(update_fields=["invoice_number", "paid_at", "payment_reference"])
    return registration


def fee_on(rtype: RegistrationType, on: date) -> Decimal:
    if rtype.early_price is not None and rtype.early_until and on <= rtype.early_until:
        return rtype.early_price
    return rtype.price


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(TIME_ZONE))


def _days_before(day: date, days: int) -> datetime:
    return _local(day - timedelta(days=days), time(10, 0))
