"""A note's text is stored only as ciphertext: nowhere in the database, its files or its logs.

These tests commit for real (transactional), so the rows reach the database file and its
write-ahead log, where the raw bytes are searched too.
"""

import base64
import binascii
import contextlib
import json
import logging
import re
import secrets
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.db import connection

from threecircles.accounts.sessions import SessionStore
from threecircles.care.actions import add_note
from threecircles.care.models import Note
from threecircles.privacy.tests.sealed_records import (
    DERIVED_FIELDS,
    FREE_TEXT_FIELDS,
    encrypted_field_names,
    every_encrypted_value,
    seal_one_of_everything,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Runs of base64 / hex characters that may hide an encoded copy (sessions, cache, tasks).
ENCODED_RUN = re.compile(rb"[A-Za-z0-9+/_-]{12,}={0,2}")


def sentinel() -> str:
    """A sentence no one else could have written."""
    return f"Sentinel {secrets.token_hex(16)}: acted out after the conference, told nobody"


def as_bytes(value: Any) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).encode()
    return str(value).encode()


def decodings(run: bytes) -> Iterator[bytes]:
    """What a run of base64 or hex characters may stand for, decompressed where zlib."""
    decoded: list[bytes] = []
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        with contextlib.suppress(binascii.Error, ValueError):
            decoded.append(decode(run + b"=" * (-len(run) % 4)))
    if re.fullmatch(rb"[0-9a-fA-F]+", run) and len(run) % 2 == 0:
        decoded.append(bytes.fromhex(run.decode()))
    for blob in decoded:
        yield blob
        with contextlib.suppress(zlib.error):
            yield zlib.decompress(blob)


def readable_forms(blob: bytes, depth: int = 0) -> Iterator[bytes]:
    """The bytes themselves, plus anything base64, zlib or hex inside them decodes to."""
    yield blob
    if depth < 2:
        for match in ENCODED_RUN.finditer(blob):
            for decoded in decodings(match.group()):
                yield from readable_forms(decoded, depth + 1)


