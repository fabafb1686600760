"""Command line: ``python -m geodata build``, ``export``, ``coverage``, ``fetch``, ``deliver``,
``withdraw`` and ``deliveries``."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from .errors import GeodataError
from .settings import Settings

#: files larger than this are not read into memory at all (the check rejects them by size)
MAX_READ = 6 * 1024 * 1024


#: the signal a stop was asked with (a build checks it at every step, see :func:`_progress`)
_stopped: list[int] = []


def _stop(signum: int, frame: object) -> None:
    """Unwind like Ctrl-C. The KeyboardInterrupt raised here can be lost where the signal lands in
    a callback whose exceptions are ignored (a C library's, a finaliser's), so the stop is also
    remembered and raised again at the build's next step, before anything is swapped into place."""
    _stopped.append(signum)
    raise KeyboardInterrupt(f"signal {signum}")


def _progress(message: str) -> None:
    """A build's progress line, and the place a stop that was lost is raised again."""
    if _stopped:
        raise KeyboardInterrupt(f"signal {_stopped[0]}")
    print(message, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per task (``--help`` on each names its options)."""
    parser = argparse.ArgumentParser(prog="python -m geodata", description="Zicht op Focuswijken data store")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the store from the raw files (only when inputs changed)")
    b.add_argument("--force", action="store_true", help="rebuild even when the store is current")
    b.add_argument("--data-dir", help="folder with the CBS/PDOK downloads (default: $ZOF_DATA_DIR or ../shared/data)")
    b.add_argument("--cache-dir", help="folder for the store (default: $ZOF_CACHE_DIR or .cache/store)")
    e = sub.add_parser("export", help="write values with their benchmarks to stdout")
    e.add_argument("--indicator", required=True)
    e.add_argument("--level", choices=["focus_area", "gemeente", "wijk", "buurt"], default="focus_area")
    e.add_argument("--area", help="one focus area id or CBS code")
    e.add_argument("--format", choices=["csv", "json"], default="csv")
    e.add_argument("--cache-dir")
    c = sub.add_parser("coverage", help="the kernindicatoren: how many focus areas have a figure, in which years")
    c.add_argument("--format", choices=["markdown", "csv"], default="markdown")
    c.add_argument("--cache-dir")
    f = sub.add_parser("fetch", help="download the sources of config/sources.yaml into the data directory")
    f.add_argument("--only", nargs="+", metavar="ID", help="fetch only these sources (ids as in --list)")
    f.add_argument("--list", action="store_true", help="print every source with its table or URL, fetch nothing")
    f.add_argument("--dry-run", action="store_true", help="say what would be fetched, write nothing")
    f.add_argument("--data-dir", help="target folder (default: $ZOF_DATA_DIR or ../shared/data)")
    f.add_argument("--force", action="store_true", help="fetch again even when the file is present")
    f.add_argument("--update-lock", action="store_true", help="accept new hashes and record them in the lock file")
    f.add_argument("--if-missing", action="store_true", help="do nothing when the data directory exists (make run)")
    f.add_argument(
        "--catalogue",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="another base URL for a CBS catalogue, e.g. opendata=http://mirror:8080",
    )
    f.add_argument("--lock", help="lock file (default: config/fetch.lock.yaml)")
    f.add_argument("--retries", type=int, default=3, help="attempts per request (default 3)")
    f.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    d = sub.add_parser("deliver", help="check a delivery file (XLSX/CSV) and store it unless it has a problem")
    d.add_argument("file")
    d.add_argument("--as", dest="organisation", required=True, help="organisation code: GM0518, cbs or bzk")
    d.add_argument("--dry-run", action="store_true", help="only check; store nothing")
    d.add_argument("--cache-dir")
    w = sub.add_parser("withdraw", help="withdraw an accepted delivery (its history stays)")
    w.add_argument("delivery", type=int)
    w.add_argument("--as", dest="organisation", required=True)
    w.add_argument("--cache-dir")
    h = sub.add_parser("deliveries", help="the delivery history (newest first)")
    h.add_argument("--as", dest="organisation", help="only this organisation")
    h.add_argument("--cache-dir")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env(
            data_dir=getattr(args, "data_dir", None), cache_dir=getattr(args, "cache_dir", None)
        )
        if args.command == "fetch":
            from .fetch.cli import run_fetch

            return run_fetch(args, settings)
        if args.command == "build":
            from .build import build_store

            # a stop (systemd, docker, kill) unwinds like Ctrl-C: the half-written store is removed
            signal.signal(signal.SIGTERM, _stop)
            build_store(settings, force=args.force, progress=_progress)
            return 0
        if args.command in ("deliver", "withdraw", "deliveries"):
            return _deliveries(args, settings)
        return _store_command(args, settings)
    except GeodataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("build stopped; the previous store is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


def _store_command(args: argparse.Namespace, settings: Settings) -> int:
    """``coverage`` and ``export``: read the built store (with the deliveries laid over it)."""
    from .store import load_store

    store = load_store(settings.cache_dir)
    _merge_deliveries(store, settings)
    if args.command == "coverage":
        from .report import kernindicator_coverage, markdown

        table = kernindicator_coverage(store)
        if args.format == "csv":
            table.to_csv(sys.stdout, index=False)
        else:
            print(markdown(table, len(store.focus_areas)))
        return 0
    frame = store.export(args.indicator, level=args.level, area=args.area)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        frame.to_json(sys.stdout, orient="records", force_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 0


def _merge_deliveries(store, settings: Settings) -> None:
    """Lay the accepted deliveries over the store (when a deliveries database exists)."""
    from .deliveries.db import open_database
    from .deliveries.overlay import merge_into

    url = settings.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return
    merge_into(store, open_database(url))


def _deliveries(args: argparse.Namespace, settings: Settings) -> int:
    from .deliveries.db import open_database
    from .deliveries.service import deliver, history, withdraw

    db = open_database(settings.database_url)
    if args.command == "withdraw":
        d = withdraw(db, args.delivery, args.organisation)
        print(f"levering {d.id} ingetrokken")
        return 0
    if args.command == "deliveries":
        for h in history(db, args.organisation):
            print(
                f"{h['id']:>5}  {h['created_at']:%d-%m-%Y %H:%M}  {h['organisation']}  {h['status']}  "
                f"{h['n_rows']} rijen ({h['current_rows']} actueel)  {h['channel']}  {h['filename']}"
            )
        return 0
    from .store import load_store

    path = Path(args.file)
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_READ else b"x" * (MAX_READ + 1)
    except OSError as err:
        print(f"fout: {path} kan niet gelezen worden ({err.strerror})", file=sys.stderr)
        return 2
    store = load_store(settings.cache_dir)
    outcome = deliver(
        db, store, organisation=args.organisation, data=data, filename=path.name, channel="cli", dry_run=args.dry_run
    )
    if not outcome.ok:
        print(
            f"{path.name}: afgewezen, er is niets opgeslagen ({len(outcome.report.problems)} problemen):",
            file=sys.stderr,
        )
        for line in outcome.report.lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    n = len(outcome.report.frame)
    skipped = f", {outcome.report.n_skipped} lege rijen overgeslagen" if outcome.report.n_skipped else ""
    if outcome.dry_run:
        print(f"{path.name}: in orde, {n} rijen{skipped} (proefrun: niets opgeslagen)")
    else:
        print(
            f"{path.name}: aangeleverd als levering {outcome.delivery_id} door {outcome.organisation}, {n} rijen{skipped}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
