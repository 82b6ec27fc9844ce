"""The privacy core: data keys, grants (who may see a client's record and why), the access log.

Tables here never hold clinical plaintext. Client ids in the access log are plain integers, not
foreign keys, so the log outlives an erased account and can still be verified.
"""

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from threecircles.accounts.models import Practice, User
from threecircles.lib import crypto, keyring


class KeyDomain(models.TextChoices):
    """Each client has one data key per domain, so one part can be shredded on its own: what
    the client wrote about their own recovery is theirs to erase; the clinical record the
    practice must keep is not."""

    RECORD = "record", "Clinical record"
    RECOVERY = "recovery", "Own recovery data"


class DataKey(models.Model):
    """A client's data key for one domain, wrapped under a key-encryption key. Deleting it
    shreds that part of their data."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_keys"
    )
    domain = models.CharField(max_length=20, choices=KeyDomain.choices, default=KeyDomain.RECORD)
    kek_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "domain"], name="one_data_key_per_domain")
        ]

    def __str__(self) -> str:
        return f"Data key ({self.domain}) of client {self.client_id} under {self.kek_id}"


class Erasure(models.Model):
    """A record that a client's data key was destroyed: that ciphertext is gone for good.
    After the record domain's, the account is closed; after the recovery domain's, the client
    may start their recovery data afresh under a new key."""

    client_id = models.BigIntegerField()
    domain = models.CharField(max_length=20, choices=KeyDomain.choices, default=KeyDomain.RECORD)
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by_id = models.BigIntegerField(null=True)
    reason = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["client_id", "domain"])]

    def __str__(self) -> str:
        return f"Erasure ({self.domain}) of client {self.client_id}"


# --- grants: relationships decide access ----------------------------------------------------


class GrantKind(models.TextChoices):
    CARE_TEAM = "care_team", "Care team"
    SUPPORTER = "supporter", "Supporter"
    BREAK_GLASS = "break_glass", "Emergency access"


class Scope(models.TextChoices):
    """What a grant opens. The care team and emergency access open the record; a supporter
    sees only the scopes the client chose for them, one consent record per scope."""

    RECORD = "record", "The clinical record"
    SOBRIETY = "sobriety", "Sobriety status and sober time"
    CHECKINS = "checkins", "Check-in regularity"
    SLIPS = "slips", "Slips (that one happened)"
    SLIP_REVIEWS = "slip_reviews", "Slip reviews"
    MIDDLE_CIRCLE = "middle_circle", "Middle-circle alerts"
    PLAN = "plan", "Healthy sex plan"
    MILESTONES = "milestones", "Milestones"
    SUPPORT_REQUESTS = "support_requests", "Past support requests"


SUPPORTER_SCOPES = [scope for scope in Scope if scope != Scope.RECORD]
# The care team reads the record and everything a client could share with a supporter.
CARE_TEAM_SCOPES = frozenset(Scope)


class CareTeamRole(models.TextChoices):
    PRIMARY = "primary", "Primary clinician"
    CLINICIAN = "clinician", "Clinician"
    GROUP_FACILITATOR = "group_facilitator", "Group facilitator"
    PRESCRIBER = "prescriber", "Psychiatrist or prescriber"
    SUPERVISOR = "supervisor", "Supervisor"


class Relationship(models.TextChoices):
    """How a supporter knows the client."""

    SPONSOR = "sponsor", "Sponsor"
    ACCOUNTABILITY_PARTNER = "accountability", "Accountability partner"
    PARTNER = "partner", "Spouse or partner"
    FAMILY = "family", "Family member"
    GROUP_MEMBER = "group", "Group member"
    FRIEND = "friend", "Friend"
    OTHER = "other", "Other"


ROLE_LABELS = dict(CareTeamRole.choices) | dict(Relationship.choices) | {"admin": "Administrator"}


def day_start(day: date) -> datetime:
    """The first moment of a local calendar day: care teams start and end on whole days."""
    return timezone.make_aware(datetime.combine(day, time.min))


class GrantQuerySet(models.QuerySet["Grant"]):
    def active(self, at: datetime | None = None) -> "GrantQuerySet":
        at = at or timezone.now()
        return self.filter(starts_at__lte=at).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))

    def care_team(self) -> "GrantQuerySet":
        return self.filter(kind=GrantKind.CARE_TEAM)

    def supporters(self) -> "GrantQuerySet":
        return self.filter(kind=GrantKind.SUPPORTER)

    def break_glass(self) -> "GrantQuerySet":
        return self.filter(kind=GrantKind.BREAK_GLASS)

    def care_team_of(self, client: User) -> "GrantQuerySet":
        """The client's current care team, as shown to them and to the team: places that
        count (the member still works at the practice)."""
        return (
            self.care_team()
            .active()
            .filter(client=client, practice__memberships__user=F("grantee"))
            .select_related("grantee", "practice")
            .order_by("starts_at", "pk")
        )

    def usable_care_team(self, member: User) -> "GrantQuerySet":
        """Care-team grants `member` can use now: practice membership is required too, so a
        grant row alone (say, written in a database console) opens nothing."""
        return (
            self.care_team()
            .active()
            .filter(grantee=member, practice__memberships__user=member)
            .distinct()
        )


class Grant(models.Model):
    """Why someone other than the client may see (part of) the client's record.

    One row per relationship and scope over one span of time: a care-team place (dated, tied
    to the practice), one scope a client shared with a supporter (a consent record the client
    made: its start, its optional end, and, through the rows before it, its history), or an
    administrator's emergency access (a reason, some minutes). Rows are never rewritten except
    to end them; a change of sharing ends one row and starts another.
    """

    kind = models.CharField(max_length=20, choices=GrantKind.choices)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants_on_me"
    )
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants_held",
        help_text="Empty while a supporter's invitation is not accepted yet.",
    )
    scope = models.CharField(max_length=30, choices=Scope.choices)
    role = models.CharField(
        max_length=20, blank=True, help_text="Care-team role, or the supporter's relationship."
    )
    practice = models.ForeignKey(
        Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    invitation = models.ForeignKey(
        "accounts.Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grants",
    )
    reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=40,
        blank=True,
        help_text="What else carries this grant, e.g. 'group:3' for sharing with a group: "
        "ending that (leaving the group) ends every grant it carried.",
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Exclusive; empty: open.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["grantee", "kind", "client"]),
            models.Index(fields=["client", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} grant {self.pk}"

    def is_active(self, at: datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.role, self.role))

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self) -> date | None:
        """For a care team: the last whole day of access."""
        if self.ends_at is None:
            return None
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()


# --- the access log -------------------------------------------------------------------------


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Added"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Emergency access opened"
    ERASE = "erase", "Erased"


class Basis(models.TextChoices):
    """On what grounds an event happened."""

    SELF = "self", "Own record"
    CARE_TEAM = "care_team", "Care team"
    SUPPORTER = "supporter", "Supporter"
    BREAK_GLASS = "break_glass", "Emergency access"
    ADMINISTRATION = "administration", "Account administration"
    SYSTEM = "system", "Three Circles"


GENESIS_MAC = "0" * 64
LOG_MAC_PURPOSE = "access-log-mac"


class AppendOnlyError(Exception):
    pass


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def for_client(self, client_id: int) -> "AccessEventQuerySet":
        return self.filter(client_id=client_id)

    def by_others(self, client_id: int) -> "AccessEventQuerySet":
        return self.for_client(client_id).exclude(actor_id=client_id)

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Access events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Access events cannot be deleted.")


def log_mac_key(key_id: str) -> bytes:
    """The access log's MAC key for one key-encryption key (retired ones too: old rows)."""
    kek = keyring.kek_by_id(key_id, retired_too=True)
    if kek is None:
        raise crypto.DecryptionError(f"key-encryption key {key_id!r} is not configured")
    return keyring.derived_key(kek, LOG_MAC_PURPOSE)


