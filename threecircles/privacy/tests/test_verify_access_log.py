"""The access log is append-only, chained per client and MACed under a key derived from the
key-encryption keys; signed anchors outside the database catch the newest rows deleted.
`verify_access_log` finds any tampering and names where."""

import hashlib
import hmac
import json
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from threecircles.lib import crypto, schedule
from threecircles.privacy.log import LogTampered, anchor_dir, write_anchor
from threecircles.privacy.models import GENESIS_MAC, AccessEvent, AppendOnlyError

TABLE = "privacy_accessevent"
HEADS = "privacy_accesschainhead"


@pytest.fixture
def event_ids(alice, bob, sam, mallory, signed_in):
    """Record views on Alice's chain (care team and Alice) and on Mallory's, oldest first."""
    for person in (bob, sam, alice, bob, bob):
        signed_in(person).get(f"/care/clients/{alice.pk}/")
    signed_in(mallory).get(f"/care/clients/{mallory.pk}/")
    ids = list(
        AccessEvent.objects.for_client(alice.pk).order_by("seq").values_list("id", flat=True)
    )
    assert len(ids) >= 5
    return ids


def verify() -> str:
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as caught:
        verify()
    return str(caught.value)


def names_row(message: str, row_id: int) -> bool:
    return re.search(rf"\(row {row_id}\)", message) is not None


def raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.rowcount >= 1


def test_an_intact_log_verifies(event_ids):
    events = AccessEvent.objects.count()
    chains = AccessEvent.objects.values("client_id").distinct().count()
    assert chains >= 2
    assert f"Access log intact: {events} events in {chains} chains verified" in verify()


def test_an_empty_log_verifies(db):
    assert "Access log intact: 0 events in 0 chains verified" in verify()


def test_each_client_has_a_chain_of_their_own(event_ids, alice):
    places = list(
        AccessEvent.objects.for_client(alice.pk).order_by("id").values_list("seq", flat=True)
    )
    assert places == list(range(1, len(places) + 1))


def test_a_changed_reason_is_found_naming_the_row(event_ids, alice):
    changed = event_ids[2]
    raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["Routine audit", changed])

    message = verify_fails()

    assert names_row(message, changed)
    assert f"client {alice.pk}'s chain, place 3" in message
    assert "NOT intact" in message


@pytest.mark.parametrize("column", ["actor_label", "what", "action", "at", "basis"])
def test_any_changed_column_is_found(event_ids, column):
    changed = event_ids[1]
    value = "2001-01-01 00:00:00" if column == "at" else "x"
    if column == "at" and connection.vendor == "postgresql":
        value = "2001-01-01 00:00:00+00"
    raw(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, changed])

    assert names_row(verify_fails(), changed)


def test_a_deleted_middle_row_is_found_naming_the_row_after_it(event_ids):
    deleted, following = event_ids[2], event_ids[3]
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [deleted])

    message = verify_fails()

    assert names_row(message, following)
    assert "missing (deleted rows)" in message


def test_a_deleted_first_row_is_found(event_ids):
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event_ids[0]])

    assert names_row(verify_fails(), event_ids[1])


def test_a_deleted_newest_row_is_found_by_the_chain_head(event_ids, alice):
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event_ids[-1]])

    message = verify_fails()

    assert f"client {alice.pk}'s chain ends at place {len(event_ids) - 1}" in message
    assert f"its head says {len(event_ids)}" in message


def _forge_from(changed_id: int, client_id: int, key: bytes) -> None:
    """Rewrite one row's reason, then recompute its MAC and every later one, and the head,
    with `key`: what someone who can write the database, but lacks the real key, can do."""
    events = list(AccessEvent.objects.for_client(client_id).order_by("seq"))
    prev = GENESIS_MAC
    for event in events:
        if event.pk == changed_id:
            event.reason = "Routine audit"
        if event.pk >= changed_id:
            event.mac = hmac.new(
                key, prev.encode() + b"|" + event.canonical(), hashlib.sha256
            ).hexdigest()
            raw(
                f"UPDATE {TABLE} SET reason = %s, mac = %s WHERE id = %s",
                [event.reason, event.mac, event.pk],
            )
        prev = event.mac
    raw(f"UPDATE {HEADS} SET mac = %s WHERE client_id = %s", [prev, client_id])


