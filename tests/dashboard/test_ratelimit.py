"""The login rate limiter: a sliding window per key, a reset on success, keys apart."""

from __future__ import annotations

import pytest

from dashboard import ratelimit
from dashboard.ratelimit import RateLimiter


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock the test moves by hand."""
    now = [1000.0]
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: now[0])
    return now


def test_the_limit_blocks_and_the_window_releases_the_oldest_failure_first(clock):
    limiter = RateLimiter(limit=3, window=60)
    for step in (0, 10, 20):
        clock[0] = 1000 + step
        assert not limiter.blocked("a")
        limiter.fail("a")
    assert limiter.blocked("a")
    clock[0] = 1000 + 60  # the first failure is exactly at the window's edge: still counted
    assert limiter.blocked("a")
    clock[0] = 1000 + 60.5  # now it has left: two failures in the window
    assert not limiter.blocked("a")
    limiter.fail("a")
    assert limiter.blocked("a")


def test_a_success_resets_only_its_own_key(clock):
    limiter = RateLimiter(limit=2, window=60)
    for key in ("1.2.3.4|denhaag", "1.2.3.4|utrecht"):
        limiter.fail(key)
        limiter.fail(key)
    limiter.reset("1.2.3.4|denhaag")
    assert not limiter.blocked("1.2.3.4|denhaag")
    assert limiter.blocked("1.2.3.4|utrecht")


def test_the_defaults_are_five_failures_in_fifteen_minutes():
    limiter = RateLimiter()
    assert (limiter.limit, limiter.window) == (ratelimit.MAX_FAILURES, ratelimit.WINDOW_S) == (5, 900)
