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
