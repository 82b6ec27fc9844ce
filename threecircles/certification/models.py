"""Certification: credentials as data (requirements in order), a candidate's path through
them, supervision, certifications with their renewals, the continuing-education ledger, and
the directory listing a certified therapist chooses to show.

The path is a state machine (`actions.py` moves it; nothing else writes `Candidacy.state`):
applicant -> candidate (after the first training module) -> under review (after the final
application) -> certified; each gate is checked by the software and decided by staff.
A certification is active through `expires_on`, then in grace for the credential's
`grace_days`, then lapsed; staff may suspend or revoke it with a reason.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone


class Credential(models.Model):
    code = models.CharField(max_length=12, unique=True, help_text="For example: CSAT.")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(max_length=4000, blank=True)
    valid_years = models.PositiveSmallIntegerField(default=2)
    grace_days = models.PositiveSmallIntegerField(default=90)
    ce_hours_required = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(15))
    supervision_hours_required = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal(30)
    )
    application_fee = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    currency = models.CharField(max_length=3, default="USD")
    open_for_candidates = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code


class RequirementKind(models.TextChoices):
    ELIGIBILITY = "eligibility", "Eligibility (licence, degree, years of practice)"
    MODULE = "module", "Training module"
    QUIZ = "quiz", "Module quiz"
    SUPERVISION = "supervision", "Supervision hours"
    ASSESSMENT = "assessment", "Assessment"
    APPLICATION = "application", "Final application and fee"
    ATTESTATION = "attestation", "Letter or attestation"


class Requirement(models.Model):
    """One requirement of a credential, in order. A training module is met by attendance at
    any of its offerings (events), a missed part made up within `makeup_days` of the first;
    a quiz by a passed attempt; supervision by confirmed hours; the rest by evidence that staff
    approve (an upload, or a result staff record)."""

    credential = models.ForeignKey(
        Credential, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(max_length=12, choices=RequirementKind.choices)
    title = models.CharField(max_length=160)
    description = models.TextField(max_length=4000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Training modules: the events that offer it, and the hours it takes.
    offerings = models.ManyToManyField("events.Event", blank=True, related_name="+")
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    makeup_days = models.PositiveSmallIntegerField(default=365)
    # Quizzes: the module it belongs to and its questions, one per line.
    module = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="quizzes"
    )
    questions = models.TextField(max_length=8000, blank=True)

    class Meta:
        ordering = ["credential", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class CandidacyState(models.TextChoices):
    APPLICANT = "applicant", "Applicant"
    CANDIDATE = "candidate", "Candidate"
    UNDER_REVIEW = "under_review", "Under review"
    CERTIFIED = "certified", "Certified"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Candidacy(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidacies"
    )
    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=12, choices=CandidacyState.choices, default=CandidacyState.APPLICANT
    )
    started_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "credential"],
                condition=~models.Q(state="withdrawn"),
                name="one_open_candidacy_per_credential",
            )
        ]

    def __str__(self) -> str:
        return f"Candidacy {self.pk}"


class CandidacyStep(models.Model):
    """The history of a candidacy: each move of the state machine, who made it and why."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(max_length=12, choices=CandidacyState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=CandidacyState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["candidacy", "at", "pk"]

    def __str__(self) -> str:
        return f"Candidacy step {self.pk}"


