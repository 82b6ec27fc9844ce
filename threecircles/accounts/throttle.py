"""Failed sign-ins, counted per account and per address-plus-account in the shared cache.

One person mistyping behind a clinic's shared address never locks out everyone else there;
guessing at one account from many addresses is still stopped by the per-account limit. When a
limit is reached the sign-in answers 429 with Retry-After.

Each failure claims a numbered place (0, 1, 2, ...) with an atomic `cache.add`, which expires
on its own after the window: parallel failures never overwrite each other's count.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int


def limits() -> list[Limit]:
    return [
        Limit("address+account", settings.LOGIN_FAILURES_ALLOWED),
        Limit("account", settings.LOGIN_FAILURES_PER_ACCOUNT),
    ]


def _places(limit: Limit, *, address: str, account: str) -> list[str]:
    source = f"{address}|{account}" if limit.name == "address+account" else account
    digest = hashlib.sha256(source.lower().encode()).hexdigest()
    return [f"signin-failures:{limit.name}:{digest}:{n}" for n in range(limit.allowed)]


def retry_after(*, address: str, account: str) -> int:
    """Seconds until a sign-in may be tried again; 0 when it may be tried now."""
    now = time.time()
    wait = 0.0
    for limit in limits():
        taken = cache.get_many(_places(limit, address=address, account=account))
        stamps = [float(stamp) for stamp in taken.values() if float(stamp) > now - WINDOW_SECONDS]
        if len(stamps) >= limit.allowed:
            # Every place is taken: the oldest frees first.
            wait = max(wait, min(stamps) + WINDOW_SECONDS - now)
    return math.ceil(wait)


def record_failure(*, address: str, account: str) -> None:
    now = time.time()
    for limit in limits():
        for place in _places(limit, address=address, account=account):
            if cache.add(place, now, timeout=WINDOW_SECONDS):
                break
