"""A client's support network: the people they invited, and how they know them.

What each supporter may see is not kept here: every scope the client shares is a grant in
`privacy` (a consent record with a start, an end and a history), which is also what decides
access and what the access log names.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from threecircles.accounts.models import Invitation, Practice, User
from threecircles.privacy.models import Relationship


class SupportMemberQuerySet(models.QuerySet["SupportMember"]):
    def active(self) -> "SupportMemberQuerySet":
        return self.filter(revoked_at__isnull=True)

    def of_client(self, client: User) -> "SupportMemberQuerySet":
        return self.filter(client=client)

    def supported_by(self, supporter: User) -> "SupportMemberQuerySet":
        return self.active().filter(invitation__accepted_by=supporter)

    def pending(self) -> "SupportMemberQuerySet":
        return self.active().filter(invitation__accepted_at__isnull=True)


def supports_someone(user: User) -> bool:
    """Whether this person is in anyone's support network. Several links and checks ask on
    every page, so the answer is kept on the request's user object for that request."""
    known = user.__dict__.get("_supports_someone")
    if known is None:
        known = user.__dict__["_supports_someone"] = SupportMember.objects.supported_by(
            user
        ).exists()
    return bool(known)


class SupportMember(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_members"
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="support_member"
    )
    name = models.CharField(max_length=120, help_text="How you know this person.")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateField(
        null=True, blank=True, help_text="Sharing is paused through this day, then resumes."
    )
    support_round = models.PositiveSmallIntegerField(
        default=1,
        help_text="When a support request reaches this person: 1 at once, 2 after the first "
        "wait, and so on. 0: never (they may still see requests if you share them).",
    )
    alert_missed_checkins = models.BooleanField(
        default=False, help_text="Tell this person after a run of missed check-ins."
    )
    # The supporter's own choice.
    weekly_summary = models.BooleanField(default=False)
    last_summary_at = models.DateTimeField(null=True, blank=True)

    objects = SupportMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def supporter(self) -> User | None:
        return self.invitation.accepted_by

    @property
    def has_joined(self) -> bool:
        return self.invitation.accepted_at is not None


# --- support requests: "I need support now" -------------------------------------------------


class SupportSettings(models.Model):
    """The client's choices for asking for support and for being noticed when they go quiet."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_settings"
    )
    wait_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(240)],
        help_text="How long to wait for an answer before asking the next person.",
    )
    missed_checkins_alert_after = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(30)],
        help_text="After this many days in a row without a check-in, tell the people you chose. "
        "0: never.",
    )
    missed_alert_sent_for = models.DateField(
        null=True, blank=True, help_text="The last check-in day an alert was sent after."
    )

    def __str__(self) -> str:
        return f"Support settings of client {self.client_id}"


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    def for_client(self, client_id: int) -> "SupportRequestQuerySet":
        return self.filter(client_id=client_id)

    def open(self) -> "SupportRequestQuerySet":
        return self.filter(closed_at__isnull=True)


class SupportRequest(models.Model):
    """One "I need support now": asked of the people in `round` 1 at once, then of each next
    round when nobody answered within `wait_minutes`, and finally the safety plan."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    created_at = models.DateTimeField(default=timezone.now)
    wait_minutes = models.PositiveSmallIntegerField()
    round = models.PositiveSmallIntegerField(default=1, help_text="The round asked last.")
    next_round_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    safety_plan_at = models.DateTimeField(
        null=True, blank=True, help_text="When nobody had answered and the safety plan showed."
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["closed_at", "next_round_at"])]

    def __str__(self) -> str:
        return f"Support request {self.pk}"


class Answer(models.TextChoices):
    CALLING = "calling", "I'm calling you"
    WITHIN_HOUR = "within_hour", "I'll reach out within the hour"
    CANT = "cant", "I can't right now: please ask the next person"


class SupportNotice(models.Model):
    """One person asked within a support request, and their answer."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_notices"
    )
    round = models.PositiveSmallIntegerField()
    notified_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "notified_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="one_notice_per_person")
        ]

    def __str__(self) -> str:
        return f"Support notice {self.pk}"


# --- accountability calls -------------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class AccountabilityCall(models.Model):
    """A regular call the client set with one supporter, e.g. every Sunday at 19:00."""

    member = models.ForeignKey(SupportMember, on_delete=models.CASCADE, related_name="calls")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    time = models.TimeField()
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "time"]

    def __str__(self) -> str:
        return f"Accountability call {self.pk}"


class CallHappened(models.TextChoices):
    YES = "yes", "It happened"
    NO = "no", "It didn't happen"


class CallOccurrence(models.Model):
    """One week's call: what the client and the supporter each said about it."""

    call = models.ForeignKey(
        AccountabilityCall, on_delete=models.CASCADE, related_name="occurrences"
    )
    day = models.DateField()
    client_says = models.CharField(max_length=5, choices=CallHappened.choices, blank=True)
    supporter_says = models.CharField(max_length=5, choices=CallHappened.choices, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["call", "day"], name="one_call_a_day")]

    def __str__(self) -> str:
        return f"Call occurrence {self.pk}"


# --- groups ---------------------------------------------------------------------------------


class GroupKind(models.TextChoices):
    THERAPY = "therapy", "Therapy group"
    PEER = "peer", "Peer support group"


class SupportGroupQuerySet(models.QuerySet["SupportGroup"]):
    def running(self) -> "SupportGroupQuerySet":
        return self.filter(ended_at__isnull=True)


class SupportGroup(models.Model):
    """A therapy group run by a clinician, or a peer group with a facilitator. Members choose
    what to share with the group; the facilitator sees attendance and what was shared."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="groups_facilitated"
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    meets = models.CharField(max_length=120, blank=True, help_text="e.g. Tuesdays 18:30")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = SupportGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source(self) -> str:
        """What the grants this group carries name as their source."""
        return f"group:{self.pk}"


class GroupMembershipQuerySet(models.QuerySet["GroupMembership"]):
    def current(self) -> "GroupMembershipQuerySet":
        """Members who accepted and have not left."""
        return self.filter(left_at__isnull=True, accepted_at__isnull=False)

    def pending(self) -> "GroupMembershipQuerySet":
        """Asked to join, not answered yet."""
        return self.filter(left_at__isnull=True, accepted_at__isnull=True)


class GroupMembership(models.Model):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now, help_text="When they were asked.")
    accepted_at = models.DateTimeField(
        null=True, blank=True, help_text="A person joins a group only by accepting."
    )
    left_at = models.DateTimeField(null=True, blank=True)
    shares_milestones = models.BooleanField(default=False)
    shares_support_requests = models.BooleanField(default=False)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(left_at__isnull=True),
                name="one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"Group membership {self.pk}"


class GroupMeeting(models.Model):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    day = models.DateField()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="one_meeting_a_day")]

    def __str__(self) -> str:
        return f"Group meeting {self.pk}"


class Attendance(models.Model):
    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_attendance"
    )
    present = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_each")
        ]

    def __str__(self) -> str:
        return f"Attendance {self.pk}"
