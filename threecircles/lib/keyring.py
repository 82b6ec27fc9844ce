"""The installation's key-encryption keys, from THREECIRCLES_KEYS (newest first).

THREECIRCLES_RETIRED_KEYS holds keys taken out of use: they open nothing, but the access log
and its anchors written under them can still be checked.
"""

from functools import cache

from django.conf import settings

from threecircles.lib import crypto


@cache
def _parsed(raw: str) -> tuple[crypto.KeyEncryptionKey, ...]:
    return tuple(crypto.parse_keys(raw)) if raw else ()


def configured_keks() -> list[crypto.KeyEncryptionKey]:
    return list(_parsed(settings.THREECIRCLES_KEYS))


def newest_kek() -> crypto.KeyEncryptionKey:
    return configured_keks()[0]


def kek_by_id(key_id: str, *, retired_too: bool = False) -> crypto.KeyEncryptionKey | None:
    keys = list(_parsed(settings.THREECIRCLES_KEYS))
    if retired_too:
        keys += _parsed(getattr(settings, "THREECIRCLES_RETIRED_KEYS", ""))
    return next((kek for kek in keys if kek.key_id == key_id), None)


@cache
def derived_key(kek: crypto.KeyEncryptionKey, purpose: str) -> bytes:
    return crypto.derive_key(kek, purpose)
