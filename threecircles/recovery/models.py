"""The client's own recovery records. Everything they write is sealed under their *recovery*
data key (not the clinical record's), so they can erase it on their own.

Plain columns hold only what the software needs to find rows (the day of a check-in or a slip,
statuses, who may see a slip); what was written, chosen or felt is in the sealed fields.
"""

import json
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from threecircles.privacy.fields import EncryptedTextField
from threecircles.privacy.models import KeyDomain

RECOVERY = KeyDomain.RECOVERY


def _sealed(**kwargs: Any) -> EncryptedTextField:
    return EncryptedTextField(domain=RECOVERY, **kwargs)


class JSONSealed:
    """Read and write a sealed field as JSON."""

    @staticmethod
    def load(raw: str, default: Any) -> Any:
        return json.loads(raw) if raw else default

    @staticmethod
    def dump(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"))


class Circle(models.TextChoices):
    INNER = "inner", "Inner circle"
    MIDDLE = "middle", "Middle circle"
    OUTER = "outer", "Outer circle"


CIRCLE_HELP = {
    Circle.INNER: "Behaviors you have chosen to stop. Crossing this line is a slip.",
    Circle.MIDDLE: "Warning signs and slippery situations: early signals, not failures.",
    Circle.OUTER: "Healthy things that support your recovery and a good life.",
}


class RecoverySettings(models.Model):
    """The client's own settings: their time zone (their days are counted in it), sobriety
    date, daily reminder, and country (for crisis lines)."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_settings"
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 country code.")
    sobriety_date = models.DateField(null=True, blank=True)
    reminder_time = models.TimeField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Recovery settings of client {self.client_id}"


class PlanVersionQuerySet(models.QuerySet["PlanVersion"]):
    def for_client(self, client_id: int) -> "PlanVersionQuerySet":
        return self.filter(client_id=client_id)


class PlanVersion(models.Model):
    """One version of the client's healthy sex plan (the three circles). Never changed once
    written: a change is a new version, with what changed, when and by whom."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField()
    # {"inner": [{"id", "text", "note"}], "middle": [...], "outer": [...]}
    items_sealed = _sealed(default="{}")
    changes_sealed = _sealed(default="[]")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cosigner_role = models.CharField(max_length=40, blank=True)
    cosigned_at = models.DateTimeField(null=True, blank=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["client", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"Plan version {self.number} of client {self.client_id}"

    @property
    def items(self) -> dict[str, list[dict[str, str]]]:
        loaded: dict[str, list[dict[str, str]]] = JSONSealed.load(self.items_sealed, {})
        return {circle.value: loaded.get(circle.value, []) for circle in Circle}

    @items.setter
    def items(self, value: dict[str, list[dict[str, str]]]) -> None:
        self.items_sealed = JSONSealed.dump(value)

    @property
    def changes(self) -> list[str]:
        loaded: list[str] = JSONSealed.load(self.changes_sealed, [])
        return loaded

    def item_text(self) -> dict[str, str]:
        """Item id → its words, across the circles."""
        return {item["id"]: item["text"] for items in self.items.values() for item in items}


class TriggerKind(models.TextChoices):
    PEOPLE = "people", "People"
    PLACES = "places", "Places"
    TIMES = "times", "Times"
    FEELINGS = "feelings", "Feelings"
    DEVICES = "devices", "Devices and apps"
    OTHER = "other", "Something else"


class TriggerQuerySet(models.QuerySet["Trigger"]):
    def for_client(self, client_id: int) -> "TriggerQuerySet":
        return self.filter(client_id=client_id)

    def current(self) -> "TriggerQuerySet":
        return self.filter(archived_at__isnull=True)


class Trigger(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="triggers"
    )
    kind = models.CharField(max_length=20, choices=TriggerKind.choices, default=TriggerKind.OTHER)
    name = _sealed()
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = TriggerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Trigger of client {self.client_id}"


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def for_client(self, client_id: int) -> "CheckInQuerySet":
        return self.filter(client_id=client_id)

    def between(self, first: date, last: date) -> "CheckInQuerySet":
        return self.filter(day__gte=first, day__lte=last)


class Halt(models.TextChoices):
    HUNGRY = "hungry", "Hungry"
    ANGRY = "angry", "Angry"
    LONELY = "lonely", "Lonely"
    TIRED = "tired", "Tired"


class CheckIn(models.Model):
    """A day's check-in, in the client's own time zone; one per day, editable."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField()
    # Made on the client's device, so a check-in sent twice (offline, then again) is one.
    device_id = models.UUIDField(null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Filled in after its day.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # {"inner_kept": bool, "middle": [ids], "outer": [ids], "urge": 0-10, "triggers": [ids],
    #  "halt": [...], "mood": 1-5, "sleep": hours}
    answers_sealed = _sealed(default="{}")
    note = _sealed(blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["client", "day"], name="one_check_in_a_day"),
            models.UniqueConstraint(
                fields=["client", "device_id"], name="one_check_in_per_device_id"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of client {self.client_id} on {self.day}"

    @property
    def answers(self) -> dict[str, Any]:
        loaded: dict[str, Any] = JSONSealed.load(self.answers_sealed, {})
        return loaded

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self.answers_sealed = JSONSealed.dump(value)


class SlipQuerySet(models.QuerySet["Slip"]):
    def for_client(self, client_id: int) -> "SlipQuerySet":
        return self.filter(client_id=client_id)

    def told_care_team(self) -> "SlipQuerySet":
        return self.filter(tell_care_team=True)


class Slip(models.Model):
    """An inner-circle behavior, reported and reviewed as information, not as failure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slips"
    )
    day = models.DateField()
    reported_at = models.DateTimeField(default=timezone.now)
    # The guided review along the addiction cycle, and what it led to.
    review_sealed = _sealed(default="{}")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # [{"id", "kind": "middle" | "environment", "text", "decision": None | "accepted" | ...}]
    proposals_sealed = _sealed(default="[]")
    # Who is told: the care team, and which supporters (their invitation ids). Not sealed: it
    # decides who may read the slip, and says nothing of it.
    tell_care_team = models.BooleanField(default=False)
    told_supporters = models.JSONField(default=list, blank=True)

    objects = SlipQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-reported_at"]

    def __str__(self) -> str:
        return f"Slip of client {self.client_id} on {self.day}"

    @property
    def review(self) -> dict[str, Any]:
        loaded: dict[str, Any] = JSONSealed.load(self.review_sealed, {})
        return loaded

    @review.setter
    def review(self, value: dict[str, Any]) -> None:
        self.review_sealed = JSONSealed.dump(value)

    @property
    def proposals(self) -> list[dict[str, Any]]:
        loaded: list[dict[str, Any]] = JSONSealed.load(self.proposals_sealed, [])
        return loaded

    @proposals.setter
    def proposals(self, value: list[dict[str, Any]]) -> None:
        self.proposals_sealed = JSONSealed.dump(value)


class EnvironmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PLACE = "in_place", "In place"
    DROPPED = "dropped", "Set aside"


class EnvironmentChange(models.Model):
    """A change to the client's surroundings they commit to (a filter on a device, another
    route home, an app removed, company at high-risk hours), with its status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="environment_changes"
    )
    text = _sealed()
    status = models.CharField(
        max_length=20, choices=EnvironmentStatus.choices, default=EnvironmentStatus.PLANNED
    )
    from_slip = models.ForeignKey(
        Slip, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Environment change of client {self.client_id}"


class HighRiskTime(models.Model):
    """A time window the client knows is risky; a reminder can arrive as it starts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="high_risk_times"
    )
    label = _sealed(blank=True)
    weekdays = models.CharField(max_length=7, help_text="Monday is 0: e.g. '45' for Fri, Sat.")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    remind = models.BooleanField(default=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"High-risk time of client {self.client_id}"


class JournalEntry(models.Model):
    """Private writing. Shared with the care team only entry by entry, by the client."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    written_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    title = _sealed(blank=True)
    body = _sealed()
    shared_with_care_team_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Journal entry of client {self.client_id}"


class SafetyPlan(models.Model):
    """What helps in a crisis, in the client's words, with the crisis lines of their country."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    # {"warning_signs": [...], "what_helps": [...], "distractions": [...],
    #  "people_to_ask": [...], "professionals": [...]}
    sections_sealed = _sealed(default="{}")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Safety plan of client {self.client_id}"

    @property
    def sections(self) -> dict[str, list[str]]:
        loaded: dict[str, list[str]] = JSONSealed.load(self.sections_sealed, {})
        return loaded

    @sections.setter
    def sections(self, value: dict[str, list[str]]) -> None:
        self.sections_sealed = JSONSealed.dump(value)


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Waiting for your clinician"
    REVIEWED = "reviewed", "Reviewed"


class TaskWork(models.Model):
    """The client's work on one task of a recovery-task workbook pack."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_work"
    )
    pack = models.CharField(max_length=40)
    task = models.CharField(max_length=40)
    status = models.CharField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    answers_sealed = _sealed(default="{}")
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = _sealed(blank=True)

    class Meta:
        ordering = ["pack", "task"]
        constraints = [
            models.UniqueConstraint(fields=["client", "pack", "task"], name="one_work_per_task")
        ]

    def __str__(self) -> str:
        return f"Task {self.pack}/{self.task} of client {self.client_id}"

    @property
    def answers(self) -> dict[str, Any]:
        loaded: dict[str, Any] = JSONSealed.load(self.answers_sealed, {})
        return loaded

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self.answers_sealed = JSONSealed.dump(value)


class LicensedWorkbookText(models.Model):
    """Exercise text of a licensed workbook, imported by a practice that holds the license
    (as licensed instrument text is). Not client data."""

    pack = models.CharField(max_length=40)
    practice = models.ForeignKey(
        "accounts.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    texts = models.JSONField(help_text="Exercise id → its licensed wording.")
    license_holder = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "practice"], name="one_licensed_workbook_per_practice"
            )
        ]

    def __str__(self) -> str:
        return f"Licensed text for workbook {self.pack} ({self.license_holder})"
