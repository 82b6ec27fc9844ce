"""The institute's members for the demo: three member types, forty members in every standing
(current, in the grace period, lapsed, approved and waiting for the first payment, applications
waiting for a decision) with up to three years of payments and the reminders already sent,
six member-only resources (one still a draft), one member who can sign in, and a member price
for every demo event.

Every person, practice and text here was written for this demo and is fictional. Addresses are
at example.org, which receives no mail.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from threecircles.accounts.models import User
from threecircles.demo.cast import DemoPerson
from threecircles.demo.events import MODULE_SLUG, SYMPOSIUM_SLUG, WEBINAR_SLUG, WORKSHOP_SLUG
from threecircles.events.models import Event, RegistrationType
from threecircles.membership.models import (
    GRACE_DAYS,
    MemberResource,
    Membership,
    MembershipPayment,
    MemberType,
    RenewalReminder,
    new_member_number,
)

Status = Membership.Status
Kind = RenewalReminder.Kind
Audience = RegistrationType.Audience

# The demo account of a member in good standing (signs in with the demo password).
DEMO_MEMBER = DemoPerson(
    "member", "Leslie Moreau", "member", "institute member in good standing (member area)"
)

# --- member types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeText:
    slug: str
    name: str
    fee: str
    description: str


CLINICAL, ASSOCIATE, STUDENT = "clinical", "associate", "student"
MEMBER_TYPES = [
    TypeText(
        CLINICAL,
        "Clinical member",
        "195.00",
        "For licensed clinicians who assess or treat people with compulsive sexual behavior, "
        "or who work with their partners and families: counselors, marriage and family "
        "therapists, social workers, psychologists, psychiatrists and nurse practitioners. "
        "Clinical members pay member prices at the symposium, workshops and training modules, "
        "and read the member resources.",
    ),
    TypeText(
        ASSOCIATE,
        "Associate member",
        "95.00",
        "For professionals who work alongside clinicians without a clinical licence: addiction "
        "and peer recovery specialists, chaplains and pastoral counselors, researchers, "
        "educators, nurses and program staff. Associate members have the same member prices "
        "and resources as clinical members.",
    ),
    TypeText(
        STUDENT,
        "Student member",
        "45.00",
        "For students in a graduate program in counseling, social work, psychology, marriage "
        "and family therapy or psychiatry. Please name your program and when you expect to "
        "finish it when you apply. Student members have member prices and the member "
        "resources.",
    ),
]

# --- members ----------------------------------------------------------------------------------

CURRENT, GRACE, LAPSED = "current", "grace", "lapsed"
AWAITING, APPLIED = "awaiting", "applied"


@dataclass(frozen=True)
class MemberText:
    name: str
    kind: str  # a member type's slug
    profession: str
    licence: str
    organisation: str
    city: str
    region: str
    country: str
    standing: str
    # Days from today to the paid-through date (negative: in the past). For members waiting
    # for their first payment, days since approval; for applications, days since applying.
    days: int
    years: int = 0  # years paid so far
    bio: str = ""
    statement: str = ""
    website: str = ""

    @property
    def email(self) -> str:
        plain = unicodedata.normalize("NFKD", self.name).encode("ascii", "ignore").decode()
        return f"{slugify(plain).replace('-', '.')}@example.org"


US = "United States"
MEMBERS = [
    # Thirty current members (the demo member among them, below), renewal dates spread over
    # the year; a few renew within the month, so their reminder has gone out. Renee Castillo,
    # Teresa Quinn and Farid Haddad registered for demo events at the member price.
    MemberText(
        "Hannah Whitcombe",
        CLINICAL,
        "Licensed marriage and family therapist",
        "LMFT 104233, California",
        "Bayview Relational Therapy",
        "Oakland",
        "California",
        US,
        CURRENT,
        212,
        3,
        bio="Works with couples after the discovery of compulsive sexual behavior, and with "
        "each partner on their own when that is safer.",
        website="https://bayview-relational.example.org",
    ),
    MemberText(
        "Mateo Delgado",
        CLINICAL,
        "Licensed clinical social worker",
        "LCSW 58107, Texas",
        "Hill Country Counseling Group",
        "Austin",
        "Texas",
        US,
        CURRENT,
        18,
        2,
        bio="Outpatient groups for men and women; bilingual sessions in English and Spanish.",
    ),
    MemberText(
        "Evelyn Hartsfield",
        CLINICAL,
        "Licensed clinical psychologist",
        "Psychologist 071-009812, Illinois",
        "Lakeshore Psychological Services",
        "Chicago",
        "Illinois",
        US,
        CURRENT,
        301,
        3,
        bio="Assessment and individual therapy; supervises early-career clinicians.",
    ),
    MemberText(
        "Tobias Nakamura",
        CLINICAL,
        "Licensed mental health counselor",
        "LMHC 60873412, Washington",
        "Cascade Counseling Associates",
        "Seattle",
        "Washington",
        US,
        CURRENT,
        95,
        2,
    ),
    MemberText(
        "Adaeze Okonjo",
        CLINICAL,
        "Licensed psychologist (PsyD)",
        "Psychologist PSY 7412, Georgia",
        "Peachtree Integrative Health",
        "Atlanta",
        "Georgia",
        US,
        CURRENT,
        160,
        1,
        bio="Integrates trauma-focused therapy with recovery work; special interest in "
        "shame and self-compassion.",
    ),
    MemberText(
        "Renee Castillo",
        CLINICAL,
        "Licensed professional counselor",
        "LPC 0081562, Colorado",
        "Front Range Therapy Collective",
        "Denver",
        "Colorado",
        US,
        CURRENT,
        44,
        3,
    ),
    MemberText(
        "Rebecca Lindqvist",
        ASSOCIATE,
        "Registered nurse, behavioral health",
        "RN 2284719, Minnesota",
        "North Star Behavioral Health",
        "Minneapolis",
        "Minnesota",
        US,
        CURRENT,
        250,
        2,
    ),
    MemberText(
        "Jonah Feldstein",
        CLINICAL,
        "Psychiatrist",
        "MD 301845, New York",
        "Hudson Valley Psychiatry",
        "Albany",
        "New York",
        US,
        CURRENT,
        130,
        3,
        bio="Medication assessment for people whose compulsive behavior comes with depression, "
        "anxiety or ADHD.",
    ),
    MemberText(
        "Teresa Quinn",
        CLINICAL,
        "Licensed marriage and family therapist",
        "LMFT 37FI00877100, New Jersey",
        "Princeton Couples and Family Center",
        "Princeton",
        "New Jersey",
        US,
        CURRENT,
        271,
        2,
    ),
    MemberText(
        "Samuel Achterberg",
        CLINICAL,
        "Licensed clinical social worker",
        "LCSW 9874-123, Wisconsin",
        "Lakeside Family Services",
        "Milwaukee",
        "Wisconsin",
        US,
        CURRENT,
        6,
        3,
    ),
    MemberText(
        "Grace Oyelaran",
        CLINICAL,
        "Licensed professional counselor",
        "LPC-MHSP 4416, Tennessee",
        "Cumberland Counseling",
        "Nashville",
        "Tennessee",
        US,
        CURRENT,
        188,
        1,
    ),
    MemberText(
        "Declan Murphy",
        CLINICAL,
        "Accredited psychotherapist",
        "IACP accredited, Ireland",
        "Liffey Psychotherapy Practice",
        "Dublin",
        "",
        "Ireland",
        CURRENT,
        77,
        2,
        bio="Individual and group psychotherapy; trains counselors in working with shame.",
    ),
    MemberText(
        "Fiona MacLeod",
        CLINICAL,
        "Counselling psychologist",
        "HCPC PYL31204, United Kingdom",
        "Leith Walk Psychology",
        "Edinburgh",
        "Scotland",
        "United Kingdom",
        CURRENT,
        340,
        3,
    ),
    MemberText(
        "Étienne Beaulieu",
        CLINICAL,
        "Registered psychotherapist",
        "CRPO 008734, Ontario",
        "Rideau Counselling Centre",
        "Ottawa",
        "Ontario",
        "Canada",
        CURRENT,
        120,
        2,
        bio="Sessions in French and English; works with partners and families.",
    ),
    MemberText(
        "Mei-Lin Chow",
        CLINICAL,
        "Registered psychologist",
        "AHPRA PSY0001873419, Australia",
        "Southbank Psychology",
        "Melbourne",
        "Victoria",
        "Australia",
        CURRENT,
        58,
        1,
    ),
    MemberText(
        "Andre Whitaker",
        ASSOCIATE,
        "Pastoral counselor and hospital chaplain",
        "",
        "Queen City Pastoral Care",
        "Charlotte",
        "North Carolina",
        US,
        CURRENT,
        270,
        2,
    ),
    MemberText(
        "Lucia Ferraro",
        ASSOCIATE,
        "Researcher in sexual health (PhD)",
        "",
        "Narragansett Institute for Sexual Health Research",
        "Providence",
        "Rhode Island",
        US,
        CURRENT,
        25,
        3,
        bio="Studies how people find and stay in treatment for compulsive sexual behavior.",
    ),
    MemberText(
        "Nathaniel Brooks",
        CLINICAL,
        "Licensed marriage and family therapist, certified sex therapist",
        "LMFT T1208, Oregon",
        "Willamette Relationship Therapy",
        "Portland",
        "Oregon",
        US,
        CURRENT,
        199,
        3,
    ),
    MemberText(
        "Farid Haddad",
        CLINICAL,
        "Licensed clinical social worker",
        "LCSW 6801093412, Michigan",
        "Great Lakes Family Counseling",
        "Dearborn",
        "Michigan",
        US,
        CURRENT,
        143,
        1,
    ),
    MemberText(
        "Owen Castellano",
        ASSOCIATE,
        "Treatment program coordinator",
        "",
        "Desert Bloom Recovery Services",
        "Phoenix",
        "Arizona",
        US,
        CURRENT,
        87,
        1,
    ),
    MemberText(
        "Beatrice Lund",
        STUDENT,
        "Master of social work student",
        "",
        "Twin Cities School of Social Work",
        "Saint Paul",
        "Minnesota",
        US,
        CURRENT,
        210,
        1,
    ),
    MemberText(
        "Kwame Asante",
        STUDENT,
        "Doctoral student in clinical psychology",
        "",
        "Back Bay Graduate School of Psychology",
        "Boston",
        "Massachusetts",
        US,
        CURRENT,
        65,
        2,
    ),
    MemberText(
        "Rachel Goldberg-Hayes",
        CLINICAL,
        "Licensed professional counselor",
        "LPC PC009876, Pennsylvania",
        "Schuylkill Counseling",
        "Philadelphia",
        "Pennsylvania",
        US,
        CURRENT,
        320,
        3,
    ),
    MemberText(
        "Diego Fuentes",
        CLINICAL,
        "Licensed marriage and family therapist",
        "LMFT 203114, Texas",
        "Riverwalk Family Therapy",
        "San Antonio",
        "Texas",
        US,
        CURRENT,
        12,
        2,
    ),
    MemberText(
        "Siobhan Keller",
        ASSOCIATE,
        "Certified alcohol and drug counselor (CADC-II)",
        "CADC-II 81473, California",
        "Capitol Recovery Center",
        "Sacramento",
        "California",
        US,
        CURRENT,
        175,
        2,
    ),
    MemberText(
        "Theo Adeyemi",
        STUDENT,
        "Master's student in clinical mental health counseling",
        "",
        "Olentangy Graduate School of Counseling",
        "Columbus",
        "Ohio",
        US,
        CURRENT,
        230,
        1,
    ),
    MemberText(
        "Margaret O'Donnell",
        CLINICAL,
        "Psychiatric-mental health nurse practitioner",
        "CRNP R0212873, Maryland",
        "Harborview Behavioral Health",
        "Baltimore",
        "Maryland",
        US,
        CURRENT,
        33,
        2,
    ),
    MemberText(
        "Ingrid Vestergaard",
        CLINICAL,
        "Psychologist and clinical sexologist",
        "Authorised psychologist, Denmark",
        "Nørrebro Psykologpraksis",
        "Copenhagen",
        "",
        "Denmark",
        CURRENT,
        260,
        1,
    ),
    MemberText(
        "Benjamin Oduya",
        ASSOCIATE,
        "Certified peer recovery specialist",
        "Peer support specialist, Kentucky",
        "Bluegrass Peer Recovery Network",
        "Louisville",
        "Kentucky",
        US,
        CURRENT,
        110,
        1,
    ),
    # Three in the grace period: the member area stays open, reminders urge renewal.
    MemberText(
        "Paul Strickland",
        CLINICAL,
        "Licensed clinical social worker",
        "LCSW 2014028877, Missouri",
        "Crossroads Counseling",
        "Kansas City",
        "Missouri",
        US,
        GRACE,
        -6,
        2,
    ),
    MemberText(
        "Anjali Deshpande",
        CLINICAL,
        "Licensed psychologist",
        "Psychologist 4971, North Carolina",
        "Oak City Psychology",
        "Raleigh",
        "North Carolina",
        US,
        GRACE,
        -17,
        1,
    ),
    MemberText(
        "Felix Wagner",
        ASSOCIATE,
        "Social worker in a men's counseling service",
        "",
        "Beratungsstelle Kreuzberg",
        "Berlin",
        "",
        "Germany",
        GRACE,
        -28,
        2,
    ),
    # Three lapsed: recently, a few months ago, and more than a year ago.
    MemberText(
        "Clara Jennings",
        CLINICAL,
        "Licensed marriage and family therapist",
        "LMFT 11-482931, Utah",
        "Wasatch Family Therapy",
        "Salt Lake City",
        "Utah",
        US,
        LAPSED,
        -44,
        2,
    ),
    MemberText(
        "Victor Almeida",
        STUDENT,
        "Graduate student in counseling psychology",
        "",
        "Biscayne Graduate School of Counseling",
        "Miami",
        "Florida",
        US,
        LAPSED,
        -80,
        1,
    ),
    MemberText(
        "Gordon Pike",
        CLINICAL,
        "Licensed professional counselor",
        "LPC 3304, Idaho",
        "Treasure Valley Counseling",
        "Boise",
        "Idaho",
        US,
        LAPSED,
        -410,
        3,
    ),
    # Two approved, their first payment due.
    MemberText(
        "Naomi Bergstrom",
        CLINICAL,
        "Licensed independent clinical social worker",
        "LICSW 068.0134567, Vermont",
        "Green Mountain Counseling",
        "Burlington",
        "Vermont",
        US,
        AWAITING,
        5,
    ),
    MemberText(
        "Isaac Mendoza",
        STUDENT,
        "Master's student in marriage and family therapy",
        "",
        "Rio Grande Graduate School of Family Therapy",
        "Albuquerque",
        "New Mexico",
        US,
        AWAITING,
        2,
    ),
    # Two applications waiting for a decision.
    MemberText(
        "Leah Abramowitz",
        CLINICAL,
        "Licensed psychologist",
        "Psychologist PS018874, Pennsylvania",
        "Three Rivers Psychological Associates",
        "Pittsburgh",
        "Pennsylvania",
        US,
        APPLIED,
        2,
        statement="About a quarter of the people I see in my practice come because of "
        "compulsive pornography use or the distress it causes at home. I would like to attend "
        "the training modules at the member price and to use the supervision guidance as I "
        "start a consultation group with two colleagues.",
    ),
    MemberText(
        "Kofi Mensah",
        ASSOCIATE,
        "Residential program manager",
        "",
        "Lakeshore Men's Residential Program",
        "Toronto",
        "Ontario",
        "Canada",
        APPLIED,
        6,
        statement="I manage a residential program where many residents also struggle with "
        "compulsive sexual behavior. I am not a clinician; I coordinate the clinical team and "
        "want our non-clinical staff to learn to respond to disclosures without shame. The "
        "member resources and webinars would help me train them.",
    ),
]

DEMO_MEMBER_TEXT = MemberText(
    DEMO_MEMBER.name,
    CLINICAL,
    "Licensed professional counselor",
    "LPC 180.012345, Illinois",
    "Evanston Counseling Partners",
    "Evanston",
    "Illinois",
    US,
    CURRENT,
    185,
    2,
    bio="Outpatient counseling for adults and couples; runs a weekly recovery group and "
    "consults for two community clinics.",
    website="https://evanston-counseling.example.org",
)

# --- member resources -------------------------------------------------------------------------

DEMO_NOTE = "\n\n_Demonstration content written for the institute's demo: check it against "
DEMO_NOTE += "your own licensing board's rules and current law before relying on it._\n"


@dataclass(frozen=True)
class ResourceText:
    slug: str
    title: str
    summary: str
    body: str
    link: str = ""
    published: bool = True
    days_ago: int = 30


RESOURCES = [
    ResourceText(
        "supervision-agreement-guidance",
        "Supervision agreement template (guidance)",
        "What a written supervision agreement covers, section by section, with wording you "
        "can adapt.",
        """\