class Decision(models.TextChoices):
    WAITING = "waiting", "Waiting for staff"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class Document(models.Model):
    """An uploaded file (a licence, a diploma, a course certificate), kept sealed in the
    database: it travels with the database to every application server and backup, and only
    its owner and staff open it, through a view that checks."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certification_documents"
    )
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sealed = models.BinaryField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"Document {self.pk}"


class Evidence(models.Model):
    """What a candidate hands in for a requirement staff decide: eligibility documents, the
    final application, a letter or attestation, or the assessment result staff record."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="evidence")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    note = models.TextField(max_length=2000, blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    fee_paid = models.BooleanField(default=False)

    class Meta:
        ordering = ["candidacy", "-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"Evidence {self.pk}"


class QuizAttempt(models.Model):
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="quiz_attempts")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=list)
    submitted_at = models.DateTimeField(default=timezone.now)
    passed = models.BooleanField(null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    feedback = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["candidacy", "-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"Quiz attempt {self.pk}"


# --- supervision --------------------------------------------------------------------------


class ApprovedSupervisor(models.Model):
    """A person staff approved to supervise candidates (for some credentials, or all)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisor_approval"
    )
    credentials = models.ManyToManyField(Credential, blank=True, related_name="+")
    approved_on = models.DateField(default=timezone.localdate)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["person__display_name", "pk"]

    def __str__(self) -> str:
        return f"Approved supervisor {self.pk}"


class SupervisionAgreement(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the supervisor"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined by the supervisor"
        ENDED = "ended", "Ended"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="agreements")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisees"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "pk"]

    def __str__(self) -> str:
        return f"Supervision agreement {self.pk}"


class SupervisionSession(models.Model):
    """Logged by the candidate, confirmed (or disputed) by the supervisor. The topic is about
    the candidate's learning; the form says never to name or describe a client."""

    class Status(models.TextChoices):
        LOGGED = "logged", "Waiting for the supervisor"
        CONFIRMED = "confirmed", "Confirmed"
        DISPUTED = "disputed", "Disputed"

    agreement = models.ForeignKey(
        SupervisionAgreement, on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2)
    topic = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOGGED)
    dispute_reason = models.CharField(max_length=500, blank=True)
    logged_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Supervision session {self.pk}"


# --- certifications ------------------------------------------------------------------------


def new_verification_code() -> str:
    """26 characters from 32 (130 bits): never guessed, never enumerated."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(26))


class Standing(models.TextChoices):
    ACTIVE = "active", "Active"
    GRACE = "grace", "Expired, in the renewal grace period"
    LAPSED = "lapsed", "Lapsed"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class CertificationQuerySet(models.QuerySet["Certification"]):
    def active_on(self, day: datetime.date | None = None) -> "CertificationQuerySet":
        """Valid on `day` (today by default): neither suspended nor revoked, not expired.
        The directory lists only these; a certification in grace is not listed."""
        day = day or timezone.localdate()
        return self.filter(
            status=Certification.Status.VALID, issued_on__lte=day, expires_on__gte=day
        )


class Certification(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certifications"
    )
    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="+")
    candidacy = models.OneToOneField(
        Candidacy, null=True, blank=True, on_delete=models.SET_NULL, related_name="certification"
    )
    number = models.CharField(max_length=30, unique=True)
    verification_code = models.CharField(max_length=32, unique=True, default=new_verification_code)
    holder_name = models.CharField(max_length=120, help_text="As printed on the certificate.")
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)
    status_reason = models.CharField(max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # This certificate's place in the published revocation list (Open Badges status list).
    status_index = models.PositiveIntegerField(unique=True)
    lapsed_at = models.DateField(null=True, blank=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "pk"]

    def __str__(self) -> str:
        return self.number

    def standing(self, day: datetime.date | None = None) -> Standing:
        day = day or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return Standing.REVOKED
        if self.status == self.Status.SUSPENDED:
            return Standing.SUSPENDED
        if day <= self.expires_on:
            return Standing.ACTIVE
        if day <= self.expires_on + datetime.timedelta(days=self.credential.grace_days):
            return Standing.GRACE
        return Standing.LAPSED


class Renewal(models.Model):
    """A renewal of one certification for the period ending `period_end`: the CE hours it
    counts, the ethics agreement signed (a typed name), and the staff decision."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="renewals"
    )
    period_end = models.DateField()
    ethics_signed_name = models.CharField(max_length=120)
    ethics_signed_at = models.DateTimeField(default=timezone.now)
    ce_hours = models.DecimalField(max_digits=6, decimal_places=2)
    submitted_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["certification", "-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "period_end"], name="one_renewal_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Renewal {self.pk}"


class CertificationReminder(models.Model):
    """A renewal reminder sent once per expiry date and kind."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="reminders"
    )
    expires_on = models.DateField()
    kind = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "expires_on", "kind"], name="one_cert_reminder_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Certification reminder {self.pk}"


# --- continuing education --------------------------------------------------------------------


class CECategory(models.TextChoices):
    CORE = "core", "Compulsive sexual behavior (core)"
    TRAUMA = "trauma", "Trauma"
    ETHICS = "ethics", "Ethics"
    PARTNERS = "partners", "Partners and families"
    OFFENDING = "offending", "Offending-specific treatment"
    GENERAL = "general", "Other clinical topics"


class CECredit(models.Model):
    """An entry in a person's continuing-education ledger: hours from the institute's own
    events (attendance, approved as it is recorded) or from an external course (an uploaded
    certificate, approved by staff)."""

    class Source(models.TextChoices):
        EVENT = "event", "Institute event"
        EXTERNAL = "external", "External course"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ce_credits"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    registration = models.OneToOneField(
        "events.Registration",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ce_credit",
    )
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=10, choices=CECategory.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    completed_on = models.DateField()
    certificate = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person", "-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"CE credit {self.pk}"


# --- the directory ------------------------------------------------------------------------


class Population(models.TextChoices):
    ADULTS = "adults", "Adults"
    ADOLESCENTS = "adolescents", "Adolescents"
    COUPLES = "couples", "Couples"
    PARTNERS = "partners", "Partners and spouses"
    LGBTQ = "lgbtq", "LGBTQ+ people"
    FAITH = "faith", "People of faith"
    PROFESSIONALS = "professionals", "Professionals and clergy"


class Issue(models.TextChoices):
    COMPULSIVE = "compulsive", "Compulsive sexual behavior"
    PORNOGRAPHY = "pornography", "Problematic pornography use"
    PARTNER_BETRAYAL = "partner_betrayal", "Partner betrayal trauma"
    TRAUMA = "trauma", "Trauma"
    MULTIPLE = "multiple", "Multiple addictions"
    OFFENDING = "offending", "Offending-specific treatment"


class DirectoryListing(models.Model):
    """What a certified therapist chooses to show in the public directory. Shown only while
    they hold an active certification (`CertificationQuerySet.active_on`)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_listing"
    )
    slug = models.SlugField(max_length=80, unique=True)
    visible = models.BooleanField(default=False)
    display_name = models.CharField(max_length=120)
    practice = models.CharField(max_length=160, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    telehealth = models.BooleanField(default=False)
    in_person = models.BooleanField(default=True)
    languages = models.CharField(max_length=200, blank=True, help_text="Separated by commas.")
    populations = models.JSONField(default=list, blank=True)
    issues = models.JSONField(default=list, blank=True)
    website = models.URLField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    about = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self) -> str:
        return self.display_name
