"""Sessions in the database, sealed (AES-256-GCM) under a key derived from SECRET_KEY.

A session can hold a second factor's secret while it is being set up, flash messages that name
people, and the steps of a sign-in: someone who reads the database tables must not read them.
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from threecircles.lib import crypto
from threecircles.lib.sealing import open_text, seal_text

PURPOSE = "session"


class SessionStore(DatabaseSessionStore):
    def encode(self, session_dict: dict[str, Any]) -> str:
        return seal_text(super().encode(session_dict), purpose=PURPOSE)

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        if isinstance(session_data, bytes):
            session_data = session_data.decode()
        try:
            signed = open_text(session_data, purpose=PURPOSE)
        except (crypto.DecryptionError, ValueError):
            return {}  # unreadable (old format, or a changed SECRET_KEY): a fresh session
        decoded: dict[str, Any] = super().decode(signed)
        return decoded