A written agreement helps supervisor and supervisee agree, before the work starts, on what
supervision is for and what happens when something goes wrong. This guidance walks through
the sections we suggest; adapt the wording to your licensing board's rules.

## 1. Purpose and scope
Name the clinical work the supervision covers (for example: outpatient individual and group
therapy for adults with compulsive sexual behavior) and any work it does not cover.

## 2. Frequency and format
How often you meet, for how long, in person or by video, and how cases are presented
(recordings, notes without identifying details, live observation).

## 3. Confidentiality and its limits
Supervision discussions are confidential, with the same limits as clinical work. Agree on how
identifying details are removed, and on what the supervisor must act on: a risk to a client or
to others, a mandatory report, or a concern about the supervisee's fitness to practise.

## 4. Evaluation
When and how feedback is given, in writing and in person, and what happens if either of you
has concerns about progress.

## 5. Urgent situations
Who the supervisee contacts when a client is at risk and the supervisor cannot be reached.

## 6. Signatures and review
Both sign and date the agreement, and review it at least once a year.
"""
        + DEMO_NOTE,
        days_ago=120,
    ),
    ResourceText(
        "ethics-briefing-compulsive-sexual-behavior",
        "Ethics in treating compulsive sexual behavior: a member briefing",
        "Consent, values, confidentiality and scope of practice: the questions members ask "
        "us most.",
        """\
