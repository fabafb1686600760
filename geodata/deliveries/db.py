"""The deliveries database: organisations, accounts, deliveries and their rows (SQLAlchemy 2).

SQLite by default (``sqlite:///<ZOF_STATE_DIR>/zof.sqlite``), PostgreSQL for several servers
(``ZOF_DATABASE_URL=postgresql+psycopg://…``). The schema is created and upgraded by Alembic
(:func:`open_database` runs the migrations up to head). Deliveries are append-only: a later
delivery of the same key (indicator, area code, period) supersedes an earlier one, and a withdrawn
delivery only changes its status, so the history stays.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: organisation roles: a gemeente delivers only for its own areas and codes, CBS/BZK for all
ROLE_GEMEENTE = "gemeente"
ROLES = (ROLE_GEMEENTE, "cbs", "bzk")
ACCEPTED = "accepted"
WITHDRAWN = "withdrawn"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: a gemeente code (GM0518) or ``cbs`` / ``bzk``
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Delivery(Base):
    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    #: ``web`` (/aanleveren) or ``cli`` (python -m geodata deliver)
    channel: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    n_rows: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=ACCEPTED)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    rows: Mapped[list[DeliveryRow]] = relationship(back_populates="delivery", order_by="DeliveryRow.row_number")


class DeliveryRow(Base):
    __tablename__ = "delivery_rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id"), index=True)
    row_number: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(64))
    area_code: Mapped[str] = mapped_column(String(16))
    #: as delivered: ``2025`` or ``2025-H1``
    period: Mapped[str] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    numerator: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: ok / geheim / ontbreekt (as in the template)
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text, default="")
    remark: Mapped[str] = mapped_column(Text, default="")
    delivery: Mapped[Delivery] = relationship(back_populates="rows")


class Meta(Base):
    """One row: the revision counter, raised on every delivery and withdrawal (running apps compare
    it to know when to reload)."""

    __tablename__ = "meta"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


@dataclass
class Database:
    """An engine and a session factory on one URL (migrated to head)."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    def session(self) -> Session:
        return self.sessions()

    def revision(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.coalesce(func.max(Meta.revision), 0))) or 0)

    def dispose(self) -> None:
        self.engine.dispose()


def bump_revision(session: Session) -> None:
    meta = session.get(Meta, 1)
    if meta is None:
        session.add(Meta(id=1, revision=1))
    else:
        meta.revision = Meta.revision + 1


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Connect to ``url`` (creating a SQLite file's folder) and run the migrations to head."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    quiet = logging.getLogger("alembic")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # its INFO lines on every start say nothing to an operator
    try:
        from alembic import command  # its import logs the plugins it sets up

        command.upgrade(alembic_config(engine), "head")
    finally:
        quiet.setLevel(level)


__all__ = [
    "ACCEPTED",
    "Account",
    "Database",
    "Delivery",
    "DeliveryRow",
    "Organisation",
    "ROLES",
    "ROLE_GEMEENTE",
    "WITHDRAWN",
    "bump_revision",
    "open_database",
]
