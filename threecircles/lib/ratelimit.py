"""How often one address may send a public form (a testimonial, an inquiry, an event
registration), as accounts.throttle counts sign-in failures: each send claims a numbered place
with an atomic `cache.add` that expires after the window, so parallel sends never overwrite
each other's count. The address is hashed: the cache never holds it."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class PerAddress:
    name: str  # a cache key prefix; the hash's salt is `salt`
    salt: str
    allowed: int
    window_seconds: int

    def places(self, address: str) -> list[str]:
        digest = hashlib.sha256(f"{self.salt}|{address}".encode()).hexdigest()
        return [f"{self.name}:{digest}:{n}" for n in range(self.allowed)]

    def seconds_to_wait(self, address: str) -> int:
        """0 while this address may send again; else the seconds until it may."""
        now = time.time()
        taken = cache.get_many(self.places(address))
        stamps = [float(s) for s in taken.values() if float(s) > now - self.window_seconds]
        if len(stamps) < self.allowed:
            return 0
        return max(1, math.ceil(min(stamps) + self.window_seconds - now))

    def count(self, address: str) -> None:
        now = time.time()
        for place in self.places(address):
            if cache.add(place, now, timeout=self.window_seconds):
                return