People seeking help for compulsive sexual behavior often arrive ashamed, and sometimes because
someone else asked them to come. Good practice starts with a few ethical commitments.

## Work from the person's own goals
Ask what the person wants to change and why. Do not impose your own values about sexuality,
religion or relationships; if a client's goals conflict with your values, consult, and refer
when you cannot work without bias.

## Informed consent
Explain the approach you use, what the evidence does and does not show, the expected length of
treatment, and the alternatives. Avoid promising outcomes.

## Confidentiality with partners and families
When a partner is involved, agree at the start what is shared between sessions and what is not.
Be clear about the limits of confidentiality, including mandatory reporting where it applies.

## Scope of practice
Assessment of sexual offending risk, and treatment of sexual offending, are specialist work.
If you are not trained for it, refer: see the member resource on referring to specialist
offending-behavior treatment.

## Language
Use person-first, non-shaming words in notes and letters: "a person with compulsive sexual
behavior", not labels that reduce the person to a behavior.
"""
        + DEMO_NOTE,
        days_ago=90,
    ),
    ResourceText(
        "telehealth-practice-checklist",
        "Telehealth practice checklist",
        "Before, at the start of, and after a video session: a short checklist.",
        """\
## Before the first video session
- Check that your licence covers the state or country where the client will be during
  sessions.
