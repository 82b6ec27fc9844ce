"""The access log is append-only and hash-chained; `verify_access_log` finds any tampering."""

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from threecircles.privacy.models import AccessEvent, AppendOnlyError

TABLE = "privacy_accessevent"


@pytest.fixture
def event_ids(alice, bob, sam, signed_in):
    """Several record views by the care team and by Alice herself, oldest first."""
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    signed_in(sam).get(f"/care/clients/{alice.pk}/")
    signed_in(alice).get(f"/care/clients/{alice.pk}/")
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    ids = list(AccessEvent.objects.order_by("id").values_list("id", flat=True))
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
    return re.search(rf"\brow {row_id}\b", message) is not None


def raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.rowcount == 1


def test_an_intact_log_verifies(event_ids):
    assert f"Access log intact: {len(event_ids)} events verified." in verify()


def test_an_empty_log_verifies(db):
    assert "Access log intact: 0 events verified." in verify()


def test_a_changed_reason_is_found_naming_the_row(event_ids):
    changed = event_ids[2]
    raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["Routine audit", changed])

    message = verify_fails()

    assert names_row(message, changed)
    assert "NOT intact" in message
    assert "2 good rows" in message


@pytest.mark.parametrize("column", ["actor_label", "what", "action", "at"])
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
    assert not names_row(message, deleted)


def test_a_deleted_first_row_is_found(event_ids):
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event_ids[0]])

    assert names_row(verify_fails(), event_ids[1])


def test_a_deleted_newest_row_is_found(event_ids):
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event_ids[-1]])

    message = verify_fails()

    assert "newest rows were deleted" in message
    assert f"{len(event_ids)} events were written" in message


def test_a_recomputed_row_still_breaks_the_chain_at_the_next_row(event_ids):
    """Someone who rewrites a row and fixes its own hash is caught by the row after it."""
    changed, following = event_ids[2], event_ids[3]
    event = AccessEvent.objects.get(pk=changed)
    event.reason = "Routine audit"
    new_hash = event.compute_hash(event.prev_hash)
    raw(
        f"UPDATE {TABLE} SET reason = %s, hash = %s WHERE id = %s",
        ["Routine audit", new_hash, changed],
    )

    assert names_row(verify_fails(), following)


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
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event_ids[0]).update(reason="Nothing to see")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()

    assert AccessEvent.objects.count() == len(event_ids)
    assert "intact" in verify()


def test_an_anchor_kept_outside_catches_newest_rows_deleted_with_the_head_rewritten(event_ids):
    """Someone who deletes the newest events and also rewrites the head row is caught by the
    anchor an administrator kept from an earlier run."""
    anchor = re.search(r"Anchor: (\d+:[0-9a-f]{64})", verify()).group(1)
    previous = AccessEvent.objects.get(pk=event_ids[-2])
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event_ids[-1]])
    raw(
        "UPDATE privacy_accessloghead SET last_hash = %s, count = count - 1 WHERE id = 1",
        [previous.hash],
    )
    assert "intact" in verify()  # the chain alone cannot tell

    with pytest.raises(CommandError, match="does NOT match the anchor"):
        call_command("verify_access_log", anchor=anchor, stdout=StringIO())
