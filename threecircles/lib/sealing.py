"""Seal short secrets (such as an invitation link) that must wait in the task queue.

The key is derived from SECRET_KEY, so someone who can read the database but not the
server's environment cannot read them.
"""

import base64
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from threecircles.lib import crypto


def _key(purpose: str) -> bytes:
    return _derive(settings.SECRET_KEY, purpose)


@cache
def _derive(secret_key: str, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"threecircles:{purpose}".encode()
    ).derive(secret_key.encode())


def seal_text(text: str, *, purpose: str) -> str:
    sealed = crypto.seal(_key(purpose), text.encode(), purpose.encode())
    return base64.urlsafe_b64encode(sealed).decode()


def open_text(sealed: str, *, purpose: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    return crypto.open_sealed(_key(purpose), raw, purpose.encode()).decode()
