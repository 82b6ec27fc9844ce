"""Failed sign-ins, counted per account and per address-plus-account in the shared cache.

One person mistyping behind a clinic's shared address never locks out everyone else there;
guessing at one account from many addresses is still stopped by the per-account limit. When a
limit is reached the sign-in answers 429 with Retry-After.
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


def _key(limit: Limit, *, address: str, account: str) -> str:
    source = f"{address}|{account}" if limit.name == "address+account" else account
    digest = hashlib.sha256(source.lower().encode()).hexdigest()
    return f"signin-failures:{limit.name}:{digest}"


def _recent(key: str, now: float) -> list[float]:
    stamps: list[float] = cache.get(key, [])
    return [stamp for stamp in stamps if stamp > now - WINDOW_SECONDS]


def retry_after(*, address: str, account: str) -> int:
    """Seconds until a sign-in may be tried again; 0 when it may be tried now."""
    now = time.time()
    wait = 0.0
    for limit in limits():
        stamps = _recent(_key(limit, address=address, account=account), now)
        if len(stamps) >= limit.allowed:
            # The oldest failure that still counts must leave the window first.
            oldest_counting = sorted(stamps)[-limit.allowed]
            wait = max(wait, oldest_counting + WINDOW_SECONDS - now)
    return math.ceil(wait)


def record_failure(*, address: str, account: str) -> None:
    now = time.time()
    for limit in limits():
        key = _key(limit, address=address, account=account)
        stamps = _recent(key, now)
        stamps.append(now)
        cache.set(key, stamps[-limit.allowed * 2 :], WINDOW_SECONDS)
