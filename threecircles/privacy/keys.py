"""Data keys: create, unwrap, re-wrap under the newest key-encryption key, destroy."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone

from threecircles.lib import crypto
from threecircles.privacy.models import DataKey, Erasure, KeyDomain, configured_keks

# Unwrapped keys for the length of one request (or one command), so a page listing fifty
# notes of one client fetches and unwraps that client's key once. Never shared across
# requests, so an erasure anywhere is seen by the next request everywhere.
_request_keys: ContextVar[dict[tuple[int, str], bytes] | None] = ContextVar(
    "request_keys", default=None
)


@contextmanager
def keys_cached_for_request() -> Iterator[None]:
    token = _request_keys.set({})
    try:
        yield
    finally:
        _request_keys.reset(token)


def _owner(client_id: int, domain: str) -> str:
    # The clinical record's key kept its first binding, so keys made before domains still open.
    if domain == KeyDomain.RECORD:
        return f"client:{client_id}"
    return f"client:{client_id}:{domain}"


def data_key_for(client_id: int, *, domain: str = KeyDomain.RECORD, create: bool = False) -> bytes:
    """The client's unwrapped data key for one domain. Raises KeyDestroyed after erasure."""
    cache = _request_keys.get()
    if cache is not None and (client_id, domain) in cache:
        return cache[(client_id, domain)]
    key, created = _load_data_key(client_id, domain, create=create)
    # A key created just now is not cached: if its transaction rolls back, the next write in
    # this request must not seal text under a key that was never stored.
    if cache is not None and not created:
        cache[(client_id, domain)] = key
    return key


def _load_data_key(client_id: int, domain: str, *, create: bool) -> tuple[bytes, bool]:
    keks = configured_keks()
    owner = _owner(client_id, domain)
    row = DataKey.objects.filter(client_id=client_id, domain=domain).first()
    if row is None:
        closed = Erasure.objects.filter(client_id=client_id, domain=KeyDomain.RECORD)
        if not create or closed.exists():
            raise crypto.KeyDestroyed(f"no {domain} data key for client {client_id}")
        with transaction.atomic():
            key = crypto.new_data_key()
            row, created = DataKey.objects.get_or_create(
                client_id=client_id,
                domain=domain,
                defaults={
                    "kek_id": keks[0].key_id,
                    "wrapped_key": crypto.wrap_key(keks[0], key, owner),
                },
            )
            if created:
                return key, True
    key = crypto.unwrap_key(keks, row.kek_id, bytes(row.wrapped_key), owner)
    return key, False


def rewrap_all_data_keys() -> tuple[int, int]:
    """Re-wrap every data key under the newest KEK. Returns (re-wrapped, already current)."""
    keks = configured_keks()
    newest = keks[0]
    rewrapped = current = 0
    for row_id in DataKey.objects.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            row = DataKey.objects.select_for_update().get(pk=row_id)
            if row.kek_id == newest.key_id:
                current += 1
                continue
            owner = _owner(row.client_id, row.domain)
            key = crypto.unwrap_key(keks, row.kek_id, bytes(row.wrapped_key), owner)
            row.wrapped_key = crypto.wrap_key(newest, key, owner)
            row.kek_id = newest.key_id
            row.rewrapped_at = timezone.now()
            row.save(update_fields=["wrapped_key", "kek_id", "rewrapped_at"])
            rewrapped += 1
    return rewrapped, current


def destroy_data_key(
    *, client_id: int, erased_by_id: int | None, reason: str, domain: str = KeyDomain.RECORD
) -> None:
    """Shred one domain of a client's data; the record domain (a whole erasure) takes every
    domain with it."""
    domains = [d.value for d in KeyDomain] if domain == KeyDomain.RECORD else [domain]
    cache = _request_keys.get()
    if cache is not None:
        for each in domains:
            cache.pop((client_id, each), None)
    with transaction.atomic():
        DataKey.objects.filter(client_id=client_id, domain__in=domains).delete()
        Erasure.objects.create(
            client_id=client_id, domain=domain, erased_by_id=erased_by_id, reason=reason
        )
