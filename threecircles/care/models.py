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


class NoteFormat(models.TextChoices):
    FREE = "free", "Free text"
    SOAP = "soap", "SOAP (subjective, objective, assessment, plan)"
    DAP = "dap", "DAP (data, assessment, plan)"


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
    form = models.CharField(max_length=10, choices=NoteFormat.choices, default=NoteFormat.FREE)
    # SOAP or DAP sections (and a group note's per-client addition), as encrypted JSON; empty
    # (null) for notes written before there were sections: rows cannot be sealed in a migration.
    sections_sealed = EncryptedTextField(null=True, blank=True, default=None)
    session = models.ForeignKey(
        "Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    group_note = models.ForeignKey(
        "GroupNote", null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    signed_at = models.DateTimeField(
        null=True, blank=True, help_text="Signed notes are locked: later changes are addenda."
    )
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes_cosigned",
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.written_at:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    ABSENT = "absent", "Absent"


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
    attendance = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, blank=True, help_text="Once it happened."
    )
    minutes_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    absence_reason = models.CharField(max_length=200, blank=True)

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


# --- treatment plans ------------------------------------------------------------------------


class Modality(models.TextChoices):
    """The modalities every practice has; a practice adds its own as `PracticeModality`."""

    CBT = "cbt", "Cognitive behavioural therapy (CBT)"
    ACT = "act", "Acceptance and commitment therapy (ACT)"
    MI = "mi", "Motivational interviewing"
    MINDFULNESS = "mindfulness", "Mindfulness"
    RECOVERY_TASKS = "recovery_tasks", "Recovery-task (30-task) model"
    PSYCHODRAMA = "psychodrama", "Psychodrama"
    EXPERIENTIAL = "experiential", "Experiential therapy"
    FAMILY = "family", "Intensive family therapy"
    TRAUMA = "trauma", "Trauma treatment"
    MEDICATION = "medication", "Medication management"


class PracticeModality(models.Model):
    """A modality a practice added for its own plans."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="modalities")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "code"], name="one_modality_code")
        ]

    def __str__(self) -> str:
        return self.name


class TreatmentPlanQuerySet(models.QuerySet["TreatmentPlan"]):
    def for_client(self, client_id: int) -> "TreatmentPlanQuerySet":
        return self.filter(client_id=client_id)


class TreatmentPlan(models.Model):
    """One version of a client's individualized treatment plan: problems, goals, measurable
    objectives (optionally tied to a measure or to recovery data) and interventions (each a
    modality, a frequency, a responsible clinician and a target date). Never changed once
    written: a change is a new version with what changed, who and when. The content and the
    list of changes are encrypted under the client's data key, as JSON."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="treatment_plans"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    number = models.PositiveIntegerField()
    content_sealed = EncryptedTextField(default="{}")
    changes_sealed = EncryptedTextField(default="[]")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="treatment_plans_written"
    )
    created_at = models.DateTimeField(default=timezone.now)
    review_on = models.DateField(help_text="When the care team reviews the plan.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_as = models.CharField(
        max_length=120, blank=True, help_text="The name the client typed to sign."
    )

    objects = TreatmentPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["client", "number"], name="one_plan_number")]

    def __str__(self) -> str:
        return f"Treatment plan {self.pk}"


# --- programs, timetables, attendance, calendar feeds ---------------------------------------


class SessionKind(models.TextChoices):
    GROUP = "group", "Group therapy"
    INDIVIDUAL = "individual", "Individual therapy"
    FAMILY = "family", "Family therapy"
    PSYCHOEDUCATION = "psychoeducation", "Psychoeducation"
    EXPERIENTIAL = "experiential", "Experiential therapy"
    MINDFULNESS = "mindfulness", "Mindfulness"
    TWELVE_STEP = "twelve_step", "12-step meeting"


