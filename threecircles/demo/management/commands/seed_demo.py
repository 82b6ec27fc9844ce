from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from threecircles.accounts.models import (
    Invitation,
    Practice,
    PracticeKind,
    PracticeMembership,
    Role,
    User,
)
from threecircles.care.actions import add_note, close_episode, open_episode
from threecircles.demo.cast import (
    CLIENTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PAUSED,
    PEER_SUPPORT,
    STAFF,
    SUPPORTERS,
    DemoPerson,
)
from threecircles.demo.certification import DEMO_CANDIDATE, seed_certification
from threecircles.demo.content import seed_public_content
from threecircles.demo.events import seed_events
from threecircles.demo.membership import DEMO_MEMBER, seed_membership
from threecircles.demo.network import seed_answered_request, seed_peer_group
from threecircles.demo.recovery import seed_alices_recovery
from threecircles.demo.treatment import (
    seed_alices_treatment,
    seed_family_session,
    seed_program,
)
from threecircles.network.actions import connect_supporter, pause_member
from threecircles.network.models import SupportMember
from threecircles.recovery.actions import today_for
from threecircles.screening.actions import (
    complete_administration,
    intake_steps,
    send_instrument,
    start_intake,
)
from threecircles.screening.instruments import get_pack
from threecircles.screening.models import Administration, Provider, ReportingRule

EXAMPLE = "Example for the demo; check against current law before relying on it. "
REPORTING_RULES = [
    {
        "jurisdiction": "California, USA",
        "category": "sexual_images_of_minors",
        "what_must_be_reported": EXAMPLE
        + "Knowingly downloading, streaming or accessing sexual images of a minor counts as "
        "sexual exploitation under the Child Abuse and Neglect Reporting Act.",
        "report_to": "Local law enforcement or the county child welfare agency",
        "deadline": "By phone immediately or as soon as practicable; written report within "
        "36 hours",
        "legal_citation": "Cal. Penal Code §§ 11165.1(c)(3), 11166",
    },
    {
        "jurisdiction": "California, USA",
        "category": "age_of_partners",
        "what_must_be_reported": EXAMPLE
        + "Reasonable suspicion that a minor is a victim of sexual abuse.",
        "report_to": "Local law enforcement or the county child welfare agency",
        "deadline": "By phone immediately; written report within 36 hours",
        "legal_citation": "Cal. Penal Code §§ 11165.1, 11166",
    },
    {
        "jurisdiction": "California, USA",
        "category": "consent",
        "what_must_be_reported": EXAMPLE
        + "Adult victims: no general duty to report; assess any duty to warn an identifiable "
        "person at serious risk.",
        "report_to": "The identifiable person and law enforcement (duty to warn)",
        "deadline": "When a serious threat of violence is communicated",
        "legal_citation": "Cal. Civil Code § 43.92 (Tarasoff)",
    },
]
PROVIDERS = [
    ("Coastal Specialized Treatment Program", "sot", "555-0101"),
    ("Cedar Ridge Residential", "residential", "555-0102"),
    ("Dr. Amara Osei, psychiatrist", "psychiatrist", "555-0103"),
    ("Harbor Trauma Center", "trauma", "555-0104"),
]

DEMO_NOTES = {
    "alice": [
        "Intake completed. Alice describes compulsive pornography use that escalated during a "
        "period of work stress. No offending indicators. Goals: rebuild sleep routine, first "
        "draft of three circles.",
        "Reviewed the middle circle together: late nights alone with the laptop, skipping "
        "meals. Alice named her sponsor as first call.",
    ],
    "marcus": [
        "Admitted to residential program. Orientation to group schedule; first individual "
        "session booked."
    ],
    "priya": [
        "IOP week six. Reports fewer urges; practising urge surfing from the mindfulness group."
    ],
}


def _ensure_user(person: DemoPerson) -> tuple[User, bool]:
    user = User.objects.filter(email=person.email).first()
    if user:
        return user, False
    user = User.objects.create_user(
        person.email, DEMO_PASSWORD, display_name=person.name, role=person.role
    )
    if person.role == Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
    if user.needs_mfa and not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user, True


