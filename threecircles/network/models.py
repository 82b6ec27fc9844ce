"""A client's support network and what each supporter may see.

Sharing is per person and revocable at any time. The supporter account is the one that
accepted the invitation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from threecircles.accounts.models import Invitation, User


class Relationship(models.TextChoices):
    SPONSOR = "sponsor", "Sponsor"
    ACCOUNTABILITY_PARTNER = "accountability", "Accountability partner"
    PARTNER = "partner", "Spouse or partner"
    FAMILY = "family", "Family member"
    GROUP_MEMBER = "group", "Group member"
    FRIEND = "friend", "Friend"


SCOPES = [
    ("share_sobriety", "Sobriety status and sober time"),
    ("share_streak", "Check-in streak"),
    ("share_slips", "Slips"),
    ("share_middle_circle", "Middle-circle alerts"),
    ("share_plan", "Healthy sex plan"),
]


class SupportMemberQuerySet(models.QuerySet["SupportMember"]):
    def active(self) -> "SupportMemberQuerySet":
        return self.filter(revoked_at__isnull=True)

    def of_client(self, client: User) -> "SupportMemberQuerySet":
        return self.filter(client=client)

    def supported_by(self, supporter: User) -> "SupportMemberQuerySet":
        return self.active().filter(invitation__accepted_by=supporter)

    def pending(self) -> "SupportMemberQuerySet":
        return self.active().filter(invitation__accepted_at__isnull=True)


class SupportMember(models.Model):
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_members"
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="support_member"
    )
    name = models.CharField(max_length=120, help_text="How you know this person.")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    share_sobriety = models.BooleanField("Sobriety status and sober time", default=True)
    share_streak = models.BooleanField("Check-in streak", default=True)
    share_slips = models.BooleanField("Slips", default=False)
    share_middle_circle = models.BooleanField("Middle-circle alerts", default=False)
    share_plan = models.BooleanField("Healthy sex plan", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

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

    def shared_labels(self) -> list[str]:
        return [label for field, label in SCOPES if getattr(self, field)]
