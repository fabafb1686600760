"""Organisations and accounts: argon2 password hashes, roles (a gemeente delivers only for its own
areas; CBS and BZK for all)."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from ..codes import check_code
from ..errors import AreaCodeError, GeodataError
from .db import ROLE_GEMEENTE, ROLES, Account, Database, Organisation

HASHER = PasswordHasher()
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{3,120}$")


@cache
def _dummy_hash() -> str:
    """Verified against when the user is unknown, so a wrong name takes as long as a wrong password.
    Made at the first login, not at import: an argon2 hash is ~120 ms of every server start."""
    return HASHER.hash("not-a-password-of-anyone")


class AccountError(GeodataError):
    """An account or organisation cannot be created, found or removed (message names the fix)."""


def organisation_code(code: str, role: str) -> str:
    """``GM0518`` for a gemeente (checked), ``cbs`` / ``bzk`` for the others."""
    if role not in ROLES:
        raise AccountError(f"rol {role!r} is onbekend; kies uit {', '.join(ROLES)}")
    if role == ROLE_GEMEENTE:
        try:
            return check_code(code.strip().upper(), "gemeente")
        except AreaCodeError:
            raise AccountError(f"organisatie {code!r} is geen gemeentecode; gebruik bijvoorbeeld GM0518") from None
    return role


def get_organisation(db: Database, code: str) -> Organisation:
    with db.session() as s:
        org = s.scalar(select(Organisation).where(Organisation.code.in_([code, code.upper(), code.lower()])))
    if org is None:
        raise AccountError(
            f"organisatie {code!r} is niet bekend; maak eerst een account aan met "
            "python -m dashboard accounts add GEBRUIKER --organisation CODE --name NAAM"
        )
    return org


def add_account(
    db: Database, username: str, password: str, *, organisation: str, role: str = ROLE_GEMEENTE, name: str | None = None
) -> Account:
    """Create an account (and its organisation, when new)."""
    if not _USERNAME.match(username or ""):
        raise AccountError("gebruikersnaam: 3–120 tekens, letters, cijfers en . _ @ -")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"wachtwoord: minstens {MIN_PASSWORD} tekens")
    code = organisation_code(organisation, role)
    with db.session() as s, s.begin():
        if s.scalar(select(Account).where(Account.username == username)) is not None:
            raise AccountError(f"gebruiker {username!r} bestaat al; kies een andere naam of verwijder de oude eerst")
        org = s.scalar(select(Organisation).where(Organisation.code == code))
        if org is None:
            org = Organisation(
                code=code, name=name or (f"gemeente {code}" if role == ROLE_GEMEENTE else code.upper()), role=role
            )
            s.add(org)
            s.flush()
        elif name and name != org.name:
            org.name = name
        account = Account(username=username, password_hash=HASHER.hash(password), organisation=org, active=True)
        s.add(account)
    return account


def list_accounts(db: Database) -> list[tuple[str, str, str, str]]:
    """(username, organisation code, organisation name, role) of every active account."""
    with db.session() as s:
        rows = s.scalars(select(Account).where(Account.active.is_(True)).order_by(Account.username)).all()
        return [(a.username, a.organisation.code, a.organisation.name, a.organisation.role) for a in rows]


def remove_account(db: Database, username: str) -> None:
    """Deactivate an account (its deliveries keep naming it)."""
    with db.session() as s, s.begin():
        account = s.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
        if account is None:
            raise AccountError(f"gebruiker {username!r} bestaat niet; zie python -m dashboard accounts list")
        account.active = False
        account.username = f"{username}#removed-{account.id}"


def authenticate(db: Database, username: str, password: str) -> Account | None:
    """The active account with this name and password, else None."""
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.username == username, Account.active.is_(True)))
    try:
        HASHER.verify(account.password_hash if account else _dummy_hash(), password or "")
    except (VerificationError, InvalidHashError):
        return None
    return account


def get_account(db: Database, account_id: int) -> Account | None:
    with db.session() as s:
        account = s.get(Account, int(account_id))
        return account if account is not None and account.active else None
