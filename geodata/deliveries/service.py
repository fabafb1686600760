"""The one code path of a delivery, for the page ``/aanleveren`` and ``python -m geodata deliver``:
check the file for the organisation, and — only when nothing is wrong — store it in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import select

from ..store import Store
from ..vocab import Level
from .accounts import AccountError, get_organisation
from .db import ACCEPTED, ROLE_GEMEENTE, WITHDRAWN, Database, Delivery, DeliveryRow, Organisation, bump_revision, utcnow
from .merge import ROW_COLUMNS
from .validate import DeliveryContext, Problem, Report, check_file

CODE_LEVELS = (Level.GEMEENTE, Level.WIJK, Level.BUURT)


@dataclass
class Outcome:
    """What happened to a file: its report, and the delivery id when it was stored."""

    report: Report
    sha256: str
    organisation: str
    delivery_id: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return self.report.ok


def context_for(store: Store, organisation: Organisation, today: date | None = None) -> DeliveryContext:
    """The checks' context for one organisation (a gemeente: only its own areas)."""
    areas = store.areas
    codes = areas.loc[(areas["year"] == 2024) & areas["level"].isin(CODE_LEVELS), "code"].astype(str)
    return DeliveryContext(
        catalog=store.catalog,
        codes_2024=frozenset(codes),
        focus_areas={fa.id: fa.gemeente for fa in store.focus_areas},
        today=today or date.today(),
        own_gemeente=organisation.code if organisation.role == ROLE_GEMEENTE else None,
    )


def deliver(
    db: Database,
    store: Store,
    *,
    organisation: str,
    data: bytes,
    filename: str,
    channel: str,
    account_id: int | None = None,
    dry_run: bool = False,
    today: date | None = None,
) -> Outcome:
    """Check ``data`` for ``organisation`` and store it unless it has a problem or ``dry_run``."""
    org = get_organisation(db, organisation)
    sha = hashlib.sha256(data).hexdigest()
    report = check_file(data, filename, context_for(store, org, today))
    outcome = Outcome(report, sha, org.name, dry_run=dry_run)
    if not report.ok:
        return outcome
    same = _accepted_with_hash(db, org, sha)
    if same is not None:
        report.problems.append(
            Problem(
                None,
                None,
                f"dit bestand is al aangeleverd op {same.created_at:%d-%m-%Y} (levering {same.id}); "
                "er is niets veranderd — trek die levering eerst in als u haar opnieuw wilt aanleveren",
            )
        )
        report.frame = report.frame.iloc[0:0]
        return outcome
    if not dry_run:
        outcome.delivery_id = _store_delivery(
            db, org, report.frame, sha=sha, filename=filename, channel=channel, account_id=account_id
        )
    return outcome


def _accepted_with_hash(db: Database, org: Organisation, sha: str) -> Delivery | None:
    """The organisation's accepted delivery of the very same file, if any."""
    with db.session() as s:
        return s.scalar(
            select(Delivery).where(
                Delivery.organisation_id == org.id, Delivery.sha256 == sha, Delivery.status == ACCEPTED
            )
        )


def _store_delivery(
    db: Database,
    org: Organisation,
    frame: pd.DataFrame,
    *,
    sha: str,
    filename: str,
    channel: str,
    account_id: int | None,
) -> int:
    """Store a checked delivery and all its rows in one transaction (or nothing); its id."""
    with db.session() as s, s.begin():
        delivery = Delivery(
            organisation_id=org.id,
            account_id=account_id,
            channel=channel,
            filename=(filename or "")[-255:],
            sha256=sha,
            n_rows=len(frame),
            status=ACCEPTED,
            created_at=utcnow(),
        )
        s.add(delivery)
        s.flush()
        for r in frame.itertuples(index=False):
            s.add(
                DeliveryRow(
                    delivery_id=delivery.id,
                    row_number=int(r.row),
                    indicator=r.indicator,
                    area_code=r.area_code,
                    period=r.period,
                    value=_num(r.value),
                    numerator=_num(r.numerator),
                    denominator=_num(r.denominator),
                    status=r.status,
                    source=r.source,
                    remark=r.remark,
                )
            )
        bump_revision(s)
        return delivery.id


def withdraw(db: Database, delivery_id: int, organisation: str) -> Delivery:
    """Withdraw one of the organisation's accepted deliveries (its rows stay in the history)."""
    org = get_organisation(db, organisation)
    with db.session() as s, s.begin():
        delivery = s.get(Delivery, int(delivery_id))
        if delivery is None or (delivery.organisation_id != org.id and org.role == ROLE_GEMEENTE):
            raise AccountError(f"levering {delivery_id} bestaat niet of is niet van {org.name}")
        if delivery.status == WITHDRAWN:
            raise AccountError(f"levering {delivery_id} is al ingetrokken")
        delivery.status = WITHDRAWN
        delivery.withdrawn_at = utcnow()
        bump_revision(s)
    return delivery


def history(db: Database, organisation: str | None = None) -> list[dict]:
    """Deliveries, newest first (of one organisation, or all): id, date, organisation, file,
    rows, status, and how many of its rows are still current (not superseded)."""
    current = current_rows(db)
    live = current.groupby("delivery_id").size().to_dict() if len(current) else {}
    with db.session() as s:
        q = select(Delivery).order_by(Delivery.id.desc())
        if organisation is not None:
            org = get_organisation(db, organisation)
            q = q.where(Delivery.organisation_id == org.id)
        out = []
        for d in s.scalars(q).all():
            out.append(
                {
                    "id": d.id,
                    "created_at": d.created_at,
                    "organisation": d.organisation.name,
                    "channel": d.channel,
                    "filename": d.filename,
                    "sha256": d.sha256,
                    "n_rows": d.n_rows,
                    "status": d.status,
                    "withdrawn_at": d.withdrawn_at,
                    "current_rows": int(live.get(d.id, 0)),
                }
            )
    return out


def current_rows(db: Database) -> pd.DataFrame:
    """The rows of accepted deliveries, the latest per (indicator, area, period), with the
    delivering organisation and the delivery date."""
    with db.session() as s:
        q = (
            select(
                DeliveryRow.delivery_id,
                DeliveryRow.indicator,
                DeliveryRow.area_code,
                DeliveryRow.period,
                DeliveryRow.value,
                DeliveryRow.numerator,
                DeliveryRow.denominator,
                DeliveryRow.status,
                Organisation.name.label("organisation"),
                Delivery.created_at,
            )
            .join(Delivery, Delivery.id == DeliveryRow.delivery_id)
            .join(Organisation, Organisation.id == Delivery.organisation_id)
            .where(Delivery.status == ACCEPTED)
            .order_by(DeliveryRow.delivery_id, DeliveryRow.row_number)
        )
        rows = s.execute(q).all()
    frame = pd.DataFrame(rows, columns=[*ROW_COLUMNS, "organisation", "created_at"])
    for c in ("value", "numerator", "denominator"):
        frame[c] = frame[c].astype(float)
    if frame.empty:
        return frame
    return (
        frame.sort_values("delivery_id")
        .drop_duplicates(["indicator", "area_code", "period"], keep="last")
        .reset_index(drop=True)
    )


def _num(x: object) -> float | None:
    return None if x is None or pd.isna(x) else float(x)
