"""The deliveries database on SQLite and on a real PostgreSQL: accounts, append-only deliveries,
superseding, withdrawal, history, authorisation, one transaction per file."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from geodata.deliveries.accounts import AccountError, add_account, authenticate, list_accounts, remove_account
from geodata.deliveries.db import Delivery, DeliveryRow
from geodata.deliveries.service import current_rows, deliver, history, withdraw

from .conftest import PASSWORD, TODAY, with_accounts

H = "indicator;area_code;period;value"


def send(db, store, org: str, *lines: str, **kw):
    data = ("\n".join([H, *lines]) + "\n").encode()
    return deliver(db, store, organisation=org, data=data, filename="f.csv", channel="cli", today=TODAY, **kw)


def counts(db) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Delivery)),
            s.scalar(select(func.count()).select_from(DeliveryRow)),
        )


def test_accounts_hash_passwords_and_authenticate(db):
    add_account(db, "gm1", PASSWORD, organisation="GM0001", name="gemeente Een")
    assert authenticate(db, "gm1", PASSWORD).organisation.code == "GM0001"
    assert authenticate(db, "gm1", "wrong-password") is None
    assert authenticate(db, "nobody", PASSWORD) is None
    with db.session() as s:
        from geodata.deliveries.db import Account

        stored = s.scalar(select(Account.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with pytest.raises(AccountError, match="bestaat al"):
        add_account(db, "gm1", PASSWORD, organisation="GM0001")
    with pytest.raises(AccountError, match="geen gemeentecode"):
        add_account(db, "user1", PASSWORD, organisation="Den Haag")
    with pytest.raises(AccountError, match="minstens"):
        add_account(db, "user2", "kort", organisation="GM0001")
    assert list_accounts(db) == [("gm1", "GM0001", "gemeente Een", "gemeente")]
    remove_account(db, "gm1")
    assert authenticate(db, "gm1", PASSWORD) is None and list_accounts(db) == []


def test_a_later_delivery_supersedes_and_withdrawal_restores_the_earlier(db, store):
    with_accounts(db)
    first = send(db, store, "GM0001", "dwellings_new_build;TST;2025;100", "dwellings_new_build;TST;2024;90")
    second = send(db, store, "GM0001", "dwellings_new_build;TST;2025;120")
    assert first.ok and second.ok and second.delivery_id > first.delivery_id
    rows = current_rows(db).set_index(["area_code", "period"])["value"].to_dict()
    assert rows == {("TST", "2025"): 120.0, ("TST", "2024"): 90.0}
    assert counts(db) == (2, 3)  # append-only: the superseded row stays
    hist = history(db, "GM0001")
    assert [(h["id"], h["status"], h["current_rows"]) for h in hist] == [
        (second.delivery_id, "accepted", 1),
        (first.delivery_id, "accepted", 1),
    ]
    withdraw(db, second.delivery_id, "GM0001")
    rows = current_rows(db).set_index(["area_code", "period"])["value"].to_dict()
    assert rows == {("TST", "2025"): 100.0, ("TST", "2024"): 90.0}
    assert history(db, "GM0001")[0]["status"] == "withdrawn" and counts(db) == (2, 3)
    with pytest.raises(AccountError, match="al ingetrokken"):
        withdraw(db, second.delivery_id, "GM0001")


def test_a_gemeente_delivers_only_for_its_own_areas_cbs_for_all(db, store):
    with_accounts(db)
    refused = send(db, store, "GM0001", "dwellings_new_build;OTH;2025;5")
    assert not refused.ok and "ligt niet in uw gemeente" in refused.report.lines()[0]
    assert counts(db) == (0, 0)
    assert send(db, store, "cbs", "dwellings_new_build;OTH;2025;5", "dwellings_new_build;TST;2025;7").ok
    first = history(db)[0]["id"]
    with pytest.raises(AccountError, match="niet van gemeente Twee"):
        withdraw(db, first, "GM0002")


def test_a_file_with_one_bad_row_stores_nothing(db, store):
    with_accounts(db)
    out = send(db, store, "GM0001", "dwellings_new_build;TST;2025;100", "dwellings_new_build;TST;2024;honderd")
    assert not out.ok and out.report.lines() == [
        "rij 3, kolom value: 'honderd' is geen getal; schrijf bijvoorbeeld 12,5 of 12.5 (zonder eenheid of %)"
    ]
    assert counts(db) == (0, 0) and db.revision() == 0


def test_dry_run_and_the_same_file_twice_store_nothing(db, store):
    with_accounts(db)
    assert send(db, store, "GM0001", "dwellings_new_build;TST;2025;100", dry_run=True).ok
    assert counts(db) == (0, 0)
    assert send(db, store, "GM0001", "dwellings_new_build;TST;2025;100").ok
    again = send(db, store, "GM0001", "dwellings_new_build;TST;2025;100")
    assert not again.ok and "al aangeleverd" in again.report.lines()[0]
    assert counts(db) == (1, 1) and db.revision() == 1


def test_unknown_organisation_names_the_fix(db, store):
    with pytest.raises(AccountError, match="python -m dashboard accounts add"):
        send(db, store, "GM0009", "dwellings_new_build;TST;2025;1")


def test_migrations_are_idempotent(db):
    from geodata.deliveries.db import upgrade

    upgrade(db.engine)
    upgrade(db.engine)
    assert db.revision() == 0
