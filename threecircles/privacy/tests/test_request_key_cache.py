"""Within one request a client's data key is unwrapped once; erasure still wins at once."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from threecircles.care.actions import add_note
from threecircles.care.models import Note
from threecircles.lib.crypto import KeyDestroyed
from threecircles.privacy.keys import data_key_for, keys_cached_for_request
from threecircles.privacy.models import DataKey


def _datakey_queries(context: CaptureQueriesContext) -> int:
    return sum("privacy_datakey" in q["sql"] for q in context.captured_queries)


def test_many_notes_of_one_client_unwrap_the_key_once_per_request(alice, bob):
    for i in range(5):
        add_note(client=alice, author=bob, text=f"note {i}")
    with keys_cached_for_request(), CaptureQueriesContext(connection) as queries:
        texts = sorted(n.text for n in Note.objects.for_client(alice.pk))
    assert texts == [f"note {i}" for i in range(5)]
    assert _datakey_queries(queries) == 1

    with CaptureQueriesContext(connection) as queries:
        [n.text for n in Note.objects.for_client(alice.pk)]
    assert _datakey_queries(queries) == 5


def test_erasure_inside_the_same_request_is_seen_at_once(alice, bob):
    from threecircles.privacy.actions import erase_client

    note = add_note(client=alice, author=bob, text="private")
    with keys_cached_for_request():
        assert Note.objects.get(pk=note.pk).text == "private"
        erase_client(client=alice, erased_by=None, reason="Asked to be forgotten")
        with pytest.raises(KeyDestroyed):
            Note.objects.get(pk=note.pk).text  # noqa: B018


def test_a_key_created_in_a_rolled_back_transaction_is_not_reused(alice, bob):
    with keys_cached_for_request():
        with pytest.raises(RuntimeError), transaction.atomic():
            data_key_for(alice.pk, create=True)
            raise RuntimeError("the write failed")
        assert not DataKey.objects.filter(client=alice).exists()
        note = add_note(client=alice, author=bob, text="kept")
    assert Note.objects.get(pk=note.pk).text == "kept"