- Use a video service that your jurisdiction accepts for health care, with a signed business
  associate agreement where one is required.
- Agree a backup: the phone number you will call if the video drops.

## At the start of every session
- Confirm where the client is today: the address, in case emergency help is needed.
- Ask whether they can speak privately. Offer a code word that means "I am no longer alone".

## During the session
- Watch for signs that the client is not alone or not safe to speak, and adjust.
- Avoid screen sharing of anything sexually explicit, even as an example.

## After the session
- Write notes in your record system, not in the video service's chat.
- Send homework or worksheets through your practice's secure portal, not by text message.
"""
        + DEMO_NOTE,
        days_ago=60,
    ),
    ResourceText(
        "referring-to-offending-behavior-treatment",
        "Referring to specialist offending-behavior treatment",
        "When to refer, how to talk about it with the client, and what to send.",
        """\
Most people with compulsive sexual behavior have not offended and are at no risk of offending.
Some disclose behavior that is illegal, such as viewing sexual images of minors, or describe
urges that worry them. These people need specialist assessment and treatment, and they often
need it quickly.

## When to refer
- A disclosure of past or current sexual offending, including online offending.
- Sexual interest in children that the person describes or that you suspect.
- A court, probation officer or employer requires an offending-behavior program.

## Before you refer
Check your duty to report first: what must be reported depends on where you practise. Consult
your supervisor and your licensing board's guidance. The institute's staff can point you to the
reporting rules we keep for each jurisdiction.

