"""Screening records: instruments sent and answered, safety alerts, triage, reporting reviews
and referrals.

Answers, flags, subscales, pathways, reporting decisions and every free-text field are
encrypted under the client's data key: flags and subscales would otherwise reveal the answers.
Only the bands of validated symptom scales stay in a plain column, for labels; the
caseload's "needs attention" queries use rows' existence and dates, never their content.
"""

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from threecircles.accounts.models import Practice
from threecircles.privacy.fields import EncryptedTextField


class LicensedText(models.Model):
    """Item text of a copyrighted instrument, imported by a practice that holds the license.

    Not client data, so not encrypted; it is scoped to the practice (or, with no practice, to the
    whole installation, e.g. a pack the institute publishes to its certified clinicians).
    """

    instrument = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.CASCADE, related_name="licensed_texts"
    )
    items = models.JSONField(help_text="Item id → item text.")
    license_holder = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "practice"], name="one_licensed_text_per_practice"
            )
        ]

    def __str__(self) -> str:
        return f"Licensed text for {self.instrument} ({self.license_holder})"


class AdministrationQuerySet(models.QuerySet["Administration"]):
    def for_client(self, client_id: int) -> "AdministrationQuerySet":
        return self.filter(client_id=client_id)

    def open(self) -> "AdministrationQuerySet":
        return self.filter(status__in=[Administration.Status.SENT, Administration.Status.STARTED])

    def completed(self) -> "AdministrationQuerySet":
        return self.filter(status=Administration.Status.COMPLETED)


class Administration(models.Model):
    """One instrument given to one client once: sent, started, completed."""

    class Status(models.TextChoices):
        SENT = "sent", "Waiting for answers"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Withdrawn"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administrations"
    )
    instrument = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    schedule = models.ForeignKey(
        "MeasureSchedule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="administrations",
    )
    intake = models.ForeignKey(
        "Intake", null=True, blank=True, on_delete=models.CASCADE, related_name="administrations"
    )
    practice = models.ForeignKey(
        Practice,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose licensed text it uses: the sender's practice when it was sent.",
    )
    entered_in_session = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Answers as a JSON list of option scores (null = not answered yet), encrypted.
    answers_sealed = EncryptedTextField(default="[]")
    # Plain only for symptom scales (PHQ-9, GAD-7, AUDIT-C, the CSB scales), for the caseload
    # and trend labels; empty otherwise. The total itself is only in `result_sealed`.
    band = models.CharField(max_length=80, blank=True)
    # JSON {"total", "subscales", "flags"}, encrypted.
    result_sealed = EncryptedTextField(default="{}")

    objects = AdministrationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["client", "instrument", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument} for client {self.client_id} ({self.status})"

    @property
    def answers(self) -> list[int | None]:
        value: list[int | None] = json.loads(self.answers_sealed or "[]")
        return value

    @answers.setter
    def answers(self, value: list[int | None]) -> None:
        self.answers_sealed = json.dumps(value)

    @property
    def result(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.result_sealed or "{}")
        return value

    @property
    def flags(self) -> list[dict[str, Any]]:
        flags: list[dict[str, Any]] = self.result.get("flags", [])
        return flags

    @property
    def subscales(self) -> dict[str, float]:
        subscales: dict[str, float] = self.result.get("subscales", {})
        return subscales

    @property
    def result_total(self) -> float | None:
        total: float | None = self.result.get("total")
        return total


class MeasureScheduleQuerySet(models.QuerySet["MeasureSchedule"]):
    def before_sessions(self) -> "MeasureScheduleQuerySet":
        return self.filter(active=True, before_each_session=True)

    def by_calendar(self) -> "MeasureScheduleQuerySet":
        return self.filter(active=True, before_each_session=False)


class MeasureSchedule(models.Model):
    """Send an instrument again every N weeks, or before each session (measurement-based
    care)."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument = models.CharField(max_length=40)
    every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    before_each_session = models.BooleanField(default=False)
    next_due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(default=True)

    objects = MeasureScheduleQuerySet.as_manager()

    def __str__(self) -> str:
        when = (
            "before each session" if self.before_each_session else f"every {self.every_weeks} weeks"
        )
        return f"{self.instrument} {when} for client {self.client_id}"


class SafetyAlertQuerySet(models.QuerySet["SafetyAlert"]):
    def open(self) -> "SafetyAlertQuerySet":
        return self.filter(resolved_at__isnull=True)


class SafetyAlert(models.Model):
    """An urgent alert for the care team; it stays until a clinician records what they did."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts"
    )
    administration = models.ForeignKey(
        Administration,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="safety_alerts",
    )
    # Raised elsewhere (a slip review): where, in a few words, and the row's id there.
    source = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action_taken = EncryptedTextField(blank=True)

    objects = SafetyAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Safety alert for client {self.client_id}"