@pytest.mark.parametrize(
    "guess",
    [b"", b"0" * 32, hashlib.sha256(b"threecircles").digest()],
    ids=["empty key", "zero key", "guessed key"],
)
def test_a_row_edited_with_the_chain_recomputed_without_the_key_fails(event_ids, alice, guess):
    changed = event_ids[2]
    _forge_from(changed, alice.pk, guess)

    message = verify_fails()

    assert names_row(message, changed)
    assert "contents or its MAC were changed" in message


def test_the_same_edit_with_the_real_key_is_what_the_key_protects(event_ids, alice):
    """The check is only as strong as the key: recomputed with it, the chain verifies. This is
    why the key lives in the environment, never in the database (docs/access-log.md)."""
    from threecircles.privacy.models import log_mac_key

    event = AccessEvent.objects.get(pk=event_ids[2])
    _forge_from(event.pk, alice.pk, log_mac_key(event.key_id))
    assert "Access log intact" in verify()


# --- anchors --------------------------------------------------------------------------------


def _anchors() -> list[Path]:
    return sorted(anchor_dir().glob("anchor-*.json"))


def test_the_scheduler_has_the_worker_write_an_anchor_once_per_slot(event_ids, run_tasks):
    cache.clear()  # slots are claimed in the shared cache
    assert "access-log anchor" in schedule.enqueue_due()
    assert "access-log anchor" not in schedule.enqueue_due()  # the same slot, claimed once
    run_tasks()
    [path] = _anchors()
    anchor = json.loads(path.read_text())
    assert anchor["events"] == AccessEvent.objects.count()
    assert "anchor: anchor-" in verify()


def test_deleting_the_newest_rows_and_rewinding_the_head_is_caught_by_the_anchor(event_ids, alice):
    write_anchor()
    newest, previous = event_ids[-1], AccessEvent.objects.get(pk=event_ids[-2])
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [newest])
    raw(
        f"UPDATE {HEADS} SET seq = %s, mac = %s WHERE client_id = %s",
        [previous.seq, previous.mac, alice.pk],
    )

    message = verify_fails()

    assert f"client {alice.pk}'s chain ends at place {previous.seq}" in message
    assert "the newest rows were deleted" in message
    # The next anchor refuses to bless the rewound log, and says why.
    with pytest.raises(LogTampered, match="the newest rows were deleted"):
        write_anchor(timezone.now() + timedelta(hours=1))


def test_a_whole_chain_deleted_with_its_head_is_caught_by_the_anchor(event_ids, alice):
    write_anchor()
    raw(f"DELETE FROM {TABLE} WHERE client_id = %s", [alice.pk])
    raw(f"DELETE FROM {HEADS} WHERE client_id = %s", [alice.pk])

    assert f"client {alice.pk}'s chain ends at place 0" in verify_fails()


def test_rows_added_after_the_anchor_still_verify(event_ids, alice, bob, signed_in):
    write_anchor()
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    assert "Access log intact" in verify()


def test_an_edited_anchor_file_is_refused(event_ids):
    path = write_anchor()
    anchor = json.loads(path.read_text())
    anchor["chains"][0][1] -= 1
    path.write_text(json.dumps(anchor))

    assert "is not signed by this installation's key" in verify_fails()