def database_rows() -> Iterator[tuple[str, bytes]]:
    """(table, one value) for every column of every row of every table, read raw."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    yield table, as_bytes(value)


def tables_holding(text: str) -> set[str]:
    needle = text.encode()
    return {
        table
        for table, value in database_rows()
        if any(needle in form for form in readable_forms(value))
    }


def sqlite_files() -> list[Path]:
    """The test database file and its write-ahead log, after the log was written."""
    name = Path(connection.settings_dict["NAME"])
    return [p for p in (name, Path(f"{name}-wal"), Path(f"{name}-shm")) if p.exists()]


def sqlite_files_holding(text: str) -> list[str]:
    needle = text.encode()
    return [p.name for p in sqlite_files() if needle in p.read_bytes()]


def checkpoint_sqlite() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_note_added_by_the_care_team_is_not_stored_in_plaintext(alice, bob):
    secret = sentinel()
    # A plaintext marker in an ordinary column proves the search would have found the text.
    marker = f"Marker{secrets.token_hex(12)}"
    alice.display_name = marker
    alice.save(update_fields=["display_name"])

    note = add_note(client=alice, author=bob, text=secret)

    assert tables_holding(marker) == {"accounts_user"}
    assert tables_holding(secret) == set()
    assert Note.objects.get(pk=note.pk).text == secret


def test_every_table_is_searched_including_the_log_sessions_cache_and_task_queue(
    alice, bob, signed_in, run_tasks
):
    signed_in(bob).get(f"/care/clients/{alice.pk}/")
    tables = set(connection.introspection.table_names())
    expected = {"care_note", "privacy_accessevent", "privacy_datakey", "django_session"}
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        expected.add("threecircles_cache")  # with REDIS_URL the cache lives in Redis instead
    assert expected <= tables
    task_tables = {
        m._meta.db_table for m in apps.get_app_config("django_tasks_database").get_models()
    }
    assert task_tables and task_tables <= tables
    # The search decodes base64 and zlib: a value the cache stores pickled and encoded is found.
    marker = f"Marker{secrets.token_hex(12)}"
    cache.set("probe", marker)
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        assert "threecircles_cache" in tables_holding(marker)
    else:
        assert redis_holding(marker)


def test_sessions_are_sealed_at_rest(alice, bob, signed_in):
    """What a session holds (sign-in steps, flash messages naming people, a second factor
    being set up) is unreadable in the table, though the search decodes signed sessions."""
    browser = signed_in(bob)
    browser.get(f"/care/clients/{alice.pk}/")
    row = Session.objects.get(session_key=browser.session.session_key)
    assert "last_seen" in SessionStore().decode(row.session_data)
    assert "django_session" not in tables_holding("last_seen")
    assert "django_session" not in tables_holding("account_authentication_methods")


def test_a_note_posted_by_a_clinician_appears_nowhere_in_the_database(
    alice, bob, signed_in, run_tasks, caplog
):
    secret = sentinel()
    browser = signed_in(bob)
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # SQL and its parameters go to the log as well
    try:
        page = browser.post(f"/care/clients/{alice.pk}/", {"text": secret}, follow=True)
    finally:
        connection.force_debug_cursor = False
    run_tasks()

    assert page.status_code == 200
    assert secret in page.text  # the care team reads it back on the record
    assert caplog.records, "nothing was logged, so the log check proves nothing"
    assert any("care_note" in r.getMessage() for r in caplog.records)
    assert secret not in caplog.text
    assert all(secret not in str(r.args) for r in caplog.records)
    assert all(secret not in f"{m.subject}\n{m.body}" for m in mail.outbox)
    for url, _ in page.redirect_chain:
        assert secret not in url
    assert secret not in page.request["PATH_INFO"] + page.request.get("QUERY_STRING", "")

    assert tables_holding(secret) == set()
    assert not redis_holding(secret)
    note = Note.objects.for_client(alice.pk).get()
    assert note.text == secret


def redis_holding(text: str) -> list[str]:
    """With REDIS_URL the cache (sessions' neighbours, rate limits) lives in Redis: read it."""
    if not settings.REDIS_URL:
        return []
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    found = []
    for key in client.scan_iter(count=500):
        if client.type(key) == b"string" and text.encode() in (client.get(key) or b""):
            found.append(key.decode(errors="replace"))
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file itself")
def test_the_sqlite_files_on_disk_never_hold_the_plaintext(alice, bob, signed_in):
    secret, posted = sentinel(), sentinel()
    marker = f"Marker{secrets.token_hex(12)}"
    alice.display_name = marker
    alice.save(update_fields=["display_name"])
    add_note(client=alice, author=bob, text=secret)
    signed_in(bob).post(f"/care/clients/{alice.pk}/", {"text": posted})

    # Committed rows first live in the write-ahead log...
    assert sqlite_files_holding(marker), "the marker never reached disk; the check is blind"
    assert sqlite_files_holding(secret) == []
    assert sqlite_files_holding(posted) == []

    # ...and after a checkpoint, in the database file itself.
    checkpoint_sqlite()
    db_file = Path(connection.settings_dict["NAME"])
    assert marker.encode() in db_file.read_bytes()
    assert sqlite_files_holding(secret) == []
    assert sqlite_files_holding(posted) == []
    assert {n.text for n in Note.objects.for_client(alice.pk)} == {secret, posted}


# --- every encrypted field, not only care notes ----------------------------------------------


def test_every_encrypted_field_is_covered_by_a_sentinel_or_the_sealed_results_tests():
    """A new encrypted field fails here until it is given a sentinel (free text) or a check
    in screening/tests/test_sealed_results.py (values the software fills in)."""
    assert encrypted_field_names() == set(FREE_TEXT_FIELDS) | DERIVED_FIELDS


def test_a_sentinel_in_every_free_text_field_appears_nowhere_in_the_database(
    alice, bob, practice, mallory, eve, other_practice, run_tasks
):
    secrets_by_kind = {kind: sentinel() for kind in FREE_TEXT_FIELDS.values()}
    marker = f"Marker{secrets.token_hex(12)}"
    alice.display_name = marker
    alice.save(update_fields=["display_name"])
    seal_one_of_everything(
        client=alice, clinician=bob, practice=practice, text=lambda kind: secrets_by_kind[kind]
    )
    # Mallory's record too, so that a sentinel leaking through a shared table would show.
    seal_one_of_everything(
        client=mallory, clinician=eve, practice=other_practice, text=lambda kind: f"other {kind}"
    )
    run_tasks()  # the safety-alert e-mails go through the task queue

    assert tables_holding(marker) == {"accounts_user"}, "the search is blind"
    for kind, secret in secrets_by_kind.items():
        assert tables_holding(secret) == set(), kind
        assert not redis_holding(secret), kind
    assert mail.outbox, "no e-mail was sent, so the e-mail check proves nothing"
    for message in mail.outbox:
        for secret in secrets_by_kind.values():
            assert secret not in f"{message.subject}\n{message.body}"
    if connection.vendor == "sqlite":
        checkpoint_sqlite()
        assert sqlite_files_holding(marker), "the marker never reached disk; the check is blind"
        for kind, secret in secrets_by_kind.items():
            assert sqlite_files_holding(secret) == [], kind

    # Each sentinel is there, encrypted, in the field it was written to.
    readable = every_encrypted_value(alice.pk)
    for (label, name), kind in FREE_TEXT_FIELDS.items():
        found = [
            value
            for key, value in readable.items()
            if key.startswith(f"{label}:") and key.endswith(f".{name}")
        ]
        # Some fields hold their text inside a small JSON document (a plan, a review).
        assert found, (label, name)
        assert all(secrets_by_kind[kind] in value for value in found), (label, name)


# --- second factors ---------------------------------------------------------------------------


def test_no_totp_secret_is_stored_in_the_database_or_its_files(client, bob, alice):
    """Bob sets up his authenticator through the real pages: the secret waits in his session
    while he types the first code, then is kept on his account. Neither copy is readable in any
    table (decoded too), in Redis, or in the SQLite files and their write-ahead log."""
    import pyotp
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, TOTP

    from conftest import PASSWORD

    client.post("/accounts/login/", {"login": bob.email, "password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page.text  # shown once, to type into the app
    assert tables_holding(secret) == set()  # waiting in the session, sealed
    page = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert page.status_code == 302
    authenticator = Authenticator.objects.get(user=bob, type=Authenticator.Type.TOTP)
    assert client.get("/care/caseload/").status_code == 200

    marker = f"Marker{secrets.token_hex(12)}"
    bob.display_name = marker
    bob.save(update_fields=["display_name"])
    assert tables_holding(marker) == {"accounts_user"}, "the search is blind"
    assert tables_holding(secret) == set()
    assert tables_holding(secret.lower()) == set()
    assert not redis_holding(secret)
    if connection.vendor == "sqlite":
        assert sqlite_files_holding(marker), "the marker never reached disk; the check is blind"
        assert sqlite_files_holding(secret) == []
        checkpoint_sqlite()
        assert sqlite_files_holding(secret) == []
    # And the sealed secret still makes working codes.
    assert TOTP(authenticator).validate_code(pyotp.TOTP(secret).now())
