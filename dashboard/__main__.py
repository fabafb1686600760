"""Command line of the dashboard: ``python -m dashboard accounts add|list|remove``.

    python -m dashboard accounts add denhaag --organisation GM0518 --name "gemeente Den Haag"
    python -m dashboard accounts add cbs-team --role cbs --name CBS
    python -m dashboard accounts list
    python -m dashboard accounts remove denhaag

The password is asked for twice (or read from stdin with ``--password-stdin``). Accounts live in
the deliveries database (``ZOF_DATABASE_URL``, default ``.state/zof.sqlite``).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from geodata.deliveries.accounts import add_account, list_accounts, remove_account
from geodata.deliveries.db import ROLES, open_database
from geodata.errors import GeodataError
from geodata.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Zicht op Focuswijken: accounts")
    sub = parser.add_subparsers(dest="command", required=True)
    acc = sub.add_parser("accounts", help="accounts of the organisations that deliver data")
    asub = acc.add_subparsers(dest="action", required=True)
    a = asub.add_parser("add", help="create an account (and its organisation)")
    a.add_argument("username")
    a.add_argument("--organisation", default="", help="gemeente code (GM0518); not needed for --role cbs/bzk")
    a.add_argument("--role", choices=ROLES, default="gemeente")
    a.add_argument("--name", help='organisation name as shown with delivered values, e.g. "gemeente Den Haag"')
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    asub.add_parser("list", help="list accounts")
    r = asub.add_parser("remove", help="deactivate an account")
    r.add_argument("username")
    args = parser.parse_args(argv)
    try:
        db = open_database(Settings.from_env().database_url)
        if args.action == "list":
            for username, code, name, role in list_accounts(db):
                print(f"{username}\t{code}\t{role}\t{name}")
            return 0
        if args.action == "remove":
            remove_account(db, args.username)
            print(f"account {args.username} verwijderd")
            return 0
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("wachtwoord: ")
            if getpass.getpass("nogmaals: ") != password:
                print("fout: de wachtwoorden verschillen", file=sys.stderr)
                return 2
        account = add_account(
            db, args.username, password, organisation=args.organisation or args.role, role=args.role, name=args.name
        )
        print(
            f"account {account.username} aangemaakt voor {account.organisation_id and args.name or args.organisation}"
        )
        return 0
    except GeodataError as err:
        print(f"fout: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