class Pathway(models.TextChoices):
    CSB = "csb", "Compulsive sexual behavior pathway"
    OFFENDER = "offender", "Offending-specific pathway"
    BOTH = "both", "Both pathways"
    NEITHER = "neither", "Neither pathway"


class Intake(models.Model):
    """A client's intake: consent, behavior inventory, offending screen, chosen instruments,
    then the clinician's triage review."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Client is filling it in"
        READY = "ready", "Ready for triage review"
        REVIEWED = "reviewed", "Triage reviewed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="intakes"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    practice = models.ForeignKey(
        Practice,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The practice whose rules (supervisor sign-off) apply.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    created_at = models.DateTimeField(default=timezone.now)
    recommended_pathway = EncryptedTextField(blank=True)
    reasons = EncryptedTextField(default="[]")
    confirmed_pathway = EncryptedTextField(blank=True)
    override_reason = EncryptedTextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake of client {self.client_id}"

    def get_recommended_pathway_display(self) -> str:
        return _label(Pathway, self.recommended_pathway)

    def get_confirmed_pathway_display(self) -> str:
        return _label(Pathway, self.confirmed_pathway)

    @property
    def reason_list(self) -> list[str]:
        value: list[str] = json.loads(self.reasons or "[]")
        return value


class ReportingRule(models.Model):
    """What a jurisdiction requires a clinician to report. Kept by administrators; shown to the
    clinician during a reporting review. The software never reports by itself."""

    jurisdiction = models.CharField(max_length=120, help_text="e.g. 'California, USA'")
    category = models.CharField(
        max_length=40, help_text="Offending-indicator category this rule applies to."
    )
    what_must_be_reported = models.TextField()
    report_to = models.CharField(max_length=300)
    deadline = models.CharField(max_length=200)
    legal_citation = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jurisdiction", "category"]

    def __str__(self) -> str:
        return f"{self.jurisdiction}: {self.category}"


class ReportingReview(models.Model):
    """The clinician's task when an offending indicator is present: decide, with the rules in
    view, whether a report is required. Recorded, never sent anywhere by the software."""

    class Decision(models.TextChoices):
        REPORTED = "reported", "Reported by the clinician"
        NOT_REQUIRED = "not_required", "Not required"
        CONSULTED = "consulted", "Consulted (supervisor, legal or ethics)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_reviews"
    )
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="reporting_reviews")
    categories_sealed = EncryptedTextField(default="[]")
    jurisdiction = EncryptedTextField(blank=True)
    decision = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    supervisor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    supervisor_signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Reporting review for client {self.client_id}"

    @property
    def categories(self) -> list[str]:
        value: list[str] = json.loads(self.categories_sealed or "[]")
        return value

    @categories.setter
    def categories(self, value: list[str]) -> None:
        self.categories_sealed = json.dumps(value)

    def get_decision_display(self) -> str:
        return _label(self.Decision, self.decision)

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class ProviderQuerySet(models.QuerySet["Provider"]):
    def available_to(self, clinician: Any) -> "ProviderQuerySet":
        """Listed for every practice, or for one of the clinician's practices."""
        practices = clinician.practice_memberships.values("practice_id")
        return self.filter(models.Q(practice__isnull=True) | models.Q(practice_id__in=practices))


class Provider(models.Model):
    """An outside provider clients can be referred to."""

    class Kind(models.TextChoices):
        SEX_OFFENDER_TREATMENT = "sot", "Specialist assessment and treatment for sexual offending"
        RESIDENTIAL_CSB = "residential", "Residential CSB program"
        PSYCHIATRIST = "psychiatrist", "Psychiatrist"
        TRAUMA = "trauma", "Trauma specialist"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    practice = models.ForeignKey(
        Practice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="providers",
        help_text="Empty: listed for every practice.",
    )

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ReferralQuerySet(models.QuerySet["Referral"]):
    def for_client(self, client_id: int) -> "ReferralQuerySet":
        return self.filter(client_id=client_id)

    def active(self) -> "ReferralQuerySet":
        return self.exclude(status__in=[Referral.Status.COMPLETED, Referral.Status.DECLINED])


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFTED = "drafted", "Drafted"
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals"
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="referrals")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFTED)
    reason = EncryptedTextField()
    follow_up_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(dict(choices.choices).get(value, "")) if value else ""