class AccessEvent(models.Model):
    """Who touched whose record (or account), what, when and why. Append-only.

    Each client has a chain of their own: row `seq` carries a MAC, under a key derived from the
    key-encryption keys, over its fields and the MAC of row `seq - 1`. Editing a row, even with
    every later MAC recomputed, needs the key; a gap in `seq` shows a deleted row; the signed
    anchors written outside the database catch the newest rows deleted. Chains of different
    clients never wait for each other.
    """

    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, help_text="User id; null for the system.")
    actor_label = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=20)
    client_id = models.BigIntegerField(help_text="Whose record or account.")
    basis = models.CharField(max_length=20, choices=Basis.choices, default=Basis.SYSTEM)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=100, help_text="Which part of the record, e.g. 'notes'.")
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=200)
    seq = models.BigIntegerField(help_text="Position in this client's chain, from 1.")
    key_id = models.CharField(max_length=40)
    mac = models.CharField(max_length=64)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["client_id", "-at"])]
        constraints = [
            models.UniqueConstraint(fields=["client_id", "seq"], name="one_event_per_chain_place")
        ]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.what} of client {self.client_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Access events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Access events cannot be deleted.")

    def check_lengths(self) -> None:
        """PostgreSQL refuses a value longer than its column and SQLite does not: refuse it
        everywhere, so a test on either finds it."""
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            limit = field.max_length if isinstance(field, models.CharField) else None
            if limit and value and len(str(value)) > limit:
                raise ValueError(f"access event {field.name} is over {limit}")

    def canonical(self) -> bytes:
        fields: dict[str, Any] = {
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "actor_role": self.actor_role,
            "client_id": self.client_id,
            "basis": self.basis,
            "action": self.action,
            "what": self.what,
            "object_id": self.object_id,
            "reason": self.reason,
            "seq": self.seq,
            "key_id": self.key_id,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def compute_mac(self, prev_mac: str) -> str:
        return crypto.mac(log_mac_key(self.key_id), prev_mac.encode() + b"|" + self.canonical())


class AccessChainHead(models.Model):
    """The newest place in one client's chain. Its row lock serialises appends to that chain
    only, so writers for different clients never queue behind each other."""

    client_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, default=GENESIS_MAC)

    def __str__(self) -> str:
        return f"Chain of client {self.client_id} at {self.seq}"

    @staticmethod
    def append(event: AccessEvent) -> AccessEvent:
        return AccessChainHead.append_many([event])[0]

    @staticmethod
    @transaction.atomic
    def append_many(events: list[AccessEvent]) -> list[AccessEvent]:
        """Append events of one client's chain in order, under one lock of its head: a page
        that reads several parts of a record logs each part, in one write."""
        if not events:
            return events
        client_id = events[0].client_id
        if any(event.client_id != client_id for event in events):
            raise ValueError("append_many takes the events of one client's chain")
        heads = AccessChainHead.objects.select_for_update()
        head = heads.filter(client_id=client_id).first()
        if head is None:
            # Two first events for one client at once: one insert wins, both then lock it.
            AccessChainHead.objects.bulk_create(
                [AccessChainHead(client_id=client_id)], ignore_conflicts=True
            )
            head = heads.get(client_id=client_id)
        key_id = keyring.newest_kek().key_id
        for event in events:
            event.check_lengths()
            event.seq = head.seq + 1
            event.key_id = key_id
            event.mac = event.compute_mac(head.mac)
            head.seq, head.mac = event.seq, event.mac
        AccessEvent.objects.bulk_create(events)
        head.save(update_fields=["seq", "mac"])
        return events


def configured_keks() -> list[crypto.KeyEncryptionKey]:
    """The key-encryption keys from THREECIRCLES_KEYS, newest first."""
    return keyring.configured_keks()


# --- recovering a lost second factor: two people, and the person themself --------------------


class SecondFactorResetQuerySet(models.QuerySet["SecondFactorReset"]):
    def open(self) -> "SecondFactorResetQuerySet":
        return self.filter(
            confirmed_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class SecondFactorReset(models.Model):
    """A staff member lost their second factor. An administrator starts the reset, a second
    administrator (or a supervisor of the person's practice) approves it, and the person
    confirms it from their own verified address; they are told by e-mail at every step."""

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Waiting for a second person to approve"
        AWAITING_CONFIRMATION = "awaiting_confirmation", "Waiting for the person to confirm"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_resets"
    )
    reason = models.CharField(max_length=300)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SecondFactorResetQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Second-factor reset for {self.person}"

    @property
    def status(self) -> "SecondFactorReset.Status":
        if self.confirmed_at:
            return self.Status.DONE
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        if self.approved_at:
            return self.Status.AWAITING_CONFIRMATION
        return self.Status.AWAITING_APPROVAL

    def get_status_label(self) -> str:
        return str(self.Status(self.status).label)