## Talking with the client
Be direct and calm. Explain that specialist treatment works and that you are referring because
they deserve the right help, not as a punishment. Offer to stay in contact during the referral
if that is appropriate.

## What to send
With the client's written consent: the reason for referral, a short history, risk factors you
have noticed, current diagnoses and medication, and your contact details.
"""
        + DEMO_NOTE,
        days_ago=45,
    ),
    ResourceText(
        "member-webinar-recordings",
        "Member webinar recordings",
        "Recordings of the monthly member webinars, with the slides and a short summary of each.",
        """\
Members can watch each monthly webinar again for twelve months after it is held. Recordings
open on the institute's streaming page; sign in there with the same e-mail address as your
membership.

## Recent recordings
- **Working with shame in the first three sessions** (60 minutes, with slides).
- **Partners after disclosure: first steps** (75 minutes, with a handout).
- **Screening questionnaires: what the scores can and cannot tell you** (60 minutes).
- **Group therapy for compulsive sexual behavior: starting a group** (90 minutes).

Attendance hours count towards certification only for live attendance, not for recordings.
"""
        + DEMO_NOTE,
        link="https://stream.example.org/institute/member-recordings",
        days_ago=10,
    ),
    ResourceText(
        "partner-sensitive-practice-notes",
        "Partner-sensitive practice notes",
        "How to include partners without making them responsible for the client's recovery.",
        """\
