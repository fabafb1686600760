"""The map geometry is built ahead (``GeoAssets.warm``) and stays safe to use in a forked worker
(gunicorn --preload forks the process that created the app)."""

from __future__ import annotations

import os
import threading

import pytest

from dashboard.geo import GeoAssets

pytestmark = pytest.mark.integration


@pytest.fixture
def geo(store):
    return GeoAssets(store.display, "test", label_rank=store.latest_population())


def test_warm_builds_the_default_maps_first_and_every_focus_area(geo):
    keys = geo.payload_keys()
    assert keys[:3] == ["nl-gemeente", "outline-all", "labels-nl"]
    assert {f"fa-buurt-{fid}" for fid in geo.focus_ids} <= set(keys)
    geo.warm()
    assert {"nl-gemeente", "nl-wijk", "nl-buurt", "labels-UTR_OV"} <= set(geo._cache)
    built = geo._cache["nl-gemeente"]
    assert geo.payload("nl-gemeente") is built[0]  # served from the cache, not built again


def test_a_payload_being_built_blocks_only_its_own_key(geo):
    geo.payload("outline-all")
    lock = geo._building.setdefault("nl-gemeente", threading.Lock())
    with lock:  # as if another thread were building the gemeente map right now
        done = threading.Event()
        threading.Thread(target=lambda: (geo.payload("outline-UTR_OV"), done.set()), daemon=True).start()
        assert done.wait(10), "another key waited for nl-gemeente"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_builds_a_payload_whose_lock_the_parent_held(geo):
    lock = geo._building.setdefault("labels-nl", threading.Lock())
    with lock:  # held by the parent while it forks: in the child nobody would ever release it
        pid = os.fork()
        if pid == 0:  # the child: must not hang on the inherited lock
            try:
                ok = len(geo.payload("labels-nl")) > 0
            finally:
                os._exit(0 if ok else 1)
    deadline = threading.Event()
    for _ in range(200):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        deadline.wait(0.1)
    os.kill(pid, 9)
    pytest.fail("the forked child hung on a lock its parent held")


def test_warming_starts_at_the_first_request_once_per_process():
    import types

    from flask import Flask

    import app as app_module

    calls: list[str] = []
    started = threading.Event()

    class Recorder:
        def payload_keys(self):
            return ["nl-gemeente", "outline-all", "labels-nl", "fa-buurt-X", "nl-buurt"]

        def warm(self, keys):
            calls.append(f"geo {len(keys)}")

    class Store:
        def warm(self):
            calls.append("store")
            started.set()

    page = types.SimpleNamespace(warm=lambda c: calls.append("page"))
    context = types.SimpleNamespace(geo=Recorder(), store=Store())
    server = Flask("probe")
    server.add_url_rule("/", "root", lambda: "ok")
    app_module.warm_from_first_request(server, context, [page, types.SimpleNamespace(warm=None)])
    assert calls == []  # nothing at start: a --preload master forks right after
    client = server.test_client()
    client.get("/")
    assert started.wait(10)
    client.get("/")
    # once, in this order: the default map's three layers, the page, the other geometry, the store
    assert calls == ["geo 3", "page", "geo 2", "store"]
