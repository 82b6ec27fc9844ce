"""People, roles, practices and invitations.

Roles say what staff may do. Whether someone may see a client's record is decided by grants,
which `privacy` owns.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    CLIENT = "client", "Client"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    SUPPORTER = "supporter", "Supporter"
    STAFF = "staff", "Institute staff"
    MEMBER = "member", "Institute member"
    ADMIN = "admin", "Administrator"


CLINICAL_ROLES = {Role.CLINICIAN, Role.SUPERVISOR}


class UserQuerySet(models.QuerySet["User"]):
    def clients(self) -> "UserQuerySet":
        return self.filter(role=Role.CLIENT)

    def active(self) -> "UserQuerySet":
        return self.filter(is_active=True)


class UserManager(BaseUserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def clients(self) -> UserQuerySet:
        return self.get_queryset().clients()

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("role", Role.ADMIN)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    display_name = models.CharField(
        max_length=120, help_text="How the person wants to be addressed."
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLIENT)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin site.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        ordering = ["display_name", "email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def is_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES

    @property
    def needs_mfa(self) -> bool:
        return self.role in settings.MFA_REQUIRED_ROLES


class PracticeKind(models.TextChoices):
    OUTPATIENT = "outpatient", "Outpatient practice"
    RESIDENTIAL = "residential", "Residential facility"


class Practice(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PracticeKind.choices)
    weekly_hours_target = models.PositiveSmallIntegerField(
        default=0, help_text="Therapy hours per client per week; residential programs use 50."
    )
    reporting_needs_supervisor = models.BooleanField(
        default=False,
        help_text="A supervisor signs every reporting-review decision before it is complete.",
    )
    notes_need_cosign = models.BooleanField(
        default=False, help_text="A supervisor co-signs every signed progress note."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PracticeMembership(models.Model):
    """A clinician or supervisor working at a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_memberships"
    )
    role = models.CharField(
        max_length=20,
        choices=[(Role.CLINICIAN, "Clinician"), (Role.SUPERVISOR, "Supervisor")],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "user"], name="one_membership_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.practice}"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A single-use sign-up link. Only the token's hash is stored; the link is shown once."""

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        USED = "used", "Already used"
        REVOKED = "revoked", "Withdrawn"

    email = models.EmailField()
    role = models.CharField(
        max_length=20,
        choices=[
            (Role.CLIENT, "Client"),
            (Role.SUPPORTER, "Supporter"),
            (Role.MEMBER, "Institute member"),
        ],
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.CASCADE)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supporter_invitations",
        help_text="For a supporter: the client they will support.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # No address: lists such as the admin's "what would be deleted" show this.
        return f"Invitation {self.pk} ({self.role})"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_token(token)

    @classmethod
    def find(cls, token: str) -> "Invitation | None":
        return cls.objects.filter(token_hash=_hash_token(token)).first()

    @staticmethod
    def hash_token(token: str) -> str:
        """Single-use links store only this hash (invitations, second-factor resets)."""
        return _hash_token(token)

    @staticmethod
    def default_expiry() -> Any:
        return timezone.now() + timedelta(days=settings.INVITATION_DAYS)

    def get_status_label(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def status(self) -> "Invitation.Status":
        if self.accepted_at:
            return self.Status.USED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.VALID


# --- in-app notifications -------------------------------------------------------------------


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_person(self, person: User) -> "NotificationQuerySet":
        return self.filter(recipient=person)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A line in the app for one person, with a link. It holds no clinical content, like an
    e-mail: it says that something is waiting, and the page it links to shows what."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=200)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"Notification {self.pk}"