class Program(models.Model):
    """A practice's program ("Residential, men's track") with a weekly timetable and a target
    of therapy hours a week per client (residential: 50 by default)."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=120)
    level_of_care = models.CharField(max_length=20, choices=LevelOfCare.choices)
    weekly_target_hours = models.DecimalField(max_digits=5, decimal_places=2, default=50)
    time_zone = models.CharField(max_length=64, default="UTC")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramSlot(models.Model):
    """One weekly session of a program's timetable. The title carries no clinical detail (it
    reaches calendar feeds)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(
        choices=[(n, day) for n, day in enumerate(
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        )]
    )  # fmt: skip
    starts_at = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    title = models.CharField(max_length=120)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_slots",
    )
    location = models.CharField(max_length=200, blank=True, help_text="A room or a video link.")
    counts_as_therapy = models.BooleanField(
        default=True, help_text="Counts toward the weekly therapy hours."
    )
    removed_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day it is off the timetable; attendance before stays.",
    )

    class Meta:
        ordering = ["weekday", "starts_at"]

    def __str__(self) -> str:
        return f"Program slot {self.pk}"


class Enrollment(models.Model):
    """A client in a program: they inherit its timetable from the first day to the last."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Enrollment {self.pk}"


class SlotAttendance(models.Model):
    """A client at one occurrence of a program slot: how they attended, for how long, and
    (when absent) why, in a few words with no clinical detail."""

    slot = models.ForeignKey(ProgramSlot, on_delete=models.CASCADE, related_name="attendance")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slot_attendance"
    )
    day = models.DateField()
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    minutes_attended = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance_recorded"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "slot__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "client", "day"], name="one_slot_attendance")
        ]

    def __str__(self) -> str:
        return f"Slot attendance {self.pk}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar address. Only the token's hash is kept; revoking it (or
    making a new one) closes the old address at once."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"


# --- signed notes: addenda, group notes ------------------------------------------------------


class NoteAddendum(models.Model):
    """A dated, signed addition to a signed (locked) note: the only way to change it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="addenda")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_addenda"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="addenda_written"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField()

    class Meta:
        ordering = ["written_at"]

    def __str__(self) -> str:
        return f"Addendum {self.pk}"


class GroupNote(models.Model):
    """A group session's note, written once: each attendee's record gets its own `Note`
    (the shared text sealed under that client's key, plus what is only about them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.ForeignKey(
        ProgramSlot, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_notes"
    )
    day = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_notes_written"
    )
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-written_at"]

    def __str__(self) -> str:
        return f"Group note {self.pk}"


# --- family and collateral participants -----------------------------------------------------


class CollateralParticipant(models.Model):
    """A spouse or partner, or a family member, who takes part in family sessions."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaterals"
    )
    name = models.CharField(max_length=120)
    relationship = models.CharField(max_length=40)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collateral_for",
        help_text="Their account, once they have one.",
    )
    person_confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the account's owner agreed to be this client's family participant.",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="collaterals_added"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"Collateral participant {self.pk}"


class ReleaseItem(models.TextChoices):
    """What a release of information may let a collateral participant receive."""

    SCHEDULE = "schedule", "Family session dates and times"
    ATTENDANCE = "attendance", "Whether the client attends treatment"
    PLAN_SUMMARY = "plan_summary", "The treatment plan's goals"
    PROGRESS = "progress", "A summary of progress"


class Release(models.Model):
    """A release of information the client signed for one participant: what it allows, from
    when, until when (an expiry is required), and whether it was revoked."""

    participant = models.ForeignKey(
        CollateralParticipant, on_delete=models.CASCADE, related_name="releases"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="releases"
    )
    allows = models.JSONField(default=list, help_text="ReleaseItem values.")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_as = models.CharField(max_length=120, blank=True)
    starts_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"Release {self.pk}"


class SessionParticipant(models.Model):
    """A collateral participant in a family session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    participant = models.ForeignKey(
        CollateralParticipant, on_delete=models.CASCADE, related_name="sessions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_place_per_session")
        ]

    def __str__(self) -> str:
        return f"Session participant {self.pk}"
