"""Token buckets: the one limiter behind the request rate limit (:mod:`.gate`) and the
throttle of failed authentication (:mod:`.attempts`).

Its own module because both use it and the gate also uses the throttle.
"""

from __future__ import annotations

import threading
import time

#: Buckets kept before the first sweep of full ones.
SWEEP_FROM = 1024


class RateLimiter:
    """Token buckets keyed by credential: ``per_minute`` requests, bursts up to that.

    The buckets live in this process's memory: they are lost on restart and not
    shared between worker processes (each would allow ``per_minute``). ``vigil
    serve`` runs one process, so the limit holds there; a deployment with several
    workers limits at its proxy instead.

    A bucket that has refilled is the same as no bucket, so full ones are dropped
    whenever the number of buckets has doubled since the last sweep: memory follows
    the keys active in the last minute or so, not every address or token ever seen,
    at an amortised constant cost per request."""

    def __init__(self, per_minute: int):
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._sweep_at = SWEEP_FROM

    def __len__(self) -> int:
        return len(self._buckets)

    def _sweep(self, now: float) -> None:
        """Drop the buckets that are full again (call with the lock held)."""
        self._buckets = {
            k: (tokens, last)
            for k, (tokens, last) in self._buckets.items()
            if tokens + (now - last) * self.rate < self.capacity
        }
        self._sweep_at = max(SWEEP_FROM, 2 * len(self._buckets))

    def peek(self, key: str) -> float:
        """Like :meth:`take` without taking: 0 if a request would be allowed now."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, time.monotonic()))
        tokens = min(self.capacity, tokens + (time.monotonic() - last) * self.rate)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.rate

    def take(self, key: str) -> float:
        """0 if allowed, else seconds until a request is allowed again."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if len(self._buckets) >= self._sweep_at:
                self._sweep(now)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return (1 - tokens) / self.rate
            self._buckets[key] = (tokens - 1, now)
            return 0.0
