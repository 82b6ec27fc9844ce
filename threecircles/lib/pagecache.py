"""Rendered parts of busy clinical pages, kept sealed in the shared cache until anything
clinical changes.

A page that a clinician opens all day (the caseload) is rebuilt only when something it could
show has changed. "Changed" is deliberately coarse, so it cannot be wrong by being clever:

- every committed save or delete of a model of ours (except the access log itself) sets a new
  random *generation*;
- the few writes that skip model signals (bulk `update()` of grants at erasure, at the end of
  sharing) call `clinical_data_changed()` themselves;
- the key of every cached part holds the viewer, what they asked for, the day, and the
  generation, so a new day or any write asks for a new rendering;
- every part expires after `FRESH_FOR` seconds whatever happens, which bounds what nothing
  above can see (a grant that ends by itself at a set time; a program's day that starts
  before the server's).

What is cached is sealed (AES-GCM, a key derived from the newest key-encryption key for this
purpose alone, bound to the cache key), so the cache never holds a name or a score in the
clear. A part that does not open is treated as missing. Parts live in their own cache
(settings CACHES["pages"]: its own table, or its own Redis database), so their many rows never
push a rate limit's counter out, and erasing a client (or their recovery data) clears them all
once the erasure has committed (`forget_all_parts`).

The cache failing never fails a page: a part is then built and not kept, and a write's
generation is renewed when the cache is back (the two-minute backstop covers the gap).
"""

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.signals import request_started
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from threecircles.lib import crypto, keyring

GENERATION_KEY = "clinical-generation"
FRESH_FOR = 120  # seconds
# Written on every read of a record, and never shown inside a cached part: not a change.
NOT_CHANGES = {"privacy.accessevent", "privacy.accesschainhead"}


_thread = threading.local()
log = logging.getLogger(__name__)


def _pages() -> BaseCache:
    return caches["pages"]


def _new_generation() -> None:
    _thread.generation = uuid.uuid4().hex
    try:
        _pages().set(GENERATION_KEY, _thread.generation, None)
    except Exception as error:
        log.warning("page cache unavailable: %s", type(error).__name__)


def _forget_generation(**kwargs: Any) -> None:
    """Each request reads the generation once, at its first cached part."""
    _thread.generation = None


def _new_generation_after_commit() -> None:
    _new_generation()


def clinical_data_changed() -> None:
    """Make every cached part stale: now (a database cache changes inside the writer's own
    transaction), and again once the transaction has committed (a reader between the write
    and the commit could otherwise cache the old facts under the new generation). Writes one
    after another in one transaction, with no read between them, change it once now."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _new_generation()
        return
    if not getattr(_thread, "changed", False):
        _new_generation()
        _thread.changed = True
    if not any(func is _new_generation_after_commit for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_new_generation_after_commit)


def generation() -> str:
    _thread.changed = False
    current = getattr(_thread, "generation", None)
    if current is not None:
        return str(current)
    current = _pages().get(GENERATION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not _pages().add(GENERATION_KEY, current, None):
            current = _pages().get(GENERATION_KEY, current)
    _thread.generation = current
    return str(current)


def _purpose_key() -> tuple[str, bytes]:
    kek = keyring.newest_kek()
    return kek.key_id, keyring.derived_key(kek, "page-cache")


def cached_part(key: str, render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The part stored under `key` (which must name the viewer and what they asked for) at
    the current generation, or `render()`'s result, stored sealed. The result must be JSON."""
    key_id, secret = _purpose_key()
    try:
        # Hashed: a key may hold a session's key, and a cache key's length is limited.
        full_key = "part:" + hashlib.sha256(f"{key}:{generation()}:{key_id}".encode()).hexdigest()
        sealed = _pages().get(full_key)
    except Exception as error:
        log.warning("page cache unavailable: %s", type(error).__name__)
        return render()
    if isinstance(sealed, bytes):
        try:
            return dict(json.loads(crypto.open_sealed(secret, sealed, full_key.encode())))
        except (crypto.DecryptionError, ValueError):
            pass
    part = render()
    sealed = crypto.seal(secret, json.dumps(part).encode(), full_key.encode())
    try:
        _pages().set(full_key, sealed, FRESH_FOR)
    except Exception as error:
        log.warning("page cache unavailable: %s", type(error).__name__)
    return part


def forget_all_parts() -> None:
    """Drop every kept part, once the current transaction has committed: after an erasure,
    no copy of the erased person's facts may wait in the cache for its backstop."""

    def forget() -> None:
        try:
            _pages().clear()
        except Exception as error:
            log.warning("page cache unavailable: %s", type(error).__name__)
        _new_generation()

    transaction.on_commit(forget)


def _on_write(sender: type[Model], **kwargs: Any) -> None:
    if sender._meta.label_lower not in NOT_CHANGES:
        clinical_data_changed()


def connect_signals() -> None:
    """Every model of ours: a save or a delete is a change (see the module's docstring)."""
    request_started.connect(_forget_generation, dispatch_uid="pagecache-request")
    for model in apps.get_models():
        if model.__module__.startswith("threecircles."):
            label = model._meta.label_lower
            post_save.connect(_on_write, sender=model, dispatch_uid=f"pagecache-save-{label}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"pagecache-del-{label}")
