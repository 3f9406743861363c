"""The rate limiter's buckets: full ones are dropped, so memory follows the active keys;
a bucket that is still refilling (a throttle in force) is never dropped."""

from __future__ import annotations

from vigil.serve.auth.buckets import SWEEP_FROM, RateLimiter


def test_full_buckets_are_dropped_as_new_keys_arrive():
    # refills one request in 10 microseconds: every bucket is full again almost at once
    limiter = RateLimiter(per_minute=6_000_000)
    for i in range(20 * SWEEP_FROM):
        assert limiter.take(f"client-{i}") == 0.0
    assert len(limiter) <= 2 * SWEEP_FROM


def test_a_throttle_in_force_survives_the_sweeps():
    limiter = RateLimiter(per_minute=2)  # one request per 30 s: nothing refills here
    assert limiter.take("attacker") == 0.0 and limiter.take("attacker") == 0.0
    assert limiter.take("attacker") > 0
    for i in range(3 * SWEEP_FROM):
        limiter.take(f"client-{i}")
    assert len(limiter) == 3 * SWEEP_FROM + 1  # none had refilled: none was dropped
    assert limiter.take("attacker") > 0  # still throttled
    assert limiter.peek("client-0") == 0.0  # one of two spent: still allowed
