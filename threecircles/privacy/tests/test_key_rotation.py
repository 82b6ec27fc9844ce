"""Rotating the key-encryption key re-wraps data keys; ciphertext never changes.

Data is written under key "old"; a new key "new" is put first; `rotate_keys` re-wraps every
data key under "new", after which "old" can be removed.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from threecircles.care.actions import add_note
from threecircles.care.models import Note
from threecircles.lib.crypto import DecryptionError, generate_key_entry
from threecircles.privacy.models import DataKey
from threecircles.privacy.tests.sealed_records import (
    encrypted_field_names,
    every_encrypted_value,
    seal_one_of_everything,
)

OLD = generate_key_entry("old")
NEW = generate_key_entry("new")


def all_note_texts() -> dict[str, str]:
    """Every note decrypted from a fresh read of the database."""
    return {str(note.pk): note.text for note in Note.objects.all()}


def raw_ciphertexts() -> dict[str, bytes]:
    table, text = Note._meta.db_table, Note._meta.get_field("text").column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {Note._meta.pk.column}, {text} FROM {table}")
        return {str(pk): bytes(value) for pk, value in cursor.fetchall()}


def rotate() -> str:
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    return out.getvalue()


@pytest.fixture
def written_under_old(settings, alice, bob, mallory, eve):
    settings.THREECIRCLES_KEYS = OLD
    add_note(client=alice, author=bob, text="Alice: named her triggers")
    add_note(client=alice, author=bob, text="Alice: 30 days")
    add_note(client=mallory, author=eve, text="Mallory: first session")
    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {"old"}
    return all_note_texts()


def test_rotation_rewraps_every_data_key_under_the_newest_key(settings, written_under_old):
    before = {k.client_id: bytes(k.wrapped_key) for k in DataKey.objects.all()}
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"

    output = rotate()

    keys = list(DataKey.objects.all())
    assert len(keys) == 2
    assert {k.kek_id for k in keys} == {"new"}
    assert all(bytes(k.wrapped_key) != before[k.client_id] for k in keys)
    assert all(k.rewrapped_at is not None for k in keys)
    assert "2 data keys re-wrapped under 'new'; 0 already were" in output
    assert all_note_texts() == written_under_old


def test_rotation_never_touches_the_ciphertext(settings, written_under_old):
    ciphertext = raw_ciphertexts()
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    rotate()
    assert raw_ciphertexts() == ciphertext


def test_after_rotation_the_old_key_can_be_removed(settings, written_under_old):
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    rotate()

    settings.THREECIRCLES_KEYS = NEW

    assert all_note_texts() == written_under_old


def test_before_rotation_removing_the_old_key_makes_the_data_unreadable(
    settings, written_under_old
):
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    assert all_note_texts() == written_under_old  # both keys configured: still readable

    settings.THREECIRCLES_KEYS = NEW

    for note in Note.objects.all():
        with pytest.raises(DecryptionError, match="'old' is not configured"):
            _ = note.text


def test_running_rotation_again_changes_nothing(settings, written_under_old):
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    rotate()
    wrapped = {k.client_id: bytes(k.wrapped_key) for k in DataKey.objects.all()}

    output = rotate()

    assert "0 data keys re-wrapped under 'new'; 2 already were" in output
    assert {k.client_id: bytes(k.wrapped_key) for k in DataKey.objects.all()} == wrapped


def test_new_clients_get_their_data_key_under_the_newest_key(settings, alice, bob):
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    add_note(client=alice, author=bob, text="First note")
    assert DataKey.objects.get(client=alice).kek_id == "new"


def test_rotation_with_the_wrong_old_key_fails_loudly_and_loses_nothing(
    settings, written_under_old
):
    impostor = generate_key_entry("old")  # same id, different key material
    settings.THREECIRCLES_KEYS = f"{NEW},{impostor}"

    with pytest.raises(DecryptionError):
        rotate()

    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    assert all_note_texts() == written_under_old


def test_rotate_keys_can_print_a_fresh_key_entry_without_touching_data(settings, written_under_old):
    out = StringIO()
    call_command("rotate_keys", "--new-key-id", "k2026", stdout=out)
    entry = out.getvalue().strip()
    assert entry.startswith("k2026:")
    settings.THREECIRCLES_KEYS = f"{entry},{OLD}"  # the printed entry is a usable key
    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {"old"}
    assert all_note_texts() == written_under_old


def test_after_rotation_every_encrypted_field_of_every_client_still_decrypts(
    settings, alice, bob, practice, mallory, eve, other_practice
):
    """Not only notes: answers, results, alerts, triage, reporting decisions and referrals,
    read with only the new key configured."""
    settings.THREECIRCLES_KEYS = OLD
    for client, clinician, place in ((alice, bob, practice), (mallory, eve, other_practice)):
        name = client.display_name
        seal_one_of_everything(
            client=client, clinician=clinician, practice=place, text=f"{name}'s {{}}".format
        )
    before = every_encrypted_value()
    fields = {key.split(":")[0] + "." + key.rsplit(".", 1)[1] for key in before}
    assert fields == {f"{label}.{name}" for label, name in encrypted_field_names()}
    assert "Mallory's referral" in before.values()

    # Two clients, each with a key for their clinical record and one for their own recovery.
    assert DataKey.objects.count() == 4
    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    assert "4 data keys re-wrapped under 'new'; 0 already were" in rotate()
    settings.THREECIRCLES_KEYS = NEW

    assert set(DataKey.objects.values_list("kek_id", flat=True)) == {"new"}
    assert every_encrypted_value() == before


def test_rotation_reseals_second_factors_and_the_old_key_can_then_go(settings, bob):
    """A TOTP secret sealed under the old key keeps making valid codes after rotation and
    after the old key is removed; before rotation, removing it would break the sign-in."""
    import pyotp
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    settings.THREECIRCLES_KEYS = OLD
    secret = generate_totp_secret()
    TOTP.activate(bob, secret)
    stored = Authenticator.objects.get(user=bob, type="totp").data["secret"]
    assert secret not in stored and stored.startswith("tc1:")

    settings.THREECIRCLES_KEYS = f"{NEW},{OLD}"
    assert "1 second factors re-sealed" in rotate()
    settings.THREECIRCLES_KEYS = NEW
    totp = TOTP(Authenticator.objects.get(user=bob, type="totp"))
    assert totp.validate_code(pyotp.TOTP(secret).now())
