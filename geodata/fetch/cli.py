"""The ``fetch`` subcommand: arguments → :func:`fetch_sources`, the report on stderr, an exit code."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..errors import CatalogError, SourcesUnreachableError
from ..settings import DATA_DIR_VAR, Settings
from .clients import RetryPolicy
from .lock import LOCK_PATH, load_lock
from .manifest import load_manifest
from .run import fetch_sources, format_list


def _catalogues(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, url = pair.partition("=")
        if not sep or not url.startswith(("http://", "https://")):
            raise CatalogError(f"--catalogue {pair!r}: expected NAME=http(s)://host[:port]")
        out[name] = url
    return out


def run_fetch(args: argparse.Namespace, settings: Settings) -> int:
    """0 when every source is present or fetched, 1 when some failed (with a summary), 2 on a
    configuration problem or when nothing could be reached for a missing data directory."""
    manifest = load_manifest()
    catalogues = _catalogues(args.catalogue)
    if args.list:
        print(format_list(manifest, catalogues))
        return 0
    data_dir = settings.data_dir
    if args.if_missing and data_dir.is_dir():
        print(f"fetch: data directory {data_dir} exists; nothing fetched ({DATA_DIR_VAR})", file=sys.stderr)
        return 0
    existed = data_dir.exists()
    lock = load_lock(Path(args.lock) if args.lock else LOCK_PATH)
    report = fetch_sources(
        manifest,
        data_dir,
        lock,
        only=args.only,
        dry_run=args.dry_run,
        force=args.force,
        update_lock=args.update_lock,
        catalogues=catalogues,
        policy=RetryPolicy(attempts=max(1, args.retries), timeout=args.timeout),
        progress=lambda m: print(m, file=sys.stderr, flush=True),
        stop_when_offline=args.if_missing,
    )
    print(report.summary(), file=sys.stderr)
    failed = report.failed
    offline = bool(failed) and len(failed) == len(report.outcomes) and all(o.unreachable for o in failed)
    if offline and not existed:
        if data_dir.exists() and not any(p.is_file() for p in data_dir.rglob("*")):
            shutil.rmtree(data_dir, ignore_errors=True)  # an empty folder would pass for data next time
        raise SourcesUnreachableError(data_dir, DATA_DIR_VAR, failed[0].detail)
    return 1 if failed else 0
