# Data: care-team memberships and break-glass grants become Grant rows; the access log, first
# checked against its old SHA-256 chain, is re-chained per client and MACed. A log that was
# already broken stops the migration: it must be looked at, not silently re-blessed.

import hashlib
import json
from datetime import datetime, time

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from threecircles.lib import crypto

GENESIS = "0" * 64


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def move_grants(apps, schema_editor):
    Grant = apps.get_model("privacy", "Grant")
    Membership = apps.get_model("accounts", "CareTeamMembership")
    BreakGlass = apps.get_model("privacy", "BreakGlassGrant")
    for membership in Membership.objects.order_by("pk"):
        Grant.objects.create(
            kind="care_team",
            client_id=membership.client_id,
            grantee_id=membership.member_id,
            scope="record",
            role=membership.role,
            practice_id=membership.practice_id,
            reason="Care team",
            starts_at=_day_start(membership.started_on),
            # The old end date was the first day without access.
            ends_at=_day_start(membership.ended_on) if membership.ended_on else None,
        )
    for old in BreakGlass.objects.order_by("pk"):
        ends = old.expires_at if old.closed_at is None else min(old.expires_at, old.closed_at)
        Grant.objects.create(
            kind="break_glass",
            client_id=old.client_id,
            grantee_id=old.admin_id,
            scope="record",
            role="admin",
            reason=old.reason,
            starts_at=old.opened_at,
            ends_at=ends,
            created_by_id=old.admin_id,
        )


def _old_canonical(event):
    fields = {
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "client_id": event.client_id,
        "action": event.action,
        "what": event.what,
        "object_id": event.object_id,
        "reason": event.reason,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _new_canonical(event):
    fields = {
        "at": event.at.isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "client_id": event.client_id,
        "basis": event.basis,
        "action": event.action,
        "what": event.what,
        "object_id": event.object_id,
        "reason": event.reason,
        "seq": event.seq,
        "key_id": event.key_id,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _basis(event):
    if event.actor_id is None:
        return "system"
    if event.actor_id == event.client_id:
        return "self"
    if event.action == "break_glass" or event.reason == "Emergency access (break-glass)":
        return "break_glass"
    if event.action == "erase":
        return "administration"
    return "care_team"


def rechain(apps, schema_editor):
    AccessEvent = apps.get_model("privacy", "AccessEvent")
    Head = apps.get_model("privacy", "AccessChainHead")
    prev = GENESIS
    checked = 0
    for event in AccessEvent.objects.order_by("id").iterator(chunk_size=2000):
        expected = hashlib.sha256(prev.encode() + b"|" + _old_canonical(event)).hexdigest()
        if event.prev_hash != prev or event.hash != expected:
            raise RuntimeError(
                f"The access log was already broken at row {event.pk}; run "
                "verify_access_log on the previous release and resolve it before migrating."
            )
        prev = event.hash
        checked += 1
    old_head = apps.get_model("privacy", "AccessLogHead").objects.filter(pk=1).first()
    if old_head is not None and (old_head.last_hash != prev or old_head.count != checked):
        raise RuntimeError(
            "The access log's newest rows were deleted before this upgrade (its head says "
            f"{old_head.count} events, {checked} remain); resolve it before migrating."
        )
    kek = crypto.parse_keys(settings.THREECIRCLES_KEYS)[0]
    key = crypto.derive_key(kek, "access-log-mac")
    heads = {}
    batch = []
    for event in AccessEvent.objects.order_by("id").iterator(chunk_size=2000):
        seq, mac = heads.get(event.client_id, (0, GENESIS))
        event.seq = seq + 1
        event.basis = _basis(event)
        event.key_id = kek.key_id
        event.mac = crypto.mac(key, mac.encode() + b"|" + _new_canonical(event))
        heads[event.client_id] = (event.seq, event.mac)
        batch.append(event)
        if len(batch) >= 1000:
            AccessEvent.objects.bulk_update(batch, ["seq", "basis", "key_id", "mac"])
            batch = []
    AccessEvent.objects.bulk_update(batch, ["seq", "basis", "key_id", "mac"])
    Head.objects.bulk_create(
        [Head(client_id=cid, seq=seq, mac=mac) for cid, (seq, mac) in heads.items()]
    )


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0002_grants_and_keyed_log'),
    ]

    operations = [
        migrations.RunPython(move_grants, migrations.RunPython.noop),
        migrations.RunPython(rechain, migrations.RunPython.noop),
    ]
