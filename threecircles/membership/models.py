"""Professional members: member types with yearly fees, a membership per person with its
renewal date, the payments that renew it, the reminders sent, and member-only resources.

A membership is current through `paid_through`, then in a grace period of `GRACE_DAYS` (the
member area and member prices still open, reminders urge renewal), then lapsed. Nothing here
is clinical: a member's profile is what a professional shows other professionals.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

GRACE_DAYS = 30


class MemberType(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    yearly_fee = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    open_for_applications = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Standing(models.TextChoices):
    APPLIED = "applied", "Application waiting for a decision"
    AWAITING_PAYMENT = "awaiting_payment", "Approved, first payment due"
    CURRENT = "current", "Current"
    GRACE = "grace", "Renewal overdue (grace period)"
    LAPSED = "lapsed", "Lapsed"
    DECLINED = "declined", "Application declined"
    ENDED = "ended", "Ended"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_good_standing(self, on: datetime.date | None = None) -> "MembershipQuerySet":
        """Current or in the grace period on `on` (today by default): the member area and
        member prices are open to these."""
        on = on or timezone.localdate()
        return self.filter(
            status=Membership.Status.ACTIVE,
            paid_through__gte=on - datetime.timedelta(days=GRACE_DAYS),
        )


def new_member_number() -> str:
    return f"M-{secrets.randbelow(10**6):06d}"


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    member_type = models.ForeignKey(MemberType, on_delete=models.PROTECT, related_name="members")
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    member_number = models.CharField(max_length=12, blank=True)
    # Who they are, as a professional shows it to other professionals.
    name = models.CharField(max_length=120)
    email = models.EmailField(unique=True)
    profession = models.CharField(
        max_length=120, help_text="For example: licensed marriage and family therapist."
    )
    licence = models.CharField(
        max_length=120, blank=True, help_text="Licence type, number and where it was issued."
    )
    organisation = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    website = models.URLField(max_length=200, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    statement = models.TextField(
        max_length=2000, blank=True, help_text="Why they applied (read by staff only)."
    )
    applied_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=300, blank=True)
    joined_on = models.DateField(null=True, blank=True)
    paid_through = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_number"],
                condition=~models.Q(member_number=""),
                name="member_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Membership {self.pk}"

    def standing(self, on: datetime.date | None = None) -> Standing:
        on = on or timezone.localdate()
        if self.status == self.Status.APPLIED:
            return Standing.APPLIED
        if self.status == self.Status.DECLINED:
            return Standing.DECLINED
        if self.status == self.Status.ENDED:
            return Standing.ENDED
        if self.paid_through is None:
            return Standing.AWAITING_PAYMENT
        if on <= self.paid_through:
            return Standing.CURRENT
        if on <= self.paid_through + datetime.timedelta(days=GRACE_DAYS):
            return Standing.GRACE
        return Standing.LAPSED

    def in_good_standing(self, on: datetime.date | None = None) -> bool:
        return self.standing(on) in (Standing.CURRENT, Standing.GRACE)


class MembershipPayment(models.Model):
    """A year paid: the first payment after approval, then each renewal."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="payments")
    period_start = models.DateField()
    period_end = models.DateField()
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    reference = models.CharField(max_length=120, blank=True)
    paid_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["membership", "-period_end", "-pk"]

    def __str__(self) -> str:
        return f"Membership payment {self.pk}"


class RenewalReminder(models.Model):
    """A reminder sent for one renewal date; never sent twice for the same date and kind."""

    class Kind(models.TextChoices):
        MONTH_BEFORE = "month", "30 days before"
        WEEK_BEFORE = "week", "7 days before"
        OVERDUE = "overdue", "In the grace period"
        LAPSED = "lapsed", "Lapsed"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    paid_through = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "paid_through", "kind"], name="one_reminder_per_date_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Renewal reminder {self.pk}"


class MemberResource(models.Model):
    """Something only members in good standing may read: a text (Markdown), a link, or both."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(max_length=50_000, blank=True)
    link = models.URLField(max_length=500, blank=True)
    published = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
