"""Command line: ``python -m geodata build``, ``export``, ``coverage`` and ``fetch``."""

from __future__ import annotations

import argparse
import logging
import sys

from .errors import GeodataError
from .settings import Settings


def main(argv: list[str] | None = None) -> int:
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
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
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

            build_store(settings, force=args.force, progress=lambda m: print(m, file=sys.stderr, flush=True))
            return 0
        from .store import load_store

        store = load_store(settings.cache_dir)
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
    except GeodataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