_Draft for review by the training committee._

Partners often learn about compulsive sexual behavior through a discovery, and many describe
the weeks after it as traumatic. These notes collect what members have told us helps.

## Notes so far
- Offer the partner their own support, separate from the client's treatment.
- Do not ask a partner to monitor the client's devices or behavior.
- Plan any disclosure with both people, with time to prepare, rather than in a single session.
"""
        + DEMO_NOTE,
        published=False,
        days_ago=3,
    ),
]

# Where a demo event set no member price, members pay three quarters of the non-member price.
MEMBER_SHARE = Decimal("0.75")
DEMO_EVENTS = [SYMPOSIUM_SLUG, WORKSHOP_SLUG, MODULE_SLUG, WEBINAR_SLUG]


@transaction.atomic
def seed_membership(staff_user: User, member_account: User) -> None:
    """The demo's membership, decided and recorded by `staff_user`; `member_account` (the demo
    member's sign-in) holds a current membership. Each record is looked up first (member types
    and resources by slug, members by address), so running this again adds nothing."""
    today = timezone.localdate()
    types = {
        text.slug: MemberType.objects.get_or_create(
            slug=text.slug,
            defaults={
                "name": text.name,
                "description": text.description,
                "yearly_fee": Decimal(text.fee),
                "order": order,
            },
        )[0]
        for order, text in enumerate(MEMBER_TYPES, start=1)
    }
    for index, text in enumerate([DEMO_MEMBER_TEXT, *MEMBERS]):
        person = member_account if text is DEMO_MEMBER_TEXT else None
        email = member_account.email if person else text.email
        if not Membership.objects.filter(email=email).exists():
            _seed_member(text, email, index, types[text.kind], person, staff_user, today)
    for order, resource in enumerate(RESOURCES, start=1):
        MemberResource.objects.get_or_create(
            slug=resource.slug,
            defaults={
                "title": resource.title,
                "summary": resource.summary,
                "body": resource.body,
                "link": resource.link,
                "published": resource.published,
                "order": order,
                "updated_at": timezone.now() - timedelta(days=resource.days_ago),
            },
        )
    _member_prices()


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member_number(index: int) -> str:
    """Fixed numbers, so the demo reads the same each time; drawn anew if one was taken."""
    number = f"M-{(104729 + index * 7919) % 10**6:06d}"
    while Membership.objects.filter(member_number=number).exists():
        number = new_member_number()
    return number


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def paid_years(paid_through: date, years: int) -> list[tuple[date, date]]:
    """The `years` consecutive years ending on `paid_through`, oldest first: the periods that
    `actions.record_payment` would have recorded for a member who renewed on time."""
    periods = []
    end = paid_through
    for _ in range(years):
        start = _year_before(end) + timedelta(days=1)
        periods.append((start, end))
        end = start - timedelta(days=1)
    return periods[::-1]


def _seed_member(
    text: MemberText,
    email: str,
    index: int,
    member_type: MemberType,
    person: User | None,
    staff_user: User,
    today: date,
) -> None:
    profile = {
        "member_type": member_type,
        "person": person,
        "name": text.name,
        "email": email,
        "profession": text.profession,
        "licence": text.licence,
        "organisation": text.organisation,
        "city": text.city,
        "region": text.region,
        "country": text.country,
        "website": text.website,
        "bio": text.bio,
        "statement": text.statement,
    }
    if text.standing == APPLIED:
        Membership.objects.create(**profile, applied_at=_at(today - timedelta(days=text.days)))
        return
    if text.standing == AWAITING:
        decided = today - timedelta(days=text.days)
        Membership.objects.create(
            **profile,
            status=Status.ACTIVE,
            member_number=_member_number(index),
            applied_at=_at(decided - timedelta(days=6)),
            decided_at=_at(decided, 15),
            decided_by=staff_user,
        )
        return
    periods = paid_years(today + timedelta(days=text.days), text.years)
    joined, paid_through = periods[0][0], periods[-1][1]
    membership = Membership.objects.create(
        **profile,
        status=Status.ACTIVE,
        member_number=_member_number(index),
        applied_at=_at(joined - timedelta(days=12)),
        decided_at=_at(joined - timedelta(days=4), 15),
        decided_by=staff_user,
        decision_note="Licence checked." if text.licence else "",
        joined_on=joined,
        paid_through=paid_through,
    )
    for year, (start, end) in enumerate(periods):
        # The first year was paid the day it started; renewals a few days ahead.
        paid_on = start if year == 0 else start - timedelta(days=3 + (index + year) % 12)
        MembershipPayment.objects.create(
            membership=membership,
            period_start=start,
            period_end=end,
            amount=member_type.yearly_fee,
            currency=member_type.currency,
            reference=f"Invoice {start.year}-{index + 1:03d}",
            paid_at=_at(paid_on, 11),
            recorded_by=staff_user,
        )
    _reminders_sent(membership, paid_through, today)


REMINDER_DAYS = [
    (Kind.MONTH_BEFORE, -30),
    (Kind.WEEK_BEFORE, -7),
    (Kind.OVERDUE, 1),
    (Kind.LAPSED, GRACE_DAYS + 1),
]


def _reminders_sent(membership: Membership, paid_through: date, today: date) -> None:
    """The reminders the daily job would already have sent for this renewal date, each on its
    day, so that running the job on the demo sends only what is due from now on."""
    for kind, offset in REMINDER_DAYS:
        day = paid_through + timedelta(days=offset)
        if day <= today:
            RenewalReminder.objects.create(
                membership=membership, paid_through=paid_through, kind=kind, sent_at=_at(day, 14)
            )


def _member_prices() -> None:
    """Every demo event has a member price: the events part offers it to members in good
    standing."""
    for event in Event.objects.filter(slug__in=DEMO_EVENTS):
        types = event.registration_types.all()
        full = types.filter(audience=Audience.NON_MEMBER).order_by("pk").first()
        if full is None or types.filter(audience=Audience.MEMBER).exists():
            continue
        RegistrationType.objects.create(
            event=event,
            name="Member",
            audience=Audience.MEMBER,
            price=(full.price * MEMBER_SHARE).quantize(Decimal("1.00")),
            currency=full.currency,
        )
