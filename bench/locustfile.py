"""Locust users that replay a recorded browser session (bench/load_users.py records it).

Each user opens the dashboard as a new visitor with a cold browser cache: every request the browser
made, in the order it made them, one step (a page opened, a control changed) at a time, then a
pause of 1–3 s as a reader takes before the next action. Run by bench/load_users.py; by hand:

    ZOF_SESSION=bench/results/session.json .venv/bin/locust -f bench/locustfile.py --headless \\
        -u 50 -r 25 -t 60s --host http://127.0.0.1:8050
"""

from __future__ import annotations

import collections
import json
import os
from pathlib import Path

from locust import HttpUser, between, events, task

SESSION = json.loads(Path(os.environ.get("ZOF_SESSION", "bench/results/session.json")).read_text())
#: X-Cache-Status of every answer (HIT: served by nginx from its cache; BYPASS/MISS: by the app)
CACHE = collections.Counter()


def group(path: str) -> str:
    """Requests named by what they are, so the statistics stay readable."""
    first = path.split("?")[0].split("/")[1] or "/"
    return {"landelijk": "/ (page)", "/": "/ (page)"}.get(first, "/" + first)


class Visitor(HttpUser):
    wait_time = between(1, 3)

    @task
    def visit(self) -> None:
        for step in SESSION["steps"]:
            for req in step["requests"]:
                with self.client.request(
                    req["method"],
                    req["path"],
                    data=req.get("body"),
                    headers=req.get("headers") or {},
                    name=group(req["path"]),
                    catch_response=True,
                ) as r:
                    CACHE[r.headers.get("X-Cache-Status", "none")] += 1
                    if r.status_code >= 400:
                        r.failure(f"{r.status_code} {r.text[:80]}")
            self.wait()


@events.quitting.add_listener
def _write_cache_counts(environment, **kwargs) -> None:
    out = os.environ.get("ZOF_CACHE_COUNTS")
    if out:
        Path(out).write_text(json.dumps(dict(CACHE)))
