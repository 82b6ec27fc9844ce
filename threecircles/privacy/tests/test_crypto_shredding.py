"""Erasing a client destroys their data key: their ciphertext can never be read again.

And each ciphertext is bound to its row, so bytes copied from one note to another do not open.
"""

import pytest
from django.db import connection

from threecircles.care.actions import add_note
from threecircles.care.models import Note
from threecircles.lib.crypto import DecryptionError, KeyDestroyed
from threecircles.privacy.actions import erase_client
from threecircles.privacy.keys import data_key_for
from threecircles.privacy.models import AccessEvent, Action, DataKey, Erasure
from threecircles.privacy.tests.sealed_records import (
    encrypted_cells,
    encrypted_field_names,
    every_encrypted_value,
    seal_one_of_everything,
)

TABLE = Note._meta.db_table
TEXT = Note._meta.get_field("text").column
PK = Note._meta.pk.column


def raw_ciphertext(note: Note) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {TEXT} FROM {TABLE} WHERE {PK} = %s",
            [Note._meta.pk.get_db_prep_value(note.pk, connection)],
        )
        (value,) = cursor.fetchone()
    return bytes(value)


def overwrite_ciphertext(note: Note, ciphertext: bytes) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET {TEXT} = %s WHERE {PK} = %s",
            [ciphertext, Note._meta.pk.get_db_prep_value(note.pk, connection)],
        )
        assert cursor.rowcount == 1


def fresh(note: Note) -> Note:
    """The note as read from the database now, nothing cached from earlier reads."""
    return Note.objects.get(pk=note.pk)


def test_after_erasure_alices_notes_can_never_be_decrypted(alice, bob, ada):
    notes = [
        add_note(client=alice, author=bob, text="Disclosed the affair in session"),
        add_note(client=alice, author=bob, text="Urges strongest on Sunday nights"),
    ]
    ciphertexts = [raw_ciphertext(n) for n in notes]

    erase_client(client=alice, erased_by=ada, reason="Client asked for erasure")

    assert not DataKey.objects.filter(client_id=alice.pk).exists()
    for note, ciphertext in zip(notes, ciphertexts, strict=True):
        # The bytes are still there (as in any backup), but nothing can open them.
        assert raw_ciphertext(note) == ciphertext
        with pytest.raises(KeyDestroyed):
            _ = fresh(note).text


def test_erasure_leaves_other_clients_notes_readable(alice, bob, mallory, eve, ada):
    add_note(client=alice, author=bob, text="Alice: first week sober")
    mallorys = add_note(client=mallory, author=eve, text="Mallory: set up a safety plan")

    erase_client(client=alice, erased_by=ada, reason="Client asked for erasure")

    assert fresh(mallorys).text == "Mallory: set up a safety plan"
    assert DataKey.objects.filter(client_id=mallory.pk).exists()


def test_an_erased_client_never_gets_a_new_data_key(alice, bob, ada):
    add_note(client=alice, author=bob, text="Before erasure")
    erase_client(client=alice, erased_by=ada, reason="Client asked for erasure")

    with pytest.raises(KeyDestroyed):
        data_key_for(alice.pk, create=True)
    with pytest.raises(KeyDestroyed):
        add_note(client=alice, author=bob, text="Written after erasure")
    assert not DataKey.objects.filter(client_id=alice.pk).exists()


def test_erasure_is_recorded_and_the_account_loses_its_identity(alice, bob, ada, client):
    add_note(client=alice, author=bob, text="Anything")
    erase_client(client=alice, erased_by=ada, reason="Client asked for erasure")

    erasure = Erasure.objects.get(client_id=alice.pk)
    assert (erasure.erased_by_id, erasure.reason) == (ada.pk, "Client asked for erasure")
    event = AccessEvent.objects.for_client(alice.pk).last()
    assert (event.action, event.actor_id, event.reason) == (
        Action.ERASE,
        ada.pk,
        "Client asked for erasure",
    )
    alice.refresh_from_db()
    assert "alice" not in alice.email.lower()
    assert alice.display_name == "Erased account"
    assert not alice.is_active
    assert not alice.has_usable_password()


def test_only_a_clients_record_can_be_erased(bob, ada):
    with pytest.raises(ValueError):
        erase_client(client=bob, erased_by=ada, reason="Wrong person")


def test_a_ciphertext_copied_to_another_of_her_notes_does_not_open(alice, bob):
    original = add_note(client=alice, author=bob, text="Acted out on the business trip")
    target = add_note(client=alice, author=bob, text="Attended group on Tuesday")

    overwrite_ciphertext(target, raw_ciphertext(original))

    with pytest.raises(DecryptionError):
        _ = fresh(target).text
    assert fresh(original).text == "Acted out on the business trip"


def test_a_ciphertext_copied_into_another_clients_note_does_not_open(alice, bob, mallory, eve):
    alices = add_note(client=alice, author=bob, text="Alice's private disclosure")
    mallorys = add_note(client=mallory, author=eve, text="Mallory's note")

    overwrite_ciphertext(mallorys, raw_ciphertext(alices))

    with pytest.raises(DecryptionError):
        _ = fresh(mallorys).text


def test_a_note_moved_to_another_client_does_not_open(alice, bob, mallory):
    note = add_note(client=alice, author=bob, text="Only for Alice's care team")
    Note.objects.filter(pk=note.pk).update(client=mallory)

    with pytest.raises(DecryptionError):
        _ = fresh(note).text


def test_a_tampered_ciphertext_does_not_open(alice, bob):
    note = add_note(client=alice, author=bob, text="Three months sober")
    sealed = bytearray(raw_ciphertext(note))
    sealed[-5] ^= 0x01
    overwrite_ciphertext(note, bytes(sealed))

    with pytest.raises(DecryptionError):
        _ = fresh(note).text


def test_after_erasure_none_of_her_encrypted_records_opens_while_others_still_do(
    alice, bob, practice, mallory, eve, other_practice, ada
):
    """Notes, answers, results, alerts, triage, reporting decisions and referrals alike."""
    seal_one_of_everything(
        client=alice, clinician=bob, practice=practice, text=lambda kind: f"Alice's {kind}"
    )
    seal_one_of_everything(
        client=mallory, clinician=eve, practice=other_practice, text=lambda kind: f"M's {kind}"
    )
    alices_before = every_encrypted_value(alice.pk)
    mallorys_before = every_encrypted_value(mallory.pk)
    # Every encrypted field of every model holds something of each client's.
    for values in (alices_before, mallorys_before):
        fields = {key.split(":")[0] + "." + key.rsplit(".", 1)[1] for key in values}
        assert fields == {f"{label}.{name}" for label, name in encrypted_field_names()}
    assert "Alice's reporting" in alices_before.values()

    erase_client(client=alice, erased_by=ada, reason="Client asked for erasure")

    cells = list(encrypted_cells(alice.pk))
    assert len(cells) == len(alices_before)  # the ciphertext is still there, as in a backup
    for label, row, name in cells:
        with pytest.raises(KeyDestroyed):
            getattr(row, name)
        assert label in alices_before
    assert every_encrypted_value(mallory.pk) == mallorys_before
