"""Failed logins counted per key (address and user name) in a sliding window: after
:data:`MAX_FAILURES` within :data:`WINDOW_S` seconds further tries are refused until the oldest
failure leaves the window, or a successful login resets the key."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

#: failed logins per (address, user name) within the window before further tries are refused
MAX_FAILURES = 5
WINDOW_S = 15 * 60


class RateLimiter:
    """Failed attempts per key in a sliding window (in-process; one per server process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = WINDOW_S) -> None:
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._trim(key, time.monotonic())) >= self.limit

    def fail(self, key: str) -> None:
        with self._lock:
            self._trim(key, time.monotonic()).append(time.monotonic())

    def reset(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)
