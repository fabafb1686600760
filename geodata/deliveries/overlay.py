"""The running store picks up deliveries: the accepted rows are read from the database and laid
over the built values (:meth:`geodata.store.Store.apply_deliveries`).

The built store (``.cache/store``) holds only what the open files give; delivered values live in
the database and are merged at load time and whenever the database's revision changes. A running
app checks the revision at most every ``interval`` seconds (default 30, so a delivery made through
another server process shows within a minute) and at once after a delivery made through itself.
``python -m geodata export`` merges them the same way.
"""

from __future__ import annotations

import logging
import threading
import time

import pandas as pd

from ..store import Store
from ..vocab import HAS_VALUE, Division, Level
from .db import Database
from .merge import delivered_values
from .service import current_rows

logger = logging.getLogger(__name__)
INTERVAL_S = 30.0


def merge_into(store: Store, db: Database) -> int:
    """Read the current delivered rows and lay them over ``store``; return the revision applied."""
    revision = db.revision()
    rows = current_rows(db)
    base_values, base_catalog = store._base
    pop = base_values[
        (base_values["indicator"] == "population")
        & (base_values["level"] == Level.BUURT)
        & (base_values["division"] == Division.CBS2024)
        & (base_values["period"] == 2024)
        & base_values["status"].isin(HAS_VALUE)
    ]
    pop = pop.drop_duplicates("area_code")
    population = pd.Series(pop["value"].to_numpy(float), index=pop["area_code"].astype(str).to_numpy())
    membership = store.membership[["unit", "target"]].astype(str)
    focus = {fa.id: fa.gemeente for fa in store.focus_areas}
    areas = store.areas
    b24 = areas[(areas["level"] == Level.BUURT) & (areas["year"] == 2024)]
    buurten = pd.Series(b24["gemeente_code"].astype(str).to_numpy(), index=b24["code"].astype(str).to_numpy())
    values = delivered_values(rows, base_catalog, membership, population, focus, buurten=buurten)
    info = {
        f"delivery:{int(d)}": (str(org), pd.Timestamp(at).date().isoformat())
        for d, org, at in rows[["delivery_id", "organisation", "created_at"]]
        .drop_duplicates("delivery_id")
        .itertuples(index=False)
    }
    store.apply_deliveries(values, info, revision)
    logger.info("deliveries applied: revision %d, %d rows, %d values", revision, len(rows), len(values))
    return revision


class LiveDeliveries:
    """Keeps one store in step with the database (thread-safe; cheap to call on every request)."""

    def __init__(self, store: Store, db: Database, *, interval: float = INTERVAL_S) -> None:
        self.store, self.db, self.interval = store, db, interval
        self._checked = 0.0
        self._lock = threading.Lock()

    def refresh(self, *, force: bool = False) -> bool:
        """Apply the database's deliveries when its revision changed; return whether it did."""
        now = time.monotonic()
        if not force and now - self._checked < self.interval:
            return False
        if not self._lock.acquire(blocking=force):
            return False  # another thread is refreshing
        try:
            self._checked = time.monotonic()
            revision = self.db.revision()
            if revision == self.store.revision and not force:
                return False
            merge_into(self.store, self.db)
            return True
        finally:
            self._lock.release()