class Command(BaseCommand):
    help = "Create the demo practice, people and records. Safe to run again; refused in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        with transaction.atomic():
            created = self._seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} new accounts)."))
        self.stdout.write(self.sign_in_table())
        self.stdout.write(
            "Certificate verification codes (open /verify/<code>/): "
            f"active {self.codes['active']}, lapsed {self.codes['lapsed']}\n"
        )

    def _seed(self) -> int:
        created = 0
        harbor, _ = Practice.objects.get_or_create(
            name="Harbor Counseling", defaults={"kind": PracticeKind.OUTPATIENT}
        )
        cedar, _ = Practice.objects.get_or_create(
            name="Cedar Ridge Residential",
            defaults={"kind": PracticeKind.RESIDENTIAL, "weekly_hours_target": 50},
        )
        practices = {"harbor": harbor, "cedar": cedar}
        people: dict[str, User] = {}
        for person in STAFF:
            people[person.key], new = _ensure_user(person)
            created += new
        for practice, key in [(harbor, "bob"), (cedar, "dana")]:
            PracticeMembership.objects.get_or_create(
                practice=practice, user=people[key], defaults={"role": Role.CLINICIAN}
            )
        for practice in practices.values():
            PracticeMembership.objects.get_or_create(
                practice=practice, user=people["sam"], defaults={"role": Role.SUPERVISOR}
            )
        today = timezone.localdate()
        for person, practice_key, clinician_key, level, days, discharged in CLIENTS:
            client, new = _ensure_user(person)
            people[person.key] = client
            created += new
            if not new:
                continue
            episode = open_episode(
                client=client,
                practice=practices[practice_key],
                primary_clinician=people[clinician_key],
                level_of_care=level,
                started_on=today - timedelta(days=days),
            )
            for text in DEMO_NOTES.get(person.key, []):
                add_note(client=client, author=people[clinician_key], text=text)
            if discharged:
                close_episode(episode=episode, ended_on=today - timedelta(days=3))
        for person, client_key, relationship, shares in SUPPORTERS:
            supporter, new = _ensure_user(person)
            people[person.key] = supporter
            created += new
            if new:
                connect_supporter(
                    client=people[client_key],
                    supporter=supporter,
                    name=person.name,
                    relationship=relationship,
                    shares=shares,
                )
        for supporter_key, days in PAUSED:
            member = SupportMember.objects.get(invitation__accepted_by=people[supporter_key])
            if member.paused_until is None:
                pause_member(member=member, through=today_for(member.client) + timedelta(days))
        for supporter_key, client_key, relationship, shares in PEER_SUPPORT:
            peer, client = people[supporter_key], people[client_key]
            if not SupportMember.objects.filter(client=client, invitation__accepted_by=peer):
                connect_supporter(
                    client=client,
                    supporter=peer,
                    name=peer.display_name,
                    relationship=relationship,
                    shares=shares,
                )
        nate = people["nate"]
        if not SupportMember.objects.filter(client=nate).exists():
            _, token_hash = Invitation.new_token()
            invitation = Invitation.objects.create(
                email="sponsor-of-nate@example.org",
                role=Role.SUPPORTER,
                token_hash=token_hash,
                invited_by=nate,
                client=nate,
                expires_at=Invitation.default_expiry(),
            )
            SupportMember.objects.create(
                client=nate,
                invitation=invitation,
                name="Nate's sponsor",
                relationship="sponsor",
            )
        self._seed_screening(harbor)
        if not Administration.objects.exists():
            self._seed_measures(people)
        seed_alices_recovery(people["alice"], people["bob"])
        seed_answered_request(people["alice"], people["carol"])
        seed_peer_group(people["rachel"], [people["alice"], people["luis"], people["grace"]])
        seed_program(cedar, people["dana"], [people["jordan"], people["marcus"]])
        seed_alices_treatment(people["alice"], people["bob"])
        seed_family_session(people["sofia"], people["bob"], people["pat"])
        seed_public_content(people["ivy"])
        seed_events(people["ivy"])
        member_account, new = _ensure_user(DEMO_MEMBER)
        created += new
        seed_membership(people["ivy"], member_account)
        candidate_account, new = _ensure_user(DEMO_CANDIDATE)
        created += new
        self.codes = seed_certification(people["ivy"], people["sam"], candidate_account)
        return created

    def _seed_screening(self, harbor: Practice) -> None:
        """Example reporting rules and outside providers. The rules are examples to show the
        table's shape: administrators must check them against current law."""
        for rule in REPORTING_RULES:
            ReportingRule.objects.get_or_create(
                jurisdiction=rule["jurisdiction"], category=rule["category"], defaults=rule
            )
        for name, kind, phone in PROVIDERS:
            Provider.objects.get_or_create(
                name=name, defaults={"kind": kind, "phone": phone, "practice": harbor}
            )

    def _seed_measures(self, people: dict[str, User]) -> None:
        """Questionnaires in different states, so every screen has something to show."""
        now = timezone.now()
        bob, dana = people["bob"], people["dana"]
        # Alice: three PHQ-9s over two months, improving, and a GAD-7.
        alice_phq9: list[tuple[int, list[int | None]]] = [
            (8, [2, 2, 2, 1, 2, 2, 1, 1, 0]),
            (4, [1, 2, 1, 1, 1, 2, 1, 1, 0]),
            (0, [1, 1, 0, 1, 0, 1, 1, 0, 0]),
        ]
        for weeks_ago, answers in alice_phq9:
            self._completed(people["alice"], bob, "phq9", answers, now - timedelta(weeks=weeks_ago))
        self._completed(people["alice"], bob, "gad7", [1, 1, 2, 1, 0, 1, 1], now)
        send_instrument(client=people["priya"], instrument="gad7", sent_by=bob)
        # Marcus answered item 9 of the PHQ-9 above 0: an urgent alert on Dana's caseload.
        self._completed(people["marcus"], dana, "phq9", [2, 2, 1, 2, 1, 2, 1, 0, 1], now)
        # Tom has just been sent his intake; Grace finished hers and waits for triage.
        start_intake(client=people["tom"], started_by=bob, instruments=["phq9"])
        self._finished_intake(people["grace"], bob, pornography_consequences=3, offending=False)
        # Owen's intake reports an offending indicator: a reporting review is waiting.
        self._finished_intake(people["owen"], dana, pornography_consequences=2, offending=True)

    @staticmethod
    def _completed(
        client: User, clinician: User, code: str, answers: Sequence[int | None], when: Any
    ) -> None:
        administration = send_instrument(client=client, instrument=code, sent_by=clinician)
        complete_administration(administration=administration, answers=list(answers), actor=client)
        Administration.objects.filter(pk=administration.pk).update(sent_at=when, completed_at=when)

    @staticmethod
    def _finished_intake(
        client: User, clinician: User, *, pornography_consequences: int, offending: bool
    ) -> None:
        intake = start_intake(client=client, started_by=clinician, instruments=[])
        for administration in intake_steps(intake):
            pack = get_pack(administration.instrument)
            answers: list[int | None] = []
            for item in pack.items:
                if administration.instrument == "offending_screen":
                    yes = offending and item.id == "legal_past"
                    answers.append(1 if yes else 0)
                elif item.id == "pornography_consequences":
                    answers.append(pornography_consequences)
                elif administration.instrument == "intake_consent":
                    answers.append(item.options[0].score)
                else:
                    answers.append(min(item.scores))
            complete_administration(administration=administration, answers=answers, actor=client)

    @staticmethod
    def sign_in_table() -> str:
        rows = [f"  {p.email:<36} {p.role:<11} {p.about}" for p in STAFF]
        rows += [f"  {p.email:<36} {p.role:<11} {p.about}" for p, *_ in CLIENTS]
        rows += [f"  {p.email:<36} {p.role:<11} {p.about}" for p, *_ in SUPPORTERS]
        rows += [f"  {p.email:<36} {p.role:<11} {p.about}" for p in (DEMO_MEMBER, DEMO_CANDIDATE)]
        return (
            "\nDemo sign-ins (password for all: "
            + DEMO_PASSWORD
            + ")\n"
            + "\n".join(rows)
            + "\n\nClinicians, the supervisor, staff and the admin also need a six-digit code.\n"
            f"Add this secret to an authenticator app: {DEMO_TOTP_SECRET}\n"
            "or print the current code with: .venv/bin/python manage.py demo_totp\n"
        )
