"""Episodes of care and the care team's notes on a client."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from threecircles.accounts.models import Practice
from threecircles.privacy.fields import EncryptedTextField


class LevelOfCare(models.TextChoices):
    OUTPATIENT = "outpatient", "Outpatient"
    INTENSIVE_OUTPATIENT = "iop", "Intensive outpatient"
    RESIDENTIAL = "residential", "Residential"


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", "Completed treatment"
    STEP_DOWN = "step_down", "Stepped down to another practice or service"
    REFERRED = "referred", "Referred to specialist care"
    CLIENT_CHOICE = "client_choice", "Left by their own choice"
    NO_CONTACT = "no_contact", "Lost contact"
    OTHER = "other", "Other"


class EpisodeQuerySet(models.QuerySet["Episode"]):
    def open(self) -> "EpisodeQuerySet":
        return self.filter(ended_on__isnull=True)


class Episode(models.Model):
    """A client's stay in care at one practice, from intake to discharge."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="episodes"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="episodes")
    level_of_care = models.CharField(max_length=20, choices=LevelOfCare.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=30, choices=DischargeReason.choices, blank=True)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discharges",
    )

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.get_level_of_care_display()} at {self.practice}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class NoteQuerySet(models.QuerySet["Note"]):
    def for_client(self, client_id: int) -> "NoteQuerySet":
        return self.filter(client_id=client_id)


class Note(models.Model):
    """A care-team note. The text is encrypted under the client's data key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes_written"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField()

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.written_at:%Y-%m-%d}"


class SessionQuerySet(models.QuerySet["Session"]):
    def for_client(self, client_id: int) -> "SessionQuerySet":
        return self.filter(client_id=client_id)

    def upcoming(self) -> "SessionQuerySet":
        return self.filter(starts_at__gte=timezone.now(), status=Session.Status.SCHEDULED)


class Session(models.Model):
    """A booked therapy session. Measures set to go "before each session" are sent on booking."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual therapy"
        GROUP = "group", "Group therapy"
        FAMILY = "family", "Family therapy"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        ATTENDED = "attended", "Attended"
        CANCELLED = "cancelled", "Cancelled"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions_led"
    )
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=50)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%Y-%m-%d %H:%M}"


# --- the episode's history, discharge, diagnoses, medication ------------------------------


class DischargeSummary(models.Model):
    """What the clinician wrote at discharge. Encrypted under the client's data key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    episode = models.OneToOneField(
        Episode, on_delete=models.CASCADE, related_name="discharge_summary"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discharge_summaries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="discharge_summaries_written",
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField()

    def __str__(self) -> str:
        return f"Discharge summary {self.pk}"


class LevelChange(models.Model):
    """A transfer between levels of care within an episode, kept as history."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.CharField(max_length=20, choices=LevelOfCare.choices)
    to_level = models.CharField(max_length=20, choices=LevelOfCare.choices)
    changed_on = models.DateField(default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="level_changes_made"
    )
    reason = models.CharField(max_length=200, blank=True, help_text="No clinical detail.")

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"Level change {self.pk}"


class DiagnosisQuerySet(models.QuerySet["Diagnosis"]):
    def for_client(self, client_id: int) -> "DiagnosisQuerySet":
        return self.filter(client_id=client_id)

    def current(self) -> "DiagnosisQuerySet":
        return self.filter(resolved_on__isnull=True)


class Diagnosis(models.Model):
    """A diagnosis a clinician recorded (ICD-11 code and title), with the date, the clinician
    and the evidence. The software never records one by itself."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diagnoses"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="diagnoses"
    )
    code = models.CharField(max_length=20, help_text="ICD-11 code, e.g. 6C72.")
    title = models.CharField(max_length=200)
    diagnosed_on = models.DateField(default=timezone.localdate)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="diagnoses_made"
    )
    evidence = EncryptedTextField()
    # The checklist administration the evidence came from, if any (screening's id).
    checklist_id = models.UUIDField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        ordering = ["-diagnosed_on", "-recorded_at"]
        verbose_name_plural = "diagnoses"

    def __str__(self) -> str:
        return f"Diagnosis {self.pk}"


class MedicationQuerySet(models.QuerySet["Medication"]):
    def for_client(self, client_id: int) -> "MedicationQuerySet":
        return self.filter(client_id=client_id)

    def current(self) -> "MedicationQuerySet":
        return self.filter(stopped_on__isnull=True)


class Medication(models.Model):
    """A medication in the client's care: what, how much, when, who prescribed it, why, and
    how it is going. The reason and adherence notes are encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="medications"
    )
    name = models.CharField(max_length=120)
    dose = models.CharField(max_length=60)
    schedule = models.CharField(max_length=120, help_text="e.g. once a day in the morning")
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="medications_prescribed",
    )
    prescriber_name = models.CharField(
        max_length=120, blank=True, help_text="When the prescriber has no account here."
    )
    started_on = models.DateField(default=timezone.localdate)
    stopped_on = models.DateField(null=True, blank=True)
    reason = EncryptedTextField()
    adherence_notes = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="medications_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = MedicationQuerySet.as_manager()

    class Meta:
        ordering = ["stopped_on", "-started_on", "name"]

    def __str__(self) -> str:
        return f"Medication {self.pk}"