def test_an_anchor_signed_with_another_key_is_refused(event_ids):
    """A forger who signs with a key of their own and puts its public half in the file."""
    path = write_anchor()
    anchor = json.loads(path.read_text())
    forger = crypto.signing_key(crypto.KeyEncryptionKey("forger", b"\x07" * 32), "x")
    anchor["public_key"] = crypto.public_key_hex(forger)
    body = json.dumps(
        {k: v for k, v in anchor.items() if k != "signature"},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    anchor["signature"] = forger.sign(body).hex()
    path.write_text(json.dumps(anchor))

    assert "is not signed by this installation's key" in verify_fails()


def test_anchors_chain_to_the_one_before(event_ids):
    first = write_anchor()
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        second = write_anchor()
    previous = json.loads(second.read_text())["previous"]
    body = json.loads(first.read_text())
    body.pop("signature")
    expected = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    assert previous == expected


# --- keys -----------------------------------------------------------------------------------


def test_rows_written_under_a_retired_key_verify_only_with_it(event_ids, settings):
    old = settings.THREECIRCLES_KEYS
    new = crypto.generate_key_entry("k-new")
    settings.THREECIRCLES_KEYS = f"{new},{old}"
    assert "Access log intact" in verify()

    settings.THREECIRCLES_KEYS = new
    message = verify_fails()
    assert "which is not configured" in message
    assert "THREECIRCLES_RETIRED_KEYS" in message

    settings.THREECIRCLES_RETIRED_KEYS = old
    assert "Access log intact" in verify()


# --- append-only ----------------------------------------------------------------------------


def test_saving_an_existing_event_is_refused(event_ids):
    event = AccessEvent.objects.get(pk=event_ids[0])
    event.reason = "Nothing to see"

    with pytest.raises(AppendOnlyError):
        event.save()

    assert AccessEvent.objects.get(pk=event_ids[0]).reason != "Nothing to see"
    assert "intact" in verify()


def test_deleting_an_event_is_refused(event_ids):
    event = AccessEvent.objects.get(pk=event_ids[0])

    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AccessEvent.objects.filter(pk=event_ids[0]).exists()
    assert "intact" in verify()


def test_bulk_updates_and_deletes_through_the_orm_are_refused(event_ids):
    before = AccessEvent.objects.count()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event_ids[0]).update(reason="Nothing to see")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()

    assert AccessEvent.objects.count() == before
    assert "intact" in verify()


def test_an_older_anchor_copied_in_as_the_newest_is_refused(event_ids, alice, bob, signed_in):
    """Replay: someone deletes rows and puts back an anchor from before they were written."""
    first = write_anchor()
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        write_anchor()
    replayed = anchor_dir() / "anchor-99991231T000000000000Z.json"
    replayed.write_text(first.read_text())

    assert "does not follow" in verify_fails()


def test_an_append_while_the_anchor_is_written_is_not_taken_for_tampering(
    event_ids, alice, bob, signed_in, monkeypatch
):
    """The heads are read before the rows; a row appended in between only makes the chain
    longer than its head, which is not a deletion."""
    from threecircles.privacy import log

    read_before = log.read_heads()
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    monkeypatch.setattr(log, "read_heads", lambda: read_before)
    assert write_anchor().exists()
    assert "Access log intact" in verify()


def test_without_an_anchor_the_check_warns_and_can_be_made_to_fail(event_ids):
    out, err = StringIO(), StringIO()
    call_command("verify_access_log", stdout=out, stderr=err)
    assert "Access log intact" in out.getvalue()
    assert "No anchor yet" in err.getvalue()
    with pytest.raises(CommandError, match="No anchor yet"):
        call_command("verify_access_log", "--require-anchor", stdout=StringIO())
    call_command("verify_access_log", "--write-anchor", stdout=StringIO())
    call_command("verify_access_log", "--require-anchor", stdout=StringIO())


def test_old_anchors_are_pruned_but_the_newest_two_are_kept(event_ids, settings):
    settings.ACCESS_LOG_ANCHOR_KEEP_DAYS = 30
    start = timezone.now()
    for days in (0, 10, 45, 60):
        with time_machine.travel(start + timedelta(days=days), tick=False):
            write_anchor()
    kept = [p.name for p in _anchors()]
    assert len(kept) == 2
    assert "Access log intact" in verify()
