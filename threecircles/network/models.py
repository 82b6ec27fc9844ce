"""A client's support network: the people they invited, and how they know them.

What each supporter may see is not kept here: every scope the client shares is a grant in
`privacy` (a consent record with a start, an end and a history), which is also what decides
access and what the access log names.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from threecircles.accounts.models import Invitation, User
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
