"""The privacy core: data keys, the access log, break-glass grants.

Tables here never hold clinical plaintext. Client ids in the access log are plain integers, not
foreign keys, so the log outlives an erased account and can still be verified.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from threecircles.lib import crypto


class DataKey(models.Model):
    """A client's data key, wrapped under a key-encryption key. Deleting it shreds their data."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_key"
    )
    kek_id = models.CharField(max_length=40)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Data key of client {self.client_id} under {self.kek_id}"


class Erasure(models.Model):
    """A record that a client's data key was destroyed: their ciphertext is gone for good."""

    client_id = models.BigIntegerField(unique=True)
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by_id = models.BigIntegerField(null=True)
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"Erasure of client {self.client_id}"


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Added"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Emergency access opened"
    ERASE = "erase", "Erased"


GENESIS_HASH = "0" * 64


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


class AccessEvent(models.Model):
    """Who touched whose record, what, when and why. Append-only and hash-chained.

    Each row's hash covers its own fields and the previous row's hash, so editing or deleting
    any row breaks the chain from that row on; `verify_access_log` finds the first break.
    """

    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, help_text="User id; null for the system.")
    actor_label = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=20)
    client_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=100, help_text="Which part of the record, e.g. 'notes'.")
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=200)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["client_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.action} {self.what} of client {self.client_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Access events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Access events cannot be deleted.")

    def canonical(self) -> bytes:
        fields: dict[str, Any] = {
            "at": self.at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "actor_role": self.actor_role,
            "client_id": self.client_id,
            "action": self.action,
            "what": self.what,
            "object_id": self.object_id,
            "reason": self.reason,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self, prev_hash: str) -> str:
        return hashlib.sha256(prev_hash.encode() + b"|" + self.canonical()).hexdigest()


class AccessLogHead(models.Model):
    """One row whose lock serialises appends, so two writers never chain onto the same hash."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Access log head after {self.count} events"

    @classmethod
    @transaction.atomic
    def append(cls, event: AccessEvent) -> AccessEvent:
        head, _ = cls.objects.select_for_update().get_or_create(pk=1)
        event.prev_hash = head.last_hash
        event.hash = event.compute_hash(head.last_hash)
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
        return event


class BreakGlassGrant(models.Model):
    """An administrator's emergency, time-limited access to one client's record."""

    admin = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_glass_on_me"
    )
    reason = models.CharField(max_length=300)
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Break-glass by {self.admin} on client {self.client_id}"

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.opened_at <= now < self.expires_at


def configured_keks() -> list[crypto.KeyEncryptionKey]:
    return crypto.parse_keys(settings.THREECIRCLES_KEYS)
