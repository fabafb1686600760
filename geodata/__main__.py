"""Command line: ``python -m geodata build`` and ``python -m geodata export``."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from .errors import GeodataError
from .settings import Settings


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


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
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env(data_dir=getattr(args, "data_dir", None), cache_dir=args.cache_dir)
        if args.command == "build":
            from .build import build_store

            # a stop (systemd, docker, kill) unwinds like Ctrl-C: the half-written store is removed
            signal.signal(signal.SIGTERM, _stop)
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
    except KeyboardInterrupt:
        print("build stopped; the previous store is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
