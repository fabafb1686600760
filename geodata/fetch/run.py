"""``python -m geodata fetch``: download the manifest's sources into the data directory.

Each source is fetched on its own: a failure is reported and the next source is tried; the
target file is written only when the whole source arrived (temporary file, then rename), so a
failed or interrupted source leaves the previous file, or none, never half of one. A present
file whose hash the lock file records is not fetched again (resume).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

from ..errors import FetchError, HashMismatchError
from .clients import RetryPolicy, describe, fetch_file, fetch_odata, is_transient
from .lock import Lock, sha256_file, write_atomic
from .manifest import FetchSpec, Manifest
from .odata import ReplyShapeError, table_frame

logger = logging.getLogger(__name__)

FETCHED, PRESENT, PLANNED, FAILED = "fetched", "present", "would fetch", "failed"
NOT_TRIED = "not tried: the first source could not be reached"


@dataclass
class Outcome:
    source: str
    status: str
    file: str
    detail: str = ""
    #: the failure was a network problem (offline, timeout, 5xx after the retries)
    unreachable: bool = False


@dataclass
class FetchReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    def summary(self) -> str:
        counts = {s: sum(o.status == s for o in self.outcomes) for s in (FETCHED, PRESENT, PLANNED, FAILED)}
        head = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to do"
        lines = [f"fetch: {head}"]
        lines += [f"  FAILED {o.source}: {o.detail}" for o in self.failed if o.detail != NOT_TRIED]
        skipped = sum(o.detail == NOT_TRIED for o in self.failed)
        if skipped:
            lines.append(f"  {skipped} other sources not tried (the first could not be reached)")
        return "\n".join(lines)


def select_specs(manifest: Manifest, only: Iterable[str] | None) -> list[FetchSpec]:
    """The specs to fetch, in manifest order; an unknown id names the known ones."""
    if not only:
        return list(manifest.specs.values())
    unknown = [i for i in only if i not in manifest.specs]
    if unknown:
        raise FetchError(
            ", ".join(unknown), "not in the fetch manifest", f"use one of: {', '.join(manifest.specs)} (see --list)"
        )
    return [manifest.specs[i] for i in manifest.specs if i in set(only)]


def fetch_sources(
    manifest: Manifest,
    data_dir: Path,
    lock: Lock,
    *,
    only: Iterable[str] | None = None,
    dry_run: bool = False,
    force: bool = False,
    update_lock: bool = False,
    catalogues: dict[str, str] | None = None,
    policy: RetryPolicy = RetryPolicy(),
    progress: Callable[[str], None] = lambda message: None,
    stop_when_offline: bool = False,
) -> FetchReport:
    """Fetch every selected source; never raises for one source's failure (see the report).
    ``stop_when_offline``: when the first source cannot be reached, do not try the others (the
    machine is offline; ``make run`` should say so at once, not after every retry of every source)."""
    specs = select_specs(manifest, only)
    urls = {**manifest.catalogues, **(catalogues or {})}
    report = FetchReport()
    for n, spec in enumerate(specs, 1):
        prefix = f"[{n}/{len(specs)}] {spec.id}"
        target = data_dir / spec.file
        started = time.perf_counter()
        try:
            outcome, entry = _fetch_one(spec, target, lock, urls, dry_run, force, update_lock, policy)
        except Exception as err:  # one source's failure must not stop the others
            unreachable = is_transient(err)  # offline, timeout, 5xx: not a 404 or a bad reply
            detail = str(err) if not isinstance(err, requests.RequestException) else describe(err)
            logger.debug("fetch %s failed", spec.id, exc_info=True)
            outcome, entry = Outcome(spec.id, FAILED, spec.file, detail, unreachable), None
        if entry is not None and not dry_run:
            lock.record(spec.id, **entry)
            lock.save()  # after every source: an interrupted run keeps what it fetched (resume)
        report.outcomes.append(outcome)
        offline = stop_when_offline and outcome.unreachable and len(report.failed) == len(report.outcomes)
        seconds = time.perf_counter() - started
        progress(
            f"{prefix}: {outcome.status} {outcome.file}"
            + (f" ({outcome.detail})" if outcome.detail else "")
            + (f" [{seconds:.1f} s]" if outcome.status == FETCHED else "")
        )
        if offline:
            for rest in specs[n:]:
                report.outcomes.append(Outcome(rest.id, FAILED, rest.file, NOT_TRIED, True))
            break
    return report


def _fetch_one(
    spec: FetchSpec,
    target: Path,
    lock: Lock,
    urls: dict[str, str],
    dry_run: bool,
    force: bool,
    update_lock: bool,
    policy: RetryPolicy,
) -> tuple[Outcome, dict | None]:
    locked = lock.sha256(spec.id)
    where = spec.where(urls)
    if target.exists() and not force:
        actual = sha256_file(target)
        if locked == actual:
            return Outcome(spec.id, PRESENT, spec.file, "hash as locked"), None
        if locked is None:
            entry = _entry(spec, where, actual) if update_lock and not dry_run else None
            return Outcome(spec.id, PRESENT, spec.file, "not in the lock file; --force fetches it again"), entry
        # present but not the locked file: fetch again (the lock decides what is right)
    if dry_run:
        return Outcome(spec.id, PLANNED, spec.file, where), None
    known = None if update_lock else locked
    if spec.kind == "cbs_odata":
        rows, digest, modified = _fetch_table(spec, target, urls, known, policy, lock.path)
        detail = f"{rows} rows from {where}"
    else:
        digest, modified = _fetch_download(spec, target, known, policy, lock.path), None
        detail = f"from {where}"
    return Outcome(spec.id, FETCHED, spec.file, detail), _entry(spec, where, digest, modified=modified)


def _entry(spec: FetchSpec, where: str, digest: str, *, modified: str | None = None) -> dict:
    return {
        "file": spec.file,
        "sha256": digest,
        "source": where,
        "modified": modified,
        "fetched": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _fetch_table(
    spec: FetchSpec, target: Path, urls: dict[str, str], known: str | None, policy: RetryPolicy, lock_path: Path
) -> tuple[int, str, str | None]:
    feeds = fetch_odata(
        spec.table, base_url=urls[spec.catalogue], select=spec.select, filter=spec.filter, policy=policy
    )
    try:
        frame = table_frame(feeds, periods=spec.periods, rename=spec.rename)
    except ReplyShapeError as err:
        raise FetchError(
            spec.id,
            f"the reply of {spec.table} is not as expected: {err}",
            "check the table id and the fetch block in config/sources.yaml",
        ) from err
    if frame.empty:
        raise FetchError(spec.id, f"{spec.table} returned no rows", "check the filter in config/sources.yaml")
    data = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    digest = _sha256_bytes(data)
    if known and digest != known:
        raise HashMismatchError(spec.id, spec.file, known, digest, lock_path)
    write_atomic(target, data)
    info = feeds.get("TableInfos") or [{}]
    return len(frame), digest, str(info[0].get("Modified") or "") or None


_POOCH_GOT = re.compile(r"but got ([0-9a-f]{64})")


def _fetch_download(spec: FetchSpec, target: Path, known: str | None, policy: RetryPolicy, lock_path: Path) -> str:
    """pooch downloads into a fresh folder beside the target (so it never reuses a stale file),
    checks the hash, and the file is renamed into place only then."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        try:
            digest = fetch_file(spec.url, staging / target.name, known_hash=known, policy=policy)
        except ValueError as err:  # pooch: the download's hash differs from the known one
            got = _POOCH_GOT.search(str(err))
            raise HashMismatchError(spec.id, spec.file, known or "", got.group(1) if got else "?", lock_path) from err
        (staging / target.name).replace(target)
        return digest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def format_list(manifest: Manifest, catalogues: dict[str, str] | None = None) -> str:
    """Every source with its table or URL and the file it writes (``--list``)."""
    urls = {**manifest.catalogues, **(catalogues or {})}
    rows = [("id", "kind", "table / URL", "file", "years", "levels")]
    for spec in manifest.specs.values():
        years = _years_text(spec.years)
        what = f"{spec.table} ({spec.catalogue}) {spec.where(urls)}" if spec.kind == "cbs_odata" else spec.url
        rows.append(
            (spec.id, spec.kind, what, spec.file + ("" if spec.read_by_build else " *"), years, ",".join(spec.levels))
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=False)) + "  " + r[-1] for r in rows]
    lines.append(f"{len(manifest.specs)} sources; * = downloaded only, not read by the build yet")
    if manifest.not_available:
        lines.append("")
        lines.append("No open table per wijk or buurt (kernindicatoren that cannot be fetched):")
        for item in manifest.not_available:
            lines.append(f"  {item.get('indicator', '?')}: {item.get('note', '')}")
    return "\n".join(lines)


def _years_text(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ",".join(map(str, years))
